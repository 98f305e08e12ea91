import { afterAll, describe, expect, it } from 'vitest';
import { createCertificateReader } from '../../src/certificate/reader.js';
import type { CertificateReading } from '../../src/certificate/types.js';
import { inflatingPdf, manyImagesPdf } from './fixtures/memory-bombs.js';

/**
 * Issue 13 review, defect 1: the PDF worker's heap limit does not hold what pdf.js keeps in ArrayBuffers
 * (inflated streams, decoded images). The time limit is set far off here, so that only the memory watch
 * can stop these files; the process's RSS is sampled throughout.
 */
const reader = createCertificateReader({ pdfTimeoutMs: 30_000, pdfWorkers: 1 });
afterAll(() => reader.close());

const MB = 1024 * 1024;
const BOUND_MB = 600;

async function peakGrowth(work: () => Promise<CertificateReading>): Promise<{ reading: CertificateReading; growthMb: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const reading = await work();
    return { reading, growthMb: (Math.max(peak, process.memoryUsage.rss()) - base) / MB };
  } finally {
    clearInterval(sample);
  }
}

describe('PDFs that inflate far past the worker heap limit are stopped by the memory watch', () => {
  it.each([
    { name: 'review: a 7 MB PDF whose content inflates to 768 MB (2 GB of RSS unwatched)', file: () => inflatingPdf(768), reasons: ['too-large'] },
    { name: 'review: 12 solid 4900 × 4900 images on a page (24 MP each, 1.7 GB decoded)', file: () => manyImagesPdf(12, 4900), reasons: ['too-large'] },
    // Over the 25 MP image limit: pdf.js skips them undecoded, so there is nothing to read.
    { name: 'review: 12 solid 7000 × 7000 images on a page (49 MP each, 3.6 GB decoded)', file: () => manyImagesPdf(12, 7000), reasons: ['too-large', 'no-text'] },
  ])('$name', async ({ file, reasons }) => {
    const bytes = file();
    const { reading, growthMb } = await peakGrowth(() => reader.read(bytes, { name: 'bom.pdf' }));
    expect(reading.ok).toBe(false);
    expect(reasons).toContain(reading.ok ? 'ok' : reading.reason);
    expect(growthMb).toBeLessThan(BOUND_MB);
  });
});
