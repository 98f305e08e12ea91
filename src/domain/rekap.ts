import { reachOfMany, type Reach } from './reach.js';
import type { Store } from './store.js';
import type { Activity, JenisAsn, Plan } from './types.js';
import { TARGET_JP, yearTotals } from './year-totals.js';

export interface RekapRow {
  nip: string;
  name: string;
  unit: string;
  approvedJp: number;
  pendingJp: number;
  /** 20, or 0 for TKK staff (no JP duty). */
  targetJp: number;
  /** approvedJp >= targetJp: always true for TKK staff. */
  met: boolean;
  /** PNS, PPPK or TKK; computeRekap always sets it (PNS for employees stored before the field existed). */
  jenisAsn?: JenisAsn;
  /** Whether reminders reach this employee: linked, not linked, or unreachable (blocked the assistant). */
  reach: Reach['kind'];
  /** Approved activities of the year not yet marked uploaded to MyASN. */
  notUploaded: number;
  /** JP of the year's plan items the atasan accepted (the plan: issue 14). */
  plannedJp: number;
  /** JP of approved activities of the year reported from a plan item (the plan realised). */
  realisedPlanJp: number;
  /** Approved activities of the year by the atasan's six-month rating of the remaining gap (seed 004 V.C). */
  gaps: GapCounts;
}

export interface GapCounts {
  rendah: number;
  sedang: number;
  tinggi: number;
}

/** Plan and evaluation figures of one employee's year. */
export function planFigures(plan: Plan | undefined, activities: Activity[]): Pick<RekapRow, 'plannedJp' | 'realisedPlanJp' | 'gaps'> {
  const approved = activities.filter((a) => a.status === 'approved');
  const gaps: GapCounts = { rendah: 0, sedang: 0, tinggi: 0 };
  for (const a of approved) if (a.evaluation) gaps[a.evaluation.gap]++;
  return {
    plannedJp: round2((plan?.items ?? []).filter((i) => i.status === 'diterima').reduce((s, i) => s + i.jp, 0)),
    realisedPlanJp: round2(approved.filter((a) => a.planItem).reduce((s, a) => s + a.jp, 0)),
    gaps,
  };
}

/**
 * One unit's totals over its employees with the 20 JP duty (PNS and PPPK): TKK staff are not in them, they
 * are shown apart (see tkkRows).
 */
export interface RekapUnit {
  unit: string;
  employees: number;
  met: number;
  /** Share of the unit's employees who met the target, 0..1. */
  metShare: number;
  approvedJp: number;
  pendingJp: number;
  /** Employees reminders cannot reach: every account blocked the assistant or is deactivated. */
  unreachable: number;
  /** Employees not linked to any chat account. */
  notLinked: number;
  /** Approved activities of the year not yet marked uploaded to MyASN. */
  notUploaded: number;
  /** Sums of the rows' plan figures and gap ratings. */
  plannedJp: number;
  realisedPlanJp: number;
  gaps: GapCounts;
}

export interface Rekap {
  year: number;
  /** Every employee, TKK staff included, by unit and name. */
  rows: RekapRow[];
  /** Units with at least one employee who has the 20 JP duty. */
  units: RekapUnit[];
}

/**
 * Whether an employee (or a rekap row) has the 20 JP duty: PNS and PPPK do. TKK staff may report, but get
 * no target, no reminder, and are not in their unit's share.
 */
export const hasJpDuty = (who: { jenisAsn?: JenisAsn }): boolean => who.jenisAsn !== 'TKK';

/** The rows of employees with the 20 JP duty. */
export const dutyRows = (rekap: Rekap): RekapRow[] => rekap.rows.filter(hasJpDuty);

/** The rows of TKK staff. */
export const tkkRows = (rekap: Rekap): RekapRow[] => rekap.rows.filter((r) => !hasJpDuty(r));

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Employees per page of a rekap: one page's activities are held at a time, not the whole year's. */
export const REKAP_PAGE = 1000;

