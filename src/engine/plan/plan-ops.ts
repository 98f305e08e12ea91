import { SCHEMA_VERSION, type Plan, type PlanItem, type PlanItemStatus } from '../../domain/types.js';
import type { ProposalLock } from './year.js';

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

/**
 * An item the atasan returned (still returned, or changed since): after the deadline it may still be changed
 * and sent again, since it was proposed in time; only new items are locked.
 */
export const isRevision = (item: PlanItem): boolean => isEditable(item) && item.history.some((h) => h.status === 'dikembalikan');
/** Whether the employee may change / send this item now, the plan's proposals being `lock`. */
const inTime = (item: PlanItem, lock: ProposalLock): boolean => lock === 'open' || (lock === 'deadline' && isRevision(item));
export const mayEdit = (item: PlanItem, lock: ProposalLock): boolean => isEditable(item) && inTime(item, lock) && !historyFull(item);
export const maySend = (item: PlanItem, lock: ProposalLock): boolean => isSendable(item) && inTime(item, lock) && !historyFull(item);

/** Items a plan holds at most: 3 decision buttons each and "terima semua" stay under Telegram's 100 buttons. */
export const PLAN_MAX_ITEMS = 30;
/** The last item number a plan record takes (records.ts). */
export const PLAN_MAX_NO = 999;
/**
 * A plan record keeps at most 1000 changes per item (records.ts); an item this close to it is changed no more
 * (a change, a send and a decision each add one), so no write can fail.
 */
const HISTORY_ROOM = 995;
export const historyFull = (item: PlanItem): boolean => item.history.length >= HISTORY_ROOM;

/** The activity a plan item realises, when it still counts: a rejected or cancelled report frees the item. */
export const isLiveReport = (status: string | undefined): boolean => status === 'pending' || status === 'approved' || status === 'returned';

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
