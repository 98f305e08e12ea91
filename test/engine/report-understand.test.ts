import { describe, expect, it } from 'vitest';
import { understand, type Understanding } from '../../src/engine/report/understand.js';
import { TRAINING_FORMS } from '../../src/engine/report/understand-forms.js';
import { parseIntent } from '../../src/engine/intents.js';

/** Sunday 22 November 2026, 10:00 in Jakarta (the test world's clock). */
const now = new Date('2026-11-22T03:00:00Z');
const read = (text: string, profile?: string) => understand(text, { now, tz: 'Asia/Jakarta', ...(profile ? { profile } : {}) });

/** Each case names where its expected values come from. */
const CASES: [string, string, Understanding][] = [
  [
    'issue 13 example 1: seminar (catalog synonym "webinar"), yesterday, title after "tentang", organiser after "dari"',
    'saya ikut webinar kemarin tentang SPBE dari Kominfo',
    { type: 'seminar', jalur: 'klasikal', start: '2026-11-21', end: '2026-11-21', title: 'SPBE', organizer: 'Kominfo' },
  ],
  [
    'issue 13 example 2: bimtek = bimbingan teknis (catalog), 3 days, place after "di", 10-12 March of this year (already past)',
    'lapor bimtek 3 hari di Jakarta 10-12 Maret',
    { type: 'bimbingan-teknis', jalur: 'klasikal', days: 3, place: 'Jakarta', start: '2026-03-10', end: '2026-03-12' },
  ],
  [
    'issue 13 example 3: coaching, 2 sessions, "bulan ini" = 1st of this month to today (domain.md B.2 no. 5: sessions capped per month)',
    'coaching 2 sesi bulan ini',
    { type: 'coaching', jalur: 'nonklasikal', sessions: 2, start: '2026-11-01', end: '2026-11-22' },
  ],
  [
    'issue 13 example 4: "ASN Unggul" is an e-learning synonym (catalog), 6 JP',
    'e-learning ASN Unggul 6 JP',
    { type: 'e-learning', jalur: 'nonklasikal', jp: 6 },
  ],
  [
    'issue 13 example 5: workshop, international, 2 days, no date stated',
    'workshop internasional 2 hari',
    { type: 'workshop', jalur: 'klasikal', scope: 'internasional', days: 2 },
  ],
  [
    'issue 13 "any step": a start-date answer that also states the end and the days',
    '10-11 Maret, 2 hari',
    { start: '2026-03-10', end: '2026-03-11', days: 2 },
  ],
  [
    'issue 13 certificate date forms: "10 s.d. 12 Maret 2026"',
    '10 s.d. 12 Maret 2026',
    { start: '2026-03-10', end: '2026-03-12' },
  ],
  ['issue 13 certificate date forms: "10 - 11 Maret 2026"', '10 - 11 Maret 2026', { start: '2026-03-10', end: '2026-03-11' }],
  ['issue 13 certificate date forms: "10/03/2026" (day first, README date forms)', '10/03/2026', { start: '2026-03-10', end: '2026-03-10' }],
  ['README date forms: ISO "2026-03-10"', 'webinar 2026-03-10', { type: 'seminar', jalur: 'klasikal', start: '2026-03-10', end: '2026-03-10' }],
  ['README date forms: weekday in front "Selasa, 10 Maret 2026"', 'Selasa, 10 Maret 2026', { start: '2026-03-10', end: '2026-03-10' }],
  ['README date forms: English "March 10-12, 2026"', 'March 10-12, 2026', { start: '2026-03-10', end: '2026-03-12' }],
  [
    'brief: a date without a year is its most recent past occurrence (10 December → 2025 on 22 November 2026)',
    '10 Desember',
    { start: '2025-12-10', end: '2025-12-10' },
  ],
  ['brief: a range without a year crossing New Year ends in January of this year', '28 Des - 2 Jan', { start: '2025-12-28', end: '2026-01-02' }],
  ['a date that does not exist (31 February) states no date', '31 Februari', {}],
  ['"minggu lalu" names no day: no date (asked, never guessed)', 'workshop minggu lalu', { type: 'workshop', jalur: 'klasikal' }],
  ['relative date "hari ini" with "setara 3 JP" (issue 13 JP forms)', 'seminar hari ini setara 3 JP', { type: 'seminar', jalur: 'klasikal', start: '2026-11-22', end: '2026-11-22', jp: 3 }],
  ['relative date "3 hari yang lalu" is a date, not 3 days', 'webinar 3 hari yang lalu', { type: 'seminar', jalur: 'klasikal', start: '2026-11-19', end: '2026-11-19' }],
  [
    '"bulan lalu" with mentoring sessions: the whole previous month (domain.md B.2 no. 6, monthly cap)',
    'mentoring dua kali bulan lalu',
    { type: 'mentoring', jalur: 'nonklasikal', sessions: 2, start: '2026-10-01', end: '2026-10-31' },
  ],
  ['"bulan ini" gives no dates for a day form (a seminar has days, not a month)', 'seminar bulan ini', { type: 'seminar', jalur: 'klasikal' }],
  ['two single dates are start and end ("10 Maret sampai 12 Maret")', 'lapor kegiatan 10 Maret sampai 12 Maret', { start: '2026-03-10', end: '2026-03-12' }],
  ['one date with several days stated gives only the start (the end is asked)', 'workshop 2 hari mulai 10 Maret', { type: 'workshop', jalur: 'klasikal', days: 2, start: '2026-03-10' }],
  ['official style "3 (tiga) hari" (seed 000/001 wording)', 'seminar 3 (tiga) hari', { type: 'seminar', jalur: 'klasikal', days: 3 }],
  ['issue 13 JP forms: "selama 90 menit" is a clock duration', 'e-learning selama 90 menit', { type: 'e-learning', jalur: 'nonklasikal', durationMinutes: 90 }],
  ['issue 13 JP forms: "32 jam pelajaran" is JP', 'diklat teknis 32 jam pelajaran', { type: 'pelatihan-teknis', jalur: 'klasikal', jp: 32 }],
  ['semesters of degree study (domain.md A)', 'kuliah S2 2 semester', { type: 'tugas-belajar', jalur: 'pendidikan', semesters: 2 }],
  [
    'title may hold "di"; "yang diselenggarakan oleh" opens the organiser; "pada tanggal" belongs to the date (issue 13 e-certificate wording)',
    'webinar tentang Transformasi Digital di Sektor Publik yang diselenggarakan oleh BKN pada tanggal 3 November 2026',
    { type: 'seminar', jalur: 'klasikal', title: 'Transformasi Digital di Sektor Publik', organizer: 'BKN', start: '2026-11-03', end: '2026-11-03' },
  ],
  [
    'quoted theme after "dengan tema", organiser after "yang diselenggarakan"',
    'mengikuti webinar dengan tema "Smart ASN" yang diselenggarakan BKN',
    { type: 'seminar', jalur: 'klasikal', title: 'Smart ASN', organizer: 'BKN' },
  ],
  [
    'organiser, place and date in one sentence, the clause ends at the comma',
    'sosialisasi oleh BKPSDM di Aula Bupati, 4 Maret',
    { type: 'sosialisasi', jalur: 'klasikal', organizer: 'BKPSDM', place: 'Aula Bupati', start: '2026-03-04', end: '2026-03-04' },
  ],
  [
    'English second: "about", "by", "yesterday"',
    'I attended a webinar about SPBE by Kominfo yesterday',
    { type: 'seminar', jalur: 'klasikal', title: 'SPBE', organizer: 'Kominfo', start: '2026-11-21', end: '2026-11-21' },
  ],
  [
    'the scope comes from the sentence, not the title ("hukum nasional" is a topic)',
    'Webinar Internasional tentang hukum nasional',
    { type: 'seminar', jalur: 'klasikal', scope: 'internasional', title: 'hukum nasional' },
  ],
  ['"nasional" in a form name is not the scope (LAN B.1 no. 2)', 'pelatihan di tingkat nasional', { type: 'pelatihan-tingkat-nasional', jalur: 'klasikal' }],
  ['"seminar nasional" states the scope', 'lapor seminar nasional 2 hari', { type: 'seminar', jalur: 'klasikal', scope: 'nasional', days: 2 }],
  ['a phrase inside a longer one is not a second form ("online course" is e-learning, not kursus)', 'online course', { type: 'e-learning', jalur: 'nonklasikal' }],
  ['a form named inside the title is not the form ("tentang coaching")', 'saya ikut seminar tentang coaching', { type: 'seminar', jalur: 'klasikal', title: 'coaching' }],
  ['"pelatihan teknis" is one form, not the generic word', 'pelatihan teknis', { type: 'pelatihan-teknis', jalur: 'klasikal' }],
  ['"pelatihan klasikal" names the jalur only (the form is asked)', 'pelatihan klasikal', { jalur: 'klasikal' }],
  ['brief: "pelatihan" alone is ambiguous: the forms named "Pelatihan …" are offered', 'pelatihan', { choices: [...TRAINING_FORMS] }],
  ['"diklat" alone is as ambiguous as "pelatihan"', 'lapor diklat kemarin', { choices: [...TRAINING_FORMS], start: '2026-11-21', end: '2026-11-21' }],
  ['two forms named ("seminar dan workshop") are a choice (README history import refuses them too)', 'seminar dan workshop', { choices: ['seminar', 'workshop'] }],
  ['a one-letter typo in a single word is forgiven as findForms does', 'semniar', { type: 'seminar', jalur: 'klasikal' }],
  ['plain "lapor" states nothing', 'lapor', {}],
];

