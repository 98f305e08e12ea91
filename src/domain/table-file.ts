import { parse } from 'csv-parse/sync';

/**
 * A CSV or XLSX file read as a header and rows, for the CLI's imports. Line numbers are what the person
 * sees: the file's line for CSV (a quoted value over several lines counts from its first line), the sheet's
 * row number for XLSX; the header is the first row that has anything in it (line 1 in a plain file).
 */

/** One value as read: CSV gives text; an XLSX cell may also be a number, a date or a boolean. */
export type Cell = string | number | boolean | Date | undefined;

export interface TableRow {
  line: number;
  cells: Cell[];
}

export interface Table {
  format: 'csv' | 'xlsx';
  /** Column names trimmed and in lower case, in file order. */
  header: string[];
  headerLine: number;
  /** Rows after the header; rows with nothing in them are left out. */
  rows: TableRow[];
}

/** The file cannot be read as a table at all (reason in Indonesian). */
export class TableFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'TableFileError';
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** The OLE2 container of .xls (Excel 97–2003). */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Reads CSV or XLSX (the first sheet), told apart by the content rather than the name. */
export async function readTable(bytes: Uint8Array, name: string): Promise<Table> {
  if (startsWith(bytes, ZIP)) return readXlsx(bytes);
  if (startsWith(bytes, OLE2)) {
    throw new TableFileError(1, 'format .xls (Excel 97–2003) tidak didukung; simpan sebagai .xlsx atau .csv');
  }
  if (/\.xlsx$/i.test(name)) throw new TableFileError(1, 'berkas ini bukan XLSX yang sah (isinya bukan workbook Excel)');
  return readCsv(decodeText(bytes));
}

export const isBlank = (cell: Cell): boolean => cell === undefined || (typeof cell === 'string' && cell.trim() === '');

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Excel's plain "CSV (Comma delimited)" on Windows writes the ANSI code page, not UTF-8.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function finish(format: Table['format'], lines: TableRow[]): Table {
  const filled = lines.filter((r) => !r.cells.every(isBlank));
  const head = filled[0];
  if (!head) throw new TableFileError(1, 'berkas kosong: tidak ada baris judul kolom');
  const header = head.cells.map((c) => cellText(c).replace(/^\uFEFF/, '').trim().toLowerCase());
  return { format, header, headerLine: head.line, rows: filled.slice(1) };
}

/** The text of a cell as a person would read it (dates as YYYY-MM-DD). */
export function cellText(cell: Cell): string {
  if (cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell);
}

// ---------------------------------------------------------------- CSV

/** `;` when the header line has more semicolons than commas (Excel in the Indonesian locale writes them). */
function delimiterOf(text: string): ',' | ';' {
  const first = text.split(/\r?\n|\r/).find((l) => l.trim() !== '') ?? '';
  const count = (ch: string) => first.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'tanda kutip (") tidak ditutup',
  CSV_INVALID_CLOSING_QUOTE: 'ada teks setelah tanda kutip penutup (")',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'ada teks setelah tanda kutip penutup (")',
};

function readCsv(text: string): Table {
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { code?: string; lines?: number };
    const problem = (e.code && CSV_PROBLEMS[e.code]) ?? `CSV tidak terbaca (${e.code ?? 'format tidak dikenal'})`;
    throw new TableFileError(typeof e.lines === 'number' && e.lines > 0 ? e.lines : 1, `CSV tidak terbaca: ${problem}`);
  }
  const rows = records.map(({ record, raw, info }) => {
    // info.lines is the line the record ends on; raw also holds the blank lines skipped before it.
    const body = raw.replace(/^(?:\r\n|\n|\r)+/, '').replace(/(?:\r\n|\n|\r)$/, '');
    const inner = body.match(/\r\n|\n|\r/g)?.length ?? 0;
    return { line: info.lines - inner, cells: record };
  });
  return finish('csv', rows);
}

// ---------------------------------------------------------------- XLSX

type XlsxValue = unknown;

/** An exceljs cell value as a Cell: rich text and links as their text, a formula as its result. */
function xlsxCell(value: XlsxValue, depth = 0): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object' || depth > 3) return String(value);
  const v = value as { richText?: { text?: unknown }[]; text?: unknown; result?: unknown; formula?: unknown; sharedFormula?: unknown; error?: unknown };
  if (Array.isArray(v.richText)) return v.richText.map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
  if ('formula' in v || 'sharedFormula' in v || 'result' in v) return xlsxCell(v.result, depth + 1);
  if ('text' in v) return xlsxCell(v.text, depth + 1);
  if (typeof v.error === 'string') return v.error;
  return undefined;
}

async function readXlsx(bytes: Uint8Array): Promise<Table> {
  // Loaded here: exceljs is heavy, and a CSV import does without it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (err) {
    throw new TableFileError(1, `XLSX tidak terbaca: ${err instanceof Error ? err.message : String(err)}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new TableFileError(1, 'XLSX tanpa sheet');
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const values = Array.isArray(row.values) ? row.values : [];
    // row.values is 1-based: index 0 is always empty.
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]));
    rows.push({ line, cells });
  });
  return finish('xlsx', rows);
}
