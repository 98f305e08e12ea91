import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listForms } from '../../src/rules/index.js';
import { JENIS_DIKLAT, jumlahJam, latihanStrukturalId } from '../../src/siasn/jenis-diklat.js';
import { SIASN_COLUMNS } from '../../src/siasn/rows.js';
import { activity } from '../helpers/activity.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';
import { bangkom } from '../reminders/fixtures.js';

/** The jenisDiklat reference of ../shared/siasn.md (from BKN's web service clients): id, name, certificate kind. */
const REFERENCE: [form: string, id: string, kind: 'T' | 'F' | 'P'][] = [
  ['pelatihan-fungsional', '2', 'F'],
  ['pelatihan-teknis', '3', 'T'],
  ['workshop', '4', 'P'],
  ['pelatihan-manajerial', '5', 'T'],
  ['pelatihan-sosial-kultural', '6', 'T'],
  ['sosialisasi', '7', 'P'],
  ['bimbingan-teknis', '8', 'T'],
  ['seminar', '9', 'P'],
  ['magang', '10', 'T'],
  ['kursus', '11', 'T'],
  ['penataran', '12', 'T'],
  ['klasikal-lainnya', '13', 'T'],
  ['coaching', '14', 'T'],
  ['mentoring', '15', 'T'],
  ['e-learning', '16', 'T'],
  ['pelatihan-jarak-jauh', '17', 'T'],
  ['detasering', '18', 'T'],
  ['outbond', '19', 'T'],
  ['patok-banding', '20', 'T'],
  ['pertukaran-pegawai', '21', 'T'],
  ['belajar-mandiri', '22', 'T'],
  ['komunitas-belajar', '23', 'T'],
  ['bimbingan-di-tempat-kerja', '24', 'T'],
  ['nonklasikal-lainnya', '25', 'T'],
];

describe('the form → SIASN map', () => {
  it('covers every form of the catalog', () => {
    expect(listForms().map((f) => f.key).filter((k) => !Object.hasOwn(JENIS_DIKLAT, k))).toEqual([]);
  });

  it.each(REFERENCE)('%s is jenisDiklatId %s, certificate %s (siasn.md jenisDiklat reference)', (form, id, kind) => {
    expect(JENIS_DIKLAT[form]).toMatchObject({ kind: 'kursus', jenisDiklatId: id, jenisKursusSertipikat: kind });
  });

  it('structural leadership training is a Riwayat Diklat; degree study is no course (Riwayat Pendidikan)', () => {
    expect(JENIS_DIKLAT['pelatihan-struktural-kepemimpinan']?.kind).toBe('diklat');
    expect(JENIS_DIKLAT['tugas-belajar']?.kind).toBe('pendidikan');
  });

  const levels: [string, string][] = [
    ['Pelatihan Kepemimpinan Pengawas (PKP) Angkatan II', '2'],
    ['Diklat PIM Tk. IV', '2'],
    ['Pelatihan Kepemimpinan Administrator (PKA)', '3'],
    ['DIKLATPIM TK III', '8'], // no space: not recognised, "lainnya"
    ['Diklat PIM Tk. III', '3'],
    ['PKN Tingkat II', '8'],
    ['PKN II', '4'],
    ['Diklat PIM TK I', '5'],
    ['SESPIM Polri', '6'],
    ['Pelatihan kepemimpinan nasional', '8'],
  ];
  it.each(levels)('latihanStrukturalId of "%s" is %s (siasn.md latihanStruktural reference)', (title, id) => {
    expect(latihanStrukturalId(title)).toBe(id);
  });

  const rounding: [number, number][] = [
    [0, 0],
    [0.25, 1],
    [0.5, 1],
    [2.49, 2],
    [2.5, 3],
    [8.4, 8],
    [32, 32],
  ];
  it.each(rounding)('jumlahJam of %s JP is %s (rule: half up, at least 1 for any JP)', (jp, jam) => {
    expect(jumlahJam(jp)).toBe(jam);
  });
});

