import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROFILE,
  findForms,
  formRule,
  getForm,
  getProfile,
  listForms,
  listProfiles,
  type RuleRow,
} from '../../src/rules/index.js';
import { errorCode } from './helpers.js';

const KEYS = [
  'tugas-belajar',
  'pelatihan-struktural-kepemimpinan',
  'pelatihan-tingkat-nasional',
  'pelatihan-manajerial',
  'pelatihan-teknis',
  'pelatihan-fungsional',
  'pelatihan-sosial-kultural',
  'seminar',
  'sosialisasi',
  'workshop',
  'kursus',
  'penataran',
  'bimbingan-teknis',
  'klasikal-lainnya',
  'pertukaran-pegawai',
  'magang',
  'patok-banding',
  'pelatihan-jarak-jauh',
  'coaching',
  'mentoring',
  'detasering',
  'e-learning',
  'belajar-mandiri',
  'komunitas-belajar',
  'outbond',
  'bimbingan-di-tempat-kerja',
  'nonklasikal-lainnya',
];

describe('catalog', () => {
  it('lists every form key in catalog order with its jalur', () => {
    const forms = listForms();
    expect(forms.map((f) => f.key)).toEqual(KEYS);
    expect(forms.filter((f) => f.jalur === 'pendidikan').map((f) => f.key)).toEqual(['tugas-belajar']);
    expect(forms.filter((f) => f.jalur === 'klasikal')).toHaveLength(13);
    expect(forms.filter((f) => f.jalur === 'nonklasikal')).toHaveLength(13);
    for (const f of forms) {
      expect(f.label.length).toBeGreaterThan(0);
      expect(f.labelEn.length).toBeGreaterThan(0);
    }
  });

  it('getForm returns a copy, undefined for unknown keys', () => {
    const f = getForm('seminar')!;
    expect(f.label).toBe('Seminar');
    f.synonyms.push('rapat');
    expect(getForm('seminar')!.synonyms).not.toContain('rapat');
    expect(getForm('rapat')).toBeUndefined();
  });
});

describe('findForms', () => {
  it.each([
    ['saya ikut webinar kemarin', 'seminar'],
    ['Konferensi internasional di Bangkok', 'seminar'],
    ['sarasehan budaya', 'seminar'],
    ['lokakarya penyusunan SOP', 'workshop'],
    ['bimtek pengelolaan keuangan', 'bimbingan-teknis'],
    ['Bimbingan Teknis SIPD', 'bimbingan-teknis'],
    ['diklat PIM III', 'pelatihan-struktural-kepemimpinan'],
    ['ikut PKA angkatan 5', 'pelatihan-struktural-kepemimpinan'],
    ['PKP 2026', 'pelatihan-struktural-kepemimpinan'],
    ['kelas di ASN Unggul', 'e-learning'],
    ['modul LMS', 'e-learning'],
    ['MOOC pengadaan', 'e-learning'],
    ['elearning', 'e-learning'],
    ['E-Learning', 'e-learning'],
    ['self development', 'belajar-mandiri'],
    ['community of practice perencana', 'komunitas-belajar'],
    ['CoP', 'komunitas-belajar'],
    ['benchmarking ke Surabaya', 'patok-banding'],
    ['PKL di dinas PU', 'magang'],
    ['praktik kerja', 'magang'],
    ['outbound', 'outbond'],
    ['lanjut S2', 'tugas-belajar'],
    ['tugas belajar', 'tugas-belajar'],
    ['pelatihan jarak jauh', 'pelatihan-jarak-jauh'],
    ['PJJ analis kebijakan', 'pelatihan-jarak-jauh'],
    ['ikut pelatihan teknis di BPSDM', 'pelatihan-teknis'],
    ['coaching dengan atasan', 'coaching'],
    ['semniar', 'seminar'],
    ['outbond', 'outbond'],
    ['online course tentang SAKIP', 'e-learning'], // "online course" is more specific than "course" (kursus)
    ['lapor bimtek', 'bimbingan-teknis'],
    ['diklat PIM', 'pelatihan-struktural-kepemimpinan'],
    ['ASN Unggul', 'e-learning'],
    ['LMS', 'e-learning'],
    // The form named first in the sentence wins over a longer one named later.
    ['seminar tentang coaching', 'seminar'],
    ['workshop mentoring', 'workshop'],
    ['sosialisasi kompetensi sosial kultural', 'sosialisasi'],
    // Seed 004 line 1013: blended learning is how a pelatihan jarak jauh may be held.
    ['pelatihan blended learning', 'pelatihan-jarak-jauh'],
    ['kuliah S2 di UGM', 'tugas-belajar'],
    ['loka karya', 'workshop'],
    ['e learning', 'e-learning'],
    ['penatarn', 'penataran'], // a typo in a single word of 6+ letters
  ])('"%s" → %s first', (text, key) => {
    expect(findForms(text)[0]?.key).toBe(key);
  });

  it.each([
    // A typo is forgiven only in a single-word input, never inside a sentence ("penataan" ≠ "penataran").
    ['Pelatihan Penataan Ruang', 'penataran'],
    // "e-learning" is not inside "blended learning".
    ['pelatihan blended learning', 'e-learning'],
    // Bare words that name a person, a lecture or a competency, not a form.
    ['kuliah umum', 'tugas-belajar'],
    ['rapat dengan mentor', 'mentoring'],
    ['sesi dengan coach', 'coaching'],
    ['kompetensi sosial kultural', 'pelatihan-sosial-kultural'],
    ['semniar nasional', 'seminar'],
  ])('"%s" does not map to %s', (text, key) => {
    expect(findForms(text).map((f) => f.key)).not.toContain(key);
  });

  it('finds nothing in unrelated text and does not match inside words', () => {
    expect(findForms('makan siang')).toEqual([]);
    expect(findForms('')).toEqual([]);
    expect(findForms('copy dokumen').map((f) => f.key)).not.toContain('komunitas-belajar');
  });

  it('lists every form named in the text, in the order they are named', () => {
    expect(findForms('webinar lalu workshop').map((f) => f.key)).toEqual(['seminar', 'workshop']);
    expect(findForms('workshop lalu webinar').map((f) => f.key)).toEqual(['workshop', 'seminar']);
  });
});

