import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { createCertificateReader } from '../../src/certificate/reader.js';
import { DEFAULT_LIMITS } from '../../src/certificate/types.js';
import { hugePngHeader, manyPagesPdf, pdfBomb } from './fixtures/bad-files.js';
import { CORPUS } from './fixtures/corpus.js';
import { fieldsOf } from './fixtures/fields-of.js';
import { textPdf } from './fixtures/render-pdf.js';

const PDF_TIMEOUT_MS = 3000;
const reader = createCertificateReader({ pdfTimeoutMs: PDF_TIMEOUT_MS });
afterAll(() => reader.close());

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

describe('a certificate PDF with a text layer', () => {
  it.each(CORPUS)('$id: every field, from the text layer', async (certificate) => {
    const reading = await reader.read(await textPdf(certificate.pages), { mime: 'application/pdf', name: 'sertifikat.pdf' });
    expect(reading).toMatchObject({ ok: true, source: 'pdf-text', pages: certificate.pages.length });
    expect(fieldsOf(reading)).toEqual(certificate.expected);
  });

  it.each(CORPUS.slice(0, 4))('$id: every field, from a text layer drawn letter by letter (as design tools export)', async (certificate) => {
    const reading = await reader.read(await textPdf(certificate.pages, { glyphByGlyph: true }), {});
    expect(reading).toMatchObject({ ok: true, source: 'pdf-text' });
    expect(fieldsOf(reading)).toEqual(certificate.expected);
  });

  it('leaves the caller’s bytes whole (the worker gets a copy)', async () => {
    const bytes = await textPdf(CORPUS[0]!.pages);
    const length = bytes.byteLength;
    await reader.read(bytes, {});
    expect(bytes.byteLength).toBe(length);
    expect((await reader.read(bytes, {})).ok).toBe(true);
  });

  it('reads again after close() (workers start anew)', async () => {
    const bytes = await textPdf(CORPUS[2]!.pages);
    await reader.close();
    expect(fieldsOf(await reader.read(bytes, {}))).toEqual(CORPUS[2]!.expected);
  });

  it('reads only the first pages (the page limit) of a 20000-page PDF, quickly', async () => {
    const { value, ms } = await timed(() => reader.read(manyPagesPdf(20_000), {}));
    expect(value).toMatchObject({ ok: true, pages: 20_000 });
    const lines = value.ok ? value.text.split('\n') : [];
    expect(lines.filter((l) => l === 'Webinar Nasional Halaman Berulang')).toHaveLength(DEFAULT_LIMITS.maxPages);
    expect(ms).toBeLessThan(3000);
  });
});

describe('bad files get a reason within seconds', () => {
  it('an encrypted PDF: "encrypted"', async () => {
    const bytes = await textPdf(CORPUS[0]!.pages, { userPassword: 'rahasia' });
    const { value, ms } = await timed(() => reader.read(bytes, { name: 'sertifikat.pdf' }));
    expect(value).toEqual({ ok: false, reason: 'encrypted' });
    expect(ms).toBeLessThan(3000);
  });

  it('a 900-megapixel PNG: "too-large", from its header, before decoding', async () => {
    const { value, ms } = await timed(() => reader.read(hugePngHeader(30_000, 30_000), { mime: 'image/png' }));
    expect(value).toEqual({ ok: false, reason: 'too-large' });
    expect(ms).toBeLessThan(500);
  });

  it('a file over the byte limit: "too-large"', async () => {
    expect(await reader.read(await textPdf(CORPUS[0]!.pages), {}, { maxBytes: 1000 })).toEqual({ ok: false, reason: 'too-large' });
  });

  it('a PNG whose data is cut short: "unreadable", and not reported as the reader’s own failure', async () => {
    const errors: unknown[] = [];
    const own = createCertificateReader({ onError: (error) => errors.push(error) });
    try {
      expect(await own.read(hugePngHeader(400, 300), { mime: 'image/png' })).toEqual({ ok: false, reason: 'unreadable' });
      expect(errors).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('a Word file: "unsupported"; a broken file named .pdf: "unreadable"', async () => {
    const docx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);
    expect(await reader.read(docx, { name: 'sertifikat.docx' })).toEqual({ ok: false, reason: 'unsupported' });
    expect(await reader.read(docx, { name: 'sertifikat.pdf' })).toEqual({ ok: false, reason: 'unreadable' });
    expect(await reader.read(new TextEncoder().encode('%PDF-1.7\ngarbage'), {})).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('a PDF bomb stops at the time limit, while the event loop and a small PDF read alongside go on', async () => {
    const bomb = pdfBomb(120);
    const small = await textPdf(CORPUS[1]!.pages);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const utilisation = performance.eventLoopUtilization();
    const bombRead = timed(() => reader.read(bomb, { name: 'bom.pdf' })).then((r) => ({ ...r, endedAt: performance.now() }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const smallRead = await timed(() => reader.read(small, { name: 'kecil.pdf' }));
    const smallEndedAt = performance.now();
    const bombDone = await bombRead;
    const mainBusyMs = performance.eventLoopUtilization(utilisation).active;
    loop.disable();

    expect(['timeout', 'too-large']).toContain(bombDone.value.ok ? 'ok' : bombDone.value.reason);
    expect(bombDone.ms).toBeLessThan(PDF_TIMEOUT_MS + 2000);
    expect(fieldsOf(smallRead.value)).toEqual(CORPUS[1]!.expected);
    // Read by the second worker while the first was still busy with the bomb, not queued behind it.
    expect(smallEndedAt).toBeLessThan(bombDone.endedAt);
    // The main thread never worked on the bomb: over the bomb's seconds it ran code for a small part of
    // them, and it never stalled for anything near them (the bound leaves room for a loaded machine).
    expect(mainBusyMs).toBeLessThan(PDF_TIMEOUT_MS / 5);
    expect(loop.max / 1e6).toBeLessThan(PDF_TIMEOUT_MS / 3);

    // The worker that was stopped is replaced on the next read.
    const after = await reader.read(small, {});
    expect(fieldsOf(after)).toEqual(CORPUS[1]!.expected);
  });

  it('with one PDF worker busy on a bomb, the next file waits at most its queue limit: "timeout"', async () => {
    const single = createCertificateReader({ pdfWorkers: 1, pdfTimeoutMs: 2000 });
    try {
      const bombRead = single.read(pdfBomb(120), {});
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { value, ms } = await timed(async () => single.read(await textPdf(CORPUS[1]!.pages), {}, { queueTimeoutMs: 400 }));
      expect(value).toEqual({ ok: false, reason: 'timeout' });
      expect(ms).toBeLessThan(1200);
      expect((await bombRead).ok).toBe(false);
    } finally {
      await single.close();
    }
  });
});
