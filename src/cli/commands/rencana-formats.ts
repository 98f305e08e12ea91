import { stringify } from 'csv-stringify/sync';
import { formatNumber } from '../../rules/index.js';
import { STATUS_LABEL, type RencanaRow } from './rencana-data.js';

export const RENCANA_FORMATS = ['table', 'csv', 'xlsx', 'json'] as const;
export type RencanaFormat = (typeof RENCANA_FORMATS)[number];

/** A JSON array: one object per proposed item. */
export function rencanaJson(rows: RencanaRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** The columns of the CSV and the workbook: the fields of seed 004 III.F, then the decision. */
const COLUMNS: { key: string; header: string; width: number; value: (r: RencanaRow) => string | number }[] = [
  { key: 'nip', header: 'NIP', width: 21, value: (r) => r.nip },
  { key: 'nama', header: 'Nama', width: 28, value: (r) => r.nama },
  { key: 'jabatan', header: 'Jabatan', width: 24, value: (r) => r.jabatan },
  { key: 'unit', header: 'Unit', width: 24, value: (r) => r.unit },
  { key: 'tahun', header: 'Tahun', width: 7, value: (r) => r.tahun },
  { key: 'no', header: 'No', width: 5, value: (r) => r.no },
  { key: 'materi', header: 'Jenis kompetensi / materi', width: 32, value: (r) => r.materi },
  { key: 'jalur', header: 'Jalur', width: 12, value: (r) => r.jalur },
  { key: 'bentuk', header: 'Bentuk', width: 24, value: (r) => r.bentuk },
  { key: 'penyelenggara', header: 'Penyelenggara', width: 24, value: (r) => r.penyelenggara },
  { key: 'jadwal', header: 'Jadwal', width: 26, value: (r) => r.jadwal },
  { key: 'jp', header: 'JP', width: 7, value: (r) => r.jp },
  { key: 'biaya', header: 'Kebutuhan anggaran (Rp)', width: 20, value: (r) => r.biaya },
  { key: 'sumber_dana', header: 'Sumber dana', width: 12, value: (r) => r.sumberDana },
  { key: 'alasan_usulan', header: 'Alasan usulan', width: 32, value: (r) => r.alasanUsulan },
  { key: 'status', header: 'Status', width: 14, value: (r) => r.status },
  { key: 'alasan', header: 'Alasan atasan', width: 32, value: (r) => r.alasan ?? '' },
  { key: 'evaluasi', header: 'Evaluasi 6 bulan', width: 28, value: (r) => evaluasiText(r) },
];

/** The six-month rating of the reported activity: "sedang — catatan", "" when not rated. */
function evaluasiText(r: RencanaRow): string {
  if (!r.evaluasi) return '';
  return r.evaluasi.catatan ? `${r.evaluasi.kesenjangan} — ${r.evaluasi.catatan}` : r.evaluasi.kesenjangan;
}

/** RFC 4180 CSV (csv-stringify), numbers with a decimal point, one row per item. */
export function rencanaCsv(rows: RencanaRow[]): string {
  return stringify(
    rows.map((r) => COLUMNS.map((c) => c.value(r))),
    { header: true, columns: COLUMNS.map((c) => c.key) },
  );
}

/** One sheet "Rencana": header bold, frozen and filterable; JP and cost as numbers, NIP as text. */
export async function rencanaXlsx(rows: RencanaRow[], year: number): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'bangkom-bot';
  wb.created = new Date(0);
  const ws = wb.addWorksheet('Rencana', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(c.key === 'biaya' ? { style: { numFmt: '#,##0' } } : {}) }));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  for (const r of rows) ws.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, c.value(r)])));
  wb.title = `Rencana pengembangan kompetensi ${year}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A table for the terminal, one line per item, with the JP per status at the end. */
export function rencanaTable(rows: RencanaRow[], year: number): string {
  if (rows.length === 0) return `Rencana pengembangan kompetensi ${year}: belum ada usulan yang dikirim.\n`;
  const header = ['NIP', 'Nama', 'Unit', 'No', 'Bentuk', 'Materi', 'Penyelenggara', 'Jadwal', 'JP', 'Biaya (Rp)', 'Dana', 'Status', 'Alasan atasan', 'Evaluasi 6 bulan'];
  const right = new Set([3, 8, 9]);
  const cells = rows.map((r) => [
    r.nip,
    r.nama,
    r.unit,
    String(r.no),
    r.bentuk,
    r.materi,
    r.penyelenggara,
    r.jadwal,
    formatNumber(r.jp),
    r.biaya.toLocaleString('id-ID'),
    r.sumberDana,
    STATUS_LABEL[r.status],
    r.alasan ?? '',
    evaluasiText(r),
  ]);
  const all = [header, ...cells];
  const widths = header.map((_, i) => Math.max(...all.map((row) => [...(row[i] ?? '')].length)));
  const line = (row: string[]) =>
    row
      .map((text, i) => {
        const gap = ' '.repeat(Math.max(0, widths[i]! - [...text].length));
        return right.has(i) ? gap + text : text + gap;
      })
      .join('  ')
      .trimEnd();
  const jpOf = (status: RencanaRow['status']) => formatNumber(Math.round(rows.filter((r) => r.status === status).reduce((s, r) => s + r.jp, 0) * 100) / 100);
  const out = [
    `Rencana pengembangan kompetensi ${year}`,
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map(line),
    '',
    `${rows.length} usulan · JP diterima ${jpOf('diterima')} · diusulkan ${jpOf('diusulkan')} · dikembalikan ${jpOf('dikembalikan')} · ditolak ${jpOf('ditolak')}`,
  ];
  return `${out.join('\n')}\n`;
}
