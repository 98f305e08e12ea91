import type { Column, ProfileDef, RuleRow } from '../types.js';

/**
 * Peraturan LAN Nomor 10 Tahun 2018, attachment "Konversi Pengembangan Kompetensi": seed 003 (lines 3–46),
 * also attached to seed 000 (lines 61–105) and seed 001 (lines 253–366). The three copies agree except in
 * the national column of coaching and mentoring: seeds 000 (lines 98–99) and 001 (lines 345–355) read
 * "maksimal dihitung 2 (dua) kali dalam 1 bulan" (2 sessions), seed 003 (lines 38–39) reads "maksimal
 * dihitung 2 (dua) JP dalam 1 bulan". This profile follows 000 and 001, which match the international
 * column of all three ("2 kali dalam 1 bulan"); see domain.md, Variants.
 *
 * A JP stated on the certificate replaces a day or activity conversion (seed 000 line 37: "sesuai JP
 * tertera di sertifikat apabila ada"; domain.md "Certificate JP"), not the per-session conversion of
 * coaching and mentoring (whose limit counts sessions) nor the per-semester one of tugas belajar.
 */
const LAN = 'Peraturan LAN 10/2018';

const program: Column = { kind: 'program', factor: 1 };
const plus20: Column = { kind: 'program', factor: 1.2 };
const rate = (jp: number, factor?: number): Column => (factor ? { kind: 'rate', jp, factor } : { kind: 'rate', jp });

/** "Sesuai JP program" / "Ditambah 20% dari JP program" rows. */
const programRow = (no: string, citation: string, international: Column | null = plus20): RuleRow => ({
  unit: 'jp',
  no,
  nasional: program,
  internasional: international,
  statedJpReplaces: false,
  citation,
});

/** A unit-day or unit-activity row: the certificate JP replaces it. */
const rateRow = (unit: 'day' | 'activity', no: string, nasional: Column, internasional: Column, citation: string): RuleRow => ({
  unit,
  no,
  nasional,
  internasional,
  statedJpReplaces: true,
  citation,
});

/** A form the table names without a conversion row: the JP stated in the evidence is counted. */
const statedRow = (citation: string, international: Column = plus20): RuleRow => ({
  unit: 'jp',
  nasional: program,
  internasional: international,
  needsStatedJp: true,
  statedJpReplaces: false,
  citation,
});

const monthly2 = (no: number) => [{ per: 'month' as const, max: 2, citation: `${LAN}, Lampiran B.2 no. ${no}` }];

