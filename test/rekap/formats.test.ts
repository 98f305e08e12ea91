import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeRekap, type Rekap } from '../../src/domain/rekap.js';
import { importRoster } from '../../src/domain/roster.js';
import { rekapCsv, rekapJson, rekapJsonRows, rekapTable, rekapXlsx } from '../../src/rekap/formats.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';
import { activity } from '../helpers/activity.js';
import { EXPECTED_ROWS, seedRekap } from './seed.js';

let w: World;
let rekap: Rekap;

beforeAll(async () => {
  w = await makeWorld();
  await seedRekap(w);
  // Issue 10 item 7: Siti blocked the assistant, Andi is linked, the others never linked.
  const at = '2026-11-01T03:00:00.000Z';
  await w.store.linkAccount({ platform: 'telegram', userId: '501', nip: NIP.siti, linkedAt: at, lastSeenAt: at });
  await w.store.linkAccount({ platform: 'telegram', userId: '502', nip: NIP.andi, linkedAt: at, lastSeenAt: at });
  await w.store.setUnreachable('telegram', '501', '2026-11-20T03:00:00.000Z');
  // Issue 12: Andi uploaded his approved activity to MyASN; the other three approved ones are not.
  const andis = (await w.store.activitiesOf(NIP.andi, 2026))[0]!;
  await w.store.updateActivity(andis.id, ['approved'], (a) => ({ ...a, myAsnUploadedAt: '2026-05-01T00:00:00.000Z' }));
  rekap = await computeRekap(w.store, 2026, 'lan-2018');
});
afterAll(async () => w.close());

describe('rekap formats', () => {
  it('json: one object per employee with exactly the contract fields, caps applied; no unit totals', () => {
    const rows = JSON.parse(rekapJson(rekap)) as unknown[];
    expect(rows).toEqual(EXPECTED_ROWS);
    expect(rekapJsonRows(rekap)).toEqual(EXPECTED_ROWS);
    for (const row of rows) expect(Object.keys(row as object).sort()).toEqual(['approvedJp', 'met', 'name', 'nip', 'pendingJp', 'targetJp', 'unit']);
  });

  it('csv: parses back with csv-parse; employee rows and one total row per unit', () => {
    const records = parse(rekapCsv(rekap), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const people = records.filter((r) => r.jenis_baris === 'pegawai');
    expect(
      people.map((r) => ({
        nip: r.nip,
        name: r.nama,
        unit: r.unit,
        approvedJp: Number(r.jp_disetujui),
        pendingJp: Number(r.jp_menunggu),
        targetJp: Number(r.target_jp),
        met: r.tercapai === 'ya',
      })),
    ).toEqual(EXPECTED_ROWS);
    const totals = records.filter((r) => r.jenis_baris === 'total_unit');
    expect(totals.map((r) => [r.unit, r.nip, r.jp_disetujui, r.jp_menunggu, r.tercapai])).toEqual([
      ['Bidang SDM', '', '32.4', '4', '1/3 (33.3%)'],
      ['Sekretariat', '', '24', '0', '1/2 (50%)'],
    ]);
    // Each unit's total row comes right after its employees.
    expect(records.map((r) => r.jenis_baris)).toEqual(['pegawai', 'pegawai', 'pegawai', 'total_unit', 'pegawai', 'pegawai', 'total_unit']);
    // A NIP keeps all 18 digits.
    expect(people[0]!.nip).toHaveLength(18);
  });

  it('xlsx: header frozen, JP as numbers, NIP as text, and a sheet of unit totals', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await rekapXlsx(rekap)) as unknown as ExcelJS.Buffer);
    const people = wb.getWorksheet('Pegawai')!;
    expect(people.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(people.getRow(1).values).toEqual([undefined, 'NIP', 'Nama', 'Unit', 'JP disetujui', 'JP menunggu', 'Target JP', 'Tercapai', 'Pengingat']);
    // Who reminders reach, by name (issue 10 item 7): Siti blocked the assistant, Budi never linked, Andi is reached.
    const reachOf = (nip: string) => people.getRows(2, people.rowCount - 1)!.find((r) => r.getCell(1).value === nip)?.getCell(8).value;
    expect([reachOf(NIP.siti), reachOf(NIP.atasan), reachOf(NIP.andi)]).toEqual(['memblokir bot', 'belum terhubung', 'sampai']);
    expect(people.rowCount).toBe(6);
    const siti = people.getRow(4);
    expect(siti.getCell(1).value).toBe(NIP.siti);
    expect(siti.getCell(4).value).toBe(8.4);
    expect(siti.getCell(5).value).toBe(4);
    expect(siti.getCell(6).value).toBe(20);
    expect(siti.getCell(7).value).toBe('Tidak');
    for (let r = 2; r <= 6; r++) {
      for (const c of [4, 5, 6]) expect(typeof people.getRow(r).getCell(c).value).toBe('number');
    }

    const units = wb.getWorksheet('Per unit')!;
    expect(units.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const values = (r: number) => (units.getRow(r).values as unknown[]).slice(1);
    // The last two columns: blocked the assistant, never linked (reminders reach neither).
    // Then: approved activities not yet uploaded to MyASN.
    expect(values(2)).toEqual(['Bidang SDM', 3, 1, 1 / 3, 32.4, 4, 1, 1, 1]);
    expect(values(3)).toEqual(['Sekretariat', 2, 1, 0.5, 24, 0, 0, 2, 2]);
    expect(values(4)).toEqual(['Semua unit', 5, 2, 0.4, 56.4, 4, 1, 3, 3]);
    expect(units.getRow(2).getCell(4).numFmt).toBe('0.0%');
  });

  it('table: readable columns, a total line per unit with the share that met 20 JP', () => {
    const table = rekapTable(rekap);
    const lines = table.split('\n');
    expect(lines[0]).toBe('Rekap JP 2026 (target 20 JP per pegawai)');
    expect(lines.find((l) => l.startsWith(NIP.siti))).toMatch(/^199003152015032001 {2}Siti Rahmawati +Bidang SDM +8,4 +4 +20 {2}tidak +memblokir bot$/);
    expect(table).toContain('  Total Bidang SDM: 1/3 pegawai mencapai 20 JP (33,3%) · disetujui 32,4 JP · menunggu 4 JP');
    expect(table).toContain('  Total Sekretariat: 1/2 pegawai mencapai 20 JP (50%)');
    expect(table).toContain('Semua unit: 2/5 pegawai mencapai 20 JP (40%)');
    expect(table).toContain('menunggu 4 JP · tak terjangkau pengingat: 1 memblokir bot, 1 belum terhubung · 1 kegiatan disetujui belum diunggah ke MyASN');
    // Columns line up: every employee line is as wide as its header's columns allow.
    const header = lines.find((l) => l.startsWith('NIP'))!;
    expect(header.indexOf('Disetujui')).toBeGreaterThan(header.indexOf('Unit'));
  });

  it('a unit filter keeps that unit only', async () => {
    const only = await computeRekap(w.store, 2026, 'lan-2018', 'sekretariat');
    expect(rekapJsonRows(only).map((r) => r.unit)).toEqual(['Sekretariat', 'Sekretariat']);
    expect(rekapTable(await computeRekap(w.store, 2026, 'lan-2018', 'tidak ada'))).toContain('tidak ada pegawai yang cocok');
  });
});

