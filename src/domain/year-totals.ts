import { applyCaps } from '../rules/index.js';
import type { CapNote } from '../rules/types.js';
import type { Activity } from './types.js';

export const TARGET_JP = 20;

export interface YearTotals {
  year: number;
  /** Approved JP with the cross-record caps applied. */
  approved: number;
  /** What the pending reports would add on approval, caps applied together with the approved ones. */
  pending: number;
  target: number;
  shortfall: number;
  met: boolean;
  /** Approved JP per form key. */
  byType: Record<string, number>;
  /** What each approved report counts for once the caps are applied, by activity id. */
  countedById: Record<string, number>;
  notes: CapNote[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** What yearTotals reads of an activity (Store.activityFiguresOfMany gives only this). */
export type ActivityFigures = Pick<Activity, 'id' | 'nip' | 'status' | 'year' | 'input' | 'jp'>;

/** One employee's totals for a year from their activities (any status; only approved and pending count). */
export function yearTotals(activities: ActivityFigures[], year: number, profile: string): YearTotals {
  const ofYear = activities.filter((a) => a.year === year);
  const approved = ofYear.filter((a) => a.status === 'approved');
  const withPending = ofYear.filter((a) => a.status === 'approved' || a.status === 'pending');
  const toItems = (list: ActivityFigures[]) => list.map((a) => ({ id: a.id, input: a.input, jp: a.jp }));
  const approvedCaps = applyCaps(toItems(approved), profile);
  const allCaps = withPending.length === approved.length ? approvedCaps : applyCaps(toItems(withPending), profile);
  const approvedJp = round2(approvedCaps.total);
  return {
    year,
    approved: approvedJp,
    pending: round2(Math.max(0, allCaps.total - approvedCaps.total)),
    target: TARGET_JP,
    shortfall: round2(Math.max(0, TARGET_JP - approvedJp)),
    met: approvedJp >= TARGET_JP,
    byType: approvedCaps.byType,
    countedById: Object.fromEntries(approvedCaps.items.map((i) => [i.id, i.counted])),
    notes: approvedCaps.notes,
  };
}
