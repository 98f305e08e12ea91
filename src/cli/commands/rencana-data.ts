import type { Store } from '../../domain/store.js';
import type { Activity, Employee, GapLevel, Plan, PlanItem } from '../../domain/types.js';
import { catalog } from '../../engine/i18n/index.js';
import { jadwalSpan } from '../../engine/plan/parse-jadwal.js';
import { isLiveReport } from '../../engine/plan/plan-ops.js';
import { jadwalText, lastReason } from '../../engine/plan/view-lines.js';
import { getForm } from '../../rules/index.js';

/** The statuses of a plan document: a draft the employee has not sent is no proposal yet, and is left out. */
export type RencanaStatus = Exclude<PlanItem['status'], 'draf'>;

/** One proposed item of the unit's plan document (seed 004 III.F), with the atasan's decision. */
export interface RencanaRow {
  nip: string;
  nama: string;
  jabatan: string;
  unit: string;
  tahun: number;
  no: number;
  jalur: PlanItem['jalur'];
  /** The form's name (bentuk), as in the report; `bentukKode` is its key. */
  bentuk: string;
  bentukKode: string;
  /** The competency to develop (jenis kompetensi / materi). */
  materi: string;
  penyelenggara: string;
  /** "Maret 2027", or "10 Maret 2027 – 12 Maret 2027". */
  jadwal: string;
  jadwalMulai: string;
  jadwalSelesai: string;
  jp: number;
  /** Estimated cost in rupiah (kebutuhan anggaran). */
  biaya: number;
  sumberDana: PlanItem['sumberDana'];
  alasanUsulan: string;
  status: RencanaStatus;
  /** The atasan's reason for the current status; null while it is proposed. */
  alasan: string | null;
  /** Recorded with "mulai": dates, place and reporting pattern; null when not started. */
  mulai: { tanggalMulai: string; tanggalSelesai: string; tempat: string; pola: string } | null;
  /** The activity reported from it, when reported. */
  kegiatanId: string | null;
  /** The atasan's six-month rating of the gap that remains after that activity (seed 004 V.C), when rated. */
  evaluasi: { kesenjangan: GapLevel; catatan: string | null } | null;
}

function row(plan: Plan, item: PlanItem, e: Employee | undefined, reported: Activity | undefined): RencanaRow {
  const span = jadwalSpan(item.jadwal);
  return {
    nip: plan.nip,
    nama: e?.name ?? '',
    jabatan: e?.position ?? '',
    unit: e?.unit ?? '',
    tahun: plan.year,
    no: item.no,
    jalur: item.jalur,
    bentuk: getForm(item.type)?.label ?? item.type,
    bentukKode: item.type,
    materi: item.materi,
    penyelenggara: item.penyelenggara,
    jadwal: jadwalText(item.jadwal, 'id'),
    jadwalMulai: span.start,
    jadwalSelesai: span.end,
    jp: item.jp,
    biaya: item.biaya,
    sumberDana: item.sumberDana,
    alasanUsulan: item.alasan,
    status: item.status as RencanaStatus,
    alasan: item.status === 'diusulkan' ? null : (lastReason(item) ?? null),
    mulai: item.started
      ? { tanggalMulai: item.started.start, tanggalSelesai: item.started.end, tempat: item.started.place, pola: item.started.pattern }
      : null,
    // A link to a rejected or cancelled report no longer counts: the item is not realised.
    kegiatanId: reported && isLiveReport(reported.status) ? reported.id : null,
    evaluasi: reported?.evaluation ? { kesenjangan: reported.evaluation.gap, catatan: reported.evaluation.note ?? null } : null,
  };
}

/**
 * Every proposed item of `year` (drafts left out), of the unit when given (its name, or part of it, any
 * case: as the rekap takes it), ordered by unit, name and item number. One lookup for the year's plans
 * (indexed by year), one for their employees and one for the activities reported from them.
 */
export async function rencanaRows(store: Store, year: number, unit?: string): Promise<RencanaRow[]> {
  const plans = await store.plansInYear(year);
  const employees = new Map((await store.employeesOfMany(plans.map((p) => p.nip))).map((e) => [e.nip, e]));
  const wanted = unit?.trim().toLowerCase();
  const shown = plans.filter((plan) => {
    const unitName = employees.get(plan.nip)?.unit.toLowerCase() ?? '';
    return !wanted || unitName === wanted || unitName.includes(wanted);
  });
  // The reported activities, for their six-month evaluation: those of the employees with one, in one lookup.
  const reporting = shown.filter((p) => p.items.some((i) => i.status !== 'draf' && i.activityId)).map((p) => p.nip);
  const activities = new Map(reporting.length > 0 ? (await store.activitiesOfMany(reporting, {})).map((a) => [a.id, a]) : []);
  const rows: RencanaRow[] = [];
  for (const plan of shown) {
    for (const item of plan.items) {
      if (item.status === 'draf') continue;
      const reported = item.activityId ? activities.get(item.activityId) : undefined;
      rows.push(row(plan, item, employees.get(plan.nip), reported?.nip === plan.nip ? reported : undefined));
    }
  }
  return rows.sort((a, b) => a.unit.localeCompare(b.unit) || a.nama.localeCompare(b.nama) || a.nip.localeCompare(b.nip) || a.no - b.no);
}

export const STATUS_LABEL: Record<RencanaStatus, string> = {
  diusulkan: catalog('id').planStatusDiusulkan,
  diterima: catalog('id').planStatusDiterima,
  ditolak: catalog('id').planStatusDitolak,
  dikembalikan: catalog('id').planStatusDikembalikan,
};
