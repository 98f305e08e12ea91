import { describe, expect, it } from 'vitest';
import { activityYear, computeJp, type ActivityInput } from '../../src/rules/index.js';
import { errorCode, ruleError } from './helpers.js';

/**
 * Every row of the kutai-barat-2024 profile. Rows named "Pedoman KB IV.x.y" come from seed 004
 * (Keputusan Kepala DPUPR Kutai Barat SK. 800.2.1/1683/DPUPR-KB/V/2024, Lampiran); rows the pedoman
 * does not convert keep the LAN 10/2018 row and are named after it. Expected values by hand.
 */
const KB = 'kutai-barat-2024';
const n = (type: string, extra: Partial<ActivityInput> = {}): ActivityInput => ({ type, scope: 'nasional', ...extra });
const i = (type: string, extra: Partial<ActivityInput> = {}): ActivityInput => ({ type, scope: 'internasional', ...extra });

const cases: [string, ActivityInput, number][] = [
  // Kept from LAN 10/2018 (the pedoman gives no conversion of its own)
  ['LAN 10/2018 Lampiran A no. 1 (tetap) — tugas belajar nasional 4 semester × 20 JP = 80 JP', n('tugas-belajar', { count: 4 }), 80],
  ['LAN 10/2018 Lampiran A no. 1 (tetap) — tugas belajar internasional 1 semester = 20 JP', i('tugas-belajar'), 20],
  ['LAN 10/2018 Lampiran B.1 no. 1 (tetap) — pelatihan struktural kepemimpinan nasional 40 JP = 40 JP', n('pelatihan-struktural-kepemimpinan', { jp: 40 }), 40],
  ['LAN 10/2018 Lampiran B.1 no. 2 (tetap) — pelatihan di tingkat nasional nasional 30 JP = 30 JP', n('pelatihan-tingkat-nasional', { jp: 30 }), 30],
  ['LAN 10/2018 Lampiran B.1 no. 3 (tetap) — pelatihan manajerial internasional 10 JP + 20% = 12 JP', i('pelatihan-manajerial', { jp: 10 }), 12],
  ['LAN 10/2018 Lampiran B.1 no. 4 (tetap) — pelatihan teknis nasional 21 JP = 21 JP', n('pelatihan-teknis', { jp: 21 }), 21],
  ['LAN 10/2018 Lampiran B.1 no. 5 (tetap) — pelatihan fungsional internasional 50 JP + 20% = 60 JP', i('pelatihan-fungsional', { jp: 50 }), 60],
  ['LAN 10/2018 Lampiran B.1 no. 6 (tetap) — pelatihan sosial kultural internasional 5 JP + 20% = 6 JP', i('pelatihan-sosial-kultural', { jp: 5 }), 6],
  ['LAN 10/2018 Lampiran B.1 (tetap) — klasikal lainnya internasional 10 JP + 20% = 12 JP', i('klasikal-lainnya', { jp: 10 }), 12],
  ['LAN 10/2018 Lampiran B.2 (tetap) — nonklasikal lainnya nasional 7 JP = 7 JP', n('nonklasikal-lainnya', { jp: 7 }), 7],
  // IV.C Klasikal
  ['Pedoman KB IV.C.2.i — seminar nasional 2 hari × 4 JP = 8 JP', n('seminar', { days: 2 }), 8],
  ['Pedoman KB IV.C.2.i — seminar internasional 1 hari = 6 JP', i('seminar', { days: 1 }), 6],
  ['Pedoman KB IV.C.2.i + IV.C.2.c.5 — seminar, sertifikat 20 JP dalam 2 hari, maksimal 8 JP/hari = 16 JP', n('seminar', { days: 2, jp: 20 }), 16],
  ['Pedoman KB IV.C.2.i — seminar, sertifikat 6 JP dalam 1 hari (di bawah 8 JP/hari) = 6 JP', n('seminar', { days: 1, jp: 6 }), 6],
  ['Pedoman KB IV.C.3.i — workshop nasional 2 hari × 5 JP = 10 JP', n('workshop', { days: 2 }), 10],
  ['Pedoman KB IV.C.3.i — workshop internasional 2 hari × 7 JP = 14 JP', i('workshop', { days: 2 }), 14],
  ['Pedoman KB IV.C.3.c.9 — workshop, sertifikat 10 JP dalam 1 hari, maksimal 8 JP/hari = 8 JP', n('workshop', { days: 1, jp: 10 }), 8],
  ['Pedoman KB IV.C.4.i — kursus nasional program 12 JP = 12 JP', n('kursus', { jp: 12 }), 12],
  ['Pedoman KB IV.C.4.i — kursus internasional 12 JP + 20% = 14,4 JP', i('kursus', { jp: 12 }), 14.4],
  ['Pedoman KB IV.C.5.i — penataran nasional program 10 JP = 10 JP', n('penataran', { jp: 10 }), 10],
  ['Pedoman KB IV.C.5.i — penataran internasional 10 JP + 20% = 12 JP', i('penataran', { jp: 10 }), 12],
  ['Pedoman KB IV.C.6.i — bimbingan teknis nasional 24 JP dalam 3 hari = 24 JP', n('bimbingan-teknis', { jp: 24, days: 3 }), 24],
  ['Pedoman KB IV.C.6.c.7 — bimbingan teknis nasional 30 JP dalam 3 hari, maksimal 8 JP/hari = 24 JP', n('bimbingan-teknis', { jp: 30, days: 3 }), 24],
  ['Pedoman KB IV.C.6.i — bimbingan teknis internasional 20 JP + 20% = 24 JP dalam 3 hari', i('bimbingan-teknis', { jp: 20, days: 3 }), 24],
  // IV.C.6.c.7 "maksimal 8 JP per hari" limits the programme; IV.C.6.i then adds 20%: min(20, 8 × 2) × 1,2.
  ['Pedoman KB IV.C.6.c.7 + IV.C.6.i — bimbingan teknis internasional 20 JP dalam 2 hari: maks. 8 × 2 = 16 JP, + 20% = 19,2 JP', i('bimbingan-teknis', { jp: 20, days: 2 }), 19.2],
  ['Pedoman KB IV.C.6.c.7 + IV.C.6.i — bimbingan teknis internasional program 16 JP dalam 2 hari (tepat 8 JP/hari) + 20% = 19,2 JP', i('bimbingan-teknis', { jp: 16, days: 2 }), 19.2],
  ['Pedoman KB IV.C.6.i — bimbingan teknis nasional 12 JP tanpa jumlah hari: batas 8 JP/hari tidak bisa diperiksa = 12 JP', n('bimbingan-teknis', { jp: 12 }), 12],
  ['Pedoman KB IV.C.7.i — sosialisasi nasional 1 hari = 4 JP', n('sosialisasi', { days: 1 }), 4],
  ['Pedoman KB IV.C.7.i — sosialisasi internasional 2 hari × 6 JP = 12 JP', i('sosialisasi', { days: 2 }), 12],
  ['Pedoman KB IV.C.7.c.4 — sosialisasi, sertifikat 9 JP dalam 1 hari, maksimal 8 JP/hari = 8 JP', n('sosialisasi', { days: 1, jp: 9 }), 8],
  // IV.D Nonklasikal
  ['Pedoman KB IV.D.1.j — coaching nasional 3 sesi × 2 JP = 6 JP', n('coaching', { count: 3 }), 6],
  ['Pedoman KB IV.D.1.j — coaching internasional 3 sesi × 4 JP = 12 JP', i('coaching', { count: 3 }), 12],
  ['Pedoman KB IV.D.2.i — mentoring nasional 2 sesi × 2 JP = 4 JP', n('mentoring', { count: 2 }), 4],
  ['Pedoman KB IV.D.2.i — mentoring internasional 2 sesi × 4 JP = 8 JP', i('mentoring', { count: 2 }), 8],
  ['Pedoman KB IV.D.3.i — e-learning nasional 10 JP dalam 3 hari, maksimal 3 JP/hari = 9 JP', n('e-learning', { jp: 10, days: 3 }), 9],
  ['Pedoman KB IV.D.3.i — e-learning internasional 10 JP dalam 3 hari (batas 12) = 10 JP', i('e-learning', { jp: 10, days: 3 }), 10],
  ['Pedoman KB IV.D.4.i — pelatihan jarak jauh nasional program 20 JP = 20 JP', n('pelatihan-jarak-jauh', { jp: 20 }), 20],
  ['Pedoman KB IV.D.4.i — pelatihan jarak jauh internasional 20 JP + 20% = 24 JP', i('pelatihan-jarak-jauh', { jp: 20 }), 24],
  ['Pedoman KB IV.D.5.i — detasering nasional 1 kegiatan = 20 JP', n('detasering'), 20],
  ['Pedoman KB IV.D.5.i — detasering internasional 20 JP + 20% = 24 JP', i('detasering'), 24],
  ['Pedoman KB IV.D.5.i — detasering internasional, JP program pada bukti dukung 30 JP + 20% = 36 JP', i('detasering', { jp: 30 }), 36],
  ['Pedoman KB IV.D.5.i — detasering nasional, JP pada bukti dukung 16 JP menggantikan 20 JP = 16 JP', n('detasering', { jp: 16 }), 16],
  ['Pedoman KB IV.D.6.h — outbond nasional 1 kegiatan = 20 JP (LAN: JP program)', n('outbond'), 20],
  ['Pedoman KB IV.D.6.h — outbond internasional 20 JP + 20% = 24 JP', i('outbond'), 24],
  ['Pedoman KB IV.D.6.h — outbond, JP tertera di bukti dukung 8 JP = 8 JP', n('outbond', { jp: 8 }), 8],
  ['Pedoman KB IV.D.6.h — outbond internasional, JP program pada bukti dukung 10 JP + 20% = 12 JP', i('outbond', { jp: 10 }), 12],
  ['Pedoman KB IV.D.7.i — patok banding nasional 1 kegiatan = 10 JP', n('patok-banding'), 10],
  ['Pedoman KB IV.D.7.i — patok banding internasional 1 kegiatan = 20 JP', i('patok-banding'), 20],
  ['Pedoman KB IV.D.7.i — patok banding, JP pada bukti dukung 16 JP tidak menggantikan (tanpa "dalam hal tidak disebutkan") = 10 JP', n('patok-banding', { jp: 16 }), 10],
  ['Pedoman KB IV.D.8.i — pertukaran pegawai nasional 1 kegiatan = 20 JP', n('pertukaran-pegawai'), 20],
  ['Pedoman KB IV.D.8.i — pertukaran pegawai internasional 1 kegiatan = 24 JP', i('pertukaran-pegawai'), 24],
  ['Pedoman KB IV.D.8.i — pertukaran pegawai, JP pada bukti dukung 30 JP tidak menggantikan = 20 JP', n('pertukaran-pegawai', { jp: 30 }), 20],
  ['Pedoman KB IV.D.9.i — belajar mandiri nasional 6 JP dalam 2 hari, maksimal 2 JP/hari = 4 JP', n('belajar-mandiri', { jp: 6, days: 2 }), 4],
  ['Pedoman KB IV.D.9.i — belajar mandiri internasional 2 JP + 20% dalam 1 hari = 2,4 JP', i('belajar-mandiri', { jp: 2, days: 1 }), 2.4],
  ['Pedoman KB IV.D.10.i — komunitas belajar nasional 2 hari × 2 JP = 4 JP', n('komunitas-belajar', { days: 2 }), 4],
  ['Pedoman KB IV.D.10.i — komunitas belajar internasional 2 hari × 3 JP = 6 JP', i('komunitas-belajar', { days: 2 }), 6],
  ['Pedoman KB IV.D.10.i — komunitas belajar, JP pada bukti dukung 3 JP menggantikan 1 hari × 2 JP = 3 JP', n('komunitas-belajar', { days: 1, jp: 3 }), 3],
  ['Pedoman KB IV.D.11.i — bimbingan di tempat kerja nasional 3 kegiatan × 1 JP = 3 JP', n('bimbingan-di-tempat-kerja', { count: 3 }), 3],
  ['Pedoman KB IV.D.11.i — bimbingan di tempat kerja internasional 1 kegiatan = 1 JP', i('bimbingan-di-tempat-kerja'), 1],
  ['Pedoman KB IV.D.11.i — bimbingan di tempat kerja, JP pada bukti dukung 3 JP tidak menggantikan = 1 JP', n('bimbingan-di-tempat-kerja', { jp: 3 }), 1],
  ['Pedoman KB IV.D.1.j — coaching, JP pada bukti dukung 5 JP tidak menggantikan 2 sesi × 2 JP = 4 JP', n('coaching', { count: 2, jp: 5 }), 4],
  ['Pedoman KB IV.D.12.i — magang nasional sesuai durasi 16 JP = 16 JP', n('magang', { jp: 16 }), 16],
  ['Pedoman KB IV.D.12.i — magang nasional 40 JP, paling banyak 20 JP per kegiatan = 20 JP', n('magang', { jp: 40 }), 20],
  ['Pedoman KB IV.D.12.i — magang internasional 40 JP, paling banyak 24 JP per kegiatan = 24 JP', i('magang', { jp: 40 }), 24],
  ['Pedoman KB IV.D.12.i — magang nasional 2 kegiatan 40 JP, paling banyak 2 × 20 = 40 JP', n('magang', { jp: 40, count: 2 }), 40],
];

