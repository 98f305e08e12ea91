import type { KartuData, KartuJpTahun, KartuKegiatan } from './data.js';

/**
 * `bangkom kartu --format json`: exactly `{"nip", "nama", "kegiatan", "jpPerTahun"}`. Each `kegiatan` item
 * is one row of B with these fields (see KartuKegiatan): `no`, `id`, `nama`, `tahun`, `mulai`, `selesai`
 * (ISO dates), `jp` (the record's JP), `jpDihitung` (what it counts for after the caps), `nomorSertifikat`
 * (or null), `tanggalSertifikat`, `masaBerlaku`, `tempatTerbit`, `jenis`, `bentuk` (form key),
 * `salinanTerlampir` and `diunggahMyAsn` (booleans), `fileBukti` and `diunggahMyAsnPada` (or null), `sumber`
 * (`laporan` or `impor`), `rencana` (`{tahun, no}` of the plan item it realises, or null: insidental) and
 * `evaluasi` (`{kesenjangan, catatan}`, the six-month rating, or null). `jpPerTahun` is C: `{"tahun", "jp"}` for every year with an approved record.
 */
export interface KartuJson {
  nip: string;
  nama: string;
  kegiatan: KartuKegiatan[];
  jpPerTahun: KartuJpTahun[];
}

export function kartuToJson(data: KartuData): KartuJson {
  return {
    nip: data.pegawai.nip,
    nama: data.pegawai.nama,
    kegiatan: data.kegiatan.map((k) => ({ ...k })),
    jpPerTahun: data.jpPerTahun.map(({ tahun, jp }) => ({ tahun, jp })),
  };
}