/** TKK staff: Joko in Bidang SDM (6 JP approved, 2 pending), Agus alone in unit Umum (nothing). */
const TKK = { joko: '199807072021011001', agus: '199902022022011003' };

describe('rekap formats: TKK staff are shown apart and left out of the unit shares', () => {
  let tw: World;
  let withTkk: Rekap;
  beforeAll(async () => {
    tw = await makeWorld();
    await seedRekap(tw);
    const roster = [
      'nip,nama,jabatan,unit,atasan_nip,jenis_asn',
      `${TKK.joko},Joko Susilo,Pengemudi,Bidang SDM,${NIP.atasan},TKK`,
      `${TKK.agus},Agus Salim,Caraka,Umum,,tkk`,
    ].join('\n');
    expect((await importRoster(tw.store, roster, tw.clock.now())).errors).toEqual([]);
    await tw.store.addActivity(activity(TKK.joko, { type: 'seminar', start: '2026-06-01', jp: 6 }));
    await tw.store.addActivity(activity(TKK.joko, { type: 'kursus', start: '2026-07-01', jp: 2, status: 'pending' }));
    withTkk = await computeRekap(tw.store, 2026, 'lan-2018');
  });
  afterAll(async () => tw.close());

  const TKK_ROWS = [
    { nip: TKK.agus, name: 'Agus Salim', unit: 'Umum', approvedJp: 0, pendingJp: 0, targetJp: 0, met: true },
    { nip: TKK.joko, name: 'Joko Susilo', unit: 'Bidang SDM', approvedJp: 6, pendingJp: 2, targetJp: 0, met: true },
  ];

  it('json: TKK staff stay in (they are employees) with the same fields, target 0 and so met', () => {
    const rows = JSON.parse(rekapJson(withTkk)) as Record<string, unknown>[];
    expect(rows.filter((r) => r.targetJp === 20)).toEqual(EXPECTED_ROWS);
    expect(rows.filter((r) => r.targetJp === 0).sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(TKK_ROWS);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['approvedJp', 'met', 'name', 'nip', 'pendingJp', 'targetJp', 'unit']);
  });

  it('unit totals and shares count only employees with the 20 JP duty; a unit of only TKK staff has none', () => {
    expect(withTkk.units.map((u) => [u.unit, u.employees, u.met, u.approvedJp, u.pendingJp])).toEqual([
      ['Bidang SDM', 3, 1, 32.4, 4],
      ['Sekretariat', 2, 1, 24, 0],
    ]);
  });

  it('csv: the same columns; TKK rows last as pegawai_tkk, in no unit total', () => {
    const records = parse(rekapCsv(withTkk), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(['nip', 'nama', 'unit', 'jp_disetujui', 'jp_menunggu', 'target_jp', 'tercapai', 'jenis_baris']);
    expect(records.map((r) => r.jenis_baris)).toEqual([
      'pegawai', 'pegawai', 'pegawai', 'total_unit', 'pegawai', 'pegawai', 'total_unit', 'pegawai_tkk', 'pegawai_tkk',
    ]);
    expect(records.filter((r) => r.jenis_baris === 'total_unit').map((r) => [r.unit, r.jp_disetujui, r.tercapai])).toEqual([
      ['Bidang SDM', '32.4', '1/3 (33.3%)'],
      ['Sekretariat', '24', '1/2 (50%)'],
    ]);
    expect(records.filter((r) => r.jenis_baris === 'pegawai_tkk').map((r) => [r.nip, r.unit, r.jp_disetujui, r.jp_menunggu, r.target_jp, r.tercapai])).toEqual([
      [TKK.joko, 'Bidang SDM', '6', '2', '0', 'tidak wajib'],
      [TKK.agus, 'Umum', '0', '0', '0', 'tidak wajib'],
    ]);
  });

  it('table: the unit lines unchanged, then a TKK part with their JP and no target', () => {
    const table = rekapTable(withTkk);
    const lines = table.split('\n');
    expect(table).toContain('  Total Bidang SDM: 1/3 pegawai mencapai 20 JP (33,3%) · disetujui 32,4 JP · menunggu 4 JP');
    expect(table).toContain('Semua unit: 2/5 pegawai mencapai 20 JP (40%)');
    const heading = lines.indexOf('TKK (tidak wajib 20 JP; tidak dihitung dalam persentase unit)');
    expect(heading).toBeGreaterThan(lines.findIndex((l) => l.startsWith('Semua unit:')));
    // No TKK row in the part above the heading, both below it.
    expect(lines.slice(0, heading).some((l) => l.startsWith(TKK.joko) || l.startsWith(TKK.agus))).toBe(false);
    const joko = lines.slice(heading).find((l) => l.startsWith(TKK.joko))!;
    expect(joko).toMatch(/^199807072021011001 {2}Joko Susilo +Bidang SDM +6 +2$/);
    expect(lines.slice(heading).find((l) => l.startsWith(TKK.agus))).toMatch(/Agus Salim +Umum +0 +0$/);
    expect(lines.slice(heading)).toContain('  Total TKK: 2 orang · disetujui 6 JP · menunggu 2 JP');
    // The TKK part lines up with the table above: the JP column ends where the employees' does.
    const siti = lines.find((l) => l.startsWith(NIP.siti))!;
    expect(joko.indexOf(' 6') + 2).toBe(siti.indexOf('8,4') + 3);
  });

  it('xlsx: sheet Pegawai and Per unit without TKK staff; sheet TKK lists them', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await rekapXlsx(withTkk)) as unknown as ExcelJS.Buffer);
    const people = wb.getWorksheet('Pegawai')!;
    expect(people.rowCount).toBe(6);
    const nips = Array.from({ length: 5 }, (_, i) => people.getRow(i + 2).getCell(1).value);
    expect(nips).not.toContain(TKK.joko);
    const values = (sheet: ExcelJS.Worksheet, r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    const units = wb.getWorksheet('Per unit')!;
    // Nobody in this world is linked: the five with the duty count as not linked, the TKK staff do not.
    expect(values(units, 4)).toEqual(['Semua unit', 5, 2, 0.4, 56.4, 4, 0, 5, 4]);
    const tkk = wb.getWorksheet('TKK')!;
    expect(values(tkk, 1)).toEqual(['NIP', 'Nama', 'Unit', 'JP disetujui', 'JP menunggu', 'Keterangan']);
    expect(values(tkk, 2)).toEqual([TKK.joko, 'Joko Susilo', 'Bidang SDM', 6, 2, 'tidak wajib 20 JP; tidak dihitung dalam persentase unit']);
    expect(values(tkk, 3)).toEqual([TKK.agus, 'Agus Salim', 'Umum', 0, 0, 'tidak wajib 20 JP; tidak dihitung dalam persentase unit']);
    expect(tkk.rowCount).toBe(3);
  });

  it('without TKK staff the workbook still has the TKK sheet, header only', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await rekapXlsx(rekap)) as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('TKK')!.rowCount).toBe(1);
    expect(rekapTable(rekap)).not.toContain('TKK');
  });
});
