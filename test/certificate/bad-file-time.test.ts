import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { createCertificateReader } from '../../src/certificate/reader.js';
import { pdfBomb } from './fixtures/bad-files.js';

/** Issue 13 review, defect 8: with the default limits a bad file was answered after 10–20 s; a text PDF takes under 100 ms. */
const reader = createCertificateReader();
afterAll(() => reader.close());

describe('a bad file is answered soon with the default limits', () => {
  it('review: a PDF bomb (120 MB of text operators) is refused in about 3 s, not 10', async () => {
    const bomb = pdfBomb(120);
    const start = performance.now();
    const reading = await reader.read(bomb, { name: 'bom.pdf' });
    const ms = performance.now() - start;
    expect(['timeout', 'too-large']).toContain(reading.ok ? 'ok' : reading.reason);
    expect(ms).toBeLessThan(5000);
  }, 30_000);
});