describe('profiles and formRule', () => {
  it('lists both profiles, lan-2018 the default', () => {
    expect(listProfiles().map((p) => p.id)).toEqual(['lan-2018', 'kutai-barat-2024']);
    expect(DEFAULT_PROFILE).toBe('lan-2018');
    expect(getProfile('kutai-barat-2024').name).toContain('Kutai Barat');
    expect(errorCode(() => getProfile('jakarta'))).toBe('unknown-profile');
  });

  it('tells the engine which question to ask', () => {
    expect(formRule('lan-2018', 'seminar')).toMatchObject({ unit: 'day', internationalAllowed: true, needsStatedJp: false });
    expect(formRule('lan-2018', 'pelatihan-struktural-kepemimpinan')).toMatchObject({ unit: 'jp', internationalAllowed: false });
    expect(formRule('lan-2018', 'klasikal-lainnya')).toMatchObject({ unit: 'jp', needsStatedJp: true });
    expect(formRule('lan-2018', 'bimbingan-di-tempat-kerja')).toMatchObject({ unit: 'jp', needsStatedJp: true });
    expect(formRule('kutai-barat-2024', 'bimbingan-di-tempat-kerja')).toMatchObject({ unit: 'activity', needsStatedJp: false });
    expect(formRule('lan-2018', 'e-learning').dailyCap).toEqual({ nasional: 3, internasional: 4 });
    expect(formRule('lan-2018', 'belajar-mandiri').dailyCap).toEqual({ nasional: 2, internasional: 2.4 });
    expect(formRule('kutai-barat-2024', 'seminar').dailyCap).toEqual({ nasional: 8, internasional: 8 });
    // KB IV.C.6.c.7: 8 JP programme per day, + 20% internasional (IV.C.6.i) = 9,6 counted per day.
    expect(formRule('kutai-barat-2024', 'bimbingan-teknis').dailyCap).toEqual({ nasional: 8, internasional: 9.6 });
    expect(formRule('kutai-barat-2024', 'belajar-mandiri').periodCaps).toEqual([
      { per: 'month', max: 2, jpEach: { nasional: 2, internasional: 2.4 } },
    ]);
    expect(formRule('lan-2018', 'coaching').periodCaps).toEqual([{ per: 'month', max: 2 }]);
    expect(formRule('kutai-barat-2024', 'coaching').periodCaps).toEqual([{ per: 'month', max: 3 }]);
    expect(formRule('kutai-barat-2024', 'coaching').citation).toBe('Pedoman DPUPR Kutai Barat 2024, IV.D.1.j');
    expect(formRule('lan-2018', 'tugas-belajar').unit).toBe('semester');
    expect(formRule('lan-2018', 'mentoring').unit).toBe('session');
    expect(formRule('lan-2018', 'magang').unit).toBe('activity');
    expect(errorCode(() => formRule('lan-2018', 'rapat'))).toBe('unknown-type');
    expect(errorCode(() => formRule('nope', 'seminar'))).toBe('unknown-profile');
  });

  /**
   * Where a certificate JP replaces the conversion. LAN (seed 000 line 37): the day and activity rows.
   * Kutai Barat: only the rows whose "Konversi" opens with "Dalam hal tidak disebutkan pada Bukti Dukung"
   * (seed 004 lines 509, 558, 641, 700, 740, 977, 1023, 1067, 1113, 1280).
   */
  const REPLACES: Record<string, string[]> = {
    'lan-2018': ['seminar', 'sosialisasi', 'workshop', 'pertukaran-pegawai', 'magang', 'patok-banding', 'detasering'],
    'kutai-barat-2024': [
      'seminar', // IV.C.2.i, line 509
      'workshop', // IV.C.3.i, line 558
      'penataran', // IV.C.5.i, line 641
      'bimbingan-teknis', // IV.C.6.i, line 700
      'sosialisasi', // IV.C.7.i, line 740
      'e-learning', // IV.D.3.i, line 977
      'pelatihan-jarak-jauh', // IV.D.4.i, line 1023
      'detasering', // IV.D.5.i, line 1067
      'outbond', // IV.D.6.h, line 1113
      'komunitas-belajar', // IV.D.10.i, line 1280
    ],
  };

  it.each(Object.entries(REPLACES))('%s: statedJpReplaces exactly on the rows the source names', (id, keys) => {
    const flagged = KEYS.filter((key) => formRule(id, key).statedJpReplaces);
    expect(flagged).toEqual(KEYS.filter((key) => keys.includes(key)));
  });

  describe.each(listProfiles().map((p) => [p.id]))('profile %s is well-formed data', (id) => {
    const profile = getProfile(id);
    it('has exactly one row per catalog form', () => {
      expect(Object.keys(profile.rows).sort()).toEqual([...KEYS].sort());
    });
    it.each(KEYS)('%s: columns fit the unit, numbers are positive, the row is cited', (key) => {
      const row = profile.rows[key] as RuleRow;
      expect(row.citation.length).toBeGreaterThan(10);
      for (const column of [row.nasional, row.internasional]) {
        if (!column) continue;
        if (column.kind === 'program') expect(row.unit).toBe('jp');
        else expect(row.unit).not.toBe('jp');
        expect(column.kind === 'program' ? column.factor : column.jp).toBeGreaterThan(0);
      }
      if (row.nasional.kind === 'rate' && row.internasional?.kind === 'rate') {
        expect(row.internasional.jp * (row.internasional.factor ?? 1)).toBeGreaterThanOrEqual(row.nasional.jp * (row.nasional.factor ?? 1));
      }
      for (const cap of [row.dailyCap, row.perActivityCap]) {
        if (cap) expect(cap.internasional).toBeGreaterThanOrEqual(cap.nasional);
      }
      for (const cap of row.periodCaps ?? []) {
        expect(cap.max).toBeGreaterThan(0);
        expect(cap.citation.length).toBeGreaterThan(10);
        if (cap.jpEach) expect(cap.jpEach.internasional).toBeGreaterThanOrEqual(cap.jpEach.nasional);
      }
      expect(typeof row.statedJpReplaces).toBe('boolean');
      if (row.needsStatedJp) expect(row.statedJpReplaces).toBe(false);
      // The source row number is given exactly where the source has a row.
      expect(row.no === undefined).toBe(row.citation.includes('tidak ada baris konversi'));
    });
  });
});
