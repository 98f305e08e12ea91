import { afterAll, describe, expect, it } from 'vitest';
import { createCertificateReader } from '../../src/certificate/reader.js';
import { CORPUS } from './fixtures/corpus.js';
import { fieldsOf } from './fixtures/fields-of.js';
import { PORTRAIT_A4 } from './fixtures/model.js';
import { imagePdf, overlayPdf } from './fixtures/render-pdf.js';
import { designImage, scannedImage } from './fixtures/render-image.js';

// OCR takes about a second a page on this machine's two shared cores: three certificates, one of each kind.
const reader = createCertificateReader();
afterAll(() => reader.close());

const byId = (prefix: string) => {
  const found = CORPUS.find((c) => c.id.startsWith(prefix));
  if (!found) throw new Error(prefix);
  return found;
};

describe('a scanned certificate is read with OCR', () => {
  it('a phone photo (JPEG, tilted, blurred) of a landscape e-certificate: every field', async () => {
    const certificate = byId('e-certificate: Kominfo');
    const photo = await scannedImage(certificate.pages[0]!, { format: 'jpeg', rotate: 1.2, seed: 3 });
    const reading = await reader.read(photo, { mime: 'application/octet-stream' });
    expect(reading).toMatchObject({ ok: true, source: 'ocr' });
    expect(reading.ok && reading.confidence).toBeGreaterThan(0.8);
    expect(fieldsOf(reading)).toEqual(certificate.expected);
  });

  it('a scanned PDF (only a page image) of a training certificate with a JP table: every field', async () => {
    const certificate = byId('training: Kemendagri');
    const scan = await scannedImage(certificate.pages[0]!, { format: 'png', rotate: -0.7, seed: 11 });
    const pdf = await imagePdf([{ bytes: scan, ...PORTRAIT_A4 }]);
    const reading = await reader.read(pdf, { mime: 'application/pdf', name: 'scan.pdf' });
    expect(reading).toMatchObject({ ok: true, source: 'ocr', pages: 1 });
    expect(fieldsOf(reading)).toEqual(certificate.expected);
  });

  it('a mail-merge PDF (design as a background image, only name and number as text): every field, both merged in page order', async () => {
    const certificate = byId('e-certificate: Kominfo');
    const page = certificate.pages[0]!;
    const changing = (text: string) => text === certificate.expected.participant || text.startsWith('No. ');
    const background = await designImage({ ...page, lines: page.lines.filter((l) => !changing(l.text)) });
    const pdf = await overlayPdf(page, background, page.lines.filter((l) => changing(l.text)));
    const reading = await reader.read(pdf, { mime: 'application/pdf' });
    expect(reading).toMatchObject({ ok: true, source: 'ocr', pages: 1 });
    expect(fieldsOf(reading)).toEqual(certificate.expected);
  });

  it('an OCR over its time limit: "timeout", and the next photo is read by a fresh worker', async () => {
    const certificate = byId('e-certificate: BPKP');
    const photo = await scannedImage(certificate.pages[0]!, { format: 'png', seed: 5 });
    expect(await reader.read(photo, {}, { ocrTimeoutMs: 50 })).toEqual({ ok: false, reason: 'timeout' });
    const reading = await reader.read(photo, {});
    expect(fieldsOf(reading)).toEqual(certificate.expected);
  });

  it('a photo of a blank sheet: "no-text"', async () => {
    const blank = await scannedImage({ ...PORTRAIT_A4, lines: [] }, { format: 'jpeg' });
    expect(await reader.read(blank, {})).toEqual({ ok: false, reason: 'no-text' });
  });
});
