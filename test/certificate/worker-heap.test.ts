import { afterAll, describe, expect, it } from 'vitest';
import { createCertificateReader } from '../../src/certificate/reader.js';
import { inflatingPdf } from './fixtures/memory-bombs.js';

/**
 * A PDF worker process over its V8 heap limit is aborted by V8 (a signal, not an exit code): that is a file
 * too large to read, not a fault for the operator. The memory watch is off here, so only the heap limit can
 * stop the file.
 */
const errors: unknown[] = [];
const reader = createCertificateReader({ pdfWorkerHeapMb: 8, pdfMemoryMb: Infinity, pdfTimeoutMs: 30_000, pdfWorkers: 1, onError: (error) => errors.push(error) });
afterAll(() => reader.close());

describe('a PDF worker process that runs out of heap', () => {
  it("says 'too-large', tells the operator nothing, and the next PDF gets a fresh worker", async () => {
    const first = await reader.read(inflatingPdf(64), { name: 'bom.pdf' });
    expect(first).toEqual({ ok: false, reason: 'too-large' });
    expect(reader.workers().pdf).toBe(0);
    const second = await reader.read(inflatingPdf(64), { name: 'bom.pdf' });
    expect(second).toEqual({ ok: false, reason: 'too-large' });
    expect(errors).toEqual([]);
  }, 60_000);
});
