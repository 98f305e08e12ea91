import { afterAll, describe, expect, it } from 'vitest';
import { createCertificateReader } from '../../src/certificate/reader.js';
import { inflatingPdf, manyImagesPdf } from './fixtures/memory-bombs.js';

/**
 * PDF bombs stopped in worker threads left the assistant's process at about 1 GB of RSS for good (206 MB at
 * the start, 1,024 MB after 8 bombs and close()): the memory pdf.js had taken was not handed back to the OS.
 * Read in a child process, it goes back when the child is killed.
 */
const MB = 1024 * 1024;
const ALLOWED_GROWTH_MB = 300;
const ROUNDS = 6;

const reader = createCertificateReader({ pdfTimeoutMs: 30_000, pdfWorkers: 1 });
afterAll(() => reader.close());

describe('the memory a PDF bomb takes goes back once it is stopped', () => {
  it(`an inflating PDF and a many-images PDF read alternately ${ROUNDS} times leave the process within ${ALLOWED_GROWTH_MB} MB of where it started`, async () => {
    const bombs = [inflatingPdf(768), manyImagesPdf(12, 4900)];
    const start = process.memoryUsage.rss();
    const reasons: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const reading = await reader.read(bombs[round % 2]!, { name: 'bom.pdf' });
      reasons.push(reading.ok ? 'ok' : reading.reason);
    }
    const afterLast = process.memoryUsage.rss();
    await reader.close();
    const afterClose = process.memoryUsage.rss();
    expect(reasons).toEqual(Array(ROUNDS).fill('too-large'));
    expect((afterLast - start) / MB).toBeLessThan(ALLOWED_GROWTH_MB);
    expect((afterClose - start) / MB).toBeLessThan(ALLOWED_GROWTH_MB);
    expect(reader.workers().pdf).toBe(0);
  }, 120_000);
});
