import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kartuData, type KartuData, type KartuKegiatan } from '../../src/kartu/data.js';
import { barisA, blokTtd } from '../../src/kartu/layout.js';
import { formatJp } from '../../src/rules/index.js';
import { texts, type World } from '../helpers/script-driver.js';
import { kartuWorld, NIP, NOT_ON_CARD, NOW } from './world.js';

let w: World;
let card: KartuData;
const opts = { now: new Date(NOW), tz: 'Asia/Jakarta', profile: 'lan-2018' };

beforeAll(async () => {
  w = await kartuWorld();
  card = (await kartuData(w.store, NIP.siti, opts))!;
});
afterAll(async () => w.close());

type Expected = Omit<KartuKegiatan, 'id' | 'bentuk' | 'diunggahMyAsnPada' | 'masaBerlaku' | 'rencana' | 'evaluasi'>;

/** B: approved records only, imported history included, oldest first; every column of the form. */
const ROWS: Expected[] = [
  {
    no: 1,
    nama: 'PKP Angkatan II',
    tahun: 2024,
    mulai: '2024-05-04',
    selesai: '2024-08-28',
    jp: 180,
    jpDihitung: 180,
    nomorSertifikat: 'PKP/77',
    tanggalSertifikat: '2024-08-28',
    tempatTerbit: 'BPSDM Provinsi Kalimantan Timur',
    jenis: 'Diklat Struktural',
    salinanTerlampir: false,
    fileBukti: null,
    diunggahMyAsn: false,
    sumber: 'impor',
  },
  {
    no: 2,
    nama: 'Pelatihan Pengadaan Barang/Jasa',
    tahun: 2025,
    mulai: '2025-04-07',
    selesai: '2025-04-10',
    jp: 30,
    jpDihitung: 30,
    nomorSertifikat: 'PBJ/2025/77',
    tanggalSertifikat: '2025-04-10',
    tempatTerbit: 'LKPP',
    jenis: 'Diklat Teknis',
    salinanTerlampir: true,
    fileBukti: 'pbj.pdf',
    diunggahMyAsn: false,
    sumber: 'impor',
  },
  {
    no: 3,
    nama: 'Webinar SPBE',
    tahun: 2026,
    mulai: '2026-02-02',
    selesai: '2026-02-03',
    jp: 8.4,
    jpDihitung: 8.4,
    nomorSertifikat: 'SRT/01',
    tanggalSertifikat: '2026-02-03',
    tempatTerbit: 'Kementerian PANRB',
    jenis: 'Seminar',
    salinanTerlampir: true,
    fileBukti: 'sertifikat-spbe.pdf',
    diunggahMyAsn: true,
    sumber: 'laporan',
  },
  {
    no: 4,
    nama: 'Coaching Analis SDM',
    tahun: 2026,
    mulai: '2026-03-02',
    selesai: '2026-03-20',
    jp: 6,
    jpDihitung: 4,
    nomorSertifikat: null,
    tanggalSertifikat: '2026-03-20',
    tempatTerbit: 'Bidang SDM',
    jenis: 'Coaching',
    salinanTerlampir: false,
    fileBukti: null,
    diunggahMyAsn: false,
    sumber: 'laporan',
  },
];

describe('kartuData: B, one row per approved activity', () => {
  it('has exactly the approved rows, oldest first', () => {
    expect(card.kegiatan.map((k) => k.nama)).toEqual(ROWS.map((r) => r.nama));
  });

  it.each(ROWS.map((r) => [r.no, r.nama, r] as const))('row %i (%s) has every column', (no, _nama, expected) => {
    const row = card.kegiatan[no - 1]!;
    expect(row).toMatchObject(expected);
    // No validity is recorded for any certificate: "-" rather than a claim.
    expect(row.masaBerlaku).toBe('-');
  });

  it('marks the upload to MyASN with its time', () => {
    expect(card.kegiatan.find((k) => k.nama === 'Webinar SPBE')?.diunggahMyAsnPada).toBe('2026-02-10T01:00:00.000Z');
  });

  it.each(NOT_ON_CARD)('leaves out "%s" (pending, returned, rejected, cancelled, or someone else\'s)', (title) => {
    expect(card.kegiatan.map((k) => k.nama)).not.toContain(title);
  });
});

