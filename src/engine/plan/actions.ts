import { formatDateLong, todayIn } from '../../domain/dates.js';
import { checkNip, formatNip, nipProblemText } from '../../domain/nip.js';
import type { Plan, PlanItem } from '../../domain/types.js';
import { formatJp } from '../../rules/index.js';
import { sendRequestToApprovers } from '../approval/submit.js';
import { messageTo } from '../notify.js';
import type { Turn } from '../turn.js';
import { startPlanItem, startPlanItemEdit } from './item-dialog.js';
import { shortLabel } from '../dialog-kit/index.js';
import { emptyPlan, historyFull, isEditable, isRemovable, itemOf, maySend, mayEdit, PLAN_MAX_ITEMS, PLAN_MAX_NO, planTotals } from './plan-ops.js';
import { reportFromPlan } from './from-plan.js';
import { planRequest } from './request.js';
import { startPlanStart } from './start-dialog.js';
import { reportedItems } from './reported.js';
import { itemLine } from './view-lines.js';
import { planButton, showPlan, TARGET_JP } from './view.js';
import { planDeadline, planYear, proposalLock } from './year.js';
import type { PlanOp } from './item-steps-order.js';


/** "rencana", "usulan", /rencana: the plan of the year being prepared (or the year asked for). */
export function openPlan(turn: Turn, year?: number): Promise<void> {
  return showPlan(turn, year ?? planYear(turn.now(), turn.deps.tz));
}

/** Lists the items an operation applies to, one button each. */
function pick(turn: Turn, year: number, op: PlanOp, items: PlanItem[], prompt: string): void {
  turn.reply([prompt, ...items.map((i) => itemLine(turn, i))].join('\n'), items.map((i) => [planButton(year, op, shortLabel(`${i.no}. ${i.materi}`), i.no)]));
}

/** `pl:<year>:<op>[:<no>]`: the plan view's buttons. Every press is checked against the plan as stored now. */
export async function onPlanPress(turn: Turn, year: number, op: PlanOp, no?: number): Promise<void> {
  const nip = turn.employee!.nip;
  const plan = await turn.deps.store.getPlan(nip, year);
  const lock = proposalLock(plan, year, turn.now(), turn.deps.tz);
  const locked = lock !== 'open';
  const lockedReply = () => turn.reply(turn.t.planLocked(year, formatDateLong(planDeadline(year), turn.lang)));
  switch (op) {
    case 'view':
      return showPlan(turn, year, plan);
    case 'add':
      if (locked) return lockedReply();
      // Full before the questions, not after them.
      if ((plan?.items.length ?? 0) >= PLAN_MAX_ITEMS) return turn.reply(turn.t.planFull(PLAN_MAX_ITEMS));
      if ((plan?.nextNo ?? 1) > PLAN_MAX_NO) return turn.reply(turn.t.planNumbersUsedUp);
      return startPlanItem(turn, year);
    case 'send':
      // After the deadline only items the atasan returned may be sent again.
      if (locked && !(plan?.items ?? []).some((i) => maySend(i, lock))) return lockedReply();
      return sendPlan(turn, year);
    case 'edit': {
      const editable = (plan?.items ?? []).filter((i) => mayEdit(i, lock));
      if (locked && editable.length === 0) return lockedReply();
      if (no === undefined) return editable.length ? pick(turn, year, 'edit', editable, turn.t.planPickEdit) : turn.reply(turn.t.planNothingToEdit);
      const item = itemOf(plan, no);
      if (item && isEditable(item) && historyFull(item)) return turn.reply(turn.t.planItemTooManyChanges(no));
      if (item && locked && isEditable(item) && !mayEdit(item, lock)) return lockedReply();
      if (!item || !mayEdit(item, lock)) return turn.reply(turn.t.planItemNotEditable);
      return startPlanItemEdit(turn, year, item);
    }
    case 'del': {
      if (locked) return lockedReply();
      const removable = (plan?.items ?? []).filter(isRemovable);
      if (no === undefined) return removable.length ? pick(turn, year, 'del', removable, turn.t.planPickRemove) : turn.reply(turn.t.planNothingToRemove);
      return removeItem(turn, year, no);
    }
    case 'start': {
      const reported = await reportedItems(turn.deps.store, plan?.items ?? []);
      const startable = (plan?.items ?? []).filter((i) => i.status === 'diterima' && !i.started && !reported.has(i.no));
      if (no === undefined) {
        if (startable.length === 1) return startPlanStart(turn, year, startable[0]!.no);
        return startable.length ? pick(turn, year, 'start', startable, turn.t.planPickStart) : turn.reply(turn.t.planNothingToStart);
      }
      const item = itemOf(plan, no);
      if (!item || item.status !== 'diterima') return turn.reply(turn.t.planStartNotAllowed);
      if (item.started) return turn.reply(turn.t.planAlreadyStarted(no));
      if (reported.has(no)) return turn.reply(turn.t.planAlreadyReported(no));
      return startPlanStart(turn, year, no);
    }
    case 'report':
      return reportFromPlan(turn, year, no ?? 0);
  }
}

