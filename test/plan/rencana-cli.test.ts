import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeRekap } from '../../src/domain/rekap.js';
import { rekapCsv, rekapJson, rekapTable, rekapXlsx } from '../../src/rekap/formats.js';
import type { PlanItem } from '../../src/domain/types.js';
import { activity } from '../helpers/activity.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';
import { bangkom } from '../reminders/fixtures.js';
import { makePlan, makePlanItem } from '../store/plan-conformance.js';

let w: World;
const NOW = '2026-11-22T03:00:00Z';
const decided = (status: PlanItem['status'], reason: string): Partial<PlanItem> => ({
  status,
  history: [
    { status: 'draf', by: NIP.siti, at: '2026-10-05T01:00:00.000Z' },
    { status: 'diusulkan', by: NIP.siti, at: '2026-10-06T01:00:00.000Z' },
    ...(status === 'diusulkan' ? [] : [{ status, by: NIP.atasan, at: '2026-10-07T01:00:00.000Z', reason }]),
  ],
});

beforeAll(async () => {
  w = await makeWorld({ now: NOW });
  const siti = makePlan(NIP.siti, 2027, [
    makePlanItem(1, { materi: 'Manajemen aset', jp: 24, ...decided('diterima', 'Sesuai kebutuhan jabatan') }),
    makePlanItem(2, { materi: 'Desain layanan', type: 'seminar', jp: 8, biaya: 0, sumberDana: 'mandiri', jadwal: { start: '2027-05-10', end: '2027-05-11' }, ...decided('ditolak', 'Anggaran tidak tersedia') }),
    makePlanItem(3, { materi: 'Belum dikirim' }),
  ]);
  const dewi = makePlan(NIP.orphan, 2027, [makePlanItem(1, { materi: 'Kearsipan digital', jp: 16, ...decided('diusulkan', '') })]);
  const andi = makePlan(NIP.andi, 2027, [makePlanItem(1, { materi: 'Jaringan', jp: 10, ...decided('dikembalikan', 'Perbaiki jadwal') })]);
  const old = makePlan(NIP.siti, 2026, [makePlanItem(1, { materi: 'Tahun lalu', jadwal: { month: '2026-03' }, ...decided('diterima', 'ok ok') })]);
  // Item 1 of Siti's plan was reported, approved and rated six months on.
  const reported = activity(NIP.siti, { type: 'pelatihan-teknis', start: '2027-03-10', jp: 24, planItem: { year: 2027, no: 1 }, evaluation: { gap: 'tinggi', note: 'Perlu magang', by: NIP.atasan, at: '2027-09-20T00:00:00.000Z' } });
  await w.store.addActivity(reported);
  siti.items[0]!.activityId = reported.id;
  for (const p of [siti, dewi, andi, old]) await w.store.updatePlan(p.nip, p.year, () => p);
  await w.chat.end();
  await w.store.close();
});
afterAll(async () => rm(w.dir, { recursive: true, force: true }));

