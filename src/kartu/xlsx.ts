import type { KartuData } from './data.js';
import {
  BAGIAN_A,
  BAGIAN_B,
  BAGIAN_C,
  barisA,
  blokTtd,
  CATATAN_BATAS,
  evaluasiText,
  JUDUL,
  KOLOM_B,
  KOLOM_C,
  lamaText,
  sertifikatText,
  TANPA_KEGIATAN,
  yaTidak,
  type BlokTtd,
} from './layout.js';

/** Column widths (characters) of the twelve columns of B; A and C use the first ones. */
const WIDTHS = [5, 36, 14, 24, 12, 28, 11, 24, 22, 11, 16, 24];
const LAST = 'L';
const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/**
 * The card as one worksheet laid out like the form (seed 004, III.B): A, B and C one below the other,
 * then the statement and the two signature blocks; A4 landscape, one page wide when printed. Years and JP
 * are numbers (JP exact, never rounded); dates are text as on the form.
 */
export async function kartuToXlsx(data: KartuData): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'bangkom-bot';
  wb.created = new Date(0);
  const sheet = wb.addWorksheet('Kartu Data', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  WIDTHS.forEach((w, i) => (sheet.getColumn(i + 1).width = w));

  const line = (text: string, opts: { bold?: boolean; merge?: boolean; wrap?: boolean } = {}) => {
    const row = sheet.addRow([text]);
    if (opts.merge) sheet.mergeCells(`A${row.number}:${LAST}${row.number}`);
    row.getCell(1).font = { bold: opts.bold ?? false };
    row.getCell(1).alignment = { wrapText: opts.wrap ?? false, vertical: 'top' };
    return row;
  };
  const boxed = (values: (string | number)[], opts: { bold?: boolean } = {}) => {
    const row = sheet.addRow(values);
    values.forEach((_, i) => {
      const cell = row.getCell(i + 1);
      cell.border = BORDER;
      cell.alignment = { wrapText: true, vertical: 'top' };
      if (opts.bold) cell.font = { bold: true };
    });
    return row;
  };

  const title = line(JUDUL, { bold: true, merge: true });
  title.getCell(1).alignment = { horizontal: 'center' };
  title.getCell(1).font = { bold: true, size: 13 };
  sheet.addRow([]);

  line(BAGIAN_A, { bold: true });
  barisA(data).forEach(([label, value], i) => {
    const row = boxed([i + 1, label, value]);
    sheet.mergeCells(`C${row.number}:${LAST}${row.number}`);
  });
  sheet.addRow([]);

  line(BAGIAN_B, { bold: true });
  boxed([...KOLOM_B], { bold: true });
  for (const k of data.kegiatan) {
    boxed([
      k.no,
      k.nama,
      k.tahun,
      lamaText(k),
      k.jp,
      sertifikatText(k),
      k.masaBerlaku,
      k.tempatTerbit,
      k.jenis,
      yaTidak(k.salinanTerlampir),
      yaTidak(k.diunggahMyAsn),
      evaluasiText(k),
    ]);
  }
  if (data.kegiatan.length === 0) line(TANPA_KEGIATAN, { merge: true });
  sheet.addRow([]);

  line(BAGIAN_C, { bold: true });
  boxed([...KOLOM_C], { bold: true });
  data.jpPerTahun.forEach((y, i) => boxed([i + 1, y.tahun, y.jp]));
  if (data.jpPerTahun.length === 0) boxed(['', '-', '-']);
  if (data.catatanBatas.length) {
    line(CATATAN_BATAS);
    for (const note of data.catatanBatas) line(`• ${note}`);
  }
  sheet.addRow([]);

  const statement = line(data.pernyataan, { merge: true, wrap: true });
  statement.height = 30;
  sheet.addRow([]);

  const { mengetahui, pegawai } = blokTtd(data);
  const lines = (b: BlokTtd) => [...b.atas, '', '', '', b.nama, b.nip];
  const left = lines(mengetahui);
  const right = lines(pegawai);
  // The employee's block has one line more above the space (place and date); align the names.
  const pad = right.length - left.length;
  const leftAligned = [...Array<string>(Math.max(0, pad)).fill(''), ...left];
  for (let i = 0; i < Math.max(leftAligned.length, right.length); i++) {
    const row = sheet.addRow([]);
    sheet.mergeCells(`B${row.number}:D${row.number}`);
    sheet.mergeCells(`H${row.number}:${LAST}${row.number}`);
    row.getCell(2).value = leftAligned[i] ?? '';
    row.getCell(8).value = right[i] ?? '';
    for (const c of [2, 8]) row.getCell(c).alignment = { horizontal: 'center' };
    if (leftAligned[i] === mengetahui.nama) row.getCell(2).font = { bold: true, underline: true };
    if (right[i] === pegawai.nama) row.getCell(8).font = { bold: true, underline: true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
