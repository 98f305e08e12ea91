import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { impliedCount } from '../../src/domain/history-activity.js';
import { historyImportJson, importHistoryFile, type HistoryImportOptions } from '../../src/domain/history-import.js';
import { checkHistoryRow, HISTORY_COLUMNS, type HistoryColumn } from '../../src/domain/history-row.js';
import { recordProblem } from '../../src/domain/records.js';
import { importRoster } from '../../src/domain/roster.js';
import type { Store } from '../../src/domain/store.js';
import { readTable, TableFileError, type Cell } from '../../src/domain/table-file.js';
import type { Activity } from '../../src/domain/types.js';
import { yearTotals } from '../../src/domain/year-totals.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { activity } from '../helpers/activity.js';
import { NIP, ROSTER_CSV } from '../helpers/script-driver.js';

const NOW = new Date('2026-11-22T03:00:00Z');
const CTX = { now: NOW, tz: 'Asia/Jakarta', profile: 'lan-2018' };
const HEADER = HISTORY_COLUMNS.join(',');
const enc = (text: string) => new TextEncoder().encode(text);

/** A good row of Siti's, with some cells replaced. */
function row(over: Partial<Record<HistoryColumn, Cell>> = {}): Record<HistoryColumn, Cell> {
  return {
    nip: NIP.siti,
    bentuk: 'seminar',
    nama: 'Webinar Literasi Digital',
    penyelenggara: 'BPSDM Provinsi',
    lingkup: '',
    mulai: '10-03-2026',
    selesai: '',
    jp: '8',
    nomor_sertifikat: '',
    ...over,
  };
}

function check(over: Partial<Record<HistoryColumn, Cell>>) {
  return checkHistoryRow(7, row(over), CTX);
}