describe('bangkom rencana (child process)', () => {
  it('--format json prints one object per proposed item with the contract fields; drafts are left out', async () => {
    const out = await bangkom(w.dbPath, ['rencana', '--year', '2027', '--format', 'json'], NOW);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const rows = JSON.parse(out.stdout) as Record<string, unknown>[];
    expect(rows.map((r) => [r.nama, r.no, r.materi, r.status, r.alasan])).toEqual([
      ['Andi Wijaya', 1, 'Jaringan', 'dikembalikan', 'Perbaiki jadwal'],
      ['Siti Rahmawati', 1, 'Manajemen aset', 'diterima', 'Sesuai kebutuhan jabatan'],
      ['Siti Rahmawati', 2, 'Desain layanan', 'ditolak', 'Anggaran tidak tersedia'],
      ['Dewi Lestari', 1, 'Kearsipan digital', 'diusulkan', null],
    ]);
    expect(rows[2]).toMatchObject({
      nip: NIP.siti,
      unit: 'Bidang SDM',
      bentuk: 'Seminar',
      penyelenggara: 'BPSDM Provinsi',
      jadwal: '10 Mei 2027 – 11 Mei 2027',
      jp: 8,
      biaya: 0,
      sumberDana: 'mandiri',
    });
    expect(rows[1]).toMatchObject({ kegiatanId: expect.any(String), evaluasi: { kesenjangan: 'tinggi', catatan: 'Perlu magang' } });
    expect(rows[2]).toMatchObject({ kegiatanId: null, evaluasi: null });
    for (const key of ['nip', 'nama', 'unit', 'bentuk', 'materi', 'penyelenggara', 'jadwal', 'jp', 'biaya', 'sumberDana', 'status', 'alasan']) {
      for (const r of rows) expect(r).toHaveProperty(key);
    }
  });

  it('--unit filters; csv parses back; the table names each status; the year defaults to the plan year', async () => {
    const csv = await bangkom(w.dbPath, ['rencana', '--unit', 'sekretariat', '--format', 'csv'], NOW);
    expect(csv.code).toBe(0);
    const records = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r.nama, r.materi, r.jp, r.biaya, r.sumber_dana, r.status])).toEqual([['Dewi Lestari', 'Kearsipan digital', '16', '3500000', 'APBD', 'diusulkan']]);
    const table = await bangkom(w.dbPath, ['rencana', '--year', '2027'], NOW);
    expect(table.stdout).toContain('Rencana pengembangan kompetensi 2027');
    expect(table.stdout).toContain('dikembalikan untuk diperbaiki');
    expect(table.stdout).toContain('4 usulan · JP diterima 24 · diusulkan 16 · dikembalikan 10 · ditolak 8');
    expect(table.stdout).not.toContain('Belum dikirim');
    const past = await bangkom(w.dbPath, ['rencana', '--year', '2026', '--format', 'json'], NOW);
    expect((JSON.parse(past.stdout) as { materi: string }[]).map((r) => r.materi)).toEqual(['Tahun lalu']);
  });

  it('--format xlsx --out writes a sheet with cost and JP as numbers; a bad --year is refused', async () => {
    const file = join(w.dir, 'rencana.xlsx');
    const written = await bangkom(w.dbPath, ['rencana', '--year', '2027', '--format', 'xlsx', '--out', file], NOW);
    expect(written.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('Rencana')!;
    expect(sheet.rowCount).toBe(5);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['NIP', 'Nama', 'Jenis kompetensi / materi', 'Bentuk', 'Penyelenggara', 'Jadwal', 'JP', 'Kebutuhan anggaran (Rp)', 'Sumber dana', 'Status', 'Alasan atasan']));
    const col = (name: string) => header.indexOf(name) + 1;
    expect(sheet.getRow(3).getCell(col('JP')).value).toBe(24);
    expect(sheet.getRow(3).getCell(col('Kebutuhan anggaran (Rp)')).value).toBe(3_500_000);
    const bad = await bangkom(w.dbPath, ['rencana', '--year', 'dua ribu'], NOW);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--year');
  });
});

describe('the rekap gains planned against realised JP, and the six-month gap ratings', () => {
  it('counts the accepted plan, the approved JP reported from it, and the ratings, leaving JSON and CSV as they were', async () => {
    const world = await makeWorld({ now: NOW });
    try {
      const plan = makePlan(NIP.siti, 2026, [
        makePlanItem(1, { jp: 24, jadwal: { month: '2026-03' }, ...decided('diterima', 'ok ok') }),
        makePlanItem(2, { jp: 8, jadwal: { month: '2026-04' }, ...decided('ditolak', 'tidak') }),
      ]);
      await world.store.updatePlan(NIP.siti, 2026, () => plan);
      await world.store.addActivity(
        activity(NIP.siti, { type: 'pelatihan-teknis', start: '2026-03-10', jp: 24, planItem: { year: 2026, no: 1 }, evaluation: { gap: 'sedang', by: NIP.atasan, at: '2026-09-20T00:00:00.000Z' } }),
      );
      await world.store.addActivity(activity(NIP.siti, { type: 'seminar', start: '2026-06-10', jp: 4, evaluation: { gap: 'rendah', by: NIP.atasan, at: '2026-12-20T00:00:00.000Z' } }));
      const rekap = await computeRekap(world.store, 2026, 'lan-2018');
      const siti = rekap.rows.find((r) => r.nip === NIP.siti)!;
      expect([siti.plannedJp, siti.realisedPlanJp, siti.gaps]).toEqual([24, 24, { rendah: 1, sedang: 1, tinggi: 0 }]);
      const unit = rekap.units.find((u) => u.unit === 'Bidang SDM')!;
      expect([unit.plannedJp, unit.realisedPlanJp, unit.gaps]).toEqual([24, 24, { rendah: 1, sedang: 1, tinggi: 0 }]);
      expect(rekapTable(rekap)).toContain('rencana diterima 24 JP, terealisasi 24 JP · evaluasi kesenjangan: rendah 1, sedang 1, tinggi 0');
      expect(Object.keys(JSON.parse(rekapJson(rekap))[0]).sort()).toEqual(['approvedJp', 'met', 'name', 'nip', 'pendingJp', 'targetJp', 'unit']);
      expect(rekapCsv(rekap).split('\n')[0]).toBe('nip,nama,unit,jp_disetujui,jp_menunggu,target_jp,tercapai,jenis_baris');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await rekapXlsx(rekap)) as unknown as ExcelJS.Buffer);
      const sheet = wb.getWorksheet('Rencana & evaluasi')!;
      expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['Bidang SDM', 24, 24, 28, 1, 1, 0]);
    } finally {
      await world.close();
    }
  });
});
