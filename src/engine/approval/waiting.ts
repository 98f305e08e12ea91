import type { Activity, Employee, Lang } from '../../domain/types.js';
import type { Catalog } from '../i18n/index.js';
import type { Turn } from '../turn.js';
import { pendingFor } from './approvers.js';
import { approvalRequest } from './request-message.js';
import { plansWaitingFor } from '../plan/waiting.js';
import { planRequest } from '../plan/request.js';

/** Replies with one report's approval request and its decision buttons. */
export async function replyRequest(turn: Turn, activity: Activity, t: Catalog = turn.t, lang: Lang = turn.lang): Promise<void> {
  const owner = await turn.deps.store.getEmployee(activity.nip);
  if (!owner) return;
  const { text, buttons } = approvalRequest(t, lang, activity, owner, turn.deps.profile);
  turn.reply(text, buttons);
}

/** Replies with a count line and every report and plan waiting for `approver`; returns how many there were. */
export async function replyWaitingRequests(
  turn: Turn,
  approver: Employee,
  t: Catalog = turn.t,
  lang: Lang = turn.lang,
): Promise<number> {
  const waiting = await pendingFor(turn.deps, approver);
  if (waiting.length) turn.reply(t.pendingForYou(waiting.length));
  for (const activity of waiting) await replyRequest(turn, activity, t, lang);
  const plans = await plansWaitingFor(turn.deps, approver);
  if (plans.length) turn.reply(t.planPendingForYou(plans.length));
  for (const plan of plans) {
    const owner = await turn.deps.store.getEmployee(plan.nip);
    if (!owner) continue;
    const { text, buttons } = planRequest(t, lang, plan, owner, turn.deps.profile);
    turn.reply(text, buttons);
  }
  return waiting.length + plans.length;
}
