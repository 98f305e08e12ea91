import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createCertificateReader } from '../../src/certificate/reader.js';
import { CORPUS } from './fixtures/corpus.js';
import { fieldsOf } from './fixtures/fields-of.js';
import { textPdf } from './fixtures/render-pdf.js';

const IDLE_MS = 300;
const reader = createCertificateReader({ idleMs: IDLE_MS });
afterAll(() => reader.close());

/** Waits until `done()` or `ms` pass; returns whether it happened. */
async function eventually(done: () => boolean, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await delay(25)) if (done()) return true;
  return done();
}

describe('idle certificate workers stop, and give their memory back, until the next file', () => {
  it('a PDF worker runs while a PDF is read and stops after idleMs; the next PDF starts one again', async () => {
    const certificate = CORPUS[0]!;
    const pdf = await textPdf(certificate.pages);
    expect(reader.workers()).toEqual({ pdf: 0, ocr: false });
    expect(fieldsOf(await reader.read(pdf, { mime: 'application/pdf' }))).toEqual(certificate.expected);
    expect(reader.workers().pdf).toBe(1);
    expect(await eventually(() => reader.workers().pdf === 0, IDLE_MS * 10)).toBe(true);
    expect(fieldsOf(await reader.read(pdf, { mime: 'application/pdf' }))).toEqual(certificate.expected);
    expect(reader.workers().pdf).toBe(1);
  });

  it('the OCR worker, once started, stops after idleMs', async () => {
    await reader.warmUp();
    expect(reader.workers().ocr).toBe(true);
    expect(await eventually(() => !reader.workers().ocr, IDLE_MS * 10)).toBe(true);
  }, 30_000);
});
