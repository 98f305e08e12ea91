import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kartuData, kartuPdf, kartuToPdf, kartuToXlsx, safeFileName, type KartuData } from '../../src/kartu/index.js';
import { activity } from '../helpers/activity.js';
import { makeWorld, type World } from '../helpers/script-driver.js';
import { pdfPages } from './pdf-text.js';
import { kartuWorld, NIP, NOT_ON_CARD, NOW } from './world.js';

let w: World;
let card: KartuData;
const head = { nama: 'Ir. Budi Santoso, M.T.', nip: '197501012000031002', jabatan: 'Kepala Bidang SDM', tempat: 'Sendawar' };
const opts = { now: new Date(NOW), tz: 'Asia/Jakarta', profile: 'lan-2018', unitHeads: { 'Bidang SDM': head } };

beforeAll(async () => {
  w = await kartuWorld();
  card = (await kartuData(w.store, NIP.siti, opts))!;
});
afterAll(async () => w.close());

/** B as printed: every cell of a row in the form's column order, as it reads on paper. */
const PRINTED_ROWS = [
  '1 PKP Angkatan II 2024 04/05/2024 s/d 28/08/2024 180 PKP/77, 28 Agustus 2024 - BPSDM Provinsi Kalimantan Timur Diklat Struktural Tidak Tidak',
  '2 Pelatihan Pengadaan Barang/Jasa 2025 07/04/2025 s/d 10/04/2025 30 PBJ/2025/77, 10 April 2025 - LKPP Diklat Teknis Ya Tidak',
  '3 Webinar SPBE 2026 02/02/2026 s/d 03/02/2026 8,4 SRT/01, 3 Februari 2026 - Kementerian PANRB Seminar Ya Ya',
  '4 Coaching Analis SDM 2026 02/03/2026 s/d 20/03/2026 6 20 Maret 2026 - Bidang SDM Coaching Tidak Tidak',
];

