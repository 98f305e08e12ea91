import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkEvidence, EVIDENCE_LIMITS, EvidenceError, evidenceOf, evidenceType, sniffEvidence } from '../../src/domain/evidence.js';
import { evidenceDirFor, saveEvidence } from '../../src/store/evidence.js';

const MB = 1024 * 1024;

describe('checkEvidence', () => {
  it('accepts PDF, JPEG, PNG and WebP up to 10 MB', () => {
    expect(EVIDENCE_LIMITS.maxBytes).toBe(10 * MB);
    expect(checkEvidence('sertifikat.pdf', 'application/pdf', 1000)).toEqual({ ok: true });
    expect(checkEvidence('foto.jpg', 'image/jpeg', 10 * MB)).toEqual({ ok: true });
    expect(checkEvidence('a.png', 'image/png', 0)).toEqual({ ok: true });
    expect(checkEvidence('a.webp', 'image/webp', 5)).toEqual({ ok: true });
    expect(checkEvidence('a', 'IMAGE/JPEG; charset=binary', 5)).toEqual({ ok: true });
    expect(checkEvidence('a', 'image/jpg', 5)).toEqual({ ok: true });
  });

  it('refuses files over the limit', () => {
    expect(checkEvidence('a.pdf', 'application/pdf', 10 * MB + 1)).toEqual({ ok: false, reason: 'too-big' });
    expect(checkEvidence('a.pdf', 'application/pdf', Number.NaN)).toEqual({ ok: false, reason: 'too-big' });
  });

  it('refuses other types before download: the mime type and the name both claim another type', () => {
    expect(checkEvidence('a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 10)).toEqual({
      ok: false,
      reason: 'bad-type',
    });
    // An accepted extension under a wrong mime type is downloaded: the content decides (issue 10 review, item 5).
    expect(checkEvidence('a.pdf', 'text/plain', 10)).toEqual({ ok: true });
    expect(checkEvidence('film', 'video/mp4', 10)).toEqual({ ok: false, reason: 'bad-type' });
    expect(checkEvidence('a.gif', 'image/gif', 10)).toEqual({ ok: false, reason: 'bad-type' });
    expect(checkEvidence('a.exe', 'constructor', 10)).toEqual({ ok: false, reason: 'bad-type' });
  });

  it('uses the extension when the mime type is missing or generic', () => {
    expect(checkEvidence('Sertifikat.PDF', '', 10)).toEqual({ ok: true });
    expect(checkEvidence('sertifikat.pdf', 'application/x-download', 10)).toEqual({ ok: true });
    expect(checkEvidence('sertifikat.pdf', 'application/force-download', 10)).toEqual({ ok: true });
    expect(checkEvidence('setup.exe', 'application/x-download', 10)).toEqual({ ok: false, reason: 'bad-type' });
    expect(checkEvidence('foto.jpeg', undefined, 10)).toEqual({ ok: true });
    expect(checkEvidence('scan.png', 'application/octet-stream', 10)).toEqual({ ok: true });
    expect(checkEvidence('scan.zip', 'application/octet-stream', 10)).toEqual({ ok: false, reason: 'bad-type' });
    // Nothing claimed at all (a Telegram document without file name): downloaded, the content decides.
    expect(checkEvidence('noext', '', 10)).toEqual({ ok: true });
    expect(checkEvidence('foto.jfif', undefined, 10)).toEqual({ ok: true });
    expect(evidenceType('x.JPG', 'application/octet-stream')).toBe('image/jpeg');
  });

  it('reports the type before the size', () => {
    expect(checkEvidence('a.exe', 'application/x-msdownload', 50 * MB)).toEqual({ ok: false, reason: 'bad-type' });
  });
});

