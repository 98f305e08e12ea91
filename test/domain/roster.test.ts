import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRoster, parseRoster, type RosterRow } from '../../src/domain/roster.js';
import { SCHEMA_VERSION } from '../../src/domain/types.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/domain/store.js';

const now = new Date('2026-11-22T03:00:00Z');
const HEADER = 'nip,nama,jabatan,unit,atasan_nip,email,telegram_id,slack_id,role';
const HR_HEADER = 'nip,nama,jabatan,unit,atasan_nip,pangkat,golongan,tempat_lahir,tanggal_lahir,jenis_kelamin,jenis_asn';

describe('parseRoster', () => {
  it('reports bad rows by line with the reason and keeps the good ones', async () => {
    const csv = [
      HEADER,
      '19640321 199103 1 009,"Sari, S.Kom",Kabid,Bidang A,,sari@x.go.id,123456,U01ABCDEF,admin',
      '196403211991031,Pendek,Staf,Bidang A,,,,,',
      '199003152015032001,Tanpa Unit,Staf,,,,,,',
      '199003152015032002,Email Salah,Staf,Bidang A,,bukan-email,,,',
      '199003152015032003,Role Aneh,Staf,Bidang A,,,,,superuser',
      '199003152015032004,Atasan Salah,Staf,Bidang A,123,,,,',
      '19640321 199103 1 009,Ganda,Staf,Bidang A,,,,,',
    ].join('\n');
    const { rows, errors } = await parseRoster(csv, now);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      employee: { nip: '196403211991031009', name: 'Sari, S.Kom', role: 'admin', email: 'sari@x.go.id', atasanNip: null },
      telegramId: '123456',
      slackId: 'U01ABCDEF',
    });
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(errors[0]!.reason).toContain('18 digit');
    expect(errors[1]!.reason).toContain('unit');
    expect(errors[2]!.reason).toContain('email');
    expect(errors[3]!.reason).toContain('role');
    expect(errors[4]!.reason).toContain('atasan_nip');
    expect(errors[5]!.reason).toContain('ganda');
  });

  it('reads a CSV that Excel in the Indonesian locale saved with semicolons', async () => {
    const csv = ['nip;nama;jabatan;unit;atasan_nip;jenis_asn', '199003152015032001;Siti, S.Kom;Analis;Bidang A;;PPPK'].join('\r\n');
    const { rows, errors } = await parseRoster(csv, now);
    expect(errors).toEqual([]);
    expect(rows[0]!.employee).toMatchObject({ name: 'Siti, S.Kom', unit: 'Bidang A', jenisAsn: 'PPPK' });
  });

  it('refuses a file without the required columns', async () => {
    const { rows, errors } = await parseRoster('nip,nama\n199003152015032001,X', now);
    expect(rows).toHaveLength(0);
    expect(errors[0]).toMatchObject({ line: 1 });
    expect(errors[0]!.reason).toContain('jabatan');
  });
});

