import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/certificate/clean-text.js';
import { textProblem } from '../../src/engine/input-guard.js';

describe('text from a PDF or OCR is cleaned before it is kept (issue 13 review, defect 2)', () => {
  it.each([
    ['NUL from a broken font map', 'Webinar\u0000 Digital', 'Webinar Digital'],
    ['BEL and ESC', 'BPSDM\u0007 Kaltim\u001b', 'BPSDM Kaltim'],
    ['C1 controls', 'Pelatihan\u0085\u009b Dasar', 'Pelatihan Dasar'],
    ['a lone high surrogate', 'Seminar \uD800Nasional', 'Seminar Nasional'],
    ['a lone low surrogate', 'Seminar \uDC00Nasional', 'Seminar Nasional'],
    ['a replacement character', 'Diklat \uFFFDPIM', 'Diklat PIM'],
    ['bidi controls (a reversed number)', 'No. \u202E6202/MDSPB\u202C', 'No. 6202/MDSPB'],
    ['CR LF line ends', 'a\r\nb\rc', 'a\nb\nc'],
    ['newline and tab kept', 'a\n\tb', 'a\n\tb'],
    ['a whole emoji kept', 'Webinar 🎓 2026', 'Webinar 🎓 2026'],
  ])('%s', (_case, raw, clean) => {
    expect(cleanText(raw)).toBe(clean);
    expect(textProblem(cleanText(raw))).toBeUndefined();
  });
});