describe('kutai-barat-2024: every row of seed 004 (and the LAN rows it keeps)', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    const result = computeJp(input, KB);
    expect(result.jp).toBe(expected);
    expect(result.profile).toBe(KB);
  });

  it('keeps LAN "–" for pelatihan struktural kepemimpinan and pelatihan di tingkat nasional internasional', () => {
    expect(errorCode(() => computeJp(i('pelatihan-struktural-kepemimpinan', { jp: 40 }), KB))).toBe('scope-not-allowed');
    expect(errorCode(() => computeJp(i('pelatihan-tingkat-nasional', { jp: 40 }), KB))).toBe('scope-not-allowed');
  });

  it('cites the local section, and the section of the daily cap when it cuts', () => {
    const r = computeJp(n('seminar', { days: 2, jp: 20 }), KB);
    expect(r.explanation).toBe(
      'Seminar nasional: JP tertera pada bukti dukung 20 JP, menggantikan konversi 2 hari × 4 JP; ' +
        'paling tinggi 8 JP per hari × 2 hari = 16 JP, dihitung 16 JP ' +
        '(Pedoman DPUPR Kutai Barat 2024, IV.C.2.i; batas per hari: IV.C.2.c.5)',
    );
    expect(computeJp(n('coaching', { count: 3 }), KB).citation).toBe('Pedoman DPUPR Kutai Barat 2024, IV.D.1.j');
    expect(computeJp(n('tugas-belajar'), KB).citation).toBe('Peraturan LAN 10/2018, Lampiran A no. 1');
  });

  it('differs from LAN where the Variants table says so', () => {
    // outbond: LAN program JP, KB 20 JP per activity
    expect(errorCode(() => computeJp(n('outbond'), 'lan-2018'))).toBe('missing-input');
    // komunitas belajar: LAN hours (needs JP), KB 2 JP per day
    expect(errorCode(() => computeJp(n('komunitas-belajar', { days: 2 }), 'lan-2018'))).toBe('missing-input');
    // bimbingan di tempat kerja: LAN no conversion, KB 1 JP per activity
    expect(computeJp(n('bimbingan-di-tempat-kerja', { jp: 3 }), 'lan-2018').jp).toBe(3);
    expect(computeJp(n('bimbingan-di-tempat-kerja', { count: 3 }), KB).jp).toBe(3);
    // magang with a 40 JP certificate: LAN counts the certificate, KB at most 20
    expect(computeJp(n('magang', { jp: 40 }), 'lan-2018').jp).toBe(40);
    expect(computeJp(n('magang', { jp: 40 }), KB).jp).toBe(20);
    // seminar certificate 20 JP in 2 days: LAN counts it, KB at most 8 per day
    expect(computeJp(n('seminar', { days: 2, jp: 20 }), 'lan-2018').jp).toBe(20);
  });

  it('checks "maksimal 8 JP per hari" (Karakteristik) only when the days are known, and says so', () => {
    // IV.C.2.c.5 / IV.C.6.c.7: a limit beside the conversion, not the conversion: without days it cannot be checked.
    const seminar = computeJp(n('seminar', { jp: 10 }), KB);
    expect(seminar.jp).toBe(10);
    expect(seminar.explanation).toContain('batas 8 JP per hari tidak diperiksa karena jumlah hari tidak diketahui');
    expect(computeJp(n('bimbingan-teknis', { jp: 10 }), KB).jp).toBe(10);
    // With dates it is checked: 2 days → at most 16 JP.
    expect(computeJp(n('bimbingan-teknis', { jp: 20, start: '2026-05-04', end: '2026-05-05' }), KB).jp).toBe(16);
  });

  it('explains the order for bimtek internasional: the 8 JP/day limit on the programme, then + 20% (IV.C.6.c.7, IV.C.6.i)', () => {
    expect(computeJp(i('bimbingan-teknis', { jp: 20, days: 2 }), KB).explanation).toBe(
      'Bimbingan teknis internasional: JP program 20 JP; paling tinggi 8 JP per hari × 2 hari = 16 JP; 16 JP + 20% = 19,2 JP ' +
        '(Pedoman DPUPR Kutai Barat 2024, IV.C.6.i; batas per hari: IV.C.6.c.7)',
    );
  });

  it('IV.D.12.i magang: without a JP the message says it comes from the evidence (IV.D.12.h)', () => {
    const err = ruleError(() => computeJp(n('magang'), KB));
    expect(err.code).toBe('missing-input');
    expect(err.params).toMatchObject({ type: 'magang', field: 'jp' });
    expect(err.message).toContain('JP sesuai durasi magang');
    expect(err.message).toContain('bukti dukung');
  });

  it('says when a stated JP is not used because the row has no "dalam hal tidak disebutkan" clause (IV.D.8.i)', () => {
    expect(computeJp(n('pertukaran-pegawai', { jp: 30 }), KB).explanation).toBe(
      'Pertukaran pegawai nasional: 1 kegiatan × 20 JP = 20 JP; JP pada bukti dukung (30 JP) tidak dipakai: ' +
        'sumbernya tidak menyebut JP bukti dukung menggantikan konversi per kegiatan (Pedoman DPUPR Kutai Barat 2024, IV.D.8.i)',
    );
  });

  it('names the "Persyaratan, lama pelaksanaan" limits as such (IV.D.9.e.4, IV.D.10.e.7)', () => {
    expect(computeJp(n('belajar-mandiri', { jp: 2, days: 1 }), KB).explanation).toContain(
      'batas 2 kali × 2 JP per bulan (Persyaratan, lama pelaksanaan) diterapkan saat rekap',
    );
    expect(computeJp(i('komunitas-belajar', { days: 1 }), KB).explanation).toContain(
      'batas 3 kali × 3 JP per bulan (Persyaratan, lama pelaksanaan) diterapkan saat rekap',
    );
  });
});

