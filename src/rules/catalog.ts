import type { FormInfo } from './types.js';

/**
 * Every form of bangkom, in the order of the LAN 10/2018 conversion table (seed 003):
 * pendidikan, then klasikal (B.1), then nonklasikal (B.2), each ending with its "lainnya" form.
 * Synonyms are matched case-insensitively as whole words by findForms (match.ts); keep them specific to
 * the form (a word that also names a person or a competency mis-maps sentences).
 */
export const CATALOG: readonly FormInfo[] = [
  {
    key: 'tugas-belajar',
    jalur: 'pendidikan',
    label: 'Tugas belajar (pendidikan tinggi)',
    labelEn: 'Degree study (diploma/S1/S2/S3)',
    // No bare "kuliah": "kuliah umum" is a lecture, not a degree.
    synonyms: ['tugas belajar', 'pendidikan tinggi', 'kuliah S1', 'kuliah S2', 'kuliah S3', 'kuliah D3', 'kuliah D4', 'diploma', 'S1', 'S2', 'S3', 'D3', 'D4', 'sarjana', 'magister', 'pascasarjana', 'doktoral'],
  },
  {
    key: 'pelatihan-struktural-kepemimpinan',
    jalur: 'klasikal',
    label: 'Pelatihan struktural kepemimpinan',
    labelEn: 'Structural leadership training',
    synonyms: ['pelatihan kepemimpinan', 'diklat PIM', 'diklatpim', 'PIM', 'PKA', 'PKP', 'PKN', 'diklat struktural', 'leadership training'],
  },
  {
    key: 'pelatihan-tingkat-nasional',
    jalur: 'klasikal',
    label: 'Pelatihan di tingkat nasional',
    labelEn: 'National-level training',
    synonyms: ['pelatihan di tingkat nasional', 'pelatihan tingkat nasional', 'diklat tingkat nasional'],
  },
  {
    key: 'pelatihan-manajerial',
    jalur: 'klasikal',
    label: 'Pelatihan manajerial',
    labelEn: 'Managerial training',
    synonyms: ['diklat manajerial', 'managerial training'],
  },
  {
    key: 'pelatihan-teknis',
    jalur: 'klasikal',
    label: 'Pelatihan teknis',
    labelEn: 'Technical training',
    synonyms: ['diklat teknis', 'technical training'],
  },
  {
    key: 'pelatihan-fungsional',
    jalur: 'klasikal',
    label: 'Pelatihan fungsional',
    labelEn: 'Functional training',
    synonyms: ['diklat fungsional', 'diklat JF', 'pelatihan jabatan fungsional', 'functional training'],
  },
  {
    key: 'pelatihan-sosial-kultural',
    jalur: 'klasikal',
    label: 'Pelatihan sosial kultural',
    labelEn: 'Socio-cultural training',
    // No bare "sosial kultural": it is also a kind of competency ("kompetensi sosial kultural").
    synonyms: ['pelatihan sosio kultural', 'pelatihan sosiokultural', 'diklat sosial kultural', 'diklat sosio kultural'],
  },
  {
    key: 'seminar',
    jalur: 'klasikal',
    label: 'Seminar',
    labelEn: 'Seminar / conference',
    synonyms: ['webinar', 'konferensi', 'conference', 'sarasehan', 'simposium', 'symposium'],
  },
  {
    key: 'sosialisasi',
    jalur: 'klasikal',
    label: 'Sosialisasi',
    labelEn: 'Information session (sosialisasi)',
    synonyms: ['socialization', 'socialisation'],
  },
  {
    key: 'workshop',
    jalur: 'klasikal',
    label: 'Workshop',
    labelEn: 'Workshop',
    synonyms: ['lokakarya', 'loka karya'],
  },
  {
    key: 'kursus',
    jalur: 'klasikal',
    label: 'Kursus',
    labelEn: 'Course',
    synonyms: ['course', 'short course'],
  },
  {
    key: 'penataran',
    jalur: 'klasikal',
    label: 'Penataran',
    labelEn: 'Upgrading course (penataran)',
    synonyms: ['upgrading'],
  },
  {
    key: 'bimbingan-teknis',
    jalur: 'klasikal',
    label: 'Bimbingan teknis',
    labelEn: 'Technical guidance (bimtek)',
    synonyms: ['bimtek', 'technical guidance'],
  },
  {
    key: 'klasikal-lainnya',
    jalur: 'klasikal',
    label: 'Pelatihan klasikal lainnya',
    labelEn: 'Other classroom learning',
    synonyms: ['klasikal lainnya', 'klasikal lain'],
  },
  {
    key: 'pertukaran-pegawai',
    jalur: 'nonklasikal',
    label: 'Pertukaran pegawai',
    labelEn: 'Staff exchange (with private sector/BUMN/BUMD)',
    synonyms: ['pertukaran PNS', 'pertukaran ASN', 'pertukaran SDM', 'employee exchange', 'staff exchange'],
  },
  {
    key: 'magang',
    jalur: 'nonklasikal',
    label: 'Magang',
    labelEn: 'Internship / work placement',
    synonyms: ['praktik kerja', 'praktek kerja', 'PKL', 'internship'],
  },
  {
    key: 'patok-banding',
    jalur: 'nonklasikal',
    label: 'Patok banding',
    labelEn: 'Benchmarking',
    synonyms: ['benchmarking', 'benchmark', 'studi banding'],
  },
  {
    key: 'pelatihan-jarak-jauh',
    jalur: 'nonklasikal',
    label: 'Pelatihan jarak jauh',
    labelEn: 'Distance training',
    // Seed 004 line 1013: PJJ is online "atau dikombinasikan dengan tatap muka (blended learning)".
    synonyms: ['PJJ', 'diklat jarak jauh', 'distance learning', 'distance training', 'blended learning'],
  },
  {
    key: 'coaching',
    jalur: 'nonklasikal',
    label: 'Coaching',
    labelEn: 'Coaching',
    // Not "coach": it names the person ("seminar oleh coach"), not the form.
    synonyms: ['koching', 'coachee'],
  },
  {
    key: 'mentoring',
    jalur: 'nonklasikal',
    label: 'Mentoring',
    labelEn: 'Mentoring',
    // Not "mentor": it names the person, not the form.
    synonyms: ['mentee'],
  },
  {
    key: 'detasering',
    jalur: 'nonklasikal',
    label: 'Detasering',
    labelEn: 'Secondment',
    synonyms: ['secondment', 'detaser'],
  },
  {
    key: 'e-learning',
    jalur: 'nonklasikal',
    label: 'E-learning',
    labelEn: 'E-learning',
    synonyms: ['elearning', 'ASN Unggul', 'LMS', 'MOOC', 'pembelajaran elektronik', 'online course'],
  },
  {
    key: 'belajar-mandiri',
    jalur: 'nonklasikal',
    label: 'Belajar mandiri',
    labelEn: 'Self development',
    synonyms: ['self development', 'self-development', 'pembelajaran mandiri', 'otodidak'],
  },
  {
    key: 'komunitas-belajar',
    jalur: 'nonklasikal',
    label: 'Komunitas belajar',
    labelEn: 'Community of practice',
    synonyms: ['community of practice', 'community of practices', 'CoP', 'komunitas praktik'],
  },
  {
    key: 'outbond',
    jalur: 'nonklasikal',
    label: 'Pembelajaran alam terbuka (outbond)',
    labelEn: 'Outdoor learning (outbound)',
    synonyms: ['outbound', 'pembelajaran alam terbuka', 'alam terbuka'],
  },
  {
    key: 'bimbingan-di-tempat-kerja',
    jalur: 'nonklasikal',
    label: 'Bimbingan di tempat kerja',
    labelEn: 'On-the-job guidance',
    synonyms: ['on the job training', 'OJT', 'bimbingan kerja'],
  },
  {
    key: 'nonklasikal-lainnya',
    jalur: 'nonklasikal',
    label: 'Pelatihan nonklasikal lainnya',
    labelEn: 'Other non-classroom learning',
    synonyms: ['nonklasikal lainnya', 'non klasikal lainnya', 'nonklasikal lain', 'non klasikal lain'],
  },
];

const BY_KEY = new Map(CATALOG.map((f) => [f.key, f]));

/** Forms in catalog order (copies: callers may not change the catalog). */
export function listForms(): FormInfo[] {
  return CATALOG.map(copyForm);
}

export function getForm(key: string): FormInfo | undefined {
  const f = BY_KEY.get(key);
  return f ? copyForm(f) : undefined;
}

export function formKeys(): string[] {
  return CATALOG.map((f) => f.key);
}

function copyForm(f: FormInfo): FormInfo {
  return { ...f, synonyms: [...f.synonyms] };
}
