import { computeRekap, hasJpDuty, type Rekap, type RekapRow, type RekapUnit } from '../domain/rekap.js';
import type { Store } from '../domain/store.js';
import type { Activity } from '../domain/types.js';
import { TARGET_JP, yearTotals } from '../domain/year-totals.js';
import { overallTotals } from '../rekap/formats.js';
import { getForm } from '../rules/index.js';
import type { Viewer } from './viewer.js';

export interface Bar {
  label: string;
  value: number;
}

/** What the overview and a unit's page show, over the employees the viewer may see. */
export interface Overview {
  year: number;
  /** When the numbers were computed (they are kept for a short while, see BasisCache). */
  at: Date;
  /** The rekap's rows of the employees shown (TKK staff included, as in `rekap --format json`). */
  rows: RekapRow[];
  /** One line per unit, over its employees with the 20 JP duty (as the rekap's unit totals). */
  units: (RekapUnit & { withoutJp: number; tkk: number })[];
  total: RekapUnit & { withoutJp: number; tkk: number };
  /** Employees with the 20 JP duty by approved JP. */
  distribution: Bar[];
  /** Approved JP as counted (caps applied), by form. */
  byForm: Bar[];
  /** Approved JP as counted, by the month the activity ended. */
  byMonth: Bar[];
  /** Reports waiting for a decision, by how long they have waited. */
  pendingByAge: Bar[];
  /** Employees with a report waiting more than STUCK_DAYS, the longest wait first. */
  stuck: { nip: string; name: string; unit: string; reports: number; oldestDays: number }[];
}

/** A report waiting longer than this is stuck (the reminders' atasan digest names those past 3 days). */
export const STUCK_DAYS = 7;

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'] as const;

const DISTRIBUTION: [string, (jp: number) => boolean][] = [
  ['0 JP', (jp) => jp === 0],
  ['di bawah 10', (jp) => jp > 0 && jp < 10],
  [`10 – di bawah ${TARGET_JP}`, (jp) => jp >= 10 && jp < TARGET_JP],
  [`${TARGET_JP} – di bawah 40`, (jp) => jp >= TARGET_JP && jp < 40],
  ['40 ke atas', (jp) => jp >= 40],
];

const DAY_MS = 24 * 60 * 60 * 1000;
const AGES: [string, (days: number) => boolean][] = [
  ['kurang dari 3 hari', (d) => d < 3],
  ['3 – 7 hari', (d) => d >= 3 && d <= 7],
  ['8 – 14 hari', (d) => d > 7 && d <= 14],
  ['lebih dari 14 hari', (d) => d > 14],
];

const round2 = (n: number) => Math.round(n * 100) / 100;

const formLabels = new Map<string, string>();
export function formLabel(key: string): string {
  let label = formLabels.get(key);
  if (label === undefined) formLabels.set(key, (label = getForm(key)?.label ?? key));
  return label;
}

/** Since when a pending report has waited: its last move to pending (a revised report waits anew). */
export function waitingSince(a: Activity): string {
  for (let i = a.history.length - 1; i >= 0; i--) if (a.history[i]!.status === 'pending') return a.history[i]!.at;
  return a.createdAt;
}

function unitLine(unit: string, rows: RekapRow[]): Overview['total'] {
  const totals = overallTotals({ year: 0, rows, units: [] });
  const duty = rows.filter(hasJpDuty);
  return { ...totals, unit, withoutJp: duty.filter((r) => r.approvedJp === 0).length, tkk: rows.length - duty.length };
}

export interface BasisQuery {
  year: number;
  profile: string;
  /** Only this unit (as the roster spells it); everyone when undefined. */
  unit?: string;
}

/** A recorded or counted JP split by form and by month, of one employee. */
interface Split {
  forms: Map<string, number>;
  months: number[];
}

/**
 * What the overview needs over everyone (or one unit), before the viewer's filter: the rekap, each employee's
 * approved JP split by form and month, and since when each waiting report waits. Computed once, shared by
 * every viewer (see BasisCache).
 */
export interface Basis {
  at: Date;
  rekap: Rekap;
  split: Map<string, Split>;
  /** Epoch ms each pending report (any year) has waited since, by NIP. */
  waiting: Map<string, number[]>;
}

export async function computeBasis(store: Store, q: BasisQuery, now: Date): Promise<Basis> {
  const split = new Map<string, Split>();
  const waiting = new Map<string, number[]>();
  // Page by page with the rekap (its pages of employees and their activities of the year), so that only
  // these small summaries are held, not a year's activities of everyone (at 100,000 employees, 200,000).
  const full = await computeRekap(store, q.year, q.profile, q.unit, async ({ rows, activities }) => {
    // One unit: its match is by substring; the exact unit is kept.
    const mine = q.unit === undefined ? rows : rows.filter((r) => r.unit === q.unit);
    if (mine.length === 0) return;
    const approvedOf = new Map(mine.map((r) => [r.nip, r.approvedJp]));
    addSplits(split, activities, approvedOf, q);
    for (const a of await store.activitiesOfMany([...approvedOf.keys()], { pending: true })) {
      if (a.status !== 'pending') continue;
      const list = waiting.get(a.nip);
      const since = Date.parse(waitingSince(a));
      if (list) list.push(since);
      else waiting.set(a.nip, [since]);
    }
  });
  const rekap = q.unit === undefined ? full : { ...full, rows: full.rows.filter((r) => r.unit === q.unit), units: full.units.filter((u) => u.unit === q.unit) };
  return { at: now, rekap, split, waiting };
}

