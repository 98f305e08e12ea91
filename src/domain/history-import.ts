import { importedActivity, type ImportStamp } from './history-activity.js';
import { LIVE_STATUSES, RepeatIndex, repeatableOf, repeatInFileReason, repeatStoredReason } from './history-repeat.js';
import { checkHistoryRow, HISTORY_COLUMNS, type HistoryColumn, type HistoryEntry } from './history-row.js';
import { recordProblem } from './records.js';
import type { Store } from './store.js';
import { readTable, TableFileError, type Cell, type Table } from './table-file.js';
import type { Activity } from './types.js';

/**
 * `bangkom history import`: activities recorded before the assistant (a CSV or XLSX with the columns
 * nip,bentuk,nama,penyelenggara,lingkup,mulai,selesai,jp,nomor_sertifikat) become approved activities
 * with the source "impor". Bad rows are reported by line and left out; a row that repeats a stored
 * activity or an earlier row is skipped; the rest are written, one transaction per chunk of rows.
 */

export interface RowNote {
  /** Line of the file (header = 1) or row of the sheet. */
  line: number;
  /** In Indonesian. */
  reason: string;
}

export interface HistoryImportOptions extends Omit<ImportStamp, 'at'> {
  now: Date;
  tz: string;
  /** Check and report only: nothing is written. */
  dryRun?: boolean;
  /** Rows per transaction (default 100). */
  chunkSize?: number;
}

export interface HistoryImportResult {
  /** Activities written (with dryRun: that would be written). */
  imported: number;
  skipped: RowNote[];
  errors: RowNote[];
  /** Columns of the file that are not history columns: left alone. */
  ignoredColumns: string[];
}

/** The `--json` contract: counts, and the bad rows by line. */
export function historyImportJson(result: HistoryImportResult): { imported: number; skipped: number; errors: RowNote[] } {
  return { imported: result.imported, skipped: result.skipped.length, errors: result.errors };
}

const DEFAULT_CHUNK = 100;
/** Two imports at once (two CLI processes on one PostgreSQL) take turns chunk by chunk, so neither misses the other's rows. */
const IMPORT_LOCK = 'history-import';

/** Reads the file (CSV or XLSX, by content) and imports it; a file that is no table is one error at its line. */
export async function importHistoryFile(store: Store, bytes: Uint8Array, opts: HistoryImportOptions): Promise<HistoryImportResult> {
  let table: Table;
  try {
    table = await readTable(bytes, opts.file);
  } catch (err) {
    if (err instanceof TableFileError) return { imported: 0, skipped: [], errors: [{ line: err.line, reason: err.message }], ignoredColumns: [] };
    throw err;
  }
  return importHistory(store, table, opts);
}

interface Candidate {
  entry: HistoryEntry;
  activity: Activity;
}

export async function importHistory(store: Store, table: Table, opts: HistoryImportOptions): Promise<HistoryImportResult> {
  const columns = columnsOf(table);
  if ('reason' in columns) return { imported: 0, skipped: [], errors: [columns], ignoredColumns: [] };
  const stamp: ImportStamp = {
    by: opts.by,
    ...(opts.approverNip ? { approverNip: opts.approverNip } : {}),
    at: opts.now.toISOString(),
    file: opts.file,
    profile: opts.profile,
  };
  const ctx = { now: opts.now, tz: opts.tz, profile: opts.profile };
  const errors: RowNote[] = [];
  const skipped: RowNote[] = [];
  const candidates: Candidate[] = [];
  const inFile = new RepeatIndex<number>();
  const known = new Map<string, boolean>();

  for (const row of table.rows) {
    const cells = Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, row.cells[columns.index[c]]])) as Record<HistoryColumn, Cell>;
    const check = checkHistoryRow(row.line, cells, ctx);
    if (!check.ok) {
      errors.push({ line: row.line, reason: check.reason });
      continue;
    }
    const { entry } = check;
    if (!known.has(entry.nip)) known.set(entry.nip, (await store.getEmployee(entry.nip)) !== undefined);
    if (!known.get(entry.nip)) {
      errors.push({ line: row.line, reason: `nip ${entry.nip} tidak ada di data pegawai (impor roster dulu: bangkom roster import)` });
      continue;
    }
    const activity = importedActivity(entry, stamp);
    // Checked here, row by row, so that one unstorable row cannot fail the transaction of its chunk.
    const problem = recordProblem('activity', activity);
    if (problem) {
      errors.push({ line: row.line, reason: `tidak bisa disimpan: ${problem}` });
      continue;
    }
    const repeat = inFile.find(entry);
    if (repeat) {
      skipped.push({ line: row.line, reason: repeatInFileReason(repeat.by, repeat.value) });
      continue;
    }
    inFile.add(entry, entry.line);
    candidates.push({ entry, activity });
  }

  let imported = 0;
  const size = Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK);
  for (let i = 0; i < candidates.length; i += size) {
    const chunk = candidates.slice(i, i + size);
    const outcome = opts.dryRun
      ? await placeChunk(store, chunk, false)
      : await store.transaction((tx) => placeChunk(tx, chunk, true), { key: IMPORT_LOCK });
    imported += outcome.imported;
    skipped.push(...outcome.skipped);
  }
  const byLine = (a: RowNote, b: RowNote) => a.line - b.line;
  return { imported, skipped: skipped.sort(byLine), errors: errors.sort(byLine), ignoredColumns: columns.ignored };
}

/**
 * Writes (or, for a dry run, only counts) the rows of one chunk that repeat nothing stored. Reads the
 * store inside the transaction, so it may run again on a conflict: it changes nothing outside the store.
 */
async function placeChunk(store: Store, chunk: Candidate[], write: boolean): Promise<{ imported: number; skipped: RowNote[] }> {
  const stored = new Map<string, RepeatIndex<Activity>>();
  const skipped: RowNote[] = [];
  let imported = 0;
  for (const { entry, activity } of chunk) {
    let index = stored.get(entry.nip);
    if (!index) {
      index = new RepeatIndex<Activity>();
      for (const a of await store.activitiesOf(entry.nip)) if (LIVE_STATUSES.has(a.status)) index.add(repeatableOf(a), a);
      stored.set(entry.nip, index);
    }
    const repeat = index.find(entry);
    if (repeat) {
      skipped.push({ line: entry.line, reason: repeatStoredReason(repeat.by, repeat.value) });
      continue;
    }
    if (write) await store.addActivity(activity);
    index.add(entry, activity);
    imported++;
  }
  return { imported, skipped };
}

/** Where each history column is; the header must name all nine once. Other columns are ignored. */
function columnsOf(table: Table): { index: Record<HistoryColumn, number>; ignored: string[] } | RowNote {
  const line = table.headerLine;
  const wanted = new Set<string>(HISTORY_COLUMNS);
  const twice = HISTORY_COLUMNS.filter((c) => table.header.indexOf(c) !== table.header.lastIndexOf(c));
  if (twice.length) return { line, reason: `kolom ${twice.join(', ')} ada lebih dari sekali` };
  const missing = HISTORY_COLUMNS.filter((c) => !table.header.includes(c));
  if (missing.length) {
    return { line, reason: `kolom wajib tidak ada: ${missing.join(', ')} (judul kolom: ${HISTORY_COLUMNS.join(',')})` };
  }
  const index = Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, table.header.indexOf(c)])) as Record<HistoryColumn, number>;
  return { index, ignored: table.header.filter((h) => h !== '' && !wanted.has(h)) };
}
