import type { Activity, Employee } from '../domain/types.js';
import { getForm } from '../rules/index.js';
import { jumlahJam, latihanStrukturalId, siasnJenis, type SiasnKind } from './jenis-diklat.js';

/**
 * One approved activity as an HR operator enters it in SIASN/MyASN: the Riwayat Kursus write names
 * (`nipBaru` … `tanggalSelesaiKursus`, dates dd-mm-yyyy) for a course, the Riwayat Diklat names
 * (`latihanStrukturalId`, `nomor`, `tahun`, `tanggal`, `tanggalSelesai`) for structural leadership
 * training; then the exact JP, the evidence file name and whether the employee uploaded it to MyASN.
 */
export interface SiasnRow {
  jenisRiwayat: SiasnKind;
  nipBaru: string;
  nama: string;
  jenisDiklatId: string;
  jenisKursusSertipikat: string;
  namaKursus: string;
  institusiPenyelenggara: string;
  nomorSertipikat: string;
  jumlahJam: number;
  tahunKursus: number | '';
  tanggalKursus: string;
  tanggalSelesaiKursus: string;
  latihanStrukturalId: string;
  nomor: string;
  tahun: number | '';
  tanggal: string;
  tanggalSelesai: string;
  jp: number;
  fileBukti: string;
  diunggahMyAsn: 'ya' | 'tidak';
}

/** The column order of the CSV and XLSX exports. */
export const SIASN_COLUMNS: readonly (keyof SiasnRow)[] = [
  'jenisRiwayat',
  'nipBaru',
  'nama',
  'jenisDiklatId',
  'jenisKursusSertipikat',
  'namaKursus',
  'institusiPenyelenggara',
  'nomorSertipikat',
  'jumlahJam',
  'tahunKursus',
  'tanggalKursus',
  'tanggalSelesaiKursus',
  'latihanStrukturalId',
  'nomor',
  'tahun',
  'tanggal',
  'tanggalSelesai',
  'jp',
  'fileBukti',
  'diunggahMyAsn',
];

/** `2026-03-10` → `10-03-2026`. */
export const ddmmyyyy = (iso: string): string => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

export function siasnRow(activity: Activity, employee: Pick<Employee, 'nip' | 'name'> | undefined): SiasnRow {
  const form = getForm(activity.input.type);
  const jenis = siasnJenis(activity.input.type, form?.jalur);
  const { start, end } = activity.input;
  const year = Number(end.slice(0, 4));
  const course = jenis.kind === 'kursus';
  const diklat = jenis.kind === 'diklat';
  return {
    jenisRiwayat: jenis.kind,
    nipBaru: activity.nip,
    nama: employee?.name ?? '',
    jenisDiklatId: jenis.jenisDiklatId ?? '',
    jenisKursusSertipikat: course ? (jenis.jenisKursusSertipikat ?? '') : '',
    namaKursus: activity.title,
    institusiPenyelenggara: activity.organizer,
    nomorSertipikat: course ? (activity.certificateNumber ?? '') : '',
    jumlahJam: jumlahJam(activity.jp),
    tahunKursus: course ? year : '',
    tanggalKursus: course ? ddmmyyyy(start) : '',
    tanggalSelesaiKursus: course ? ddmmyyyy(end) : '',
    latihanStrukturalId: diklat ? latihanStrukturalId(activity.title) : '',
    nomor: diklat ? (activity.certificateNumber ?? '') : '',
    tahun: diklat ? year : '',
    tanggal: diklat ? ddmmyyyy(start) : '',
    tanggalSelesai: diklat ? ddmmyyyy(end) : '',
    jp: activity.jp,
    fileBukti: activity.evidence?.name ?? '',
    diunggahMyAsn: activity.myAsnUploadedAt ? 'ya' : 'tidak',
  };
}
