import type { Column, DailyCap, ProfileDef, RuleRow } from '../types.js';
import { LAN_2018 } from './lan-2018.js';

/**
 * Keputusan Kepala DPUPR Kabupaten Kutai Barat Nomor SK. 800.2.1/1683/DPUPR-KB/V/2024 (seed 004),
 * Lampiran "Pedoman Pengembangan Kompetensi": bagian IV.C (klasikal) and IV.D (nonklasikal), each
 * form with its own "Konversi Perhitungan Pemenuhan JP". Forms the pedoman gives no conversion for
 * (tugas belajar, the five "pelatihan" programmes of IV.C.1, pelatihan di tingkat nasional, lainnya)
 * keep the LAN 10/2018 row, which the pedoman itself builds on (Menimbang huruf c).
 *
 * `statedJpReplaces` follows the text of each conversion: only the rows that open with "Dalam hal tidak
 * disebutkan pada Bukti Dukung Pengembangan Kompetensi, maka …" let a JP stated in the evidence replace
 * the conversion: seminar (seed 004 line 509), workshop (558), penataran (641), bimbingan teknis (700),
 * sosialisasi (740), e-learning (977), pelatihan jarak jauh (1023), detasering (1067), outbond (1113),
 * komunitas belajar (1280). Kursus (602), coaching (853), mentoring (929), patok banding (1163),
 * pertukaran pegawai (1205), belajar mandiri (1237), bimbingan di tempat kerja (1312) and magang (1366)
 * have no such clause.
 */
const KB = 'Pedoman DPUPR Kutai Barat 2024';

const program: Column = { kind: 'program', factor: 1 };
const plus20: Column = { kind: 'program', factor: 1.2 };
const rate = (jp: number, factor?: number): Column => (factor ? { kind: 'rate', jp, factor } : { kind: 'rate', jp });

/**
 * "Dilaksanakan 1-2 hari (bimtek: maksimal 3 hari), maksimal 8 JP per hari" (Karakteristik, beside the
 * conversion): no scope distinction; on the programme / stated JP before the international +20%, and only
 * when the days are known.
 */
const eightPerDay = (section: string): DailyCap => ({
  nasional: 8,
  internasional: 8,
  kind: 'limit',
  citation: `${KB}, ${section}`,
});

/** Limits the pedoman states under "e. Persyaratan" ("Lama pelaksanaan"), not under "i. Konversi". */
const PERSYARATAN = 'Persyaratan, lama pelaksanaan';

const lan = LAN_2018.rows;

function lanRow(key: string): RuleRow {
  const row = lan[key];
  if (!row) throw new Error(`lan-2018 has no row ${key}`);
  return row;
}

