import { describe, expect, it } from 'vitest';
import { inReadingOrder, type PositionedLine } from '../../src/certificate/reading-order.js';

const CASES: { name: string; lines: PositionedLine[]; expected: string[] }[] = [
  {
    name: 'mail-merge training layout: the label "Nama" (OCR) and its value (text layer) on one row',
    lines: [
      { text: 'Diberikan kepada:', top: 0.3, left: 0.12 },
      { text: ': Ahmad Fauzi, S.T.', top: 0.334, left: 0.34 },
      { text: 'Nama', top: 0.331, left: 0.12 },
      { text: 'NIP', top: 0.355, left: 0.12 },
    ],
    expected: ['Diberikan kepada:', 'Nama : Ahmad Fauzi, S.T.', 'NIP'],
  },
  {
    name: 'mail-merge e-certificate layout: the name (text layer) between two OCR lines',
    lines: [
      { text: 'diberikan kepada', top: 0.33, left: 0.4 },
      { text: 'atas partisipasinya sebagai peserta', top: 0.48, left: 0.3 },
      { text: 'Budi Santoso', top: 0.4, left: 0.38 },
    ],
    expected: ['diberikan kepada', 'Budi Santoso', 'atas partisipasinya sebagai peserta'],
  },
  {
    name: 'two pages: the second page (top 1.x) after the first',
    lines: [
      { text: 'Jumlah 32', top: 1.5, left: 0.2 },
      { text: 'SERTIFIKAT', top: 0.1, left: 0.4 },
    ],
    expected: ['SERTIFIKAT', 'Jumlah 32'],
  },
];

describe('inReadingOrder', () => {
  it.each(CASES)('$name', ({ lines, expected }) => {
    expect(inReadingOrder(lines)).toEqual(expected);
  });
});
