import type { Activity } from '../domain/types.js';
import { getForm } from '../rules/index.js';
import { jumlahJam, siasnJenis } from './jenis-diklat.js';
import { ddmmyyyy } from './rows.js';

/**
 * An approved activity as the employee types it into MyASN ("Riwayat Diklat/Kursus" → Tambah Baru), field
 * by field in the form's own order (seed 004): label and value. "Rumpun Diklat" is the employee's own
 * choice in MyASN; the certificate PDF is uploaded after.
 */
export function myAsnEntry(activity: Activity): [label: string, value: string][] {
  const jenis = siasnJenis(activity.input.type, getForm(activity.input.type)?.jalur);
  const jam = jumlahJam(activity.jp);
  return [
    ['Jenis Diklat', jenis.nama ?? getForm(activity.input.type)?.label ?? activity.input.type],
    ['Nama Diklat', activity.title],
    ['Institusi Penyelenggara', activity.organizer || '-'],
    ['Nomor Sertifikat', activity.certificateNumber || '-'],
    ['Tahun Diklat', activity.input.end.slice(0, 4)],
    ['Tanggal Mulai', ddmmyyyy(activity.input.start)],
    ['Tanggal Selesai', ddmmyyyy(activity.input.end)],
    ['Durasi (Jam)', jam === activity.jp ? String(jam) : `${jam} (JP persis ${String(activity.jp).replace('.', ',')})`],
    ['Rumpun Diklat', 'pilih sesuai bidang kegiatan'],
  ];
}
