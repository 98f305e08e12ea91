import { todayIn, type IsoDate } from '../domain/dates.js';
import { decodeNip } from '../domain/nip.js';
import type { Store } from '../domain/store.js';
import type { Activity, Employee, JenisAsn } from '../domain/types.js';
import { yearTotals } from '../domain/year-totals.js';
import { getForm } from '../rules/index.js';
import { siasnJenis } from '../siasn/jenis-diklat.js';
import { unitHeadFor, type UnitHead, type UnitHeads } from './unit-heads.js';

/** The statement above the signatures, word for word from the form (seed 004, III.B). */
export const PERNYATAAN =
  'Dengan ini saya menyatakan informasi yang telah saya sampaikan adalah benar dan dapat dipertanggung-jawabkan ' +
  'dan telah di upload sebagai bukti dukung e-kinerja dan MyASN.';

/**
 * "Masa Berlaku Sertifikat": nothing records a validity (bangkom certificates mostly have none, and the
 * few that expire, such as procurement certificates, state it on the certificate, which is attached), so
 * the card says "-" rather than claiming "seumur hidup".
 */
export const MASA_BERLAKU_TIDAK_TERCATAT = '-';

/** A. Informasi kepegawaian, with birth date and sex from the NIP when the roster gave none. */
export interface KartuPegawai {
  nip: string;
  nama: string;
  jabatan: string;
  unit: string;
  pangkat?: string;
  golongan?: string;
  tempatLahir?: string;
  tanggalLahir?: IsoDate;
  jenisKelamin?: 'L' | 'P';
  jenisAsn: JenisAsn;
}

/** B. One approved activity (reported in chat or imported from the history), one row of the form. */
export interface KartuKegiatan {
  no: number;
  /** The activity's id in the store. */
  id: string;
  /** Nama Pengembangan Kompetensi. */
  nama: string;
  /** Tahun: the year of the end date (the year it counts in). */
  tahun: number;
  /** Lama: from `mulai` to `selesai`, ISO dates. */
  mulai: IsoDate;
  selesai: IsoDate;
  /** Lamanya pelatihan: the JP of the record on its own. */
  jp: number;
  /** What it counts for in its year once the caps across records apply (coaching 2 sessions a month, …). */
  jpDihitung: number;
  nomorSertifikat: string | null;
  /** The certificate's date: the end date, as no other is recorded. */
  tanggalSertifikat: IsoDate;
  masaBerlaku: string;
  /** Tempat terbit sertifikat: the organizer. */
  tempatTerbit: string;
  /** Jenis pengembangan kompetensi: SIASN's jenisDiklat name (the catalog's label for degree study). */
  jenis: string;
  /** The catalog's form key. */
  bentuk: string;
  /** Salinan terlampir: a certificate file is stored with the record. */
  salinanTerlampir: boolean;
  fileBukti: string | null;
  /** Telah diupload pada MyASN: the employee pressed "Sudah diunggah ke MyASN". */
  diunggahMyAsn: boolean;
  diunggahMyAsnPada: string | null;
  /** `laporan` (reported in chat) or `impor` (history import). */
  sumber: 'laporan' | 'impor';
  /** The plan item it realises (`{tahun, no}`), or null for an unplanned (insidental) activity. */
  rencana: { tahun: number; no: number } | null;
  /** The atasan's six-month rating of the gap that remains (seed 004 V.C), or null while not rated. */
  evaluasi: { kesenjangan: 'rendah' | 'sedang' | 'tinggi'; catatan: string | null } | null;
}

export interface KartuJpTahun {
  tahun: number;
  /** Approved JP with the caps applied: the same total "berapa JP" gives for that year. */
  jp: number;
}

export interface KartuData {
  pegawai: KartuPegawai;
  kegiatan: KartuKegiatan[];
  /** C. Every year with an approved record, oldest first. */
  jpPerTahun: KartuJpTahun[];
  /** Why a year's total is below its rows (the caps), in Indonesian, e.g. "coaching: 3 sesi di Maret 2026, dihitung 2". */
  catatanBatas: string[];
  pernyataan: string;
  /** The day the card was made, in the office's time zone. */
  tanggal: IsoDate;
  /** Who signs "Mengetahui"; blank lines when nobody is set for the unit. */
  mengetahui?: UnitHead;
  profile: string;
}

