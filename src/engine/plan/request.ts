import type { Button } from '../../chat/events.js';
import { formatNip } from '../../domain/nip.js';
import type { Employee, Lang, Plan } from '../../domain/types.js';
import { formatJp } from '../../rules/index.js';
import type { Catalog } from '../i18n/index.js';
import { planTotals } from './plan-ops.js';
import { itemLine, lastReason, planStatusLabel } from './view-lines.js';
import { TARGET_JP } from './view.js';

/** A plan item as a decision subject's id: `<nip>:<year>:<no>`; item 0 stands for "every proposed item". */
export const planSubjectId = (plan: Pick<Plan, 'nip' | 'year'>, no: number): string => `${plan.nip}:${plan.year}:${no}`;

/**
 * The one request an atasan gets for a sent plan: every item with its JP and status, one row of buttons
 * (terima / tolak / kembalikan) per item waiting for a decision, and "terima semua" for all of them.
 */
export function planRequest(t: Catalog, lang: Lang, plan: Plan, owner: Employee, profile: string): { text: string; buttons: Button[][] } {
  const says = { t, lang, deps: { profile } };
  const lines = [t.planRequestTitle(plan.year, `${owner.name} (NIP ${formatNip(owner.nip)}, ${owner.unit})`)];
  const rows: Button[][] = [];
  const shown = plan.items.filter((i) => i.status !== 'draf');
  for (const item of shown) {
    const reason = lastReason(item);
    const status = item.status === 'diusulkan' ? '' : ` — ${planStatusLabel(t, item.status)}${reason ? ` ("${reason}")` : ''}`;
    lines.push(`${itemLine(says, item)}${status}`, `   ${t.planFieldAlasan}: ${item.alasan}`);
    if (item.status !== 'diusulkan') continue;
    const base = `pp:${planSubjectId(plan, item.no)}:${item.history.length}`;
    rows.push([
      { id: `${base}:a`, label: t.planAcceptNo(item.no) },
      { id: `${base}:r`, label: t.planRejectNo(item.no) },
      { id: `${base}:v`, label: t.planReturnNo(item.no) },
    ]);
  }
  const totals = planTotals(plan);
  lines.push('', t.planRequestTotals(formatJp(totals.planned, lang), formatJp(TARGET_JP, lang), formatJp(totals.accepted, lang)));
  if (rows.length) {
    lines.push(t.planReasonEveryDecision);
    if (rows.length > 1) rows.push([{ id: `pp:${planSubjectId(plan, 0)}:${plan.round}:a`, label: t.planAcceptAll }]);
  } else lines.push(t.planRequestAllDecided);
  return { text: lines.join('\n'), buttons: rows };
}
