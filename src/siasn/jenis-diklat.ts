/**
 * Where each form of the catalog goes in SIASN (see ../shared/siasn.md, from the BKN web service's public
 * clients): most are a Riwayat Kursus with a `jenisDiklatId` and its certificate kind
 * (`jenisKursusSertipikat`: T teknis, F fungsional, P partisipasi); structural leadership training is a
 * Riwayat Diklat with a `latihanStrukturalId`; degree study (tugas belajar) is no course at all: HR records
 * it in Riwayat Pendidikan, so the export lists it apart with no SIASN course fields.
 */
export type SiasnKind = 'kursus' | 'diklat' | 'pendidikan';

export interface SiasnJenis {
  kind: SiasnKind;
  /** "1"–"25" for kursus; "1" (Diklat Struktural) for diklat. */
  jenisDiklatId?: string;
  /** SIASN's name of that jenisDiklat. */
  nama?: string;
  jenisKursusSertipikat?: 'T' | 'F' | 'P';
}

const K = (jenisDiklatId: string, nama: string, jenisKursusSertipikat: 'T' | 'F' | 'P'): SiasnJenis => ({
  kind: 'kursus',
  jenisDiklatId,
  nama,
  jenisKursusSertipikat,
});

/** Every form key of src/rules/catalog.ts (a test checks that none is missing). */
export const JENIS_DIKLAT: Readonly<Record<string, SiasnJenis>> = Object.freeze({
  'tugas-belajar': { kind: 'pendidikan' },
  'pelatihan-struktural-kepemimpinan': { kind: 'diklat', jenisDiklatId: '1', nama: 'Diklat Struktural', jenisKursusSertipikat: 'T' },
  // A national-level training of no narrower kind: SIASN's "other classroom training".
  'pelatihan-tingkat-nasional': K('13', 'Pelatihan klasikal lainnya', 'T'),
  'pelatihan-manajerial': K('5', 'Pelatihan Manajerial', 'T'),
  'pelatihan-teknis': K('3', 'Diklat Teknis', 'T'),
  'pelatihan-fungsional': K('2', 'Diklat Fungsional', 'F'),
  'pelatihan-sosial-kultural': K('6', 'Pelatihan Sosial Kultural', 'T'),
  seminar: K('9', 'Seminar', 'P'),
  sosialisasi: K('7', 'Sosialisasi', 'P'),
  workshop: K('4', 'Workshop', 'P'),
  kursus: K('11', 'Kursus', 'T'),
  penataran: K('12', 'Penataran', 'T'),
  'bimbingan-teknis': K('8', 'Bimbingan Teknis', 'T'),
  'klasikal-lainnya': K('13', 'Pelatihan klasikal lainnya', 'T'),
  'pertukaran-pegawai': K('21', 'Pertukaran PNS dengan pegawai swasta/BUMN/BUMD', 'T'),
  magang: K('10', 'Magang', 'T'),
  'patok-banding': K('20', 'Patok Banding', 'T'),
  'pelatihan-jarak-jauh': K('17', 'Pelatihan Jarak Jauh', 'T'),
  coaching: K('14', 'Coaching', 'T'),
  mentoring: K('15', 'Mentoring', 'T'),
  detasering: K('18', 'Detasering', 'T'),
  'e-learning': K('16', 'E-Learning', 'T'),
  'belajar-mandiri': K('22', 'Belajar Mandiri', 'T'),
  'komunitas-belajar': K('23', 'Komunitas Belajar', 'T'),
  outbond: K('19', 'Pembelajaran Alam Terbuka / Outbond', 'T'),
  'bimbingan-di-tempat-kerja': K('24', 'Bimbingan di Tempat Kerja', 'T'),
  'nonklasikal-lainnya': K('25', 'Pelatihan nonklasikal lainnya', 'T'),
});

/** The SIASN place of a form key; an unknown key (a form added later) goes to "other" of its kind. */
export function siasnJenis(formKey: string, jalur?: string): SiasnJenis {
  if (Object.hasOwn(JENIS_DIKLAT, formKey)) return JENIS_DIKLAT[formKey]!;
  return jalur === 'nonklasikal' ? K('25', 'Pelatihan nonklasikal lainnya', 'T') : K('13', 'Pelatihan klasikal lainnya', 'T');
}

/**
 * SIASN's latihanStruktural of a structural leadership training, read from its title: PKP / PIM IV → 2,
 * PKA / PIM III → 3, PKN II / PIM II → 4, PKN I / PIM I → 5, SESPIM → 6, SESPATI → 7, else 8 (lainnya).
 */
export function latihanStrukturalId(title: string): string {
  const t = title.toUpperCase().replace(/\./g, ' ');
  if (/\bSESPATI\b/.test(t)) return '7';
  if (/\bSESPIM\b/.test(t)) return '6';
  if (/\bPKP\b|\bPENGAWAS\b|\bPIM\s*(TK\s*)?(IV|4)\b|\bADUM\b|\bSEPALA\b/.test(t)) return '2';
  if (/\bPKA\b|\bADMINISTRATOR\b|\bPIM\s*(TK\s*)?(III|3)\b|\bSPAMA\b|\bSEPADYA\b/.test(t)) return '3';
  if (/\bPKN\s*(TK\s*)?(II|2)\b|\bPIM\s*(TK\s*)?(II|2)\b|\bSPAMEN\b|\bSESPA\b|\bSESPANAS\b/.test(t)) return '4';
  if (/\bPKN\s*(TK\s*)?(I|1)\b|\bPIM\s*(TK\s*)?(I|1)\b|\bSEPATI\b/.test(t)) return '5';
  if (/\bSEPADA\b/.test(t)) return '1';
  return '8';
}

/**
 * SIASN's `jumlahJam` is a whole number: the exact JP rounded half up (2.5 → 3), and at least 1 for any
 * activity worth JP at all (SIASN has no "0 jam" course). The export keeps the exact JP beside it.
 */
export function jumlahJam(jp: number): number {
  if (!(jp > 0)) return 0;
  return Math.max(1, Math.floor(jp + 0.5));
}
