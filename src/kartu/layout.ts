import { formatDateLong, type IsoDate } from '../domain/dates.js';
import { formatNip } from '../domain/nip.js';
import { formatNumber } from '../rules/index.js';
import type { KartuData, KartuKegiatan } from './data.js';

/** Headings and column names of the form, as seed 004 (III.B) spells them; the PDF and the XLSX both use these. */
export const JUDUL = 'KARTU DATA PENGEMBANGAN KOMPETENSI';
export const BAGIAN_A = 'A. INFORMASI KEPEGAWAIAN';
export const BAGIAN_B = 'B. INFORMASI PENGEMBANGAN KOMPETENSI';
export const BAGIAN_C = 'C. JUMLAH JAM PELATIHAN TAHUNAN';

export const KOLOM_B = [
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
  // Not on the seed's form: the atasan's six-month rating of the gap that remains (seed 004 V.C).
  'Evaluasi 6 bulan',
] as const;

export const KOLOM_C = ['No', 'Tahun', 'Jumlah Jam Pelatihan'] as const;

export const TANPA_KEGIATAN = 'Belum ada pengembangan kompetensi yang disetujui.';
export const CATATAN_BATAS = 'Jumlah per tahun memakai batas pengakuan JP, sehingga bisa lebih kecil dari jumlah baris B:';

const DOTS = '....................................';

/** `2026-02-03` → `03/02/2026`. */
export const dmy = (iso: IsoDate): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export const yaTidak = (b: boolean): string => (b ? 'Ya' : 'Tidak');

export const jpText = (jp: number): string => formatNumber(jp, 'id');

/** A. the five rows of the form: label and value ("-" where nothing is recorded). */
export function barisA(data: KartuData): [string, string][] {
  const p = data.pegawai;
  const pangkat = [p.pangkat, p.golongan].filter(Boolean).join(', ');
  const lahir = [p.tempatLahir ?? '-', p.tanggalLahir ? formatDateLong(p.tanggalLahir, 'id') : '-'].join(' / ');
  const kelamin = p.jenisKelamin === 'L' ? 'Laki-laki' : p.jenisKelamin === 'P' ? 'Perempuan' : '-';
  return [
    ['Nama Lengkap', p.nama],
    ['NIP/NIPPPK', formatNip(p.nip)],
    ['Pangkat dan golongan ruang', pangkat || '-'],
    ['Tempat Lahir/Tgl. Lahir', lahir],
    ['Jenis Kelamin', kelamin],
  ];
}

/** "02/02/2026 s/d 03/02/2026"; one date for a one-day activity. */
export function lamaText(k: KartuKegiatan): string {
  return k.mulai === k.selesai ? dmy(k.mulai) : `${dmy(k.mulai)} s/d ${dmy(k.selesai)}`;
}

/** "SRT/01, 3 Februari 2026"; the date alone when there is no number. */
export function sertifikatText(k: KartuKegiatan): string {
  const tanggal = formatDateLong(k.tanggalSertifikat, 'id');
  return k.nomorSertifikat ? `${k.nomorSertifikat}, ${tanggal}` : tanggal;
}

/** "sedang — Perlu pendampingan"; "-" when not rated. */
export function evaluasiText(k: KartuKegiatan): string {
  if (!k.evaluasi) return '-';
  return k.evaluasi.catatan ? `${k.evaluasi.kesenjangan} — ${k.evaluasi.catatan}` : k.evaluasi.kesenjangan;
}

/** B. one row's cells in the order of KOLOM_B, as text. */
export function barisB(k: KartuKegiatan): string[] {
  return [
    String(k.no),
    k.nama,
    String(k.tahun),
    lamaText(k),
    jpText(k.jp),
    sertifikatText(k),
    k.masaBerlaku,
    k.tempatTerbit,
    k.jenis,
    yaTidak(k.salinanTerlampir),
    yaTidak(k.diunggahMyAsn),
    evaluasiText(k),
  ];
}

export interface BlokTtd {
  /** Lines above the signature space. */
  atas: string[];
  /** The name (underlined on paper) and the NIP line below the space. */
  nama: string;
  nip: string;
}

/** The two signature blocks: "Mengetahui" (the unit head, or blank lines to fill in) and the employee. */
export function blokTtd(data: KartuData): { mengetahui: BlokTtd; pegawai: BlokTtd } {
  const head = data.mengetahui;
  const tempat = head?.tempat ?? DOTS;
  return {
    mengetahui: {
      atas: ['Mengetahui,', head?.jabatan ?? `Kepala ${DOTS}`],
      nama: head?.nama ?? `(${DOTS})`,
      nip: `NIP. ${head?.nip ? formatNip(head.nip) : DOTS}`,
    },
    pegawai: {
      atas: [`${tempat}, ${formatDateLong(data.tanggal, 'id')}`, 'Pegawai yang melaporkan,', data.pegawai.jabatan],
      nama: data.pegawai.nama,
      nip: `NIP. ${formatNip(data.pegawai.nip)}`,
    },
  };
}