export const LAN_2018: ProfileDef = {
  id: 'lan-2018',
  name: 'Peraturan LAN 10/2018',
  description:
    'Tabel konversi JP nasional (Lampiran Peraturan LAN Nomor 10 Tahun 2018 tentang Pengembangan Kompetensi PNS); profil bawaan.',
  rows: {
    // A. Jalur pendidikan
    'tugas-belajar': {
      unit: 'semester',
      no: '1',
      nasional: rate(20),
      internasional: rate(20),
      statedJpReplaces: false,
      citation: `${LAN}, Lampiran A no. 1`,
    },

    // B.1 Pelatihan klasikal
    'pelatihan-struktural-kepemimpinan': programRow('1', `${LAN}, Lampiran B.1 no. 1`, null),
    'pelatihan-tingkat-nasional': programRow('2', `${LAN}, Lampiran B.1 no. 2`, null),
    'pelatihan-manajerial': programRow('3', `${LAN}, Lampiran B.1 no. 3`),
    'pelatihan-teknis': programRow('4', `${LAN}, Lampiran B.1 no. 4`),
    'pelatihan-fungsional': programRow('5', `${LAN}, Lampiran B.1 no. 5`),
    'pelatihan-sosial-kultural': programRow('6', `${LAN}, Lampiran B.1 no. 6`),
    seminar: rateRow('day', '7', rate(4), rate(6), `${LAN}, Lampiran B.1 no. 7`),
    sosialisasi: rateRow('day', '7', rate(4), rate(6), `${LAN}, Lampiran B.1 no. 7`),
    workshop: rateRow('day', '8', rate(5), rate(7), `${LAN}, Lampiran B.1 no. 8`),
    kursus: programRow('9', `${LAN}, Lampiran B.1 no. 9`),
    penataran: programRow('10', `${LAN}, Lampiran B.1 no. 10`),
    'bimbingan-teknis': programRow('11', `${LAN}, Lampiran B.1 no. 11`),
    'klasikal-lainnya': statedRow(`${LAN}, Lampiran B.1 (bentuk klasikal lainnya: tidak ada baris konversi)`),

    // B.2 Pelatihan nonklasikal
    'pertukaran-pegawai': rateRow('activity', '1', rate(20), rate(24), `${LAN}, Lampiran B.2 no. 1`),
    magang: rateRow('activity', '2', rate(20), rate(24), `${LAN}, Lampiran B.2 no. 2`),
    'patok-banding': rateRow('activity', '3', rate(10), rate(20), `${LAN}, Lampiran B.2 no. 3`),
    'pelatihan-jarak-jauh': programRow('4', `${LAN}, Lampiran B.2 no. 4`),
    coaching: {
      unit: 'session',
      no: '5',
      nasional: rate(2),
      internasional: rate(4),
      statedJpReplaces: false,
      periodCaps: monthly2(5),
      citation: `${LAN}, Lampiran B.2 no. 5`,
    },
    mentoring: {
      unit: 'session',
      no: '6',
      nasional: rate(2),
      internasional: rate(4),
      statedJpReplaces: false,
      periodCaps: monthly2(6),
      citation: `${LAN}, Lampiran B.2 no. 6`,
    },
    // Seed 003 line 40 (and 001 line 356): "1 kali kegiatan detasering ditambahkan 20% dari JP Program
    // Detasering": 20 JP + 20% = 24, and a stated programme JP + 20%.
    detasering: rateRow('activity', '7', rate(20), rate(20, 1.2), `${LAN}, Lampiran B.2 no. 7`),
    // "Paling tinggi 1 hari 3 JP / 4 JP akses": the JP claimed, at most 3 (4) per day; no +20%.
    'e-learning': {
      unit: 'jp',
      no: '8',
      nasional: program,
      internasional: program,
      statedJpReplaces: false,
      dailyCap: { nasional: 3, internasional: 4, kind: 'conversion' },
      basis: 'JP akses daring',
      citation: `${LAN}, Lampiran B.2 no. 8`,
    },
    // "Sesuai jam belajar mandiri, paling tinggi 2 JP sehari"; internasional "+20%": 2 + 20% = 2,4 JP per day.
    'belajar-mandiri': {
      unit: 'jp',
      no: '9',
      nasional: program,
      internasional: plus20,
      statedJpReplaces: false,
      dailyCap: { nasional: 2, internasional: 2, kind: 'conversion' },
      basis: 'jam belajar (JP)',
      citation: `${LAN}, Lampiran B.2 no. 9`,
    },
    'komunitas-belajar': {
      unit: 'jp',
      no: '10',
      nasional: program,
      internasional: plus20,
      statedJpReplaces: false,
      dailyCap: { nasional: 2, internasional: 2, kind: 'conversion' },
      basis: 'jam belajar (JP)',
      citation: `${LAN}, Lampiran B.2 no. 10`,
    },
    outbond: programRow('11', `${LAN}, Lampiran B.2 no. 11`),
    // Named among the nonklasikal forms but without a conversion row: the JP stated in the evidence.
    'bimbingan-di-tempat-kerja': statedRow(`${LAN}, Lampiran B.2 (bimbingan di tempat kerja: tidak ada baris konversi)`, program),
    'nonklasikal-lainnya': statedRow(`${LAN}, Lampiran B.2 (bentuk nonklasikal lainnya: tidak ada baris konversi)`),
  },
};