describe('checkHistoryRow: what a row may say', () => {
  const goodCases: [string, Partial<Record<HistoryColumn, Cell>>, Record<string, unknown>][] = [
    ['a form key', { bentuk: 'bimbingan-teknis' }, { type: 'bimbingan-teknis' }],
    ['a label in any case', { bentuk: 'PELATIHAN TEKNIS' }, { type: 'pelatihan-teknis' }],
    ['a synonym', { bentuk: 'webinar' }, { type: 'seminar' }],
    ['a synonym in a phrase', { bentuk: 'Bimbingan Teknis (Bimtek)' }, { type: 'bimbingan-teknis' }],
    ['a spelling the chat forgives', { bentuk: 'e learning' }, { type: 'e-learning' }],
    ['a one-letter typo in one long word', { bentuk: 'semniar' }, { type: 'seminar' }],
    ['dd-mm-yyyy, empty end = the start', { mulai: '10-03-2026' }, { start: '2026-03-10', end: '2026-03-10' }],
    ['an Indonesian long date', { mulai: '10 Maret 2026', selesai: '12 Maret 2026' }, { start: '2026-03-10', end: '2026-03-12' }],
    ['ISO dates', { mulai: '2026-03-10', selesai: '2026-03-11' }, { start: '2026-03-10', end: '2026-03-11' }],
    ['a weekday and a short year', { mulai: 'Selasa, 10 Maret 2026', selesai: '10/03/26' }, { start: '2026-03-10', end: '2026-03-10' }],
    ['an Excel date cell', { mulai: new Date(Date.UTC(2026, 2, 10)) }, { start: '2026-03-10' }],
    ['an Excel day number', { mulai: 46091 }, { start: '2026-03-10' }],
    ['JP with a decimal comma', { jp: '7,5' }, { jp: 7.5 }],
    ['JP with a decimal point', { jp: '7.5' }, { jp: 7.5 }],
    ['JP with its unit', { jp: '16 JP' }, { jp: 16 }],
    ['JP as a number cell', { jp: 2.25 }, { jp: 2.25 }],
    ['empty scope is nasional', { lingkup: '' }, { scope: 'nasional' }],
    ['internasional in any case', { lingkup: 'Internasional' }, { scope: 'internasional' }],
    ['a printed NIP with spaces', { nip: '19900315 201503 2 001' }, { nip: NIP.siti }],
    ['spaces folded in the name', { nama: '  Webinar   Literasi\nDigital ' }, { title: 'Webinar Literasi Digital' }],
    ['a certificate number', { nomor_sertifikat: ' 800/123/BPSDM ' }, { certificateNumber: '800/123/BPSDM' }],
    ['a certificate number typed as a number cell', { nomor_sertifikat: 12345 }, { certificateNumber: '12345' }],
  ];
  it.each(goodCases)('accepts %s', (_name, over, expected) => {
    const result = check(over);
    if (!result.ok) throw new Error(result.reason);
    expect(result.entry).toMatchObject({ line: 7, ...expected });
  });

  const badCases: [string, Partial<Record<HistoryColumn, Cell>>, string[]][] = [
    ['an unknown form', { bentuk: 'rapat koordinasi' }, ["bentuk 'rapat koordinasi' tidak dikenal"]],
    ['a form naming two forms', { bentuk: 'Seminar dan Workshop' }, ['tidak jelas', 'Seminar (seminar)', 'Workshop (workshop)']],
    ['an empty form', { bentuk: ' ' }, ['bentuk kosong']],
    ['a scope that is no scope', { lingkup: 'luar negeri' }, ["lingkup harus nasional atau internasional", "'luar negeri'"]],
    ['internasional where the form has none', { bentuk: 'diklat PIM', lingkup: 'internasional' }, ['tidak punya lingkup internasional']],
    ['a date that is no date', { mulai: 'minggu lalu' }, ["mulai 'minggu lalu' bukan tanggal"]],
    ['a day not in the calendar', { mulai: '30/02/2026' }, ["mulai '30/02/2026' tidak ada di kalender"]],
    ['a date still to come', { mulai: '2026-12-01' }, ['mulai (1 Desember 2026) belum lewat']],
    ['an end before the start', { mulai: '10-03-2026', selesai: '09-03-2026' }, ['selesai (9 Maret 2026) sebelum mulai (10 Maret 2026)']],
    ['a start before the birth date in the NIP', { mulai: '01-01-1989' }, ['sebelum tanggal lahir pegawai']],
    ['hours instead of JP', { jp: '3 jam' }, ['jam/menit', '1 JP = 45 menit']],
    ['zero JP', { jp: '0' }, ['harus angka lebih dari 0']],
    ['JP that is no number', { jp: 'enam belas' }, ["jp 'enam belas' harus angka"]],
    ['an empty JP', { jp: undefined }, ['jp kosong']],
    ['a NIP of the wrong length', { nip: '19900315201503' }, ['18 digit']],
    ['a NIP Excel turned into a number', { nip: 199003152015032001 }, ['sebagai angka di Excel', 'Teks']],
    ['an empty name', { nama: '' }, ['nama kosong']],
    ['an organizer of no letters', { penyelenggara: '123' }, ['penyelenggara harus berisi huruf']],
    ['a name with a NUL', { nama: 'Webinar\u0000X' }, ['nama berisi karakter yang rusak']],
    ['a certificate number too long', { nomor_sertifikat: 'x'.repeat(201) }, ['nomor_sertifikat paling panjang 200']],
  ];
  it.each(badCases)('refuses %s, saying why in Indonesian', (_name, over, parts) => {
    const result = check(over);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const part of parts) expect(result.reason).toContain(part);
  });

  it('names every problem of a row at once', () => {
    const result = check({ bentuk: 'rapat', jp: '3 jam', lingkup: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.split('; ')).toHaveLength(3);
  });
});

describe('impliedCount: the sessions a stated JP stands for, where caps count sessions', () => {
  const cases: [string, string, 'nasional' | 'internasional', number, number | undefined][] = [
    ['lan-2018', 'coaching', 'nasional', 2, 1],
    ['lan-2018', 'coaching', 'nasional', 6, 3],
    ['lan-2018', 'coaching', 'internasional', 8, 2],
    ['lan-2018', 'mentoring', 'nasional', 3, 2],
    ['lan-2018', 'seminar', 'nasional', 8, undefined],
    ['lan-2018', 'e-learning', 'nasional', 8, undefined],
    ['kutai-barat-2024', 'coaching', 'nasional', 8, 4],
    ['kutai-barat-2024', 'patok-banding', 'nasional', 20, 2],
  ];
  it.each(cases)('%s %s %s %d JP → %s', (profile, type, scope, jp, expected) => {
    expect(impliedCount({ type, scope, start: '2026-03-02', jp }, profile)).toBe(expected);
  });
});

