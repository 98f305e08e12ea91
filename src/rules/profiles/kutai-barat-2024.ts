import type { Column, ProfileDef, RuleRow, ScopedLimit } from '../types.js';
import { LAN_2018 } from './lan-2018.js';

/**
 * Keputusan Kepala DPUPR Kabupaten Kutai Barat Nomor SK. 800.2.1/1683/DPUPR-KB/V/2024 (seed 004),
 * Lampiran "Pedoman Pengembangan Kompetensi": bagian IV.C (klasikal) and IV.D (nonklasikal), each
 * form with its own "Konversi Perhitungan Pemenuhan JP". Forms the pedoman gives no conversion for
 * (tugas belajar, the five "pelatihan" programmes of IV.C.1, pelatihan di tingkat nasional, lainnya)
 * keep the LAN 10/2018 row, which the pedoman itself builds on (Menimbang huruf c).
 */
const KB = 'Pedoman DPUPR Kutai Barat 2024';

const program: Column = { kind: 'program', factor: 1 };
const plus20: Column = { kind: 'program', factor: 1.2 };
const rate = (jp: number): Column => ({ kind: 'rate', jp });

/** "Dilaksanakan 1-2 hari (bimtek: maksimal 3 hari), maksimal 8 JP per hari" — no scope distinction. */
const eightPerDay = (section: string): ScopedLimit => ({
  nasional: 8,
  internasional: 8,
  citation: `${KB}, ${section}`,
});

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
      nasional: rate(4),
      internasional: rate(6),
      dailyCap: eightPerDay('IV.C.2.c.5'),
      citation: `${KB}, IV.C.2.i`,
    },
    workshop: {
      unit: 'day',
      nasional: rate(5),
      internasional: rate(7),
      dailyCap: eightPerDay('IV.C.3.c.9'),
      citation: `${KB}, IV.C.3.i`,
    },
    kursus: { unit: 'jp', nasional: program, internasional: plus20, citation: `${KB}, IV.C.4.i` },
    penataran: { unit: 'jp', nasional: program, internasional: plus20, citation: `${KB}, IV.C.5.i` },
    'bimbingan-teknis': {
      unit: 'jp',
      nasional: program,
      internasional: plus20,
      dailyCap: eightPerDay('IV.C.6.c.7'),
      citation: `${KB}, IV.C.6.i`,
    },
    sosialisasi: {
      unit: 'day',
      nasional: rate(4),
      internasional: rate(6),
      dailyCap: eightPerDay('IV.C.7.c.4'),
      citation: `${KB}, IV.C.7.i`,
    },

    // IV.D Nonklasikal
    coaching: {
      unit: 'session',
      nasional: rate(2),
      internasional: rate(4),
      periodCaps: [{ per: 'month', max: 3, citation: `${KB}, IV.D.1.j` }],
      citation: `${KB}, IV.D.1.j`,
    },
    // IV.D.2.i gives 2 / 4 JP per session and no monthly limit of its own: the LAN limit
    // (2 sessions per month, Lampiran B.2 no. 6) is kept.
    mentoring: { ...lanRow('mentoring'), citation: `${KB}, IV.D.2.i` },
    'e-learning': {
      unit: 'jp',
      nasional: program,
      internasional: program,
      dailyCap: { nasional: 3, internasional: 4 },
      basis: 'JP akses daring',
      citation: `${KB}, IV.D.3.i`,
    },
    'pelatihan-jarak-jauh': { unit: 'jp', nasional: program, internasional: plus20, citation: `${KB}, IV.D.4.i` },
    detasering: { unit: 'activity', nasional: rate(20), internasional: rate(24), citation: `${KB}, IV.D.5.i` },
    outbond: { unit: 'activity', nasional: rate(20), internasional: rate(24), citation: `${KB}, IV.D.6.h` },
    'patok-banding': {
      unit: 'activity',
      nasional: rate(10),
      internasional: rate(20),
      periodCaps: [{ per: 'year', max: 1, citation: `${KB}, IV.D.7.i` }],
      citation: `${KB}, IV.D.7.i`,
    },
    'pertukaran-pegawai': { unit: 'activity', nasional: rate(20), internasional: rate(24), citation: `${KB}, IV.D.8.i` },
    // "Maksimal 2x dalam 1 bulan, dengan durasi kegiatan selama 2 JP": one time = one day of study.
    'belajar-mandiri': {
      unit: 'jp',
      nasional: program,
      internasional: plus20,
      dailyCap: { nasional: 2, internasional: 2.4 },
      basis: 'jam belajar (JP)',
      periodCaps: [{ per: 'month', max: 2, citation: `${KB}, IV.D.9.e.4` }],
      citation: `${KB}, IV.D.9.i`,
    },
    // "1 hari setara dengan 2 JP / 3 JP"; "Maksimal 3x dalam 1 bulan": one time = one day.
    'komunitas-belajar': {
      unit: 'day',
      nasional: rate(2),
      internasional: rate(3),
      periodCaps: [{ per: 'month', max: 3, citation: `${KB}, IV.D.10.e.7` }],
      citation: `${KB}, IV.D.10.i`,
    },
    // "1 kegiatan sebanyak 1 JP dalam setahun maksimal 4 kali"; "Maksimal 3x dalam 1 bulan".
    // The pedoman states one figure for both scopes.
    'bimbingan-di-tempat-kerja': {
      unit: 'activity',
      nasional: rate(1),
      internasional: rate(1),
      periodCaps: [
        { per: 'month', max: 3, citation: `${KB}, IV.D.11.e.4` },
        { per: 'year', max: 4, citation: `${KB}, IV.D.11.i` },
      ],
      citation: `${KB}, IV.D.11.i`,
    },
    // "Disesuaikan dengan durasi magang, paling banyak 20 (24) JP dalam 1 kali kegiatan".
    magang: {
      unit: 'jp',
      nasional: program,
      internasional: program,
      perActivityCap: { nasional: 20, internasional: 24 },
      basis: 'JP sesuai durasi magang',
      citation: `${KB}, IV.D.12.i`,
    },
  },
};