describe('kartuData: C, JP per year', () => {
  it('lists every year with an approved record, with the caps applied', () => {
    expect(card.jpPerTahun).toEqual([
      { tahun: 2024, jp: 180 },
      { tahun: 2025, jp: 30 },
      { tahun: 2026, jp: 12.4 },
    ]);
    expect(card.catatanBatas).toEqual([expect.stringMatching(/coaching: 3 sesi di Maret 2026, dihitung 2/i)]);
  });

  it('gives each year the total that "berapa JP" gives in the chat', async () => {
    await w.link('siti', NIP.siti);
    for (const { tahun, jp } of card.jpPerTahun) {
      expect(texts(await w.chat.say('siti', `jp ${tahun}`))).toContain(`tahun ${tahun}: *${formatJp(jp)}* disetujui`);
    }
  });
});

describe('kartuData: A, personal data', () => {
  it('takes rank and birth place from the roster, birth date and sex from the NIP', () => {
    expect(barisA(card)).toEqual([
      ['Nama Lengkap', 'Siti Rahmawati'],
      ['NIP/NIPPPK', '19900315 201503 2 001'],
      ['Pangkat dan golongan ruang', 'Penata, III/c'],
      ['Tempat Lahir/Tgl. Lahir', 'Sendawar / 15 Maret 1990'],
      ['Jenis Kelamin', 'Perempuan'],
    ]);
  });

  it('shows "-" for what nobody recorded', async () => {
    const andi = (await kartuData(w.store, NIP.andi, opts))!;
    expect(barisA(andi)).toEqual([
      ['Nama Lengkap', 'Andi Wijaya'],
      ['NIP/NIPPPK', '19880724 201403 1 003'],
      ['Pangkat dan golongan ruang', '-'],
      ['Tempat Lahir/Tgl. Lahir', '- / 24 Juli 1988'],
      ['Jenis Kelamin', 'Laki-laki'],
    ]);
    expect(andi.kegiatan.map((k) => k.nama)).toEqual(['Seminar Milik Andi']);
  });

  it('is undefined for a NIP not on the roster', async () => {
    expect(await kartuData(w.store, '199901012020011001', opts)).toBeUndefined();
  });
});

describe('kartuData: statement and signatures', () => {
  const head = { nama: 'Ir. Budi Santoso, M.T.', nip: '197501012000031002', jabatan: 'Kepala Bidang SDM', tempat: 'Sendawar' };

  it('carries the statement of the form, word for word', () => {
    expect(card.pernyataan).toBe(
      'Dengan ini saya menyatakan informasi yang telah saya sampaikan adalah benar dan dapat dipertanggung-jawabkan dan telah di upload sebagai bukti dukung e-kinerja dan MyASN.',
    );
  });

  it('names the unit head from the per-unit settings', async () => {
    const data = (await kartuData(w.store, NIP.siti, { ...opts, unitHeads: { 'Bidang SDM': head } }))!;
    expect(data.mengetahui).toEqual(head);
    expect(blokTtd(data)).toEqual({
      mengetahui: { atas: ['Mengetahui,', 'Kepala Bidang SDM'], nama: 'Ir. Budi Santoso, M.T.', nip: 'NIP. 19750101 200003 1 002' },
      pegawai: {
        atas: ['Sendawar, 22 November 2026', 'Pegawai yang melaporkan,', 'Analis SDM'],
        nama: 'Siti Rahmawati',
        nip: 'NIP. 19900315 201503 2 001',
      },
    });
  });

  it('an explicit head wins over the settings; no head leaves blank lines to fill in', async () => {
    const other = { nama: 'Kepala Lain', jabatan: 'Plt. Kepala Bidang' };
    const explicit = (await kartuData(w.store, NIP.siti, { ...opts, unitHead: other, unitHeads: { 'Bidang SDM': head } }))!;
    expect(explicit.mengetahui).toEqual(other);
    const blank = blokTtd(card);
    expect(card.mengetahui).toBeUndefined();
    expect(blank.mengetahui.atas[1]).toMatch(/^Kepala \.{10,}$/);
    expect(blank.mengetahui.nama).toMatch(/^\(\.{10,}\)$/);
    expect(blank.mengetahui.nip).toMatch(/^NIP\. \.{10,}$/);
    expect(blank.pegawai.atas[0]).toMatch(/^\.{10,}, 22 November 2026$/);
  });
});
