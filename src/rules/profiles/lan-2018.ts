import type { Column, ProfileDef, RuleRow } from '../types.js';

/**
 * Peraturan LAN Nomor 10 Tahun 2018, attachment "Konversi Pengembangan Kompetensi"
 * (seed 003; the same table is attached to seeds 000 and 001).
 */
const LAN = 'Peraturan LAN 10/2018';

const program: Column = { kind: 'program', factor: 1 };
const plus20: Column = { kind: 'program', factor: 1.2 };
const rate = (jp: number): Column => ({ kind: 'rate', jp });

/** "Sesuai JP program" / "Ditambah 20% dari JP program" rows. */
const programRow = (citation: string, international: Column | null = plus20): RuleRow => ({
  unit: 'jp',
  nasional: program,
  internasional: international,
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
    'tugas-belajar': { unit: 'semester', nasional: rate(20), internasional: rate(20), citation: `${LAN}, Lampiran A no. 1` },

    // B.1 Pelatihan klasikal
    'pelatihan-struktural-kepemimpinan': programRow(`${LAN}, Lampiran B.1 no. 1`, null),
    'pelatihan-tingkat-nasional': programRow(`${LAN}, Lampiran B.1 no. 2`, null),
    'pelatihan-manajerial': programRow(`${LAN}, Lampiran B.1 no. 3`),
    'pelatihan-teknis': programRow(`${LAN}, Lampiran B.1 no. 4`),
    'pelatihan-fungsional': programRow(`${LAN}, Lampiran B.1 no. 5`),
    'pelatihan-sosial-kultural': programRow(`${LAN}, Lampiran B.1 no. 6`),
    seminar: { unit: 'day', nasional: rate(4), internasional: rate(6), citation: `${LAN}, Lampiran B.1 no. 7` },
    sosialisasi: { unit: 'day', nasional: rate(4), internasional: rate(6), citation: `${LAN}, Lampiran B.1 no. 7` },
    workshop: { unit: 'day', nasional: rate(5), internasional: rate(7), citation: `${LAN}, Lampiran B.1 no. 8` },
    kursus: programRow(`${LAN}, Lampiran B.1 no. 9`),
    penataran: programRow(`${LAN}, Lampiran B.1 no. 10`),
    'bimbingan-teknis': programRow(`${LAN}, Lampiran B.1 no. 11`),
    'klasikal-lainnya': {
      ...programRow(`${LAN}, Lampiran B.1 (bentuk klasikal lainnya: tidak ada baris konversi)`),
      needsStatedJp: true,
    },

    // B.2 Pelatihan nonklasikal
    'pertukaran-pegawai': { unit: 'activity', nasional: rate(20), internasional: rate(24), citation: `${LAN}, Lampiran B.2 no. 1` },
    magang: { unit: 'activity', nasional: rate(20), internasional: rate(24), citation: `${LAN}, Lampiran B.2 no. 2` },
    'patok-banding': { unit: 'activity', nasional: rate(10), internasional: rate(20), citation: `${LAN}, Lampiran B.2 no. 3` },
    'pelatihan-jarak-jauh': programRow(`${LAN}, Lampiran B.2 no. 4`),
    coaching: {
      unit: 'session',
      nasional: rate(2),
      internasional: rate(4),
      periodCaps: monthly2(5),
      citation: `${LAN}, Lampiran B.2 no. 5`,
    },
    mentoring: {
      unit: 'session',
      nasional: rate(2),
      internasional: rate(4),
      periodCaps: monthly2(6),
      citation: `${LAN}, Lampiran B.2 no. 6`,
    },
    // "1 kali kegiatan detasering ditambahkan 20% dari JP Program Detasering" = 20 + 20% = 24.
    detasering: { unit: 'activity', nasional: rate(20), internasional: rate(24), citation: `${LAN}, Lampiran B.2 no. 7` },
    // "Paling tinggi 1 hari 3 JP / 4 JP akses": the JP claimed, at most 3 (4) per day; no +20%.
    'e-learning': {
      unit: 'jp',
      nasional: program,
      internasional: program,
      dailyCap: { nasional: 3, internasional: 4 },
      basis: 'JP akses daring',
      citation: `${LAN}, Lampiran B.2 no. 8`,
    },
    'belajar-mandiri': {
      unit: 'jp',
      nasional: program,
      internasional: plus20,
      dailyCap: { nasional: 2, internasional: 2.4 },
      basis: 'jam belajar (JP)',
      citation: `${LAN}, Lampiran B.2 no. 9`,
    },
    'komunitas-belajar': {
      unit: 'jp',
      nasional: program,
      internasional: plus20,
      dailyCap: { nasional: 2, internasional: 2.4 },
      basis: 'jam belajar (JP)',
      citation: `${LAN}, Lampiran B.2 no. 10`,
    },
    outbond: programRow(`${LAN}, Lampiran B.2 no. 11`),
    // Named among the nonklasikal forms but without a conversion row: the JP stated in the evidence.
    'bimbingan-di-tempat-kerja': {
      ...programRow(`${LAN}, Lampiran B.2 (bimbingan di tempat kerja: tidak ada baris konversi)`, program),
      needsStatedJp: true,
    },
    'nonklasikal-lainnya': {
      ...programRow(`${LAN}, Lampiran B.2 (bentuk nonklasikal lainnya: tidak ada baris konversi)`),
      needsStatedJp: true,
    },
  },
};
