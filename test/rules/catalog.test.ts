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
  ])('"%s" → %s first', (text, key) => {
    expect(findForms(text)[0]?.key).toBe(key);
  });

  it('finds nothing in unrelated text and does not match inside words', () => {
    expect(findForms('makan siang')).toEqual([]);
    expect(findForms('')).toEqual([]);
    expect(findForms('copy dokumen').map((f) => f.key)).not.toContain('komunitas-belajar');
  });

  it('lists every form named in the text, the more specific first', () => {
    const keys = findForms('webinar lalu workshop').map((f) => f.key);
    expect(keys).toContain('seminar');
    expect(keys).toContain('workshop');
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
    expect(formRule('lan-2018', 'coaching').periodCaps).toEqual([{ per: 'month', max: 2 }]);
    expect(formRule('kutai-barat-2024', 'coaching').periodCaps).toEqual([{ per: 'month', max: 3 }]);
    expect(formRule('kutai-barat-2024', 'coaching').citation).toBe('Pedoman DPUPR Kutai Barat 2024, IV.D.1.j');
    expect(formRule('lan-2018', 'tugas-belajar').unit).toBe('semester');
    expect(formRule('lan-2018', 'mentoring').unit).toBe('session');
    expect(formRule('lan-2018', 'magang').unit).toBe('activity');
    expect(errorCode(() => formRule('lan-2018', 'rapat'))).toBe('unknown-type');
    expect(errorCode(() => formRule('nope', 'seminar'))).toBe('unknown-profile');
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
        expect(row.internasional.jp).toBeGreaterThanOrEqual(row.nasional.jp);
      }
      for (const cap of [row.dailyCap, row.perActivityCap]) {
        if (cap) expect(cap.internasional).toBeGreaterThanOrEqual(cap.nasional);
      }
      for (const cap of row.periodCaps ?? []) {
        expect(cap.max).toBeGreaterThan(0);
        expect(cap.citation.length).toBeGreaterThan(10);
      }
    });
  });
});