/**
 * The MyASN "Riwayat Diklat/Kursus" example of seed 004 (III.C, lines 315–371): "Jenis Diklat: Bimbingan
 * Teknis", "E-Learning Pengetahuan Antikorupsi Dasar dan Integritas (PAD)", KPK, Durasi (Jam) 20; entered
 * as 29/03/2024–29/03/2024 (line 324–325) and summarised as 27/03/2024–28/03/2024 (lines 369–370).
 */
describe('seed 004 MyASN example (III.C): 20 JP bimbingan teknis', () => {
  const myasn = (start: string, end: string): ActivityInput => ({ type: 'bimbingan-teknis', scope: 'nasional', jp: 20, start, end });

  it('LAN 10/2018 Lampiran B.1 no. 11: sesuai JP program → 20 JP, year 2024', () => {
    expect(computeJp(myasn('2024-03-29', '2024-03-29')).jp).toBe(20);
    expect(activityYear(myasn('2024-03-29', '2024-03-29'))).toBe(2024);
  });

  it('Pedoman KB IV.C.6.c.7: one day (29/03/2024), maksimal 8 JP per hari → 8 JP', () => {
    expect(computeJp(myasn('2024-03-29', '2024-03-29'), KB).jp).toBe(8);
  });

  it('Pedoman KB IV.C.6.c.7: two days (27–28/03/2024), 8 JP × 2 → 16 JP', () => {
    expect(computeJp(myasn('2024-03-27', '2024-03-28'), KB).jp).toBe(16);
  });

  it('LAN 10/2018 Lampiran B.2 no. 8 as e-learning: 20 JP akses on one day, paling tinggi 3 JP sehari → 3 JP', () => {
    expect(computeJp({ type: 'e-learning', scope: 'nasional', jp: 20, start: '2024-03-29', end: '2024-03-29' }).jp).toBe(3);
  });
});