describe('the PDF (text extracted with pdf.js)', () => {
  let pages: string[];
  beforeAll(async () => {
    pages = await pdfPages(await kartuToPdf(card));
  });

  it('is one A4 page here with the headings of the form', () => {
    expect(pages).toHaveLength(1);
    const text = pages[0]!;
    for (const heading of ['KARTU DATA PENGEMBANGAN KOMPETENSI', 'A. INFORMASI KEPEGAWAIAN', 'B. INFORMASI PENGEMBANGAN KOMPETENSI', 'C. JUMLAH JAM PELATIHAN TAHUNAN']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('Telah diupload pada myasn.bkn.go.id (Ya/Tidak)');
  });

  it('shows name, NIP and the personal data', () => {
    expect(pages[0]).toContain('1 Nama Lengkap Siti Rahmawati 2 NIP/NIPPPK 19900315 201503 2 001 3 Pangkat dan golongan ruang Penata, III/c');
    expect(pages[0]).toContain('4 Tempat Lahir/Tgl. Lahir Sendawar / 15 Maret 1990 5 Jenis Kelamin Perempuan');
  });

  it.each(PRINTED_ROWS.map((r, i) => [i + 1, r]))('prints row %i of B whole', (_no, row) => {
    expect(pages[0]).toContain(row);
  });

  it('prints the totals per year (caps applied) and why 2026 is below its rows', () => {
    expect(pages[0]).toContain('No Tahun Jumlah Jam Pelatihan 1 2024 180 2 2025 30 3 2026 12,4');
    expect(pages[0]).toMatch(/coaching: 3 sesi di Maret 2026, dihitung 2/i);
  });

  it('ends with the statement and both signature blocks', () => {
    expect(pages[0]).toContain(card.pernyataan);
    expect(pages[0]).toMatch(/Mengetahui, Kepala Bidang SDM Ir\. Budi Santoso, M\.T\. NIP\. 19750101 200003 1 002/);
    expect(pages[0]).toMatch(/Sendawar, 22 November 2026 Pegawai yang melaporkan, Analis SDM Siti Rahmawati NIP\. 19900315 201503 2 001/);
  });

  it.each(NOT_ON_CARD)('does not print "%s"', (title) => {
    expect(pages[0]).not.toContain(title);
  });
});

describe('a long card runs onto more pages', () => {
  let long: World;
  let pages: string[];
  const titles = Array.from({ length: 70 }, (_, i) => `Pelatihan Daring Seri ${String(i + 1).padStart(2, '0')} tentang Manajemen Aset Daerah`);

  beforeAll(async () => {
    long = await makeWorld({ now: NOW });
    for (const [i, title] of titles.entries()) {
      const day = String((i % 28) + 1).padStart(2, '0');
      const month = String(Math.floor(i / 28) + 1).padStart(2, '0');
      await long.store.addActivity(activity(NIP.andi, { type: 'e-learning', start: `2026-${month}-${day}`, jp: 2, title }));
    }
    const data = (await kartuData(long.store, NIP.andi, opts))!;
    pages = await pdfPages(await kartuToPdf(data));
  });
  afterAll(async () => long.close());

  it('prints every row once, with B\'s column names again on each page it runs onto', () => {
    expect(pages.length).toBeGreaterThan(1);
    const all = pages.join(' ');
    for (const title of titles) expect(all.split(title).length - 1).toBe(1);
    const withRows = pages.filter((p) => titles.some((t) => p.includes(t)));
    for (const page of withRows) expect(page).toContain('No Nama Pengembangan Kompetensi Tahun Pengembangan Kompetensi');
  });

  it('numbers its pages, and none is empty', () => {
    pages.forEach((page, i) => {
      expect(page).toContain(`halaman ${i + 1} dari ${pages.length}`);
      expect(page.replace(/Kartu Data Pengembangan Kompetensi · .* halaman \d+ dari \d+/, '').trim().length).toBeGreaterThan(0);
    });
    expect(pages.at(-1)).toContain('Pegawai yang melaporkan');
    expect(pages.join(' ')).toContain('1 2026 140');
  });
});

describe('the XLSX (read back with exceljs)', () => {
  let sheet: ExcelJS.Worksheet;
  const cells = (row: ExcelJS.Row, n: number) => Array.from({ length: n }, (_, i) => row.getCell(i + 1).value);
  const rowWith = (text: string, col = 1) => {
    let found: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (!found && row.getCell(col).value === text) found = row;
    });
    if (!found) throw new Error(`no row with "${text}" in column ${col}`);
    return found;
  };

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await kartuToXlsx(card)) as unknown as ExcelJS.Buffer);
    sheet = wb.getWorksheet('Kartu Data')!;
  });

  it('is laid out for A4 landscape with the title of the form', () => {
    expect(sheet.getCell('A1').value).toBe('KARTU DATA PENGEMBANGAN KOMPETENSI');
    expect(sheet.pageSetup.orientation).toBe('landscape');
    expect(sheet.pageSetup.paperSize).toBe(9);
  });

  it('A: the five rows of personal data', () => {
    const first = rowWith('A. INFORMASI KEPEGAWAIAN').number + 1;
    expect([0, 1, 2, 3, 4].map((i) => cells(sheet.getRow(first + i), 3))).toEqual([
      [1, 'Nama Lengkap', 'Siti Rahmawati'],
      [2, 'NIP/NIPPPK', '19900315 201503 2 001'],
      [3, 'Pangkat dan golongan ruang', 'Penata, III/c'],
      [4, 'Tempat Lahir/Tgl. Lahir', 'Sendawar / 15 Maret 1990'],
      [5, 'Jenis Kelamin', 'Perempuan'],
    ]);
  });

  it('B: the column names of the form, then one row per approved activity (years and JP as numbers)', () => {
    const header = rowWith('B. INFORMASI PENGEMBANGAN KOMPETENSI').number + 1;
    expect(cells(sheet.getRow(header), 11)).toEqual([
      'No',
      'Nama Pengembangan Kompetensi',
      'Tahun Pengembangan Kompetensi',
      'Lama Pengembangan Kompetensi (Tgl/Bln/Thn s/d Tgl/Bln/Thn)',
      'Lamanya Pelatihan (Satuan JP)',
      'Nomor Sertifikat dan Tanggal Sertifikat',
      'Masa Berlaku Sertifikat',
      'Tempat Terbit Sertifikat',
      'Jenis Pengembangan Kompetensi',
      'Salinan Terlampir (Ya/Tidak)',
      'Telah diupload pada myasn.bkn.go.id (Ya/Tidak)',
    ]);
    expect([1, 2, 3, 4, 5].map((i) => cells(sheet.getRow(header + i), 11))).toEqual([
      [1, 'PKP Angkatan II', 2024, '04/05/2024 s/d 28/08/2024', 180, 'PKP/77, 28 Agustus 2024', '-', 'BPSDM Provinsi Kalimantan Timur', 'Diklat Struktural', 'Tidak', 'Tidak'],
      [2, 'Pelatihan Pengadaan Barang/Jasa', 2025, '07/04/2025 s/d 10/04/2025', 30, 'PBJ/2025/77, 10 April 2025', '-', 'LKPP', 'Diklat Teknis', 'Ya', 'Tidak'],
      [3, 'Webinar SPBE', 2026, '02/02/2026 s/d 03/02/2026', 8.4, 'SRT/01, 3 Februari 2026', '-', 'Kementerian PANRB', 'Seminar', 'Ya', 'Ya'],
      [4, 'Coaching Analis SDM', 2026, '02/03/2026 s/d 20/03/2026', 6, '20 Maret 2026', '-', 'Bidang SDM', 'Coaching', 'Tidak', 'Tidak'],
      [null, null, null, null, null, null, null, null, null, null, null],
    ]);
  });

  it('C: JP per year with the caps applied', () => {
    const header = rowWith('C. JUMLAH JAM PELATIHAN TAHUNAN').number + 1;
    expect([0, 1, 2, 3].map((i) => cells(sheet.getRow(header + i), 3))).toEqual([
      ['No', 'Tahun', 'Jumlah Jam Pelatihan'],
      [1, 2024, 180],
      [2, 2025, 30],
      [3, 2026, 12.4],
    ]);
  });

  it('the statement and both signature blocks', () => {
    expect(rowWith(card.pernyataan).number).toBeGreaterThan(rowWith('C. JUMLAH JAM PELATIHAN TAHUNAN').number);
    const names = rowWith('Ir. Budi Santoso, M.T.', 2);
    expect(names.getCell(8).value).toBe('Siti Rahmawati');
    expect(sheet.getRow(names.number + 1).getCell(2).value).toBe('NIP. 19750101 200003 1 002');
    expect(sheet.getRow(names.number + 1).getCell(8).value).toBe('NIP. 19900315 201503 2 001');
    expect(rowWith('Mengetahui,', 2).getCell(8).value).toBe('Pegawai yang melaporkan,');
    expect(rowWith('Sendawar, 22 November 2026', 8)).toBeDefined();
  });
});