describe('parseRoster: HR columns (pangkat, golongan, tempat_lahir, tanggal_lahir, jenis_kelamin, jenis_asn)', () => {
  it('reads them, jenis_asn in any case and empty as PNS; header names as people write them', async () => {
    const csv = [
      'NIP,Nama,Jabatan,Unit,Atasan NIP,Pangkat,Golongan,Tempat Lahir,Tanggal Lahir,Jenis Kelamin,Jenis ASN',
      '199003152015032001,Siti Rahmawati,Analis SDM,Bidang SDM,,Penata,III/c,Sendawar,,,',
      '199105202023211002,Rudi Hartono,Pranata Komputer,Bidang SDM,199003152015032001,,IX,Melak,,,pppk',
      '199807072021011001,Joko Susilo,Pengemudi,Sekretariat,,,,Barong Tongkok,7 Juli 1998,l,Tkk',
      '199512312020122004,Dewi Lestari,Staf,Sekretariat,,Pengatur,II/c,,1995-12-30,P,PNS',
    ].join('\n');
    const { rows, errors } = await parseRoster(csv, now);
    expect(errors).toEqual([]);
    const [siti, rudi, joko, dewi] = rows.map((r) => r.employee);
    expect(siti).toMatchObject({ pangkat: 'Penata', golongan: 'III/c', tempatLahir: 'Sendawar', jenisAsn: 'PNS', tanggalLahir: '1990-03-15', jenisKelamin: 'P' });
    expect(rudi).toMatchObject({ golongan: 'IX', tempatLahir: 'Melak', jenisAsn: 'PPPK', tanggalLahir: '1991-05-20', jenisKelamin: 'L' });
    expect(rudi!.pangkat).toBeUndefined();
    expect(joko).toMatchObject({ jenisAsn: 'TKK', tanggalLahir: '1998-07-07', jenisKelamin: 'L', tempatLahir: 'Barong Tongkok' });
    // Given values win over the NIP's digits (Dewi's NIP says 31 December).
    expect(dewi).toMatchObject({ tanggalLahir: '1995-12-30', jenisKelamin: 'P', jenisAsn: 'PNS', pangkat: 'Pengatur' });
  });

  it('reports each bad HR value by line with its reason and keeps the other rows', async () => {
    const csv = [
      HR_HEADER,
      '199003152015032001,Baik,Staf,Bidang A,,,,,,,',
      '199003152015032002,Honorer,Staf,Bidang A,,,,,,,Honorer',
      '199003152015032003,Kelamin,Staf,Bidang A,,,,,,X,',
      '199003152015032004,Tanggal Mustahil,Staf,Bidang A,,,,,31-02-1990,,',
      '199003152015032005,Tahun Dua Digit,Staf,Bidang A,,,,,15/03/62,,',
      '199003152015032006,Kemarin,Staf,Bidang A,,,,,kemarin,,',
      '1.99003E+17,Dari Excel,Staf,Bidang A,,,,,,,',
      '199003152015032007,Atasan Excel,Staf,Bidang A,1.99003E+17,,,,,,',
      `199003152015032008,Golongan Panjang,Staf,Bidang A,,,${'x'.repeat(21)},,,,`,
    ].join('\n');
    const { rows, errors } = await parseRoster(csv, now);
    expect(rows.map((r) => r.employee.name)).toEqual(['Baik']);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const reason = (line: number) => errors.find((e) => e.line === line)!.reason;
    expect(reason(3)).toBe("jenis_asn: harus PNS, PPPK atau TKK (kosong berarti PNS), bukan 'HONORER'");
    expect(reason(4)).toContain('jenis_kelamin: harus L atau P');
    expect(reason(5)).toContain("tanggal_lahir: tidak terbaca ('31-02-1990')");
    expect(reason(6)).toContain('tanggal_lahir: 2062-03-15 tidak mungkin');
    expect(reason(6)).toContain('tahun 4 digit');
    expect(reason(7)).toContain("tanggal_lahir: tidak terbaca ('kemarin')");
    expect(reason(8)).toMatch(/^nip: tertulis sebagai angka Excel \(1\.99003E\+17\); format kolom ini sebagai Teks/);
    expect(reason(9)).toMatch(/^atasan_nip: tertulis sebagai angka Excel/);
    expect(reason(10)).toContain('golongan');
  });
});

/** One row of HR_HEADER with the NIP, jenis_asn and the birth date and sex as given ('' when not). */
async function employeeOf(nip: string, jenisAsn: string, tanggalLahir: string, jenisKelamin: string): Promise<RosterRow['employee']> {
  const csv = [HR_HEADER, `${nip},X,Staf,Bidang A,,,,,${tanggalLahir},${jenisKelamin},${jenisAsn}`].join('\n');
  const { rows, errors } = await parseRoster(csv, now);
  expect(errors).toEqual([]);
  return rows[0]!.employee;
}