describe('sniffEvidence', () => {
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

  it.each([
    ['PDF', bytes('%PDF-1.7\n%…'), 'application/pdf'],
    ['PDF after a little junk', bytes([0xef, 0xbb, 0xbf], '\r\n%PDF-1.4'), 'application/pdf'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
  ])('recognises %s', (_name, content, type) => {
    expect(sniffEvidence(content)).toBe(type);
  });

  it.each([
    ['an executable', bytes('MZ', [0x90, 0])],
    ['a WAV file', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['a GIF', bytes('GIF89a')],
    ['text mentioning %PDF- after 1 KB', new Uint8Array([...new Uint8Array(1100).fill(0x20), ...bytes('%PDF-1.4')])],
    ['a truncated PDF header', bytes('%PDF')],
    ['nothing', new Uint8Array(0)],
  ])('refuses %s', (_name, content) => {
    expect(sniffEvidence(content)).toBeUndefined();
  });
});

describe('evidenceDirFor', () => {
  it('is the directory of the db file plus /evidence', () => {
    expect(evidenceDirFor('data/db.json')).toBe(path.join('data', 'evidence'));
    expect(evidenceDirFor('/srv/x/other.json')).toBe('/srv/x/evidence');
  });
});

describe('saveEvidence', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bangkom-evidence-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the bytes under evidence/<sha256><ext>', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7 sertifikat');
    const hash = createHash('sha256').update(bytes).digest('hex');
    const ev = await saveEvidence(dir, bytes, 'Sertifikat Diklat.pdf', 'application/pdf');
    expect(ev).toEqual({
      hash,
      name: 'Sertifikat Diklat.pdf',
      mime: 'application/pdf',
      size: bytes.byteLength,
      path: path.join(dir, 'evidence', `${hash}.pdf`),
    });
    expect(ev.path).toBe(path.join(evidenceDirFor(path.join(dir, 'db.json')), `${hash}.pdf`));
    expect(new Uint8Array(await readFile(ev.path))).toEqual(bytes);
  });

  it('gives the same file for the same content, and no temp files', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    const a = await saveEvidence(dir, bytes, 'a.jpg', 'image/jpeg');
    const [b, c] = await Promise.all([
      saveEvidence(dir, bytes, 'b.jpeg', 'application/octet-stream'),
      saveEvidence(dir, bytes, 'c.jpg', ''),
    ]);
    expect(b!.path).toBe(a.path);
    expect(c!.path).toBe(a.path);
    expect(a.path.endsWith('.jpg')).toBe(true);
    expect(b!.name).toBe('b.jpeg');
    expect(await readdir(path.join(dir, 'evidence'))).toEqual([path.basename(a.path)]);
  });

  it('refuses bytes of no accepted type, and accepted bytes over 10 MB, writing nothing', async () => {
    await expect(saveEvidence(dir, new Uint8Array(3), 'a.txt', 'text/plain')).rejects.toBeInstanceOf(EvidenceError);
    const bigPdf = new Uint8Array(10 * MB + 1);
    bigPdf.set(new TextEncoder().encode('%PDF-1.7'));
    await expect(saveEvidence(dir, bigPdf, 'a.pdf', 'application/pdf')).rejects.toMatchObject({ reason: 'too-big' });
    await expect(readdir(path.join(dir, 'evidence'))).rejects.toThrow();
  });

  // The content decides, whatever the sender's app named and typed the file. Signatures: PNG 89 50 4E 47
  // 0D 0A 1A 0A, JPEG FF D8 FF, PDF "%PDF-", WebP "RIFF....WEBP", Windows PE "MZ", ELF 7F "ELF",
  // ZIP/DOCX "PK\x03\x04", GIF "GIF89a" (the usual file-signature tables, e.g. Gary Kessler's).
  const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, ...ascii('IHDR'), 0, 0, 4, 0, 0, 0, 3, 0];
  const JPEG = [0xff, 0xd8, 0xff, 0xe1, 0x00, 0x18, ...ascii('Exif'), 0, 0];
  const PDF = ascii('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj');
  const WEBP = [...ascii('RIFF'), 0x24, 0, 0, 0, ...ascii('WEBPVP8 ')];
  it.each([
    ['issue 10 item 5: IMG_0847.PNG sent as image/jpeg, PNG bytes', 'IMG_0847.PNG', 'image/jpeg', PNG, 'image/png', '.png'],
    ['JPEG bytes named and typed as PNG', 'foto.png', 'image/png', JPEG, 'image/jpeg', '.jpg'],
    ['PDF bytes sent as image/jpeg', 'scan.jpg', 'image/jpeg', PDF, 'application/pdf', '.pdf'],
    ['PDF bytes, no extension, application/octet-stream', 'sertifikat', 'application/octet-stream', PDF, 'application/pdf', '.pdf'],
    ['WebP bytes sent as image/jpeg', 'IMG_0848.jpg', 'image/jpeg', WEBP, 'image/webp', '.webp'],
    ['PNG bytes, nothing claimed', 'dokumen', '', PNG, 'image/png', '.png'],
  ])('%s → stored as %s', async (_case, name, claimed, bytes, mime, ext) => {
    const content = new Uint8Array(bytes);
    const ev = await saveEvidence(dir, content, name, claimed);
    const hash = createHash('sha256').update(content).digest('hex');
    expect(ev).toEqual({ hash, name, mime, size: content.byteLength, path: path.join(dir, 'evidence', `${hash}${ext}`) });
    expect(evidenceOf(content)).toEqual({ ok: true, type: mime });
    expect(new Uint8Array(await readFile(ev.path))).toEqual(content);
  });

  it.each([
    ['a Windows executable named sertifikat.pdf, application/pdf', 'sertifikat.pdf', 'application/pdf', [...ascii('MZ'), 0x90, 0, 3, 0]],
    ['an ELF binary named foto.png, image/png', 'foto.png', 'image/png', [0x7f, ...ascii('ELF'), 2, 1, 1, 0]],
    ['a DOCX (ZIP) named sertifikat.pdf, application/pdf', 'sertifikat.pdf', 'application/pdf', [...ascii('PK'), 3, 4, 20, 0, 6, 0]],
    ['a GIF sent as image/png', 'IMG_0849.png', 'image/png', ascii('GIF89a\x01\x00\x01\x00')],
    ['an HTML page named sertifikat.pdf', 'sertifikat.pdf', 'application/pdf', ascii('<!DOCTYPE html><title>Sertifikat</title>')],
    ['an empty file claimed as JPEG', 'foto.jpg', 'image/jpeg', []],
  ])('refuses %s (bad-type), writing nothing', async (_case, name, claimed, bytes) => {
    const content = new Uint8Array(bytes);
    expect(evidenceOf(content)).toEqual({ ok: false, reason: 'bad-type' });
    await expect(saveEvidence(dir, content, name, claimed)).rejects.toMatchObject({ reason: 'bad-type' });
    await expect(readdir(path.join(dir, 'evidence'))).rejects.toThrow();
  });
});

function ascii(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0));
}