describe('readTable', () => {
  it('reads a semicolon CSV (Excel in the Indonesian locale) with a decimal comma, a BOM and CRLF', async () => {
    const t = await readTable(enc(`\uFEFFNIP;Bentuk;jp\r\n${NIP.siti};seminar;7,5\r\n`), 'a.csv');
    expect(t.header).toEqual(['nip', 'bentuk', 'jp']);
    expect(t.rows).toEqual([{ line: 2, cells: [NIP.siti, 'seminar', '7,5'] }]);
  });

  it('numbers a row by the line it starts on, after blank lines and a value over two lines', async () => {
    const t = await readTable(enc('a,b\n1,"two\nlines"\n\n3,4\n , \n5,6\n'), 'a.csv');
    expect(t.rows.map((r) => r.line)).toEqual([2, 5, 7]);
  });

  it('reads a CSV that is not UTF-8 (Windows-1252) without losing letters', async () => {
    const bytes = new Uint8Array([...enc('nama\nJos'), 0xe9, 0x0a]);
    const t = await readTable(bytes, 'a.csv');
    expect(t.rows[0]!.cells).toEqual(['José']);
  });

  it('refuses an unclosed quote with its line', async () => {
    const err = await readTable(enc('a,b\n1,2\n3,"4\n'), 'a.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TableFileError);
    expect((err as TableFileError).message).toContain('tanda kutip');
  });

  it('refuses .xls and a .xlsx that is no workbook', async () => {
    await expect(readTable(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'a.xls')).rejects.toThrow('.xls');
    await expect(readTable(enc('nip,bentuk\n'), 'a.xlsx')).rejects.toThrow('bukan XLSX');
  });

  it('reads the first sheet of an XLSX: sheet row numbers, typed cells, rich text and formula results', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Riwayat');
    wb.addWorksheet('Lain').addRow(['bukan ini']);
    sheet.getRow(2).values = ['NIP', 'mulai', 'jp', 'nama'];
    sheet.getRow(3).values = [NIP.siti, new Date(Date.UTC(2026, 2, 10)), 7.5, { richText: [{ text: 'Webinar ' }, { text: 'Data' }] }];
    sheet.getRow(5).values = [NIP.andi, 46091, { formula: '2*4', result: 8 }, 'Kursus'];
    const t = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()), 'riwayat.xlsx');
    expect(t.format).toBe('xlsx');
    expect(t.headerLine).toBe(2);
    expect(t.header).toEqual(['nip', 'mulai', 'jp', 'nama']);
    expect(t.rows).toEqual([
      { line: 3, cells: [NIP.siti, new Date(Date.UTC(2026, 2, 10)), 7.5, 'Webinar Data'] },
      { line: 5, cells: [NIP.andi, 46091, 8, 'Kursus'] },
    ]);
  });
});

