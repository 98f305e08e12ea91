import { SCHEMA_VERSION, type Plan, type PlanItem, type PlanItemStatus } from '../../domain/types.js';

/** What an atasan's decision code makes of a proposed item. */
export const DECISION_STATUS: Record<'a' | 'r' | 'v', PlanItemStatus> = { a: 'diterima', r: 'ditolak', v: 'dikembalikan' };

export function emptyPlan(nip: string, year: number, at: string): Plan {
  return { schemaVersion: SCHEMA_VERSION, nip, year, items: [], nextNo: 1, round: 0, createdAt: at, updatedAt: at };
}

/** Items the employee may still change or remove (not waiting for the atasan, not accepted). */
export const isEditable = (item: PlanItem): boolean => item.status === 'draf' || item.status === 'dikembalikan';
export const isRemovable = (item: PlanItem): boolean => item.status === 'draf' || item.status === 'dikembalikan' || item.status === 'ditolak';
/** Items a "send" proposes: new ones and those the atasan returned (changed or not). */
export const isSendable = (item: PlanItem): boolean => item.status === 'draf' || item.status === 'dikembalikan';

/** Planned JP of the items that still count (not rejected), and of those accepted. */
export function planTotals(plan: Plan | undefined): { planned: number; accepted: number } {
  let planned = 0;
  let accepted = 0;
  for (const item of plan?.items ?? []) {
    if (item.status !== 'ditolak') planned += item.jp;
    if (item.status === 'diterima') accepted += item.jp;
  }
  return { planned: Math.round(planned * 100) / 100, accepted: Math.round(accepted * 100) / 100 };
}

export const itemOf = (plan: Plan | undefined, no: number): PlanItem | undefined => plan?.items.find((i) => i.no === no);