describe('an employee with nothing approved yet', () => {
  it('says so in B and leaves C empty, in the PDF and the XLSX', async () => {
    const data = (await kartuData(w.store, NIP.admin, opts))!;
    expect(data.kegiatan).toEqual([]);
    expect(data.jpPerTahun).toEqual([]);
    const [page, ...more] = await pdfPages(await kartuToPdf(data));
    expect(more).toEqual([]);
    expect(page).toContain('Belum ada pengembangan kompetensi yang disetujui.');
    expect(page).toContain('No Tahun Jumlah Jam Pelatihan - -');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await kartuToXlsx(data)) as unknown as ExcelJS.Buffer);
    const values: unknown[] = [];
    wb.getWorksheet('Kartu Data')!.eachRow((row) => values.push(row.getCell(1).value));
    expect(values).toContain('Belum ada pengembangan kompetensi yang disetujui.');
  });
});

describe('kartuPdf, for the chat', () => {
  it('returns the document named after the employee', async () => {
    const doc = (await kartuPdf(w.store, NIP.siti, opts))!;
    expect(doc.name).toBe('Kartu Data Siti Rahmawati.pdf');
    expect(new TextDecoder().decode(doc.bytes.slice(0, 5))).toBe('%PDF-');
    expect((await pdfPages(doc.bytes))[0]).toContain('Siti Rahmawati');
  });

  it('is undefined for an unknown NIP', async () => {
    expect(await kartuPdf(w.store, '199901012020011001', opts)).toBeUndefined();
  });

  const names: [string, string][] = [
    ['Siti Rahmawati, S.Kom.', 'Siti Rahmawati, S.Kom.'],
    ['A/B: "C"', 'A B C'],
    ['..\\..\\etc', '.. .. etc'],
    ['Nama\u202Egnp.exe', 'Nama gnp.exe'],
  ];
  it.each(names)('safeFileName(%j) = %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });
});