describe('importHistoryFile', () => {
  let dir: string;
  let store: Store;
  const opts = (over: Partial<HistoryImportOptions> = {}): HistoryImportOptions => ({
    by: 'hr-operator',
    file: 'riwayat.csv',
    now: NOW,
    tz: 'Asia/Jakarta',
    profile: 'lan-2018',
    ...over,
  });
  const csv = (...lines: string[]) => enc([HEADER, ...lines].join('\n'));
  const all = async (): Promise<Activity[]> => [
    ...(await store.activitiesOf(NIP.siti)),
    ...(await store.activitiesOf(NIP.andi)),
  ];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'history-import-'));
    store = await openLowdbStore(join(dir, 'db.json'));
    await importRoster(store, ROSTER_CSV, NOW);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const FILE = [
    `${NIP.siti},webinar,Webinar Literasi Digital,BPSDM Provinsi,,10-03-2026,,"7,5",CERT-1`, // 2 good
    `${NIP.siti},coaching,Coaching Kinerja 1,Biro SDM,nasional,2 Maret 2026,,2,`, // 3 good
    `${NIP.siti},seminar,Seminar Lain,BPSDM Provinsi,,11-03-2026,,8,cert-1`, // 4 repeats line 2 (certificate)
    `${NIP.siti},coaching,coaching kinerja 1.,Biro Lain,,2026-03-02,2026-03-02,2,`, // 5 repeats line 3 (form, name, dates)
    `${NIP.andi},kursus,Kursus Data,Pusdiklat,,01-02-2026,05-02-2026,30,`, // 6 good
    `199512312020122009,seminar,Webinar X,BPSDM,,10-03-2026,,8,`, // 7 unknown NIP
    `${NIP.siti},rapat,Rapat,BPSDM,,10-03-2026,,8,`, // 8 unknown form
  ];

  it('imports the good rows as approved activities with the source "impor", skips repeats, reports bad rows by line', async () => {
    const result = await importHistoryFile(store, csv(...FILE), opts());
    expect(historyImportJson(result)).toEqual({
      imported: 3,
      skipped: 2,
      errors: [
        { line: 7, reason: 'nip 199512312020122009 tidak ada di data pegawai (impor roster dulu: bangkom roster import)' },
        { line: 8, reason: expect.stringContaining("bentuk 'rapat' tidak dikenal") as string },
      ],
    });
    expect(result.skipped).toEqual([
      { line: 4, reason: 'sama dengan baris 2 (NIP dan nomor sertifikat sama)' },
      { line: 5, reason: 'sama dengan baris 3 (NIP, bentuk, nama dan tanggal sama)' },
    ]);
    const stored = await all();
    expect(stored).toHaveLength(3);
    for (const a of stored) expect(recordProblem('activity', a)).toBeUndefined();
    const webinar = stored.find((a) => a.title === 'Webinar Literasi Digital')!;
    expect(webinar).toMatchObject({
      nip: NIP.siti,
      status: 'approved',
      jp: 7.5,
      year: 2026,
      profile: 'lan-2018',
      certificateNumber: 'CERT-1',
      organizer: 'BPSDM Provinsi',
      input: { type: 'seminar', scope: 'nasional', start: '2026-03-10', end: '2026-03-10', days: 1, jp: 7.5 },
      source: { kind: 'impor', by: 'hr-operator', at: NOW.toISOString(), file: 'riwayat.csv', line: 2 },
      history: [{ status: 'approved', by: NIP.siti, at: NOW.toISOString() }],
    });
    expect(webinar.explanation).toBe('Diimpor dari riwayat (riwayat.csv, baris 2): 7,5 JP sesuai catatan, tidak dihitung ulang');
  });

  it('writes the importer as the approver when the importer is an employee (--by NIP)', async () => {
    await importHistoryFile(store, csv(FILE[0]!), opts({ by: NIP.admin, approverNip: NIP.admin }));
    const [a] = await store.activitiesOf(NIP.siti);
    expect(a!.source!.by).toBe(NIP.admin);
    expect(a!.history).toEqual([expect.objectContaining({ status: 'approved', by: NIP.admin })]);
  });

  it('a second import of the same file changes nothing and says every good row was already there', async () => {
    await importHistoryFile(store, csv(...FILE), opts());
    const before = await all();
    const again = await importHistoryFile(store, csv(...FILE), opts({ now: new Date('2026-11-23T03:00:00Z') }));
    expect(historyImportJson(again)).toMatchObject({ imported: 0, skipped: 5 });
    expect(again.skipped.find((s) => s.line === 2)!.reason).toBe(
      'sudah tersimpan (NIP dan nomor sertifikat sama): "Webinar Literasi Digital", 10 Maret 2026, diimpor dari riwayat.csv baris 2',
    );
    expect(await all()).toEqual(before);
  });

  it('skips a row that repeats a report made in the chat, unless that report was rejected', async () => {
    await store.addActivity(activity(NIP.siti, { type: 'seminar', start: '2026-03-10', jp: 6, certificateNumber: 'cert - 1', status: 'pending' }));
    await store.addActivity(activity(NIP.andi, { type: 'kursus', start: '2026-02-01', end: '2026-02-05', jp: 30, title: 'Kursus Data', status: 'rejected' }));
    const result = await importHistoryFile(store, csv(FILE[0]!, FILE[4]!), opts());
    expect(result.imported).toBe(1);
    expect(result.skipped).toEqual([
      { line: 2, reason: expect.stringMatching(/^sudah tersimpan \(NIP dan nomor sertifikat sama\): ".*", 10 Maret 2026, menunggu persetujuan$/) as string },
    ]);
    expect((await store.activitiesOf(NIP.andi)).map((a) => a.status).sort()).toEqual(['approved', 'rejected']);
  });

  it('a dry run reports the same and writes nothing', async () => {
    const dry = await importHistoryFile(store, csv(...FILE), opts({ dryRun: true }));
    expect(historyImportJson(dry)).toMatchObject({ imported: 3, skipped: 2 });
    expect(await all()).toEqual([]);
  });

  it('refuses a file whose header lacks a column, at line 1; other columns are ignored and named', async () => {
    const missing = await importHistoryFile(store, enc(`nip,bentuk,nama\n${NIP.siti},seminar,X`), opts());
    expect(historyImportJson(missing)).toEqual({
      imported: 0,
      skipped: 0,
      errors: [{ line: 1, reason: expect.stringContaining('kolom wajib tidak ada: penyelenggara, lingkup, mulai, selesai, jp, nomor_sertifikat') as string }],
    });
    const extra = await importHistoryFile(store, enc(`no,${HEADER},catatan\n1,${FILE[0]},lunas`), opts());
    expect(extra).toMatchObject({ imported: 1, errors: [], ignoredColumns: ['no', 'catatan'] });
  });

  it('imported activities count in the totals with the caps: coaching at most 2 sessions a month', async () => {
    // One coaching session reported in the chat, in the same month.
    await store.addActivity(activity(NIP.siti, { type: 'coaching', start: '2026-03-20', jp: 2, count: 1 }));
    const result = await importHistoryFile(
      store,
      csv(
        `${NIP.siti},coaching,Coaching Kinerja 1,Biro SDM,,02-03-2026,,2,`,
        `${NIP.siti},coaching,Coaching Kinerja 2,Biro SDM,,09-03-2026,,2,`,
        // 6 JP of coaching = 3 sessions: April allows 2 of them.
        `${NIP.siti},coaching,Coaching Kinerja April,Biro SDM,,07-04-2026,,6,`,
        `${NIP.siti},workshop,Workshop Data,Diskominfo,,12-05-2026,13-05-2026,"12,5",`,
      ),
      opts(),
    );
    expect(result.imported).toBe(4);
    const totals = yearTotals(await store.activitiesOf(NIP.siti), 2026, 'lan-2018');
    expect(totals.byType).toEqual({ coaching: 8, workshop: 12.5 });
    expect(totals.approved).toBe(20.5);
    expect(totals.met).toBe(true);
    expect(totals.notes.map((n) => n.message)).toEqual([
      'coaching: 3 sesi di Maret 2026, dihitung 2',
      'coaching: 3 sesi di April 2026, dihitung 2',
    ]);
  });

  it('one transaction per chunk: a failure inside a chunk leaves the earlier chunks whole and nothing of its own', async () => {
    const lines = Array.from({ length: 7 }, (_, i) => `${NIP.siti},seminar,Seminar Nomor ${i + 1},BPSDM,,${10 + i}-03-2026,,2,`);
    let adds = 0;
    // The store itself, except that the 5th write (the 2nd row of the 2nd chunk of 3) fails.
    const failing = new Proxy(store, {
      get(target, prop) {
        if (prop === 'transaction') {
          return (work: (tx: Store) => Promise<unknown>, o?: { key?: string }) =>
            target.transaction(
              (tx) =>
                work(
                  new Proxy(tx, {
                    get(t, p) {
                      if (p === 'addActivity') {
                        return async (a: Activity) => {
                          if (++adds === 5) throw new Error('disk gone');
                          return t.addActivity(a);
                        };
                      }
                      const v = Reflect.get(t, p) as unknown;
                      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(t) : v;
                    },
                  }),
                ),
              o,
            );
        }
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
      },
    });
    await expect(importHistoryFile(failing, csv(...lines), opts({ chunkSize: 3 }))).rejects.toThrow('disk gone');
    expect((await store.activitiesOf(NIP.siti)).map((a) => a.title).sort()).toEqual(['Seminar Nomor 1', 'Seminar Nomor 2', 'Seminar Nomor 3']);
    const rerun = await importHistoryFile(store, csv(...lines), opts({ chunkSize: 3 }));
    expect(historyImportJson(rerun)).toEqual({ imported: 4, skipped: 3, errors: [] });
    expect(await store.activitiesOf(NIP.siti)).toHaveLength(7);
  });
});
