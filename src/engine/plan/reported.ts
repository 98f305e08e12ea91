import type { Store } from '../../domain/store.js';
import type { PlanItem } from '../../domain/types.js';
import { isLiveReport } from './plan-ops.js';

/**
 * The numbers of the items whose report still counts (pending, approved or returned to be fixed): one key
 * lookup per linked item. A link to a rejected or cancelled report is ignored, so the item can be reported
 * again from the plan.
 */
export async function reportedItems(store: Store, items: PlanItem[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (const item of items) {
    if (!item.activityId) continue;
    const activity = await store.getActivity(item.activityId);
    if (activity && isLiveReport(activity.status)) out.add(item.no);
  }
  return out;
}
