import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRoster, parseRoster } from '../../src/domain/roster.js';
import type { Store } from '../../src/domain/store.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';

const now = new Date('2026-11-22T03:00:00Z');
const HEADER = ['nip', 'nama', 'jabatan', 'unit', 'atasan_nip', 'email', 'pangkat', 'golongan', 'tempat_lahir', 'tanggal_lahir', 'jenis_kelamin', 'jenis_asn', 'catatan'];

/** A workbook as an HR officer makes it: a roster sheet first, then another sheet the import must ignore. */
async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Pegawai');
  sheet.addRow(HEADER.map((h) => h.replace('_', ' ').toUpperCase())); // "TEMPAT LAHIR", as people write it
  fill(sheet);
  wb.addWorksheet('Catatan').addRow(['nip', 'nama']).commit();
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('roster XLSX (first sheet, the CSV headers)', () => {
  it('reads text, dates, rich text, links and formula results; refuses a NIP stored as a number, by row', async () => {
    const bytes = await workbook((sheet) => {
      // Row 2: everything as an HR officer types it, the NIP as text, the birth date as an Excel date.
      sheet.addRow(['199003152015032001', 'Siti Rahmawati', 'Analis SDM', 'Bidang SDM', '', 'siti@example.go.id', 'Penata', 'III/c', 'Sendawar', new Date(Date.UTC(1990, 2, 16)), 'P', 'PNS', { error: '#N/A' }]);
      // Row 3: name in rich text, email as a mailto link, unit from a formula, no birth date (from the NIPPPK).
      sheet.addRow([
        '199105202023211002',
        { richText: [{ text: 'Rudi ' }, { text: 'Hartono', font: { bold: true } }] },
        'Pranata Komputer',
        { formula: '"Bidang "&"SDM"', result: 'Bidang SDM' },
        '199003152015032001',
        { text: 'rudi@example.go.id', hyperlink: 'mailto:rudi@example.go.id' },
        '', 'IX', 'Melak', null, '', 'pppk',
      ]);
      sheet.addRow([]); // row 4: empty, skipped
      // Row 5: the NIP typed as a number: Excel kept 15 significant digits.
      sheet.addRow([199003152015032002, 'Nip Angka', 'Staf', 'Bidang SDM', '', '', '', '', '', '', '', '']);
      // Row 6: the atasan's NIP typed as a number, and an Excel error in a roster column.
      sheet.addRow(['199003152015032003', 'Atasan Angka', 'Staf', { error: '#REF!' }, 199003152015032001]);
      // Row 7: a TKK with a bad jenis kelamin.
      sheet.addRow(['199807072021011001', 'Joko Susilo', 'Pengemudi', 'Sekretariat', '', '', '', '', '', '', 'X', 'TKK']);
      // Row 8: a TKK.
      sheet.addRow(['199807082021011002', 'Agus Salim', 'Pengemudi', 'Sekretariat', '', '', '', '', 'Melak', '1998-07-08', 'L', 'tkk']);
    });
    const { rows, errors } = await parseRoster(bytes, now, 'pegawai.xlsx');

    expect(rows.map((r) => r.employee)).toEqual([
      expect.objectContaining({ nip: '199003152015032001', name: 'Siti Rahmawati', email: 'siti@example.go.id', pangkat: 'Penata', golongan: 'III/c', tempatLahir: 'Sendawar', tanggalLahir: '1990-03-16', jenisKelamin: 'P', jenisAsn: 'PNS' }),
      expect.objectContaining({ nip: '199105202023211002', name: 'Rudi Hartono', unit: 'Bidang SDM', atasanNip: '199003152015032001', email: 'rudi@example.go.id', golongan: 'IX', tanggalLahir: '1991-05-20', jenisKelamin: 'L', jenisAsn: 'PPPK' }),
      expect.objectContaining({ nip: '199807082021011002', name: 'Agus Salim', tanggalLahir: '1998-07-08', jenisKelamin: 'L', jenisAsn: 'TKK' }),
    ]);
    expect(errors.map((e) => e.line)).toEqual([5, 6, 7]);
    expect(errors[0]!.reason).toMatch(/^nip: tersimpan sebagai angka di Excel \(terbaca 1990031520150320\d\d\); format kolom ini sebagai Teks/);
    expect(errors[0]!.reason).toContain('15 digit');
    expect(errors[1]!.reason).toContain('unit: sel berisi galat Excel #REF!');
    expect(errors[1]!.reason).toContain('atasan_nip: tersimpan sebagai angka di Excel');
    expect(errors[2]!.reason).toContain("jenis_kelamin: harus L atau P (kosong: dari NIP), bukan 'x'");
  });

  it('the header may sit below empty rows: lines stay the sheet’s row numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Data');
    sheet.getCell('A3').value = 'nip';
    sheet.getRow(3).values = ['nip', 'nama', 'jabatan', 'unit', 'atasan_nip'];
    sheet.getRow(4).values = ['199003152015032001', 'Siti', 'Analis', '', ''];
    const { errors } = await parseRoster(new Uint8Array(await wb.xlsx.writeBuffer()), now, 'x.xlsx');
    expect(errors).toEqual([{ line: 4, reason: 'unit: unit kosong' }]);
  });

  it('a sheet without the required columns is refused on line 1, as a CSV is', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Data').addRows([['nip', 'nama'], ['199003152015032001', 'Siti']]);
    const { rows, errors } = await parseRoster(new Uint8Array(await wb.xlsx.writeBuffer()), now, 'x.xlsx');
    expect(rows).toEqual([]);
    expect(errors).toEqual([{ line: 1, reason: 'kolom wajib tidak ada: jabatan, unit, atasan_nip' }]);
  });
});

