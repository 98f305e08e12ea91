import { z } from 'zod';
import { parseUserDate } from './dates.js';
import type { Store } from './store.js';
import { checkNip, decodeNip, nipProblemText } from './nip.js';
import { cellText, readTable, TableFileError, type Cell, type Table } from './table-file.js';
import type { Employee, JenisAsn } from './types.js';

export interface RosterRowError {
  /** 1-based line of the CSV file, or row of the XLSX sheet (the header is line 1). */
  line: number;
  reason: string;
}

export interface RosterRow {
  /** The employee as stored when nobody with this NIP is stored yet (defaults and NIP-derived fields filled). */
  employee: Employee;
  /** Only what the file gives: no defaults, nothing derived from the NIP. */
  given: Employee;
  /** HR fields whose column the file does not have: a stored employee keeps their stored value. */
  absent: HrField[];
  telegramId?: string;
  slackId?: string;
}

export interface RosterImportResult {
  created: number;
  updated: number;
  linked: number;
  errors: RosterRowError[];
}

export const REQUIRED_COLUMNS = ['nip', 'nama', 'jabatan', 'unit', 'atasan_nip'] as const;

/** The optional HR columns and the Employee field each fills. */
const HR_COLUMNS = {
  pangkat: 'pangkat',
  golongan: 'golongan',
  tempat_lahir: 'tempatLahir',
  tanggal_lahir: 'tanggalLahir',
  jenis_kelamin: 'jenisKelamin',
  jenis_asn: 'jenisAsn',
} as const;
export type HrField = (typeof HR_COLUMNS)[keyof typeof HR_COLUMNS];

/** Header cells as people write them ("Tempat Lahir", "jenis-asn") → `tempat_lahir`, `jenis_asn`. */
export function normaliseHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

const SEX: Record<string, 'L' | 'P'> = { l: 'L', 'laki-laki': 'L', 'laki laki': 'L', lk: 'L', p: 'P', perempuan: 'P', pr: 'P' };

const text = (max: number) => z.string().trim().max(max);
const rowSchema = z.object({
  nip: z.string(),
  nama: text(200).min(1, 'nama kosong'),
  jabatan: text(200).default(''),
  unit: text(200).min(1, 'unit kosong'),
  atasan_nip: z.string().default(''),
  email: z.union([z.literal(''), z.email('email tidak valid')]).default(''),
  telegram_id: z.union([z.literal(''), z.string().regex(/^\d{1,20}$/, 'telegram_id harus angka')]).default(''),
  slack_id: z.union([z.literal(''), z.string().regex(/^[UW][A-Z0-9]{2,20}$/, 'slack_id tidak valid (mis. U012ABCDEF)')]).default(''),
  role: z.union([z.literal(''), z.literal('admin'), z.literal('user')], { message: "role harus kosong atau 'admin'" }).default(''),
  pangkat: text(100).default(''),
  golongan: text(20).default(''),
  tempat_lahir: text(100).default(''),
  tanggal_lahir: text(40).default(''),
  jenis_kelamin: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === '' || Object.hasOwn(SEX, v), { error: (i) => `harus L atau P (kosong: dari NIP), bukan '${String(i.input)}'` })
    .default(''),
  jenis_asn: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(['', 'PNS', 'PPPK', 'TKK'], { error: (i) => `harus PNS, PPPK atau TKK (kosong berarti PNS), bukan '${String(i.input)}'` }))
    .default(''),
});

/** A NIP that went through Excel as a number and was saved to CSV as `1,99003E+17`. */
const EXCEL_NUMBER = /^\d+(?:[.,]\d+)?e\+?\d+$/i;
export const NIP_AS_NUMBER_HINT =
  'format kolom ini sebagai Teks di Excel lalu ketik ulang NIP-nya (sebagai angka Excel hanya menyimpan 15 digit, sehingga digit terakhir NIP hilang)';

function nipReason(column: string, raw: string, problem: Parameters<typeof nipProblemText>[0]): string {
  if (EXCEL_NUMBER.test(raw.trim())) return `${column}: tertulis sebagai angka Excel (${raw.trim()}); ${NIP_AS_NUMBER_HINT}`;
  return `${column}: ${nipProblemText(problem)}`;
}

