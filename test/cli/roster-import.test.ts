import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bangkom } from '../reminders/fixtures.js';

const NOW = '2026-11-22T03:00:00Z';
let dir: string;
let db: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bangkom-roster-'));
  db = join(dir, 'db.json');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('bangkom roster import (child process)', () => {
  it('reads an XLSX: good rows stored with their HR fields, a NIP stored as a number reported by row', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Pegawai');
    sheet.addRows([
      ['nip', 'nama', 'jabatan', 'unit', 'atasan_nip', 'pangkat', 'golongan', 'tempat_lahir', 'jenis_asn'],
      ['199003152015032001', 'Siti Rahmawati', 'Analis SDM', 'Bidang SDM', '', 'Penata', 'III/c', 'Sendawar', ''],
      [199003152015032002, 'Nip Angka', 'Staf', 'Bidang SDM', '', '', '', '', ''],
      ['199807072021011001', 'Joko Susilo', 'Pengemudi', 'Bidang SDM', '199003152015032001', '', '', '', 'TKK'],
    ]);
    const file = join(dir, 'pegawai.xlsx');
    await wb.xlsx.writeFile(file);

    const out = await bangkom(db, ['roster', 'import', file], NOW);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Imported: 2 new, 0 updated, 0 chat accounts linked, 1 rows skipped.');
    expect(out.stdout).toMatch(/ {2}line 3: nip: tersimpan sebagai angka di Excel .*format kolom ini sebagai Teks/);

    // TKK staff are in the rekap's JSON with no target; Siti has the 20 JP one.
    const rekap = JSON.parse((await bangkom(db, ['rekap', '--format', 'json', '--year', '2026'], NOW)).stdout) as { nip: string; targetJp: number }[];
    expect(rekap.map((r) => [r.nip, r.targetJp])).toEqual([
      ['199807072021011001', 0],
      ['199003152015032001', 20],
    ]);
  });

  it('refuses an old .xls with what to do, exit code 1, and changes nothing', async () => {
    const file = join(dir, 'lama.xls');
    await writeFile(file, Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const out = await bangkom(db, ['roster', 'import', file, '--json'], NOW);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout)).toEqual({
      created: 0,
      updated: 0,
      linked: 0,
      errors: [{ line: 1, reason: expect.stringContaining('format .xls (Excel 97–2003) tidak didukung') }],
    });
    const rekap = JSON.parse((await bangkom(db, ['rekap', '--format', 'json', '--year', '2026'], NOW)).stdout) as unknown[];
    expect(rekap).toHaveLength(2);
  });
});
