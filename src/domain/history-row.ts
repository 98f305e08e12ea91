import { exactForm, findForms, formRule, round2 } from '../rules/index.js';
import type { FormInfo, Scope } from '../rules/types.js';
// The chat's own reading of a stated JP ("16", "7,5", "16 JP"), so a file says JP the way a chat answer does.
import { parseStatedJp } from '../engine/report/parse-amount.js';
import { formatDateLong, parseUserDate, todayIn, type IsoDate } from './dates.js';
import { checkNip, nipProblemText } from './nip.js';
import { hasBrokenText } from './records.js';
import { cellText, isBlank, type Cell } from './table-file.js';

/** The columns of a history file, in the documented order. */
export const HISTORY_COLUMNS = ['nip', 'bentuk', 'nama', 'penyelenggara', 'lingkup', 'mulai', 'selesai', 'jp', 'nomor_sertifikat'] as const;
export type HistoryColumn = (typeof HISTORY_COLUMNS)[number];

/** One row of a history file, checked: what the activity will be made of. */
export interface HistoryEntry {
  line: number;
  nip: string;
  type: string;
  title: string;
  organizer: string;
  scope: Scope;
  start: IsoDate;
  end: IsoDate;
  /** The JP the record states, two decimals. */
  jp: number;
  certificateNumber?: string;
}

export interface RowContext {
  now: Date;
  tz: string;
  profile: string;
}

export type RowCheck = { ok: true; entry: HistoryEntry } | { ok: false; reason: string };

const LIMITS = { title: [3, 1000], organizer: [2, 1000], certificateNumber: 200 } as const;
/** Excel's day 0 (serial numbers count days from 30 December 1899), and its last day (31 December 9999). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const EXCEL_LAST_SERIAL = 2_958_465;

const quote = (text: string) => `'${text.length > 60 ? `${text.slice(0, 57)}…` : text}'`;
/** Spaces folded, ends trimmed. */
const clean = (cell: Cell) => cellText(cell).replace(/\s+/g, ' ').trim();
const unstorable = (text: string) => hasBrokenText(text) || text.includes('\u0000');

/** Checks one row; every problem of the row is named, joined with "; ". */
export function checkHistoryRow(line: number, cells: Record<HistoryColumn, Cell>, ctx: RowContext): RowCheck {
  const problems: string[] = [];
  const nip = readNip(cells.nip, problems);
  const form = readForm(cells.bentuk, problems);
  const title = readText('nama', cells.nama, LIMITS.title, problems);
  const organizer = readText('penyelenggara', cells.penyelenggara, LIMITS.organizer, problems);
  const scope = readScope(cells.lingkup, form, ctx.profile, problems);
  const start = readDate('mulai', cells.mulai, ctx, problems);
  // An empty end date is the start date: a one-day activity (the chat's "sama dengan tanggal mulai").
  const end = isBlank(cells.selesai) ? start : readDate('selesai', cells.selesai, ctx, problems);
  if (start && end && end < start) problems.push(`selesai (${formatDateLong(end, 'id')}) sebelum mulai (${formatDateLong(start, 'id')})`);
  if (start && nip) {
    const born = `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`;
    if (start < born) problems.push(`mulai (${formatDateLong(start, 'id')}) sebelum tanggal lahir pegawai menurut NIP (${formatDateLong(born, 'id')})`);
  }
  const jp = readJp(cells.jp, problems);
  const certificateNumber = readCertificateNumber(cells.nomor_sertifikat, problems);
  if (problems.length > 0 || !nip || !form || !title || !organizer || !scope || !start || !end || jp === undefined) {
    return { ok: false, reason: problems.join('; ') || 'baris tidak lengkap' };
  }
  const entry: HistoryEntry = { line, nip, type: form.key, title, organizer, scope, start, end, jp };
  if (certificateNumber) entry.certificateNumber = certificateNumber;
  return { ok: true, entry };
}

function readNip(cell: Cell, problems: string[]): string | undefined {
  if (isBlank(cell)) return void problems.push('nip kosong');
  if (typeof cell === 'number') {
    // 18 digits do not fit a spreadsheet number: Excel has already changed the last ones.
    return void problems.push('nip tersimpan sebagai angka di Excel, digit terakhirnya bisa berubah: format kolom nip sebagai Teks lalu ketik ulang');
  }
  const checked = checkNip(clean(cell));
  if (!checked.ok) return void problems.push(`nip ${quote(clean(cell))}: ${nipProblemText(checked.problem)}`);
  return checked.nip;
}

const formName = (f: FormInfo) => `${f.label} (${f.key})`;

/**
 * A form key, label or synonym, as the chat takes them (exact first, then findForms: whole words, a typo
 * in one long word). Where the chat would take the first of several forms named, a file row is refused
 * with the candidates: nobody is there to correct it.
 */