/** A birth date in any numeric form the chat reads (2026-03-10, 10/03/2026, 10 Maret 1990), before today. */
function birthDate(raw: string, now: Date): { ok: true; date: string } | { ok: false; reason: string } {
  const example = 'tulis mis. 1990-03-15 atau 15-03-1990';
  // Only forms with digits: "kemarin" and "hari ini" are dates to the chat, not birth dates.
  const parsed = /\d/.test(raw) ? parseUserDate(raw, now, 'UTC') : undefined;
  if (!parsed?.ok) return { ok: false, reason: `tanggal_lahir: tidak terbaca ('${raw}'); ${example}` };
  if (parsed.date < '1900-01-01' || parsed.date >= now.toISOString().slice(0, 10)) {
    return { ok: false, reason: `tanggal_lahir: ${parsed.date} tidak mungkin; ${example} (tahun 4 digit)` };
  }
  return { ok: true, date: parsed.date };
}

/**
 * The stored form of an employee: jenis ASN PNS when not given; for a PNS or PPPK, birth date and sex from
 * the NIP/NIPPPK when not given. Not for TKK staff: their number is the agency's, not one BKN issued, so its
 * digits are not known to mean a birth date.
 */
export function completeEmployee(e: Employee): Employee {
  const out: Employee = { ...e, jenisAsn: e.jenisAsn ?? 'PNS' };
  if (out.jenisAsn === 'TKK') return out;
  const parts = decodeNip(out.nip);
  if (parts) {
    out.tanggalLahir ??= parts.birthDate;
    out.jenisKelamin ??= parts.sex;
  }
  return out;
}

/** Columns holding an 18-digit NIP, which no spreadsheet number can hold. */
const NIP_COLUMNS = new Set(['nip', 'atasan_nip']);
/** What Excel shows in a cell whose formula failed. */
const EXCEL_ERROR = /^#(?:N\/A|REF!|NAME\?|DIV\/0!|NULL!|VALUE!|NUM!)$/;

/** A cell as the row checks read it: its text, or why it cannot be used (e.g. a NIP Excel stored as a number). */
function rosterCell(cell: Cell, column: string): string | { problem: string } {
  if (typeof cell === 'number') {
    if (NIP_COLUMNS.has(column)) return { problem: `tersimpan sebagai angka di Excel (terbaca ${String(cell)}); ${NIP_AS_NUMBER_HINT}` };
    if (Number.isInteger(cell) && !Number.isSafeInteger(cell)) {
      return { problem: `angka terlalu panjang untuk sel angka Excel (${String(cell)}); format kolom ini sebagai Teks lalu ketik ulang` };
    }
  }
  const text = cellText(cell).trim();
  return EXCEL_ERROR.test(text) ? { problem: `sel berisi galat Excel ${text}` } : text;
}

/**
 * Reads and checks a roster file: CSV (comma or semicolon, a string being CSV text) or XLSX (first sheet),
 * told apart by content. Bad rows are reported by line (the sheet's row for XLSX) with the reason and left
 * out, the rest come back; a file that cannot be read at all is one error on its line.
 */
export async function parseRoster(
  source: string | Uint8Array,
  now: Date,
  fileName = 'pegawai.csv',
): Promise<{ rows: RosterRow[]; errors: RosterRowError[] }> {
  const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source;
  let table: Table;
  try {
    table = await readTable(bytes, fileName);
  } catch (err) {
    if (err instanceof TableFileError) return { rows: [], errors: [{ line: err.line, reason: err.message }] };
    throw err;
  }
  return rosterRows(table, now);
}