describe('understand: report fields from a free-text sentence', () => {
  it.each(CASES)('%s', (_source, text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('the "Pelatihan …" choice lists real catalog forms and no seminar (catalog labels)', () => {
    expect(TRAINING_FORMS).toContain('pelatihan-teknis');
    expect(TRAINING_FORMS).toContain('pelatihan-jarak-jauh');
    expect(TRAINING_FORMS).not.toContain('seminar');
  });

  it('reads the date in the office zone: 23:30 WIB on 22 November is already "hari ini" 22 November, not UTC', () => {
    const late = understand('webinar hari ini', { now: new Date('2026-11-22T16:30:00Z'), tz: 'Asia/Jakarta' });
    expect(late.start).toBe('2026-11-22');
    const utc = understand('webinar hari ini', { now: new Date('2026-11-22T16:30:00Z'), tz: 'UTC' });
    expect(utc.start).toBe('2026-11-22');
    const next = understand('webinar hari ini', { now: new Date('2026-11-22T17:30:00Z'), tz: 'Asia/Jakarta' });
    expect(next.start).toBe('2026-11-23');
  });

  it('a range that started today counts as this year; one that starts tomorrow is last year\'s', () => {
    expect(read('22-23 November').start).toBe('2026-11-22');
    expect(read('23-24 November').start).toBe('2025-11-23');
  });

  it('a long or odd input states nothing wrong and does not throw', () => {
    expect(() => read('x'.repeat(5000))).not.toThrow();
    expect(read('😀👍 ???')).toEqual({});
    expect(read('tentang')).toEqual({});
  });
});

describe('which messages are a report (issue 13 first sentences)', () => {
  it.each<[string, string, ReturnType<typeof parseIntent>]>([
    ['issue 13: a sentence opening with a form reports it', 'coaching 2 sesi bulan ini', { kind: 'report', hint: 'coaching 2 sesi bulan ini' }],
    ['issue 13: "6 JP" in it is not the JP question', 'e-learning ASN Unggul 6 JP', { kind: 'report', hint: 'e-learning ASN Unggul 6 JP' }],
    ['issue 13', 'workshop internasional 2 hari', { kind: 'report', hint: 'workshop internasional 2 hari' }],
    ['brief: "pelatihan" alone starts a report that asks which form', 'pelatihan', { kind: 'report', hint: 'pelatihan' }],
    ['the hint keeps its case for the title and organiser', 'lapor webinar tentang SPBE dari Kominfo', { kind: 'report', hint: 'webinar tentang SPBE dari Kominfo' }],
    ['the hint keeps its case after "saya ikut"', 'saya ikut webinar dari Kominfo', { kind: 'report', hint: 'saya ikut webinar dari Kominfo' }],
    ['English "I attended"', 'I attended a webinar', { kind: 'report', hint: 'I attended a webinar' }],
    ['a JP question that names a form later is still the JP question', 'berapa JP seminar saya?', { kind: 'jp' }],
    ['a slash command is never a report sentence', '/seminar', { kind: 'unknown' }],
    ['small talk is not a report', 'apa kabar hari ini?', { kind: 'unknown' }],
  ])('%s: %s', (_source, text, intent) => {
    expect(parseIntent(text)).toEqual(intent);
  });
});