export const KUTAI_BARAT_2024: ProfileDef = {
  id: 'kutai-barat-2024',
  name: 'Pedoman DPUPR Kutai Barat 2024',
  description:
    'Konversi JP lokal DPUPR Kabupaten Kutai Barat (SK. 800.2.1/1683/DPUPR-KB/V/2024, Lampiran IV.C–IV.D); ' +
    'baris yang tidak diatur mengikuti Peraturan LAN 10/2018.',
  rows: {
    ...lan,

    // IV.C Klasikal
    seminar: {
      unit: 'day',
      no: 'IV.C.2',
      nasional: rate(4),
      internasional: rate(6),
      statedJpReplaces: true,
      dailyCap: eightPerDay('IV.C.2.c.5'),
      citation: `${KB}, IV.C.2.i`,
    },
    workshop: {
      unit: 'day',
      no: 'IV.C.3',
      nasional: rate(5),
      internasional: rate(7),
      statedJpReplaces: true,
      dailyCap: eightPerDay('IV.C.3.c.9'),
      citation: `${KB}, IV.C.3.i`,
    },
    kursus: { unit: 'jp', no: 'IV.C.4', nasional: program, internasional: plus20, statedJpReplaces: false, citation: `${KB}, IV.C.4.i` },
    penataran: { unit: 'jp', no: 'IV.C.5', nasional: program, internasional: plus20, statedJpReplaces: true, citation: `${KB}, IV.C.5.i` },
    // Seed 004 line 667: "maksimal 3 hari, maksimal 8 JP per hari": on the programme JP, then +20% (line 702).
    'bimbingan-teknis': {
      unit: 'jp',
      no: 'IV.C.6',
      nasional: program,
      internasional: plus20,
      statedJpReplaces: true,
      dailyCap: eightPerDay('IV.C.6.c.7'),
      citation: `${KB}, IV.C.6.i`,
    },
    sosialisasi: {
      unit: 'day',
      no: 'IV.C.7',
      nasional: rate(4),
      internasional: rate(6),
      statedJpReplaces: true,
      dailyCap: eightPerDay('IV.C.7.c.4'),
      citation: `${KB}, IV.C.7.i`,
    },

    // IV.D Nonklasikal
    coaching: {
      unit: 'session',
      no: 'IV.D.1',
      nasional: rate(2),
      internasional: rate(4),
      statedJpReplaces: false,
      periodCaps: [{ per: 'month', max: 3, citation: `${KB}, IV.D.1.j` }],
      citation: `${KB}, IV.D.1.j`,
    },
    // IV.D.2.i gives 2 / 4 JP per session and no monthly limit of its own: the LAN limit
    // (2 sessions per month, Lampiran B.2 no. 6) is kept.
    mentoring: { ...lanRow('mentoring'), no: 'IV.D.2', statedJpReplaces: false, citation: `${KB}, IV.D.2.i` },
    // "Dalam hal tidak disebutkan pada Bukti Dukung …, maka 1 hari maksimal 3 (4) JP" (lines 977–980). The
    // stated JP here is the JP akses daring itself; a certificate figure that would lift the per-day
    // maximum is not told apart from it in the input, so the maximum always applies.
    'e-learning': {
      unit: 'jp',
      no: 'IV.D.3',
      nasional: program,
      internasional: program,
      statedJpReplaces: true,
      dailyCap: { nasional: 3, internasional: 4, kind: 'conversion' },
      basis: 'JP akses daring',
      citation: `${KB}, IV.D.3.i`,
    },
    'pelatihan-jarak-jauh': {
      unit: 'jp',
      no: 'IV.D.4',
      nasional: program,
      internasional: plus20,
      statedJpReplaces: true,
      citation: `${KB}, IV.D.4.i`,
    },
    // Line 1069: "setara dengan 20 JP ditambahkan 20% dari JP Program Detasering".
    detasering: {
      unit: 'activity',
      no: 'IV.D.5',
      nasional: rate(20),
      internasional: rate(20, 1.2),
      statedJpReplaces: true,
      citation: `${KB}, IV.D.5.i`,
    },
    // Line 1115: "setara dengan 20 JP ditambahkan 20% dari JP Program pembelajaran alam terbuka".
    outbond: {
      unit: 'activity',
      no: 'IV.D.6',
      nasional: rate(20),
      internasional: rate(20, 1.2),
      statedJpReplaces: true,
      citation: `${KB}, IV.D.6.h`,
    },
    'patok-banding': {
      unit: 'activity',
      no: 'IV.D.7',
      nasional: rate(10),
      internasional: rate(20),
      statedJpReplaces: false,
      periodCaps: [{ per: 'year', max: 1, citation: `${KB}, IV.D.7.i` }],
      citation: `${KB}, IV.D.7.i`,
    },
    'pertukaran-pegawai': {
      unit: 'activity',
      no: 'IV.D.8',
      nasional: rate(20),
      internasional: rate(24),
      statedJpReplaces: false,
      citation: `${KB}, IV.D.8.i`,
    },
    // Conversion (lines 1238–1239): "sesuai jam belajar mandiri, maksimal 2 JP dalam 1 hari", internasional +20%.
    // Persyaratan (line 1226): "Lama pelaksanaan: Maksimal 2x dalam 1 bulan, dengan durasi kegiatan selama
    // 2 JP": counted in JP, at most 2 × 2 JP (internasional 2 × 2,4 JP) per month.
    'belajar-mandiri': {
      unit: 'jp',
      no: 'IV.D.9',
      nasional: program,
      internasional: plus20,
      statedJpReplaces: false,
      dailyCap: { nasional: 2, internasional: 2, kind: 'conversion' },
      basis: 'jam belajar (JP)',
      periodCaps: [
        { per: 'month', max: 2, jpEach: { nasional: 2, internasional: 2.4 }, basis: PERSYARATAN, citation: `${KB}, IV.D.9.e.4` },
      ],
      citation: `${KB}, IV.D.9.i`,
    },
    // Conversion (lines 1280–1283): "1 hari setara dengan 2 JP / 3 JP", unless the evidence states the JP.
    // Persyaratan (line 1259): "Lama pelaksanaan: Maksimal 3x dalam 1 bulan": counted in JP, at most
    // 3 × 2 JP (internasional 3 × 3 JP) per month, so that a stated JP is capped too.
    'komunitas-belajar': {
      unit: 'day',
      no: 'IV.D.10',
      nasional: rate(2),
      internasional: rate(3),
      statedJpReplaces: true,
      periodCaps: [
        { per: 'month', max: 3, jpEach: { nasional: 2, internasional: 3 }, basis: PERSYARATAN, citation: `${KB}, IV.D.10.e.7` },
      ],
      citation: `${KB}, IV.D.10.i`,
    },
    // Conversion (line 1314): "1 kegiatan sebanyak 1 JP dalam setahun maksimal 4 kali"; Persyaratan
    // (line 1302): "Lama pelaksanaan: Maksimal 3x dalam 1 bulan". One figure for both scopes.
    'bimbingan-di-tempat-kerja': {
      unit: 'activity',
      no: 'IV.D.11',
      nasional: rate(1),
      internasional: rate(1),
      statedJpReplaces: false,
      periodCaps: [
        { per: 'month', max: 3, basis: PERSYARATAN, citation: `${KB}, IV.D.11.e.4` },
        { per: 'year', max: 4, citation: `${KB}, IV.D.11.i` },
      ],
      citation: `${KB}, IV.D.11.i`,
    },
    // "Disesuaikan dengan durasi magang, paling banyak 20 (24) JP dalam 1 kali kegiatan" (lines 1367–1368);
    // the evidence is the Surat Keterangan / Sertifikat of the host (line 1365).
    magang: {
      unit: 'jp',
      no: 'IV.D.12',
      nasional: program,
      internasional: program,
      statedJpReplaces: false,
      perActivityCap: { nasional: 20, internasional: 24 },
      basis: 'JP sesuai durasi magang',
      jpHint: 'JP sesuai durasi magang, diambil dari bukti dukung (surat keterangan/sertifikat magang dari instansi tempat magang)',
      citation: `${KB}, IV.D.12.i`,
    },
  },
};