describe('bangkom export siasn', () => {
  let w: World;
  let dir: string;
  beforeAll(async () => {
    w = await makeWorld();
    dir = await mkdtemp(join(tmpdir(), 'bangkom-siasn-'));
    const add = (nip: string, a: Parameters<typeof activity>[1]) => w.store.addActivity(activity(nip, a));
    await add(NIP.siti, { type: 'seminar', start: '2026-02-02', end: '2026-02-03', jp: 8.4, title: 'Webinar SPBE', certificateNumber: 'SRT/01', myAsnUploadedAt: '2026-02-10T00:00:00.000Z' });
    await add(NIP.siti, { type: 'pelatihan-struktural-kepemimpinan', start: '2026-05-04', end: '2026-08-28', jp: 180, title: 'PKP Angkatan II', certificateNumber: 'PKP/77' });
    await add(NIP.siti, { type: 'kursus', start: '2026-06-01', jp: 4, status: 'pending' });
    await add(NIP.andi, { type: 'e-learning', start: '2025-12-30', end: '2026-01-02', jp: 2.5, title: 'ASN Unggul' });
    await add(NIP.andi, { type: 'coaching', start: '2025-06-01', jp: 2 }); // another year
  });
  afterAll(async () => w.close());

  it('json: one row per approved activity of the year, with the SIASN values', async () => {
    const out = await bangkom(w.dbPath, ['export', 'siasn', '--year', '2026', '--format', 'json'], '2026-11-22T03:00:00Z');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as { riwayatKursus: Record<string, unknown>[]; riwayatDiklat: Record<string, unknown>[] };
    expect(json.riwayatKursus).toHaveLength(2);
    expect(json.riwayatKursus.find((r) => r.namaKursus === 'Webinar SPBE')).toMatchObject({
      nipBaru: NIP.siti,
      nama: 'Siti Rahmawati',
      jenisDiklatId: '9',
      jenisKursusSertipikat: 'P',
      institusiPenyelenggara: 'BPSDM',
      nomorSertipikat: 'SRT/01',
      jumlahJam: 8,
      jp: 8.4,
      tahunKursus: 2026,
      tanggalKursus: '02-02-2026',
      tanggalSelesaiKursus: '03-02-2026',
      diunggahMyAsn: 'ya',
    });
    expect(json.riwayatKursus.find((r) => r.namaKursus === 'ASN Unggul')).toMatchObject({ jenisDiklatId: '16', jumlahJam: 3, jp: 2.5, tahunKursus: 2026, diunggahMyAsn: 'tidak' });
    expect(json.riwayatDiklat).toEqual([
      expect.objectContaining({ latihanStrukturalId: '2', nomor: 'PKP/77', tahun: 2026, tanggal: '04-05-2026', tanggalSelesai: '28-08-2026', jumlahJam: 180, jp: 180 }),
    ]);
  });

  it('csv: the SIASN column names as the header, NIPs whole', async () => {
    const out = await bangkom(w.dbPath, ['export', 'siasn', '--year', '2026', '--format', 'csv', '--unit', 'sdm'], '2026-11-22T03:00:00Z');
    expect(out.code).toBe(0);
    const rows = parse(out.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...SIASN_COLUMNS]);
    expect(rows.map((r) => r.nipBaru).sort()).toEqual([NIP.andi, NIP.siti, NIP.siti].sort());
  });

  it('xlsx: one sheet per SIASN history, read back with exceljs', async () => {
    const file = join(dir, 'siasn.xlsx');
    const out = await bangkom(w.dbPath, ['export', 'siasn', '--year', '2026', '--format', 'xlsx', '--out', file], '2026-11-22T03:00:00Z');
    expect(out.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(file)) as unknown as ExcelJS.Buffer);
    const kursus = wb.getWorksheet('Riwayat Kursus')!;
    expect(kursus.rowCount).toBe(3);
    expect(kursus.getRow(1).values).toContain('jenisDiklatId');
    const diklat = wb.getWorksheet('Riwayat Diklat')!;
    const header = diklat.getRow(1).values as unknown[];
    expect(diklat.getRow(2).getCell(header.indexOf('latihanStrukturalId')).value).toBe('2');
  });
});