export interface KartuOptions {
  now: Date;
  tz: string;
  /** The JP rule profile the totals use (the assistant's, so the card agrees with "berapa JP"). */
  profile: string;
  /** The head who signs "Mengetahui"; wins over `unitHeads`. */
  unitHead?: UnitHead;
  /** The per-unit settings (loadUnitHeads): the head is looked up by the employee's unit. */
  unitHeads?: UnitHeads;
}

function pegawai(e: Employee): KartuPegawai {
  // A TKK number is the agency's, not one BKN issued: nothing is read from it (as roster import does).
  const fromNip = e.jenisAsn === 'TKK' ? undefined : decodeNip(e.nip);
  const tanggalLahir = e.tanggalLahir ?? fromNip?.birthDate;
  const jenisKelamin = e.jenisKelamin ?? fromNip?.sex;
  return {
    nip: e.nip,
    nama: e.name,
    jabatan: e.position,
    unit: e.unit,
    ...(e.pangkat ? { pangkat: e.pangkat } : {}),
    ...(e.golongan ? { golongan: e.golongan } : {}),
    ...(e.tempatLahir ? { tempatLahir: e.tempatLahir } : {}),
    ...(tanggalLahir ? { tanggalLahir } : {}),
    ...(jenisKelamin ? { jenisKelamin } : {}),
    jenisAsn: e.jenisAsn ?? 'PNS',
  };
}

function jenisOf(a: Activity): string {
  const form = getForm(a.input.type);
  return siasnJenis(a.input.type, form?.jalur).nama ?? form?.label ?? a.input.type;
}

const byDate = (a: Activity, b: Activity) =>
  a.input.start.localeCompare(b.input.start) || a.input.end.localeCompare(b.input.end) || a.id.localeCompare(b.id);

/**
 * The Kartu Data Pengembangan Kompetensi of one employee (seed 004, III.B), or undefined for an unknown
 * NIP. B and C hold approved activities only, imported history included: a pending, returned, rejected or
 * cancelled report is no competency development on record yet.
 */
export async function kartuData(store: Store, nip: string, opts: KartuOptions): Promise<KartuData | undefined> {
  const employee = await store.getEmployee(nip);
  if (!employee) return undefined;
  const activities = await store.activitiesOf(nip);
  const approved = activities.filter((a) => a.status === 'approved').sort(byDate);
  const years = [...new Set(approved.map((a) => a.year))].sort((a, b) => a - b);
  const totals = years.map((year) => yearTotals(activities, year, opts.profile));
  const counted = Object.assign({}, ...totals.map((t) => t.countedById)) as Record<string, number>;
  const kegiatan = approved.map(
    (a, i): KartuKegiatan => ({
      no: i + 1,
      id: a.id,
      nama: a.title,
      tahun: a.year,
      mulai: a.input.start,
      selesai: a.input.end,
      jp: a.jp,
      jpDihitung: counted[a.id] ?? a.jp,
      nomorSertifikat: a.certificateNumber?.trim() || null,
      tanggalSertifikat: a.input.end,
      masaBerlaku: MASA_BERLAKU_TIDAK_TERCATAT,
      tempatTerbit: a.organizer,
      jenis: jenisOf(a),
      bentuk: a.input.type,
      salinanTerlampir: a.evidence !== undefined,
      fileBukti: a.evidence?.name ?? null,
      diunggahMyAsn: a.myAsnUploadedAt !== undefined,
      diunggahMyAsnPada: a.myAsnUploadedAt ?? null,
      sumber: a.source?.kind === 'impor' ? 'impor' : 'laporan',
      rencana: a.planItem ? { tahun: a.planItem.year, no: a.planItem.no } : null,
      evaluasi: a.evaluation ? { kesenjangan: a.evaluation.gap, catatan: a.evaluation.note ?? null } : null,
    }),
  );
  const mengetahui = opts.unitHead ?? (opts.unitHeads ? unitHeadFor(opts.unitHeads, employee.unit) : undefined);
  return {
    pegawai: pegawai(employee),
    kegiatan,
    jpPerTahun: totals.map((t) => ({ tahun: t.year, jp: t.approved })),
    catatanBatas: totals.flatMap((t) => t.notes.map((n) => n.message)),
    pernyataan: PERNYATAAN,
    tanggal: todayIn(opts.now, opts.tz),
    ...(mengetahui ? { mengetahui } : {}),
    profile: opts.profile,
  };
}
