import { execFile } from 'node:child_process';
import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/domain/store.js';
import { openPgStore } from '../../src/store/pg/pg-store.js';
import type { World } from '../helpers/script-driver.js';
import { freshDatabase, type FreshDatabase } from '../pg/database.js';
import { pdfPages } from './pdf-text.js';
import { kartuWorld, NIP, NOW, seedKartu, seedRoster } from './world.js';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'src', 'cli', 'main.ts');

interface Run {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** `bangkom …` in a child process in `cwd`, on the lowdb store at `db` or on PostgreSQL, with extra environment. */
function bangkom(store: { db?: string; databaseUrl?: string }, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, BANGKOM_NOW: NOW, BANGKOM_TZ: 'Asia/Jakarta', TELEGRAM_BOT_TOKEN: '', SLACK_BOT_TOKEN: '' };
  for (const name of ['BANGKOM_PROFILE', 'BANGKOM_DATABASE_URL', 'BANGKOM_DB', 'BANGKOM_UNIT_HEADS']) delete env[name];
  if (store.db) env.BANGKOM_DB = store.db;
  if (store.databaseUrl) env.BANGKOM_DATABASE_URL = store.databaseUrl;
  return new Promise((resolve) => {
    execFile(
      TSX,
      [MAIN, ...args],
      { env: { ...env, ...opts.env }, cwd: opts.cwd ?? process.cwd(), timeout: 60_000, encoding: 'buffer' },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr: stderr.toString('utf8') }),
    );
  });
}

const exists = (path: string) => access(path).then(() => true, () => false);

/** The world's store stays open (the lowdb lock held, as by a running assistant) while the CLI reads. */
let w: World;
beforeAll(async () => {
  w = await kartuWorld();
});
afterAll(async () => w.close());

