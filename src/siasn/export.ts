import { stringify } from 'csv-stringify/sync';
import type { Store } from '../domain/store.js';
import { siasnRow, SIASN_COLUMNS, type SiasnRow } from './rows.js';

/** Every approved activity of `year` (by its end date), of the ASN of `unit` when given (as rekap matches it). */
export async function siasnRows(store: Store, year: number, unit?: string): Promise<SiasnRow[]> {
  const wanted = unit?.trim().toLowerCase();
  // TKK staff are no ASN: SIASN/MyASN hold no record of theirs.
  const employees = (await store.listEmployees()).filter(
    (e) => e.jenisAsn !== 'TKK' && (!wanted || e.unit.toLowerCase() === wanted || e.unit.toLowerCase().includes(wanted)),
  );
  const byNip = new Map(employees.map((e) => [e.nip, e]));
  const activities = (await store.activitiesInYear(year))
    .filter((a) => a.status === 'approved' && byNip.has(a.nip))
    .sort((a, b) => {
      const ea = byNip.get(a.nip)!;
      const eb = byNip.get(b.nip)!;
      return ea.unit.localeCompare(eb.unit) || ea.name.localeCompare(eb.name) || a.input.start.localeCompare(b.input.start) || a.id.localeCompare(b.id);
    });
  return activities.map((a) => siasnRow(a, byNip.get(a.nip)));
}

/** `{"riwayatKursus": [...], "riwayatDiklat": [...], "riwayatPendidikan": [...]}`, each row with every column. */
export function siasnJson(rows: SiasnRow[]): string {
  const of = (kind: SiasnRow['jenisRiwayat']) => rows.filter((r) => r.jenisRiwayat === kind);
  return `${JSON.stringify({ riwayatKursus: of('kursus'), riwayatDiklat: of('diklat'), riwayatPendidikan: of('pendidikan') }, null, 2)}\n`;
}

/** RFC 4180 CSV (csv-stringify), one row per activity, `jenisRiwayat` first. */
export function siasnCsv(rows: SiasnRow[]): string {
  return stringify(
    rows.map((r) => SIASN_COLUMNS.map((c) => r[c])),
    { header: true, columns: [...SIASN_COLUMNS] },
  );
}

/**
 * A workbook with one sheet per SIASN history ("Riwayat Kursus", "Riwayat Diklat", and "Tugas Belajar" for
 * degree study, which HR enters in Riwayat Pendidikan), each with only its own columns; NIPs and ids as text.
 */
export async function siasnXlsx(rows: SiasnRow[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'bangkom-bot';
  wb.created = new Date(0);
  const sheets: [string, SiasnRow['jenisRiwayat'], (keyof SiasnRow)[]][] = [
    [
      'Riwayat Kursus',
      'kursus',
      ['nipBaru', 'nama', 'jenisDiklatId', 'jenisKursusSertipikat', 'namaKursus', 'institusiPenyelenggara', 'nomorSertipikat', 'jumlahJam', 'tahunKursus', 'tanggalKursus', 'tanggalSelesaiKursus', 'jp', 'fileBukti', 'diunggahMyAsn'],
    ],
    [
      'Riwayat Diklat',
      'diklat',
      ['nipBaru', 'nama', 'latihanStrukturalId', 'namaKursus', 'institusiPenyelenggara', 'nomor', 'jumlahJam', 'tahun', 'tanggal', 'tanggalSelesai', 'jp', 'fileBukti', 'diunggahMyAsn'],
    ],
    ['Tugas Belajar', 'pendidikan', ['nipBaru', 'nama', 'namaKursus', 'institusiPenyelenggara', 'tanggalKursus', 'tanggalSelesaiKursus', 'jp', 'fileBukti']],
  ];
  for (const [name, kind, columns] of sheets) {
    const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: c, key: c, width: Math.max(12, c.length + 2) }));
    for (const r of rows.filter((row) => row.jenisRiwayat === kind)) {
      // Dates and dd-mm-yyyy text stay text; the exact JP and jumlahJam are numbers.
      sheet.addRow(Object.fromEntries(columns.map((c) => [c, r[c]])));
    }
    sheet.getRow(1).font = { bold: true };
    sheet.getColumn('nipBaru').numFmt = '@';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
