import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../helpers/script-driver.js';
import { bangkom } from '../reminders/fixtures.js';
import { EXPECTED_ROWS, seedRekap } from './seed.js';

let w: World;
const NOW = '2026-11-22T03:00:00Z';

beforeAll(async () => {
  w = await makeWorld();
  await seedRekap(w);
  await w.chat.end();
  await w.store.close();
});
afterAll(async () => rm(w.dir, { recursive: true, force: true }));

describe('bangkom rekap (child process)', () => {
  it('--format json prints the employee rows (year defaults to the current one)', async () => {
    const out = await bangkom(w.dbPath, ['rekap', '--format', 'json'], NOW);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual(EXPECTED_ROWS);
  });

  it('--format xlsx --out writes a workbook there (--unit filters)', async () => {
    const file = join(w.dir, 'rekap.xlsx');
    const written = await bangkom(w.dbPath, ['rekap', '--format', 'xlsx', '--year', '2026', '--unit', 'Sekretariat', '--out', file], NOW);
    expect(written.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('Pegawai')!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(3).getCell(2).value).toBe('Rina Admin');
    expect(sheet.getRow(3).getCell(4).value).toBe(20);
  });
});
