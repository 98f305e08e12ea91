import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/domain/store.js';
import type { Activity } from '../../src/domain/types.js';
import { yearTotals } from '../../src/domain/year-totals.js';
import { Engine } from '../../src/engine/engine.js';
import { HISTORY_COLUMNS } from '../../src/domain/history-row.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { openPgStore } from '../../src/store/pg/pg-store.js';
import { makeWorld, NIP, ROSTER_CSV, ScriptDriver, type World } from '../helpers/script-driver.js';
import { freshDatabase, type FreshDatabase } from '../pg/database.js';

const NOW = '2026-11-22T03:00:00Z';
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'src', 'cli', 'main.ts');
const HEADER = HISTORY_COLUMNS.join(',');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `bangkom …` in a child process: on the lowdb store at `db`, or on PostgreSQL when `databaseUrl` is set. */
function bangkom(store: { db?: string; databaseUrl?: string }, args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, BANGKOM_NOW: NOW, BANGKOM_TZ: 'Asia/Jakarta', TELEGRAM_BOT_TOKEN: '', SLACK_BOT_TOKEN: '' };
  delete env.BANGKOM_PROFILE;
  delete env.BANGKOM_DATABASE_URL;
  if (store.db) env.BANGKOM_DB = store.db;
  if (store.databaseUrl) env.BANGKOM_DATABASE_URL = store.databaseUrl;
  return new Promise((resolve) => {
    execFile(TSX, [MAIN, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Every file under `dir` with the hash of its bytes: equal before and after means nothing was written. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex');
  }
  return out;
}

const CSV_LINES = [
  HEADER,
  `${NIP.siti},webinar,Webinar Literasi Digital,BPSDM Provinsi,,10-03-2026,,"7,5",800/1/2026`, // 2
  `${NIP.siti},coaching,Coaching Kinerja 1,Biro SDM,nasional,2 Maret 2026,,2,`, // 3
  `${NIP.siti},coaching,Coaching Kinerja 2,Biro SDM,,2026-03-09,2026-03-09,2 JP,`, // 4
  `${NIP.siti},Coaching,Coaching Kinerja 3,Biro SDM,,16/03/2026,,2,`, // 5: the 3rd session in March
  `${NIP.siti},seminar,Seminar Ulang,BPSDM,,11-03-2026,,8,800/1/2026`, // 6: repeats line 2
  `${NIP.siti},rapat koordinasi,Rapat Koordinasi,BPSDM,,10-03-2026,,8,`, // 7: no such form
  `199512312020122009,seminar,Webinar X,BPSDM,,10-03-2026,,8,`, // 8: nobody in the roster
];
const CSV_ERRORS = [
  { line: 7, reason: "bentuk 'rapat koordinasi' tidak dikenal (pakai kunci, nama atau sinonim bentuk dari bangkom rules, mis. seminar, workshop, e-learning)" },
  { line: 8, reason: 'nip 199512312020122009 tidak ada di data pegawai (impor roster dulu: bangkom roster import)' },
];

async function writeXlsx(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Riwayat');
  sheet.addRow([...HISTORY_COLUMNS]);
  const day = (m: number, d: number) => new Date(Date.UTC(2026, m - 1, d));
  sheet.addRow([NIP.andi, 'kursus', 'Kursus Analisis Data', 'Pusdiklat', 'nasional', day(2, 2), day(2, 6), 30, 'K-77']); // 2
  sheet.addRow([NIP.siti, 'seminar', 'Webinar Literasi Digital', 'BPSDM Provinsi', '', day(3, 10), null, 7.5, '800/1/2026']); // 3: stored by the CSV
  sheet.addRow([NIP.siti, 'Workshop', 'Workshop Tata Kelola Data', 'Diskominfo', '', '12 Mei 2026', '13 Mei 2026', '12,5', '']); // 4
  sheet.addRow([NIP.siti, 'lokakarya', 'Workshop tata kelola data', 'Diskominfo', '', day(5, 12), day(5, 13), 12.5, '']); // 5: repeats row 4
  sheet.addRow([Number(NIP.andi), 'seminar', 'Seminar Y', 'BPSDM', '', day(4, 1), null, 4, '']); // 6: a NIP Excel made a number
  await wb.xlsx.writeFile(file);
}

describe('bangkom history import (lowdb, child processes)', () => {
  let w: World;
  let csv: string;
  let xlsx: string;
  const db = () => ({ db: w.dbPath });
  const results: Record<string, Run> = {};

  beforeAll(async () => {
    w = await makeWorld({ now: NOW });
    await w.link('siti', NIP.siti);
    await w.chat.end();
    await w.store.close();
    csv = join(w.dir, 'riwayat.csv');
    xlsx = join(w.dir, 'riwayat-2.xlsx');
    await writeFile(csv, `${CSV_LINES.join('\n')}\n`);
    await writeXlsx(xlsx);
  }, 60_000);
  afterAll(async () => rm(w.dir, { recursive: true, force: true }));

  it('--dry-run --json checks and reports, and writes nothing', async () => {
    const before = await snapshot(w.dir);
    const r = await bangkom(db(), ['history', 'import', csv, '--dry-run', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${JSON.stringify({ imported: 4, skipped: 1, errors: CSV_ERRORS })}\n`);
    expect(await snapshot(w.dir)).toEqual(before);
  });

  it('--json prints exactly {"imported", "skipped", "errors"}; exit code 1 because some rows are bad', async () => {
    const r = (results.first = await bangkom(db(), ['history', 'import', csv, '--json']));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${JSON.stringify({ imported: 4, skipped: 1, errors: CSV_ERRORS })}\n`);
  });

  it('importing the same file again changes nothing: every good row is skipped', async () => {
    const before = await snapshot(join(w.dir, 'db.activities'));
    const r = await bangkom(db(), ['history', 'import', csv, '--json']);
    expect(r.stdout).toBe(`${JSON.stringify({ imported: 0, skipped: 5, errors: CSV_ERRORS })}\n`);
    expect(await snapshot(join(w.dir, 'db.activities'))).toEqual(before);
  });

  it('an XLSX (first sheet): the readable report lists what was skipped and what was wrong, by row', async () => {
    const r = await bangkom(db(), ['history', 'import', xlsx]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('Impor riwayat riwayat-2.xlsx: 2 diimpor, 2 dilewati (sudah ada), 1 baris salah.');
    expect(lines).toContain(
      '  baris 3: sudah tersimpan (NIP dan nomor sertifikat sama): "Webinar Literasi Digital", 10 Maret 2026, diimpor dari riwayat.csv baris 2',
    );
    expect(lines).toContain('  baris 5: sama dengan baris 4 (NIP, bentuk, nama dan tanggal sama)');
    expect(lines.find((l) => l.startsWith('  baris 6: '))).toContain('nip tersimpan sebagai angka di Excel');
  });

  it('--by must be an employee', async () => {
    const r = await bangkom(db(), ['history', 'import', csv, '--by', '199512312020122009']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--by: NIP 199512312020122009 tidak ada di data pegawai');
  });

  describe('what was imported counts everywhere, caps included', () => {
    let store: Store;
    let chat: ScriptDriver;
    beforeAll(async () => {
      store = await openLowdbStore(w.dbPath);
      chat = new ScriptDriver(new Engine({ store, clock: w.clock, tz: 'Asia/Jakarta', profile: 'lan-2018', dataDir: w.dir }));
    });
    afterAll(async () => {
      await chat.end();
      await store.close();
    });

    it('the stored activities are approved, with the source "impor" naming the file and line', async () => {
      const siti = await store.activitiesOf(NIP.siti);
      expect(siti.map((a) => [a.source?.file, a.source?.line, a.status]).sort()).toEqual([
        ['riwayat-2.xlsx', 4, 'approved'],
        ['riwayat.csv', 2, 'approved'],
        ['riwayat.csv', 3, 'approved'],
        ['riwayat.csv', 4, 'approved'],
        ['riwayat.csv', 5, 'approved'],
      ]);
      const [kursus] = await store.activitiesOf(NIP.andi);
      expect(kursus).toMatchObject({ jp: 30, certificateNumber: 'K-77', input: { type: 'kursus', start: '2026-02-02', end: '2026-02-06', days: 5 } });
    });

    it('"berapa JP" counts them, with the coaching cap of 2 sessions a month', async () => {
      const out = await chat.say('siti', 'berapa JP saya tahun ini?');
      const text = out.map((l) => l.text ?? '').join('\n');
      expect(text).toContain('JP Anda tahun 2026: *24 JP* disetujui');
      expect(text).toContain('• Coaching: 4 JP');
      expect(text).toContain('• Seminar: 7,5 JP');
      expect(text).toContain('• Workshop: 12,5 JP');
      expect(text).toContain('Coaching: 3 sesi di Maret 2026, dihitung 2');
    });

    it('the rekap counts them', async () => {
      // The rekap reads a snapshot: it works while this process holds the store.
      const r = await bangkom(db(), ['rekap', '--year', '2026', '--format', 'json']);
      expect(r.code).toBe(0);
      const rows = JSON.parse(r.stdout) as { nip: string; approvedJp: number; met: boolean }[];
      expect(rows.find((x) => x.nip === NIP.siti)).toMatchObject({ approvedJp: 24, met: true });
      expect(rows.find((x) => x.nip === NIP.andi)).toMatchObject({ approvedJp: 30, met: true });
    });
  });

  it('a file that cannot be read is a usage error', async () => {
    const r = await bangkom(db(), ['history', 'import', join(w.dir, 'tidak-ada.csv'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('tidak-ada.csv tidak bisa dibaca');
  });
});

describe('bangkom history import on PostgreSQL', () => {
  let pg: FreshDatabase;
  let dir: string;
  beforeAll(async () => {
    pg = await freshDatabase();
    dir = await mkdtemp(join(tmpdir(), 'history-import-pg-'));
    await writeFile(join(dir, 'pegawai.csv'), ROSTER_CSV);
    await writeFile(join(dir, 'riwayat.csv'), `${CSV_LINES.join('\n')}\n`);
  }, 60_000);
  afterAll(async () => {
    await pg?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports once, a second run changes nothing, and the totals count the rows with the caps', async () => {
    const at = { databaseUrl: pg.url };
    expect((await bangkom(at, ['roster', 'import', join(dir, 'pegawai.csv')])).code).toBe(0);
    const dry = await bangkom(at, ['history', 'import', join(dir, 'riwayat.csv'), '--dry-run', '--json']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ imported: 4, skipped: 1 });
    const first = await bangkom(at, ['history', 'import', join(dir, 'riwayat.csv'), '--json', '--by', NIP.admin]);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toMatchObject({ imported: 4, skipped: 1 });
    const second = await bangkom(at, ['history', 'import', join(dir, 'riwayat.csv'), '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ imported: 0, skipped: 5 });

    const store = await openPgStore(pg.url);
    try {
      const siti: Activity[] = await store.activitiesOf(NIP.siti);
      expect(siti).toHaveLength(4);
      expect(siti.every((a) => a.source?.by === NIP.admin && a.history[0]?.by === NIP.admin)).toBe(true);
      const totals = yearTotals(siti, 2026, 'lan-2018');
      expect(totals.byType).toEqual({ seminar: 7.5, coaching: 4 });
      expect(totals.approved).toBe(11.5);
    } finally {
      await store.close();
    }
  }, 120_000);
});