/** Each employee's approved JP of the year by form and by month, as yearTotals counts it. */
function addSplits(split: Map<string, Split>, activities: Activity[], approvedOf: Map<string, number>, q: BasisQuery): void {
  const byNip = new Map<string, Activity[]>();
  for (const a of activities) {
    if (a.status !== 'approved' || a.year !== q.year || !approvedOf.has(a.nip)) continue;
    const list = byNip.get(a.nip);
    if (list) list.push(a);
    else byNip.set(a.nip, [a]);
  }
  for (const [nip, list] of byNip) {
    // Caps only ever lower a record's JP: when the records add up to the rekap's total, none was capped, and
    // the caps need not be worked out again (they seldom apply, and at 10,000 employees that is most of the time).
    const recorded = round2(list.reduce((sum, a) => sum + a.jp, 0));
    const counted = recorded === approvedOf.get(nip) ? undefined : yearTotals(list, q.year, q.profile).countedById;
    const mine: Split = { forms: new Map(), months: new Array<number>(12).fill(0) };
    for (const a of list) {
      const jp = counted ? (counted[a.id] ?? 0) : a.jp;
      const label = formLabel(a.input.type);
      mine.forms.set(label, (mine.forms.get(label) ?? 0) + jp);
      mine.months[Number(a.input.end.slice(5, 7)) - 1]! += jp;
    }
    split.set(nip, mine);
  }
}

/**
 * The numbers of the overview: the rekap's own rows (computeRekap, what `rekap --format json` prints),
 * kept to the employees the viewer may see, and grouped per unit as the rekap groups them (overallTotals:
 * employees with the 20 JP duty). The charts break the approved JP down as yearTotals counts it.
 */
export function overview(basis: Basis, viewer: Viewer, now: Date, unit?: string): Overview {
  const rows = basis.rekap.rows.filter((r) => viewer.sees(r.nip) && (unit === undefined || r.unit === unit));

  const byUnit = new Map<string, RekapRow[]>();
  for (const r of rows) {
    const list = byUnit.get(r.unit);
    if (list) list.push(r);
    else byUnit.set(r.unit, [r]);
  }
  const units = [...byUnit].map(([name, list]) => unitLine(name, list));
  const total = unitLine(unit ?? 'Semua unit', rows);

  const dutyRows = rows.filter(hasJpDuty);
  const distribution = DISTRIBUTION.map(([label, test]) => ({ label, value: dutyRows.filter((r) => test(r.approvedJp)).length }));

  const forms = new Map<string, number>();
  const months = new Array<number>(12).fill(0);
  const waits: number[] = [];
  const stuck: Overview['stuck'] = [];
  for (const r of rows) {
    const split = basis.split.get(r.nip);
    if (split) {
      for (const [label, jp] of split.forms) forms.set(label, (forms.get(label) ?? 0) + jp);
      split.months.forEach((jp, i) => (months[i]! += jp));
    }
    const mine = (basis.waiting.get(r.nip) ?? []).map((since) => (now.getTime() - since) / DAY_MS);
    waits.push(...mine);
    const late = mine.filter((d) => d > STUCK_DAYS);
    if (late.length > 0) stuck.push({ nip: r.nip, name: r.name, unit: r.unit, reports: late.length, oldestDays: Math.floor(Math.max(...late)) });
  }
  stuck.sort((a, b) => b.oldestDays - a.oldestDays || a.name.localeCompare(b.name));
  const byForm = [...forms]
    .map(([label, value]) => ({ label, value: round2(value) }))
    .filter((b) => b.value > 0)
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  const byMonth = months.map((value, i) => ({ label: MONTHS[i]!, value: round2(value) }));
  const pendingByAge = AGES.map(([label, test]) => ({ label, value: waits.filter(test).length }));

  return { year: basis.rekap.year, at: basis.at, rows, units, total, distribution, byForm, byMonth, pendingByAge, stuck };
}

/** The rekap restricted to what the viewer sees (for the XLSX download): the same rows, units regrouped. */
export function visibleRekap(full: Rekap, viewer: Viewer): Rekap {
  if (viewer.all) return full;
  const rows = full.rows.filter((r) => viewer.sees(r.nip));
  const units = [...new Set(rows.filter(hasJpDuty).map((r) => r.unit))].map((unit) => ({
    ...overallTotals({ year: full.year, rows: rows.filter((r) => r.unit === unit), units: [] }),
    unit,
  }));
  return { year: full.year, rows, units };
}

/** The employees shown on a unit's page, by name. */
export function unitEmployees(overview: Overview): RekapRow[] {
  return [...overview.rows].sort((a, b) => a.name.localeCompare(b.name));
}