describe('bangkom kartu', () => {
  it('--format json prints exactly nip, nama, kegiatan and jpPerTahun, while the assistant holds the store', async () => {
    const out = await bangkom({ db: w.dbPath }, ['kartu', NIP.siti, '--format', 'json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout.toString('utf8')) as Record<string, unknown> & { kegiatan: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['nip', 'nama', 'kegiatan', 'jpPerTahun']);
    expect(json.nip).toBe(NIP.siti);
    expect(json.nama).toBe('Siti Rahmawati');
    expect(json.jpPerTahun).toEqual([
      { tahun: 2024, jp: 180 },
      { tahun: 2025, jp: 30 },
      { tahun: 2026, jp: 12.4 },
    ]);
    expect(json.kegiatan.map((k) => k.nama)).toEqual(['PKP Angkatan II', 'Pelatihan Pengadaan Barang/Jasa', 'Webinar SPBE', 'Coaching Analis SDM']);
    expect(Object.keys(json.kegiatan[0]!).sort()).toEqual(
      [
        'no', 'id', 'nama', 'tahun', 'mulai', 'selesai', 'jp', 'jpDihitung', 'nomorSertifikat', 'tanggalSertifikat', 'masaBerlaku',
        'tempatTerbit', 'jenis', 'bentuk', 'salinanTerlampir', 'fileBukti', 'diunggahMyAsn', 'diunggahMyAsnPada', 'sumber',
        'rencana', 'evaluasi',
      ].sort(),
    );
    expect(json.kegiatan[2]).toMatchObject({ nama: 'Webinar SPBE', salinanTerlampir: true, fileBukti: 'sertifikat-spbe.pdf', diunggahMyAsn: true, sumber: 'laporan' });
    expect(json.kegiatan[0]).toMatchObject({ sumber: 'impor', salinanTerlampir: false, diunggahMyAsn: false, nomorSertifikat: 'PKP/77' });
  });

  it('writes kartu-NIP.pdf in the current folder by default (the printed NIP form is taken too)', async () => {
    const out = await bangkom({ db: w.dbPath }, ['kartu', '19900315 201503 2 001'], { cwd: w.dir });
    expect(out.code).toBe(0);
    const file = join(w.dir, `kartu-${NIP.siti}.pdf`);
    expect(out.stderr).toContain(`Kartu Data Siti Rahmawati: 4 kegiatan, 3 tahun → kartu-${NIP.siti}.pdf`);
    const [page] = await pdfPages(new Uint8Array(await readFile(file)));
    expect(page).toContain('Siti Rahmawati');
    expect(page).toContain('19900315 201503 2 001');
    expect(page).toContain('3 Webinar SPBE 2026 02/02/2026 s/d 03/02/2026 8,4 SRT/01, 3 Februari 2026');
    expect(page).toContain('1 2024 180 2 2025 30 3 2026 12,4');
  });

  it('--out - sends the PDF to stdout', async () => {
    const out = await bangkom({ db: w.dbPath }, ['kartu', NIP.siti, '--out', '-']);
    expect(out.code).toBe(0);
    expect(out.stdout.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await pdfPages(new Uint8Array(out.stdout)))[0]).toContain('Siti Rahmawati');
  });

  it('--format xlsx --out FILE writes the workbook', async () => {
    const file = join(w.dir, 'siti.xlsx');
    const out = await bangkom({ db: w.dbPath }, ['kartu', NIP.siti, '--format', 'xlsx', '--out', file]);
    expect(out.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('Kartu Data')!;
    const values: unknown[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
    expect(values).toEqual(expect.arrayContaining(['Siti Rahmawati', '19900315 201503 2 001', 'PKP Angkatan II', 'Coaching Analis SDM', 12.4]));
  });

  it('names the unit head from BANGKOM_UNIT_HEADS', async () => {
    const heads = join(w.dir, 'kepala-unit.json');
    await writeFile(heads, JSON.stringify({ 'Bidang SDM': { nama: 'Ir. Budi Santoso, M.T.', nip: '197501012000031002', jabatan: 'Kepala Bidang SDM', tempat: 'Sendawar' } }));
    const file = join(w.dir, 'with-head.pdf');
    const out = await bangkom({ db: w.dbPath }, ['kartu', NIP.siti, '--out', file], { env: { BANGKOM_UNIT_HEADS: heads } });
    expect(out.code).toBe(0);
    const [page] = await pdfPages(new Uint8Array(await readFile(file)));
    expect(page).toContain('Mengetahui, Kepala Bidang SDM Ir. Budi Santoso, M.T. NIP. 19750101 200003 1 002');
    expect(page).toContain('Sendawar, 22 November 2026');
  });

  const refused: [what: string, args: string[], env: NodeJS.ProcessEnv, message: RegExp][] = [
    ['an unknown NIP', ['kartu', '199901012020011001'], {}, /NIP 19990101 202001 1 001 tidak ada di daftar pegawai/],
    ['a NIP of the wrong length', ['kartu', '1990031520150320'], {}, /NIP harus 18 digit angka, bukan '1990031520150320'/],
    ['a missing unit-heads file', ['kartu', NIP.siti], { BANGKOM_UNIT_HEADS: '/nonexistent/heads.json' }, /heads\.json tidak bisa dibaca: file tidak ada/],
  ];
  it.each(refused)('refuses %s with a clear message, exit 2, writing nothing', async (_what, args, env, message) => {
    const before = await readdir(w.dir);
    const out = await bangkom({ db: w.dbPath }, args, { cwd: w.dir, env });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stdout.length).toBe(0);
    expect(await readdir(w.dir)).toEqual(before);
  });

  it('refuses an unknown format the way every command refuses a bad option (commander, exit 1)', async () => {
    const out = await bangkom({ db: w.dbPath }, ['kartu', NIP.siti, '--format', 'docx'], { cwd: w.dir });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/'docx' is invalid.*pdf, xlsx, json/);
    expect(await exists(join(w.dir, `kartu-${NIP.siti}.docx`))).toBe(false);
  });

  it('refuses a broken unit-heads file naming the bad entry', async () => {
    const heads = join(w.dir, 'broken-heads.json');
    await writeFile(heads, JSON.stringify({ 'Bidang SDM': { nama: 'Budi' } }));
    const out = await bangkom({ db: w.dbPath }, ['kartu', NIP.siti, '--unit-heads', heads]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/broken-heads\.json: Bidang SDM → jabatan/);
    expect(await exists(join(process.cwd(), `kartu-${NIP.siti}.pdf`))).toBe(false);
  });
});

describe('bangkom kartu on PostgreSQL', () => {
  let db: FreshDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await freshDatabase();
    store = await openPgStore(db.url);
    await seedRoster(store);
    await seedKartu(store);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('gives the same card as on lowdb', async () => {
    const withoutIds = (run: Run) => {
      const json = JSON.parse(run.stdout.toString('utf8')) as { kegiatan: Record<string, unknown>[] };
      return { ...json, kegiatan: json.kegiatan.map(({ id: _, ...k }) => k) };
    };
    const pg = await bangkom({ databaseUrl: db.url }, ['kartu', NIP.siti, '--format', 'json']);
    expect(pg.stderr).toBe('');
    expect(pg.code).toBe(0);
    const lowdb = await bangkom({ db: w.dbPath }, ['kartu', NIP.siti, '--format', 'json']);
    expect(withoutIds(pg)).toEqual(withoutIds(lowdb));
    expect(withoutIds(pg).kegiatan).toHaveLength(4);
  });
});
