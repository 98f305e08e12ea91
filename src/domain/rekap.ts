import { reachOfMany, type Reach } from './reach.js';
import type { Store } from './store.js';
import type { Activity } from './types.js';
import { TARGET_JP, yearTotals } from './year-totals.js';

export interface RekapRow {
  nip: string;
  name: string;
  unit: string;
  approvedJp: number;
  pendingJp: number;
  targetJp: number;
  met: boolean;
  /** Whether reminders reach this employee: linked, not linked, or unreachable (blocked the assistant). */
  reach: Reach['kind'];
}

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
}

export interface Rekap {
  year: number;
  rows: RekapRow[];
  units: RekapUnit[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Per employee and per unit totals of one year, caps applied; one pass over the year's activities. */
export async function computeRekap(store: Store, year: number, profile: string, unit?: string): Promise<Rekap> {
  const wantedUnit = unit?.trim().toLowerCase();
  const employees = (await store.listEmployees())
    .filter((e) => !wantedUnit || e.unit.toLowerCase() === wantedUnit || e.unit.toLowerCase().includes(wantedUnit))
    .sort((a, b) => a.unit.localeCompare(b.unit) || a.name.localeCompare(b.name));
  const byNip = new Map<string, Activity[]>();
  for (const a of await store.activitiesInYear(year)) {
    const list = byNip.get(a.nip);
    if (list) list.push(a);
    else byNip.set(a.nip, [a]);
  }
  const reaches = await reachOfMany(store, employees.map((e) => e.nip));
  const reach = new Map<string, Reach['kind']>([...reaches].map(([nip, r]) => [nip, r.kind]));
  const rows: RekapRow[] = employees.map((e) => {
    const totals = yearTotals(byNip.get(e.nip) ?? [], year, profile);
    return {
      nip: e.nip,
      name: e.name,
      unit: e.unit,
      approvedJp: totals.approved,
      pendingJp: totals.pending,
      targetJp: TARGET_JP,
      met: totals.met,
      reach: reach.get(e.nip)!,
    };
  });
  const units = new Map<string, RekapUnit>();
  for (const r of rows) {
    const u = units.get(r.unit) ?? { unit: r.unit, employees: 0, met: 0, metShare: 0, approvedJp: 0, pendingJp: 0, unreachable: 0, notLinked: 0 };
    u.employees++;
    if (r.reach === 'unreachable') u.unreachable++;
    if (r.reach === 'not-linked') u.notLinked++;
    if (r.met) u.met++;
    u.approvedJp = round2(u.approvedJp + r.approvedJp);
    u.pendingJp = round2(u.pendingJp + r.pendingJp);
    u.metShare = u.met / u.employees;
    units.set(r.unit, u);
  }
  return { year, rows, units: [...units.values()] };
}
