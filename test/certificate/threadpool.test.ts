import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createCertificateReader } from '../../src/certificate/reader.js';

/**
 * Issue 13 review, defect 5: sharp prepares images on libuv's threadpool (4 threads), where file reads and
 * writes run too. Eight large photos prepared at once held it, and another user's file read waited
 * 1–2.5 s (2.25 s measured before the fix); prepared one at a time in the OCR queue, 0.3–0.5 s.
 */
const reader = createCertificateReader();
afterAll(() => reader.close());

describe('large photos arriving together', () => {
  it('review: 8 simultaneous 24 MP PNGs do not hold up other file reads', async () => {
    const png = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#ffffff' } }).png({ compressionLevel: 1 }).toBuffer();
    const dir = await mkdtemp(join(tmpdir(), 'bangkom-pool-'));
    const small = join(dir, 'kecil.txt');
    await writeFile(small, 'x');
    let worst = 0;
    let reading = true;
    const probe = (async () => {
      while (reading) {
        const start = performance.now();
        await readFile(small);
        worst = Math.max(worst, performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    try {
      const readings = await Promise.all(Array.from({ length: 8 }, () => reader.read(new Uint8Array(png), { name: 'foto.png' })));
      expect(readings.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(Array(8).fill('no-text'));
    } finally {
      reading = false;
      await probe;
      await rm(dir, { recursive: true, force: true });
    }
    expect(worst).toBeLessThan(1000);
  }, 60_000);
});
