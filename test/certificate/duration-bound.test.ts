import { describe, expect, it } from 'vitest';
import { findDuration } from '../../src/certificate/fields/duration.js';

describe('a JP read from a certificate is bounded as a typed one (issue 13 review, defect 3)', () => {
  it.each([
    { name: 'review: a JP table whose "Jumlah" row reads 5000 (OCR joined two cells) gives no JP', lines: ['No Materi JP', '1 Pengantar 2', 'Jumlah 5000'], jp: undefined },
    { name: 'review: the "Jumlah" row over the bound falls back to the figure in a sentence', lines: ['setara 32 JP', 'No Materi JP', 'Jumlah 3200'], jp: 32 },
    { name: 'corpus: a "Jumlah" row of 32 is the JP', lines: ['No Materi JP', '1 Pengantar 2', 'Jumlah 32'], jp: 32 },
    { name: 'corpus: 1000 JP, the bound itself, is kept', lines: ['No Materi JP', 'Jumlah 1000'], jp: 1000 },
  ])('$name', ({ lines, jp }) => {
    expect(findDuration(lines).jp).toBe(jp);
  });
});