describe('birth date and sex come from the NIP when not given', () => {
  it.each([
    ['NIP digits 1–8 = 19640321 → 1964-03-21, digit 15 = 1 → L', '196403211991031009', '', '', '', '1964-03-21', 'L'],
    ['NIP digits 1–8 = 19900315 → 1990-03-15, digit 15 = 2 → P', '199003152015032001', 'PNS', '', '', '1990-03-15', 'P'],
    ['NIPPPK (digit 13 = 2): digits 1–8 = 19910520 → 1991-05-20, digit 15 = 1 → L', '199105202023211002', 'PPPK', '', '', '1991-05-20', 'L'],
    ['NIPPPK: digit 15 = 2 → P', '198512012024232045', 'pppk', '', '', '1985-12-01', 'P'],
    ['a given tanggal_lahir wins over digits 1–8; sex still from digit 15', '199003152015032001', '', '1990-03-16', '', '1990-03-16', 'P'],
    ['a given jenis_kelamin wins over digit 15; birth date still from digits 1–8', '199003152015032001', '', '', 'L', '1990-03-15', 'L'],
    ['TKK: their number is the agency’s, nothing derived', '199807072021011001', 'TKK', '', '', undefined, undefined],
    ['TKK: what is given is kept', '199807072021011001', 'TKK', '07/07/1998', 'perempuan', '1998-07-07', 'P'],
  ])('%s', async (_rule, nip, jenisAsn, tanggal, kelamin, birth, sex) => {
    const e = await employeeOf(nip, jenisAsn, tanggal, kelamin);
    expect(e.tanggalLahir).toBe(birth);
    expect(e.jenisKelamin).toBe(sex);
  });
});

describe('importRoster', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roster-'));
    store = await openLowdbStore(join(dir, 'db.json'));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('re-importing updates by NIP, never deletes activities, and links chat ids from the roster', async () => {
    const first = [HEADER, '199003152015032001,Siti,Analis,Bidang A,,,555,,'].join('\n');
    expect(await importRoster(store, first, now)).toMatchObject({ created: 1, updated: 0, linked: 1, errors: [] });
    expect((await store.getAccount('telegram', '555'))?.nip).toBe('199003152015032001');
    await store.addActivity({
      schemaVersion: SCHEMA_VERSION,
      id: 'a1',
      nip: '199003152015032001',
      input: { type: 'seminar', scope: 'nasional', start: '2026-03-10', end: '2026-03-10', days: 1 },
      title: 'Seminar',
      organizer: 'X',
      profile: 'lan-2018',
      jp: 4,
      explanation: '',
      year: 2026,
      status: 'approved',
      history: [],
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    const second = [HEADER, '199003152015032001,Siti Rahmawati,Analis Ahli Muda,Bidang B,,,555,,'].join('\n');
    expect(await importRoster(store, second, now)).toMatchObject({ created: 0, updated: 1, linked: 0 });
    expect(await store.getEmployee('199003152015032001')).toMatchObject({ name: 'Siti Rahmawati', unit: 'Bidang B' });
    expect(await store.activitiesOf('199003152015032001')).toHaveLength(1);
  });

  it('an older roster without the HR columns keeps what is stored (a TKK stays TKK); an empty cell clears it', async () => {
    const nip = '199807072021011001';
    const full = [HR_HEADER, `${nip},Joko,Pengemudi,Sekretariat,,Juru,I/c,Melak,1998-07-08,L,TKK`].join('\n');
    expect(await importRoster(store, full, now)).toMatchObject({ created: 1, errors: [] });
    await store.setEmployeeLang(nip, 'en');

    const old = [HEADER, `${nip},Joko Susilo,Pengemudi,Sekretariat,,,,,`].join('\n');
    expect(await importRoster(store, old, now)).toMatchObject({ updated: 1, errors: [] });
    expect(await store.getEmployee(nip)).toMatchObject({
      name: 'Joko Susilo',
      jenisAsn: 'TKK',
      pangkat: 'Juru',
      golongan: 'I/c',
      tempatLahir: 'Melak',
      tanggalLahir: '1998-07-08',
      jenisKelamin: 'L',
      lang: 'en',
    });

    // The columns are there, empty: pangkat and golongan cleared, jenis_asn back to PNS, birth date and sex from the NIP.
    const cleared = [HR_HEADER, `${nip},Joko Susilo,Pengemudi,Sekretariat,,,,Melak,,,`].join('\n');
    await importRoster(store, cleared, now);
    const after = await store.getEmployee(nip);
    expect(after).toMatchObject({ jenisAsn: 'PNS', tempatLahir: 'Melak', tanggalLahir: '1998-07-07', jenisKelamin: 'L' });
    expect(after!.pangkat).toBeUndefined();
    expect(after!.golongan).toBeUndefined();
  });
});