/** Checks every row of a roster table (CSV or XLSX alike). */
export function rosterRows(table: Table, now: Date): { rows: RosterRow[]; errors: RosterRowError[] } {
  const errors: RosterRowError[] = [];
  const rows: RosterRow[] = [];
  const header = table.header.map(normaliseHeader);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (table.rows.length > 0 && missing.length) {
    return { rows, errors: [{ line: table.headerLine, reason: `kolom wajib tidak ada: ${missing.join(', ')}` }] };
  }
  const absent = Object.entries(HR_COLUMNS)
    .filter(([column]) => !header.includes(column))
    .map(([, field]) => field);
  // Columns the roster knows, by position; any other column is left alone.
  const known = header.flatMap((column, i) => (Object.hasOwn(rowSchema.shape, column) ? [{ column, i }] : []));
  const seen = new Map<string, number>();
  for (const { line, cells: row } of table.rows) {
    const cells: Record<string, string> = {};
    const unreadable: string[] = [];
    for (const { column, i } of known) {
      const cell = rosterCell(row[i], column);
      if (typeof cell === 'string') cells[column] = cell;
      else unreadable.push(`${column}: ${cell.problem}`);
    }
    if (unreadable.length) {
      errors.push({ line, reason: unreadable.join('; ') });
      continue;
    }
    const parsed = rowSchema.safeParse(cells);
    if (!parsed.success) {
      errors.push({ line, reason: parsed.error.issues.map((i) => `${String(i.path[0] ?? '')}: ${i.message}`).join('; ') });
      continue;
    }
    const r = parsed.data;
    const nip = checkNip(r.nip);
    if (!nip.ok) {
      errors.push({ line, reason: nipReason('nip', r.nip, nip.problem) });
      continue;
    }
    let atasanNip: string | null = null;
    if (r.atasan_nip) {
      const atasan = checkNip(r.atasan_nip);
      if (!atasan.ok) {
        errors.push({ line, reason: nipReason('atasan_nip', r.atasan_nip, atasan.problem) });
        continue;
      }
      if (atasan.nip === nip.nip) {
        errors.push({ line, reason: 'atasan_nip: sama dengan nip pegawai' });
        continue;
      }
      atasanNip = atasan.nip;
    }
    let tanggalLahir: string | undefined;
    if (r.tanggal_lahir) {
      const birth = birthDate(r.tanggal_lahir, now);
      if (!birth.ok) {
        errors.push({ line, reason: birth.reason });
        continue;
      }
      tanggalLahir = birth.date;
    }
    const previous = seen.get(nip.nip);
    if (previous !== undefined) {
      errors.push({ line, reason: `nip ganda (sudah ada di baris ${previous})` });
      continue;
    }
    seen.set(nip.nip, line);
    const given: Employee = {
      nip: nip.nip,
      name: r.nama,
      position: r.jabatan,
      unit: r.unit,
      atasanNip,
      ...(r.email ? { email: r.email.toLowerCase() } : {}),
      role: r.role === 'admin' ? 'admin' : 'user',
      ...(r.pangkat ? { pangkat: r.pangkat } : {}),
      ...(r.golongan ? { golongan: r.golongan } : {}),
      ...(r.tempat_lahir ? { tempatLahir: r.tempat_lahir } : {}),
      ...(tanggalLahir ? { tanggalLahir } : {}),
      ...(r.jenis_kelamin ? { jenisKelamin: SEX[r.jenis_kelamin]! } : {}),
      ...(r.jenis_asn ? { jenisAsn: r.jenis_asn as JenisAsn } : {}),
      updatedAt: now.toISOString(),
    };
    rows.push({
      employee: completeEmployee(given),
      given,
      absent,
      ...(r.telegram_id ? { telegramId: r.telegram_id } : {}),
      ...(r.slack_id ? { slackId: r.slack_id } : {}),
    });
  }
  return { rows, errors };
}

/**
 * A re-imported employee: what the file gives, the stored value of each HR field whose column the file
 * lacks (an older roster without `jenis_asn` must not turn TKK staff into PNS), and their chosen language.
 */
function mergeStored(row: RosterRow, stored: Employee): Employee {
  const merged: Employee = { ...row.given };
  for (const field of row.absent) {
    if (stored[field] !== undefined) Object.assign(merged, { [field]: stored[field] });
  }
  if (stored.lang) merged.lang = stored.lang;
  return completeEmployee(merged);
}

/**
 * Upserts the good rows of a roster file (see parseRoster) by NIP (activities are never touched) and links
 * the chat ids the roster names.
 */
export async function importRoster(
  store: Store,
  source: string | Uint8Array,
  now: Date,
  fileName = 'pegawai.csv',
): Promise<RosterImportResult> {
  const { rows, errors } = await parseRoster(source, now, fileName);
  const merged: Employee[] = [];
  for (const row of rows) {
    const existing = await store.getEmployee(row.employee.nip);
    merged.push(existing ? mergeStored(row, existing) : row.employee);
  }
  const { created, updated } = await store.upsertEmployees(merged);
  let linked = 0;
  const at = now.toISOString();
  for (const row of rows) {
    for (const [platform, userId] of [['telegram', row.telegramId], ['slack', row.slackId]] as const) {
      if (!userId) continue;
      const current = await store.getAccount(platform, userId);
      if (current?.nip === row.employee.nip) continue;
      await store.linkAccount({ platform, userId, nip: row.employee.nip, linkedAt: at, lastSeenAt: current?.lastSeenAt ?? '' });
      linked++;
    }
  }
  return { created, updated, linked, errors };
}
