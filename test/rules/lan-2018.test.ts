import { describe, expect, it } from 'vitest';
import { computeJp, type ActivityInput } from '../../src/rules/index.js';
import { errorCode } from './helpers.js';

/**
 * Every row of the LAN 10/2018 conversion table (seed 003, same table in seeds 000 and 001).
 * Expected JP worked out by hand from the row text, e.g. B.1 no. 3 internasional
 * "Ditambah 20% dari JP program": 24 JP + 4,8 = 28,8 JP.
 */
const n = (type: string, extra: Partial<ActivityInput> = {}): ActivityInput => ({ type, scope: 'nasional', ...extra });
const i = (type: string, extra: Partial<ActivityInput> = {}): ActivityInput => ({ type, scope: 'internasional', ...extra });

const cases: [string, ActivityInput, number][] = [
  // A. Jalur pendidikan
  ['Lampiran A no. 1 — tugas belajar nasional 2 semester = 40 JP', n('tugas-belajar', { count: 2 }), 40],
  ['Lampiran A no. 1 — tugas belajar internasional 3 semester = 60 JP', i('tugas-belajar', { count: 3 }), 60],
  ['Lampiran A no. 1 — tugas belajar nasional, count default 1 semester = 20 JP', n('tugas-belajar'), 20],
  // B.1 Klasikal
  ['Lampiran B.1 no. 1 — pelatihan struktural kepemimpinan nasional program 45 JP = 45 JP', n('pelatihan-struktural-kepemimpinan', { jp: 45 }), 45],
  ['Lampiran B.1 no. 2 — pelatihan di tingkat nasional nasional program 30 JP = 30 JP', n('pelatihan-tingkat-nasional', { jp: 30 }), 30],
  ['Lampiran B.1 no. 3 — pelatihan manajerial nasional program 24 JP = 24 JP', n('pelatihan-manajerial', { jp: 24 }), 24],
  ['Lampiran B.1 no. 3 — pelatihan manajerial internasional 24 JP + 20% = 28,8 JP', i('pelatihan-manajerial', { jp: 24 }), 28.8],
  ['Lampiran B.1 no. 4 — pelatihan teknis nasional program 40 JP = 40 JP', n('pelatihan-teknis', { jp: 40 }), 40],
  ['Lampiran B.1 no. 4 — pelatihan teknis internasional 7 JP + 20% = 8,4 JP', i('pelatihan-teknis', { jp: 7 }), 8.4],
  ['Lampiran B.1 no. 5 — pelatihan fungsional nasional program 60 JP = 60 JP', n('pelatihan-fungsional', { jp: 60 }), 60],
  ['Lampiran B.1 no. 5 — pelatihan fungsional internasional 35 JP + 20% = 42 JP', i('pelatihan-fungsional', { jp: 35 }), 42],
  ['Lampiran B.1 no. 6 — pelatihan sosial kultural nasional program 16 JP = 16 JP', n('pelatihan-sosial-kultural', { jp: 16 }), 16],
  ['Lampiran B.1 no. 6 — pelatihan sosial kultural internasional 16 JP + 20% = 19,2 JP', i('pelatihan-sosial-kultural', { jp: 16 }), 19.2],
  ['Lampiran B.1 no. 7 — seminar nasional 2 hari × 4 JP = 8 JP', n('seminar', { days: 2 }), 8],
  ['Lampiran B.1 no. 7 — seminar internasional 2 hari = 12 JP', i('seminar', { days: 2 }), 12],
  ['Lampiran B.1 no. 7 — sosialisasi nasional 1 hari = 4 JP', n('sosialisasi', { days: 1 }), 4],
  ['Lampiran B.1 no. 7 — sosialisasi internasional 3 hari × 6 JP = 18 JP', i('sosialisasi', { days: 3 }), 18],
  ['Lampiran B.1 no. 8 — workshop nasional 3 hari × 5 JP = 15 JP', n('workshop', { days: 3 }), 15],
  ['Lampiran B.1 no. 8 — workshop internasional 2 hari × 7 JP = 14 JP', i('workshop', { days: 2 }), 14],
  ['Lampiran B.1 no. 9 — kursus nasional program 32 JP = 32 JP', n('kursus', { jp: 32 }), 32],
  ['Lampiran B.1 no. 9 — kursus internasional 32 JP + 20% = 38,4 JP', i('kursus', { jp: 32 }), 38.4],
  ['Lampiran B.1 no. 10 — penataran nasional program 20 JP = 20 JP', n('penataran', { jp: 20 }), 20],
  ['Lampiran B.1 no. 10 — penataran internasional 15 JP + 20% = 18 JP', i('penataran', { jp: 15 }), 18],
  ['Lampiran B.1 no. 11 — bimbingan teknis nasional program 24 JP = 24 JP', n('bimbingan-teknis', { jp: 24 }), 24],
  ['Lampiran B.1 no. 11 — bimbingan teknis internasional 24 JP + 20% = 28,8 JP', i('bimbingan-teknis', { jp: 24 }), 28.8],
  ['Lampiran B.1 (klasikal lainnya) — nasional, JP pada bukti dukung 6 JP = 6 JP', n('klasikal-lainnya', { jp: 6 }), 6],
  ['Lampiran B.1 (klasikal lainnya) — internasional 5 JP + 20% = 6 JP', i('klasikal-lainnya', { jp: 5 }), 6],
  // B.2 Nonklasikal
  ['Lampiran B.2 no. 1 — pertukaran pegawai nasional 1 kegiatan = 20 JP', n('pertukaran-pegawai'), 20],
  ['Lampiran B.2 no. 1 — pertukaran pegawai internasional 2 kegiatan × 24 JP = 48 JP', i('pertukaran-pegawai', { count: 2 }), 48],
  ['Lampiran B.2 no. 2 — magang nasional 1 kegiatan = 20 JP', n('magang', { count: 1 }), 20],
  ['Lampiran B.2 no. 2 — magang internasional 1 kegiatan = 24 JP', i('magang'), 24],
  ['Lampiran B.2 no. 3 — patok banding nasional 2 kegiatan × 10 JP = 20 JP', n('patok-banding', { count: 2 }), 20],
  ['Lampiran B.2 no. 3 — patok banding internasional 1 kegiatan = 20 JP', i('patok-banding'), 20],
  ['Lampiran B.2 no. 4 — pelatihan jarak jauh nasional program 30 JP = 30 JP', n('pelatihan-jarak-jauh', { jp: 30 }), 30],
  ['Lampiran B.2 no. 4 — pelatihan jarak jauh internasional 30 JP + 20% = 36 JP', i('pelatihan-jarak-jauh', { jp: 30 }), 36],
  ['Lampiran B.2 no. 5 — coaching nasional 2 sesi × 2 JP = 4 JP', n('coaching', { count: 2 }), 4],
  ['Lampiran B.2 no. 5 — coaching internasional 2 sesi × 4 JP = 8 JP', i('coaching', { count: 2 }), 8],
  ['Lampiran B.2 no. 6 — mentoring nasional 1 sesi = 2 JP', n('mentoring'), 2],
  ['Lampiran B.2 no. 6 — mentoring internasional 3 sesi × 4 JP = 12 JP (batas bulanan saat rekap)', i('mentoring', { count: 3 }), 12],
  ['Lampiran B.2 no. 7 — detasering nasional 1 kegiatan = 20 JP', n('detasering'), 20],
  ['Lampiran B.2 no. 7 — detasering internasional 20 JP + 20% = 24 JP', i('detasering'), 24],
  // Seed 003 line 40: "ditambahkan 20% dari JP Program Detasering": a stated programme JP gets the 20% too.
  ['Lampiran B.2 no. 7 — detasering internasional, JP program pada bukti dukung 30 JP + 20% = 36 JP', i('detasering', { jp: 30 }), 36],
  ['Lampiran B.2 no. 8 — e-learning nasional 10 JP dalam 5 hari (batas 15) = 10 JP', n('e-learning', { jp: 10, days: 5 }), 10],
  ['Lampiran B.2 no. 8 — e-learning nasional 10 JP dalam 2 hari, paling tinggi 3 JP/hari = 6 JP', n('e-learning', { jp: 10, days: 2 }), 6],
  ['Lampiran B.2 no. 8 — e-learning internasional 10 JP dalam 2 hari, paling tinggi 4 JP/hari = 8 JP', i('e-learning', { jp: 10, days: 2 }), 8],
  ['Lampiran B.2 no. 9 — belajar mandiri nasional 3 JP dalam 2 hari = 3 JP', n('belajar-mandiri', { jp: 3, days: 2 }), 3],
  ['Lampiran B.2 no. 9 — belajar mandiri nasional 5 JP dalam 2 hari, paling tinggi 2 JP/hari = 4 JP', n('belajar-mandiri', { jp: 5, days: 2 }), 4],
  ['Lampiran B.2 no. 9 — belajar mandiri internasional 3 JP + 20% = 3,6 JP', i('belajar-mandiri', { jp: 3, days: 2 }), 3.6],
  ['Lampiran B.2 no. 9 — belajar mandiri internasional 10 JP dalam 2 hari, paling tinggi 2,4 JP/hari = 4,8 JP', i('belajar-mandiri', { jp: 10, days: 2 }), 4.8],
  ['Lampiran B.2 no. 10 — komunitas belajar nasional 4 JP dalam 1 hari, paling tinggi 2 JP/hari = 2 JP', n('komunitas-belajar', { jp: 4, days: 1 }), 2],
  ['Lampiran B.2 no. 10 — komunitas belajar internasional 2 JP + 20% = 2,4 JP', i('komunitas-belajar', { jp: 2, days: 1 }), 2.4],
  ['Lampiran B.2 no. 11 — outbond nasional program 16 JP = 16 JP', n('outbond', { jp: 16 }), 16],
  ['Lampiran B.2 no. 11 — outbond internasional 16 JP + 20% = 19,2 JP', i('outbond', { jp: 16 }), 19.2],
  ['Lampiran B.2 (bimbingan di tempat kerja, tanpa baris) — nasional JP bukti dukung 3 JP = 3 JP', n('bimbingan-di-tempat-kerja', { jp: 3 }), 3],
  ['Lampiran B.2 (bimbingan di tempat kerja, tanpa baris) — internasional JP bukti dukung 3 JP = 3 JP', i('bimbingan-di-tempat-kerja', { jp: 3 }), 3],
  ['Lampiran B.2 (nonklasikal lainnya) — nasional JP bukti dukung 8 JP = 8 JP', n('nonklasikal-lainnya', { jp: 8 }), 8],
  ['Lampiran B.2 (nonklasikal lainnya) — internasional 8 JP + 20% = 9,6 JP', i('nonklasikal-lainnya', { jp: 8 }), 9.6],
];