export function readForm(cell: Cell, problems: string[]): FormInfo | undefined {
  const text = clean(cell);
  if (!text) return void problems.push('bentuk kosong');
  const exact = exactForm(text);
  if (exact) return exact;
  const found = findForms(text);
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    return void problems.push(`bentuk ${quote(text)} tidak dikenal (pakai kunci, nama atau sinonim bentuk dari bangkom rules, mis. seminar, workshop, e-learning)`);
  }
  const names = found.slice(0, 4).map(formName);
  return void problems.push(`bentuk ${quote(text)} tidak jelas, bisa ${names.join(' atau ')}: tulis salah satu`);
}

function readText(column: 'nama' | 'penyelenggara', cell: Cell, [min, max]: readonly [number, number], problems: string[]): string | undefined {
  const value = clean(cell);
  if (!value) return void problems.push(`${column} kosong`);
  if (unstorable(value)) return void problems.push(`${column} berisi karakter yang rusak`);
  if (!/\p{L}/u.test(value)) return void problems.push(`${column} harus berisi huruf`);
  if (value.length < min || value.length > max) return void problems.push(`${column} harus ${min}–${max} karakter`);
  return value;
}

function readScope(cell: Cell, form: FormInfo | undefined, profile: string, problems: string[]): Scope | undefined {
  const word = clean(cell).toLowerCase();
  const scope: Scope | undefined = word === '' || word === 'nasional' ? 'nasional' : word === 'internasional' ? 'internasional' : undefined;
  if (!scope) return void problems.push(`lingkup harus nasional atau internasional (kosong berarti nasional), bukan ${quote(clean(cell))}`);
  if (scope === 'internasional' && form && !formRule(profile, form.key).internationalAllowed) {
    return void problems.push(`${form.label} tidak punya lingkup internasional dalam aturan ${profile}, tulis nasional`);
  }
  return scope;
}

/** The chat's date forms (10-03-2026, 10 Maret 2026, 2026-03-10, …), an Excel date cell, or an Excel day number. */
function readDate(column: 'mulai' | 'selesai', cell: Cell, ctx: RowContext, problems: string[]): IsoDate | undefined {
  if (isBlank(cell)) return void problems.push(`${column} kosong`);
  let date: IsoDate | undefined;
  if (cell instanceof Date) {
    // exceljs reads a date cell as that day at 00:00 UTC.
    if (!Number.isNaN(cell.getTime())) date = cell.toISOString().slice(0, 10);
  } else if (typeof cell === 'number') {
    if (cell >= 1 && cell <= EXCEL_LAST_SERIAL) date = new Date(EXCEL_EPOCH + Math.floor(cell) * 86_400_000).toISOString().slice(0, 10);
  } else if (typeof cell === 'string') {
    const parsed = parseUserDate(cell, ctx.now, ctx.tz);
    if (parsed.ok) date = parsed.date;
    else if (parsed.reason === 'impossible') return void problems.push(`${column} ${quote(clean(cell))} tidak ada di kalender`);
  }
  if (!date) return void problems.push(`${column} ${quote(clean(cell))} bukan tanggal (mis. 10-03-2026, 10 Maret 2026, 2026-03-10)`);
  if (date > todayIn(ctx.now, ctx.tz)) return void problems.push(`${column} (${formatDateLong(date, 'id')}) belum lewat`);
  return date;
}

function readJp(cell: Cell, problems: string[]): number | undefined {
  if (isBlank(cell)) return void problems.push('jp kosong');
  let value: number | undefined;
  if (typeof cell === 'number') {
    if (Number.isFinite(cell) && cell > 0) value = cell;
  } else if (typeof cell === 'string') {
    const answer = parseStatedJp(cell);
    if (answer.ok) value = answer.value;
    else if (answer.reason === 'duration') return void problems.push(`jp ${quote(clean(cell))} adalah jam/menit, tulis JP-nya (1 JP = 45 menit)`);
  }
  if (value === undefined || round2(value) <= 0) {
    return void problems.push(`jp ${quote(clean(cell))} harus angka lebih dari 0 (mis. 16 atau 7,5)`);
  }
  return round2(value);
}

function readCertificateNumber(cell: Cell, problems: string[]): string | undefined {
  if (isBlank(cell)) return undefined;
  if (typeof cell === 'number' && !Number.isSafeInteger(cell)) {
    return void problems.push('nomor_sertifikat tersimpan sebagai angka di Excel dan bisa berubah: format kolomnya sebagai Teks');
  }
  const value = clean(cell);
  if (unstorable(value)) return void problems.push('nomor_sertifikat berisi karakter yang rusak');
  if (value.length > LIMITS.certificateNumber) return void problems.push(`nomor_sertifikat paling panjang ${LIMITS.certificateNumber} karakter`);
  return value;
}
