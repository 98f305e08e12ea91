import { formatDateLong } from '../../domain/dates.js';
import type { Plan } from '../../domain/types.js';
import { formatJp } from '../../rules/index.js';
import type { Button } from '../../chat/events.js';
import type { Turn } from '../turn.js';
import { isRemovable, maySend, mayEdit, planTotals } from './plan-ops.js';
import { reportedItems } from './reported.js';
import { itemLine, lastReason, planStatusLabel } from './view-lines.js';
import { planDeadline, proposalLock } from './year.js';

export const TARGET_JP = 20;

/** `pl:<year>:<op>[:<no>]`: the plan's own buttons (action-id.ts). */
export const planButton = (year: number, op: string, label: string, no?: number): Button => ({
  id: `pl:${year}:${op}${no !== undefined ? `:${no}` : ''}`,
  label,
});

/** The plan of a year with its items and statuses, the planned JP against 20 JP, and its buttons. */
export async function showPlan(turn: Turn, year: number, loaded?: Plan): Promise<void> {
  const employee = turn.employee!;
  const plan = loaded ?? (await turn.deps.store.getPlan(employee.nip, year));
  const { t, lang } = turn;
  const items = plan?.items ?? [];
  const lines = [t.planTitle(year, employee.name)];
  if (items.length === 0) lines.push(t.planEmpty);
  for (const item of items) {
    const reason = lastReason(item);
    lines.push(`${itemLine(turn, item)} — ${planStatusLabel(t, item.status)}${reason ? ` ("${reason}")` : ''}${item.started ? ` · ${t.planStartedMark}` : ''}`);
  }
  const totals = planTotals(plan);
  lines.push('', t.planTotals(formatJp(totals.planned, lang), formatJp(TARGET_JP, lang), formatJp(totals.accepted, lang)));
  if (totals.planned < TARGET_JP) lines.push(t.planBelowTarget(formatJp(TARGET_JP - totals.planned, lang)));
  const lock = proposalLock(plan, year, turn.now(), turn.deps.tz);
  const locked = lock !== 'open';
  const deadline = formatDateLong(planDeadline(year), lang);
  lines.push(locked ? t.planDeadlinePassed(deadline) : plan?.reopened ? t.planReopenedNote : t.planDeadlineNote(deadline));

  const rows: Button[][] = [];
  // After the deadline the items the atasan returned may still be changed and sent again.
  const first = locked ? [] : [planButton(year, 'add', t.planAdd)];
  if (items.some((i) => maySend(i, lock))) first.push(planButton(year, 'send', t.planSend));
  if (first.length) rows.push(first);
  const second: Button[] = [];
  if (items.some((i) => mayEdit(i, lock))) second.push(planButton(year, 'edit', t.planEdit));
  if (!locked && items.some(isRemovable)) second.push(planButton(year, 'del', t.planRemove));
  if (second.length) rows.push(second);
  const startable = items.filter((i) => i.status === 'diterima' && !i.started);
  const reported = await reportedItems(turn.deps.store, startable);
  if (startable.some((i) => !reported.has(i.no))) rows.push([planButton(year, 'start', t.planStart)]);
  turn.reply(lines.join('\n'), rows);
}
