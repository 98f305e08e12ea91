import { describe, expect, it } from 'vitest';
import { findInternationalHint } from '../../src/certificate/fields/international.js';

describe('international hints (issue 13 review, defect 6)', () => {
  it.each([
    { name: 'review: "Pusdiklat Kementerian Luar Negeri" trains at home', lines: ['diselenggarakan oleh Pusdiklat Kementerian Luar Negeri'], title: undefined, hint: undefined },
    { name: 'review: "ASEAN" in the title is its topic', lines: ['sebagai peserta Webinar Kesiapan ASEAN Economic Community'], title: 'Webinar Kesiapan ASEAN Economic Community', hint: undefined },
    { name: 'review: "Hukum Internasional" is a subject', lines: ['Pelatihan Dasar Hukum Internasional'], title: 'Pelatihan Dasar Hukum Internasional', hint: undefined },
    { name: 'review: "Hukum Internasional" outside the title too', lines: ['dengan materi Hukum Internasional'], title: undefined, hint: undefined },
    { name: 'corpus: "Workshop Internasional" in the title', lines: ['sebagai peserta Workshop Internasional Kebijakan Publik'], title: 'Workshop Internasional Kebijakan Publik', hint: 'Workshop Internasional' },
    { name: 'corpus: "International Webinar" in the title', lines: ['International Webinar on Smart Cities'], title: 'International Webinar on Smart Cities', hint: 'International Webinar' },
    { name: 'brief: a foreign organiser "organized by JICA"', lines: ['organized by JICA Indonesia Office'], title: undefined, hint: 'JICA' },
    { name: 'corpus: "Universiti Malaya" organises', lines: ['Universiti Malaya, Kuala Lumpur'], title: undefined, hint: 'Universiti' },
  ])('$name', ({ lines, title, hint }) => {
    expect(findInternationalHint(lines, title)).toBe(hint);
  });
});