async function removeItem(turn: Turn, year: number, no: number): Promise<void> {
  const nip = turn.employee!.nip;
  let removed: PlanItem | undefined;
  const plan = await turn.deps.store.updatePlan(nip, year, (current) => {
    const item = itemOf(current, no);
    if (!current || !item || !isRemovable(item)) return undefined;
    removed = item;
    return { ...current, items: current.items.filter((i) => i.no !== no), updatedAt: turn.nowIso() };
  });
  turn.reply(removed ? turn.t.planItemRemoved(no, removed.materi) : turn.t.planItemNotRemovable);
  await showPlan(turn, year, plan);
}

/** "Kirim ke atasan": every new or returned item (after the deadline: every returned one) becomes proposed, and the atasan gets ONE request listing the plan. */
export async function sendPlan(turn: Turn, year: number): Promise<void> {
  const employee = turn.employee!;
  const at = turn.nowIso();
  let sent = 0;
  let locked = false;
  const plan = await turn.deps.store.updatePlan(employee.nip, year, (current) => {
    const lock = proposalLock(current, year, turn.now(), turn.deps.tz);
    if (lock !== 'open' && !current?.items.some((i) => maySend(i, lock))) {
      locked = true;
      return undefined;
    }
    if (!current || !current.items.some((i) => maySend(i, lock))) return undefined;
    const items = current.items.map((i) => {
      if (!maySend(i, lock)) return i;
      sent++;
      return { ...i, status: 'diusulkan' as const, history: [...i.history, { status: 'diusulkan' as const, by: employee.nip, at }] };
    });
    return { ...current, items, round: current.round + 1, updatedAt: at };
  });
  if (locked) return turn.reply(turn.t.planLocked(year, formatDateLong(planDeadline(year), turn.lang)));
  if (!plan || sent === 0) return turn.reply(turn.t.planNothingToSend);
  const totals = planTotals(plan);
  turn.reply(turn.t.planSent(sent, formatJp(totals.planned, turn.lang), formatJp(TARGET_JP, turn.lang)));
  await sendRequestToApprovers(turn, employee, (t, lang) => planRequest(t, lang, plan, employee, turn.deps.profile));
}

/** "mulai": the accepted items of the plan year not started yet. */
export async function startFromIntent(turn: Turn): Promise<void> {
  const year = todayIn(turn.now(), turn.deps.tz).slice(0, 4);
  const years = [...new Set([Number(year), planYear(turn.now(), turn.deps.tz)])];
  for (const y of years) {
    const plan = await turn.deps.store.getPlan(turn.employee!.nip, y);
    const open = (plan?.items ?? []).filter((i) => i.status === 'diterima' && !i.started);
    const reported = await reportedItems(turn.deps.store, open);
    if (open.some((i) => !reported.has(i.no))) return onPlanPress(turn, y, 'start');
  }
  turn.reply(turn.t.planNothingToStart);
}

/**
 * "buka rencana NIP" (admin): lets one employee propose, change and send their plan for the plan year after
 * the deadline. The plan keeps who reopened it and when; it stays open for that employee.
 */
export async function reopenPlan(turn: Turn, rawNip: string | undefined, rawYear?: number): Promise<void> {
  if (turn.employee?.role !== 'admin') return turn.reply(turn.t.planReopenAdminOnly);
  if (!rawNip) return turn.reply(turn.t.planReopenUsage);
  const nip = checkNip(rawNip);
  if (!nip.ok) return turn.reply(turn.t.inviteBadNip(nipProblemText(nip.problem)));
  // Nobody decides on their own plan, so nobody reopens it either.
  if (nip.nip === turn.employee.nip) return turn.reply(turn.t.planReopenOwn);
  const employee = await turn.deps.store.getEmployee(nip.nip);
  if (!employee) return turn.reply(turn.t.inviteUnknownNip(formatNip(nip.nip)));
  const year = rawYear ?? planYear(turn.now(), turn.deps.tz);
  const at = turn.nowIso();
  await turn.deps.store.updatePlan(nip.nip, year, (current: Plan | undefined) => ({
    ...(current ?? emptyPlan(nip.nip, year, at)),
    reopened: { by: turn.employee!.nip, at },
    updatedAt: at,
  }));
  turn.reply(turn.t.planReopened(employee.name, year));
  const message = await messageTo(turn.deps, employee, (t) => ({ text: t.planReopenedToEmployee(year), buttons: [[planButton(year, 'view', t.planView)]] }));
  if (message) turn.push([message]);
}