/**
 * Per employee and per unit totals of one year, caps applied. The roster is read in pages by NIP, with each
 * page's activities of the year and accounts in one lookup each.
 */
export async function computeRekap(
  store: Store,
  year: number,
  profile: string,
  unit?: string,
  /** Told each page's rows and those employees' activities of the year (the dashboard's charts), awaited. */
  onPage?: (page: { rows: RekapRow[]; activities: Activity[] }) => void | Promise<void>,
): Promise<Rekap> {
  const wantedUnit = unit?.trim().toLowerCase();
  const rows: RekapRow[] = [];
  // At most one plan per employee and year: the year's plans are read once (an index lookup by year).
  const plans = new Map((await store.plansInYear(year)).map((p) => [p.nip, p]));
  for (let after = ''; ; ) {
    const page = await store.employeesAfter(after, REKAP_PAGE);
    if (page.length === 0) break;
    after = page.at(-1)!.nip;
    const employees = page.filter((e) => !wantedUnit || e.unit.toLowerCase() === wantedUnit || e.unit.toLowerCase().includes(wantedUnit));
    if (employees.length === 0) continue;
    const nips = employees.map((e) => e.nip);
    const [activities, reaches] = await Promise.all([store.activitiesOfMany(nips, { year }), reachOfMany(store, nips)]);
    const byNip = new Map<string, Activity[]>();
    for (const a of activities) {
      const list = byNip.get(a.nip);
      if (list) list.push(a);
      else byNip.set(a.nip, [a]);
    }
    const pageRows: RekapRow[] = [];
    for (const e of employees) {
      const mine = byNip.get(e.nip) ?? [];
      const totals = yearTotals(mine, year, profile);
      const duty = hasJpDuty(e);
      pageRows.push({
        nip: e.nip,
        name: e.name,
        unit: e.unit,
        approvedJp: totals.approved,
        pendingJp: totals.pending,
        targetJp: duty ? TARGET_JP : 0,
        met: duty ? totals.met : true,
        jenisAsn: e.jenisAsn ?? 'PNS',
        reach: reaches.get(e.nip)!.kind,
        // Imported history came from HR's own records: not the employee's to upload (nor reminded, run.ts).
        notUploaded: mine.filter((a) => a.status === 'approved' && !a.myAsnUploadedAt && !a.source).length,
        ...planFigures(plans.get(e.nip), mine.filter((a) => a.year === year)),
      });
    }
    rows.push(...pageRows);
    await onPage?.({ rows: pageRows, activities });
  }
  rows.sort((a, b) => a.unit.localeCompare(b.unit) || a.name.localeCompare(b.name));
  const units = new Map<string, RekapUnit>();
  for (const r of rows.filter(hasJpDuty)) {
    const u = units.get(r.unit) ?? {
      unit: r.unit,
      employees: 0,
      met: 0,
      metShare: 0,
      approvedJp: 0,
      pendingJp: 0,
      unreachable: 0,
      notLinked: 0,
      notUploaded: 0,
      plannedJp: 0,
      realisedPlanJp: 0,
      gaps: { rendah: 0, sedang: 0, tinggi: 0 },
    };
    u.employees++;
    u.plannedJp = round2(u.plannedJp + r.plannedJp);
    u.realisedPlanJp = round2(u.realisedPlanJp + r.realisedPlanJp);
    for (const g of ['rendah', 'sedang', 'tinggi'] as const) u.gaps[g] += r.gaps[g];
    if (r.reach === 'unreachable') u.unreachable++;
    if (r.reach === 'not-linked') u.notLinked++;
    if (r.met) u.met++;
    u.notUploaded += r.notUploaded;
    u.approvedJp = round2(u.approvedJp + r.approvedJp);
    u.pendingJp = round2(u.pendingJp + r.pendingJp);
    u.metShare = u.met / u.employees;
    units.set(r.unit, u);
  }
  return { year, rows, units: [...units.values()] };
}
