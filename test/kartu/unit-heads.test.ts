import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUnitHeads, parseUnitHeads, unitHeadFor, type UnitHeads } from '../../src/kartu/unit-heads.js';

const HEADS: UnitHeads = parseUnitHeads(
  JSON.stringify({
    'Bidang SDM': { nama: 'Budi Santoso', nip: '19750101 200003 1 002', jabatan: 'Kepala Bidang SDM', tempat: 'Sendawar' },
    'UPT Laboratorium': { nama: 'Wati', jabatan: 'Kepala UPT' },
    '*': { nama: 'Kepala Dinas', jabatan: 'Kepala Dinas Pekerjaan Umum dan Penataan Ruang Kab. Kutai Barat' },
  }),
);

describe('unitHeadFor', () => {
  const cases: [unit: string, nama: string | undefined][] = [
    ['Bidang SDM', 'Budi Santoso'],
    ['bidang  sdm ', 'Budi Santoso'],
    ['UPT LABORATORIUM', 'Wati'],
    ['Sekretariat', 'Kepala Dinas'], // not named: "*"
    ['Bidang', 'Kepala Dinas'], // a part of a name is not that unit
  ];
  it.each(cases)('%j → %s', (unit, nama) => {
    expect(unitHeadFor(HEADS, unit)?.nama).toBe(nama);
  });

  it('without "*", an unnamed unit has no head (blank lines on the card)', () => {
    const { '*': _, ...named } = HEADS;
    expect(unitHeadFor(named, 'Sekretariat')).toBeUndefined();
  });

  it('keeps the NIP as 18 digits whatever spacing the file used', () => {
    expect(HEADS['Bidang SDM']?.nip).toBe('197501012000031002');
  });
});

describe('parseUnitHeads refuses a bad file with one line naming the entry', () => {
  const bad: [what: string, json: string, message: RegExp][] = [
    ['not JSON', '{"Bidang SDM": ', /bukan JSON yang sah/],
    ['no jabatan', '{"Bidang SDM": {"nama": "Budi"}}', /Bidang SDM → jabatan/],
    ['an empty name', '{"Bidang SDM": {"nama": " ", "jabatan": "Kepala"}}', /Bidang SDM → nama/],
    ['a short NIP', '{"Bidang SDM": {"nama": "Budi", "jabatan": "Kepala", "nip": "1975"}}', /Bidang SDM → nip: NIP harus 18 digit angka/],
    ['an unknown field (a typo)', '{"Bidang SDM": {"nama": "Budi", "jabatn": "Kepala", "jabatan": "K"}}', /Bidang SDM/],
    ['a list instead of an object', '[{"nama": "Budi"}]', /isi file|expected/i],
  ];
  it.each(bad)('%s', (_what, json, message) => {
    expect(() => parseUnitHeads(json, 'heads.json')).toThrow(message);
  });
});

describe('loadUnitHeads', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bangkom-heads-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads the file named by BANGKOM_UNIT_HEADS; --unit-heads wins', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    await writeFile(a, '{"*": {"nama": "A", "jabatan": "Kepala A"}}');
    await writeFile(b, '{"*": {"nama": "B", "jabatan": "Kepala B"}}');
    expect((await loadUnitHeads(undefined, { BANGKOM_UNIT_HEADS: a }))['*']?.nama).toBe('A');
    expect((await loadUnitHeads(b, { BANGKOM_UNIT_HEADS: a }))['*']?.nama).toBe('B');
  });

  it('none named is no heads; a missing file is a clear error', async () => {
    expect(await loadUnitHeads(undefined, {})).toEqual({});
    await expect(loadUnitHeads(join(dir, 'nope.json'), {})).rejects.toThrow(/nope\.json tidak bisa dibaca: file tidak ada/);
  });
});