describe('lan-2018: every row of Peraturan LAN 10/2018', () => {
  it.each(cases)('LAN 10/2018 %s', (_name, input, expected) => {
    const result = computeJp(input, 'lan-2018');
    expect(result.jp).toBe(expected);
    expect(result.profile).toBe('lan-2018');
    expect(result.citation).toContain('Peraturan LAN 10/2018');
  });

  it.each([
    ['Lampiran B.1 no. 1 — pelatihan struktural kepemimpinan internasional: "–"', 'pelatihan-struktural-kepemimpinan'],
    ['Lampiran B.1 no. 2 — pelatihan di tingkat nasional internasional: "–"', 'pelatihan-tingkat-nasional'],
  ])('LAN 10/2018 %s → scope-not-allowed', (_name, type) => {
    expect(errorCode(() => computeJp({ type, scope: 'internasional', jp: 30 }))).toBe('scope-not-allowed');
    expect(computeJp({ type, scope: 'nasional', jp: 30 }).jp).toBe(30);
  });

  it('cites the row in the explanation, as in "Seminar internasional: 2 hari × 6 JP = 12 JP (…B.1 no. 7)"', () => {
    expect(computeJp({ type: 'seminar', scope: 'internasional', days: 2 }).explanation).toBe(
      'Seminar internasional: 2 hari × 6 JP = 12 JP (Peraturan LAN 10/2018, Lampiran B.1 no. 7)',
    );
    expect(computeJp({ type: 'pelatihan-teknis', scope: 'internasional', jp: 7 }).explanation).toBe(
      'Pelatihan teknis internasional: JP program 7 JP + 20% = 8,4 JP (Peraturan LAN 10/2018, Lampiran B.1 no. 4)',
    );
  });

  it('says when a form has no conversion row and counts the stated JP', () => {
    const r = computeJp({ type: 'bimbingan-di-tempat-kerja', scope: 'nasional', jp: 3 });
    expect(r.explanation).toContain('tidak ada baris konversi');
    expect(r.explanation).toContain('bukti dukung');
    expect(errorCode(() => computeJp({ type: 'bimbingan-di-tempat-kerja', scope: 'nasional', count: 2 }))).toBe('missing-input');
  });

  /**
   * Certificate JP (seed 000 line 37, "sesuai JP tertera di sertifikat apabila ada"): it replaces the day and
   * activity conversions, not the per-session one of coaching/mentoring (counted per session, capped per month)
   * nor the per-semester one of tugas belajar.
   */
  it.each([
    ['Lampiran B.1 no. 7 — seminar 2 hari, sertifikat 10 JP menggantikan 2 × 4 JP', n('seminar', { days: 2, jp: 10 }), 10],
    ['Lampiran B.1 no. 8 — workshop 1 hari, sertifikat 3 JP menggantikan 5 JP', n('workshop', { days: 1, jp: 3 }), 3],
    ['Lampiran B.2 no. 1 — pertukaran pegawai, sertifikat 30 JP menggantikan 20 JP', n('pertukaran-pegawai', { jp: 30 }), 30],
    ['Lampiran B.2 no. 2 — magang internasional, sertifikat 40 JP menggantikan 24 JP', i('magang', { jp: 40 }), 40],
    ['Lampiran B.2 no. 3 — patok banding, sertifikat 6 JP menggantikan 10 JP', n('patok-banding', { jp: 6 }), 6],
    ['Lampiran B.2 no. 5 — coaching 2 sesi, sertifikat 3 JP tidak dipakai: 2 × 2 JP = 4 JP', n('coaching', { count: 2, jp: 3 }), 4],
    ['Lampiran B.2 no. 6 — mentoring internasional 1 sesi, sertifikat 8 JP tidak dipakai: 4 JP', i('mentoring', { jp: 8 }), 4],
    ['Lampiran A no. 1 — tugas belajar 2 semester, JP 30 tidak dipakai: 2 × 20 JP = 40 JP', n('tugas-belajar', { count: 2, jp: 30 }), 40],
  ])('LAN 10/2018 %s', (_name, input, expected) => {
    expect(computeJp(input).jp).toBe(expected);
  });

  it('says when a stated JP is not used (Lampiran B.2 no. 5)', () => {
    expect(computeJp(n('coaching', { count: 2, jp: 3 })).explanation).toBe(
      'Coaching nasional: 2 sesi × 2 JP = 4 JP; JP pada bukti dukung (3 JP) tidak dipakai: sumbernya tidak menyebut ' +
        'JP bukti dukung menggantikan konversi per sesi; batas 2 sesi per bulan diterapkan saat rekap (Peraturan LAN 10/2018, Lampiran B.2 no. 5)',
    );
  });

  it('explains "+ 20%" on detasering internasional (Lampiran B.2 no. 7)', () => {
    expect(computeJp(i('detasering')).explanation).toBe(
      'Detasering internasional: 1 kegiatan × 20 JP + 20% = 24 JP (Peraturan LAN 10/2018, Lampiran B.2 no. 7)',
    );
    expect(computeJp(i('detasering', { jp: 30 })).explanation).toBe(
      'Detasering internasional: JP tertera pada bukti dukung 30 JP, menggantikan konversi 20 JP per kegiatan + 20%; ' +
        '30 JP + 20% = 36 JP (Peraturan LAN 10/2018, Lampiran B.2 no. 7)',
    );
  });

  it('defaults to lan-2018', () => {
    expect(computeJp({ type: 'workshop', scope: 'nasional', days: 1 }).profile).toBe('lan-2018');
  });
});