describe('roster files: the format by content', () => {
  const csv = 'nip,nama,jabatan,unit,atasan_nip\n199003152015032001,Siti Rahmawati,Analis,Bidang SDM,\n';

  it('an XLSX named .csv is still read as XLSX (a zip archive: PK); CSV bytes as CSV, whatever the name', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Data').addRows([['nip', 'nama', 'jabatan', 'unit', 'atasan_nip'], ['199003152015032001', 'Siti', 'Analis', 'Bidang SDM', '']]);
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(String.fromCharCode(...xlsx.slice(0, 2))).toBe('PK');
    expect((await parseRoster(xlsx, now, 'pegawai.csv')).rows[0]!.employee.name).toBe('Siti');
    expect((await parseRoster(new TextEncoder().encode(csv), now, 'pegawai.txt')).rows[0]!.employee.name).toBe('Siti Rahmawati');
  });

  it('a CSV Excel saved in the Windows code page keeps its letters', async () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('nip,nama,jabatan,unit,atasan_nip\n199003152015032001,Ren'), 0xe9, ...new TextEncoder().encode(',Analis,Bidang SDM,\n')]);
    expect((await parseRoster(bytes, now, 'pegawai.csv')).rows[0]!.employee.name).toBe('René');
  });

  it.each([
    ['an Excel 97–2003 .xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'pegawai.xls', /\.xls \(Excel 97–2003\) tidak didukung/],
    ['a .xlsx that is no zip', new TextEncoder().encode(csv), 'pegawai.xlsx', /bukan XLSX/],
    ['a zip that is no workbook', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]), 'pegawai.xlsx', /XLSX tidak terbaca/],
    ['a CSV with an unclosed quote', new TextEncoder().encode('nip,nama\n"1,Siti\n'), 'pegawai.csv', /CSV tidak terbaca/],
  ])('reports %s as one error, with nothing read', async (_name, bytes, name, message) => {
    const { rows, errors } = await parseRoster(bytes, now, name);
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.reason).toMatch(message);
  });
});

describe('importRoster from an XLSX file', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roster-xlsx-'));
    store = await openLowdbStore(join(dir, 'db.json'));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the good rows with their HR fields; importing the same file again only updates', async () => {
    const bytes = await workbook((sheet) => {
      sheet.addRow(['199003152015032001', 'Siti Rahmawati', 'Analis SDM', 'Bidang SDM', '', '', 'Penata', 'III/c', 'Sendawar', '', '', '']);
      sheet.addRow(['199807082021011002', 'Agus Salim', 'Pengemudi', 'Sekretariat', '', '', '', '', '', '', '', 'TKK']);
      sheet.addRow([199003152015032002, 'Nip Angka', 'Staf', 'Bidang SDM', '', '', '', '', '', '', '', '']);
    });
    const first = await importRoster(store, bytes, now, 'pegawai.xlsx');
    expect(first).toMatchObject({ created: 2, updated: 0 });
    expect(first.errors.map((e) => e.line)).toEqual([4]);
    expect(await store.getEmployee('199003152015032001')).toMatchObject({ pangkat: 'Penata', golongan: 'III/c', tempatLahir: 'Sendawar', tanggalLahir: '1990-03-15', jenisKelamin: 'P', jenisAsn: 'PNS' });
    const agus = await store.getEmployee('199807082021011002');
    expect(agus).toMatchObject({ jenisAsn: 'TKK' });
    expect(agus!.tanggalLahir).toBeUndefined();
    expect(await store.getEmployee('199003152015032002')).toBeUndefined();
    expect(await importRoster(store, bytes, now, 'pegawai.xlsx')).toMatchObject({ created: 0, updated: 2 });
  });
});
