import type { Plan, PlanItem } from '../../domain/types.js';
import { formatJp } from '../../rules/index.js';
import type { DecisionCode } from '../action-id.js';
import type { DecisionSubject } from '../approval/subject.js';
import { messageTo } from '../notify.js';
import { DECISION_STATUS, itemOf, planTotals } from './plan-ops.js';
import { planRequest } from './request.js';
import { planStatusLabel } from './view-lines.js';
import { planButton, TARGET_JP } from './view.js';

/** A plan item (`no` > 0), or every item still proposed (`no` 0, "terima semua"), of one plan. */
export interface PlanTarget {
  plan: Plan;
  no: number;
  /** After a decision: the items it decided. */
  decided?: number[];
}

function parseId(id: string): { nip: string; year: number; no: number } | undefined {
  const m = /^(\d{18}):(\d{4}):(\d{1,3})$/.exec(id);
  return m ? { nip: m[1]!, year: Number(m[2]), no: Number(m[3]) } : undefined;
}

const proposed = (plan: Plan): PlanItem[] => plan.items.filter((i) => i.status === 'diusulkan');

/** The items a decision on this target covers. */
const covered = (target: PlanTarget): PlanItem[] => {
  if (target.no === 0) return proposed(target.plan);
  const item = itemOf(target.plan, target.no);
  return item ? [item] : [];
};

/** Every decision on a plan item needs a reason, an acceptance too (seed 002 I.7). "Terima semua" takes one for all. */
export const PLAN_SUBJECT: DecisionSubject<PlanTarget> = {
  kind: 'plan',
  ids: { ask: 'pp', decide: 'pd', cancel: 'pdc' },
  load: async (turn, id) => {
    const key = parseId(id);
    if (!key) return undefined;
    const plan = await turn.deps.store.getPlan(key.nip, key.year);
    if (!plan || (key.no > 0 && !itemOf(plan, key.no))) return undefined;
    return { plan, no: key.no };
  },
  ownerNip: (target) => target.plan.nip,
  isPending: (target) => (target.no === 0 ? proposed(target.plan).length > 0 : itemOf(target.plan, target.no)?.status === 'diusulkan'),
  revision: (target) => (target.no === 0 ? String(target.plan.round) : String(itemOf(target.plan, target.no)?.history.length ?? 0)),
  statusLabel: (t, target) => {
    // "Terima semua", once done, names what it decided (diterima), not the plan's state.
    const no = target.no === 0 ? target.decided?.[0] : target.no;
    const item = no === undefined ? undefined : itemOf(target.plan, no);
    return item ? planStatusLabel(t, item.status) : t.planAllDecidedLabel;
  },
  lastChange: (target) => {
    const changes = (target.no === 0 ? target.plan.items : covered(target)).flatMap((i) => i.history);
    return changes.sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  },
  needsReason: () => true,
  quickReasons: (t, code) => (code === 'a' ? t.planQuickAccept : code === 'r' ? t.planQuickReject : t.planQuickReturn),
  askReason: (t, code) => (code === 'a' ? t.planAskAcceptReason : code === 'r' ? t.planAskRejectReason : t.planAskReturnReason),
  texts: (t) => ({
    inProgress: t.planDecisionInProgress,
    oldVersion: t.planOldVersionButton,
    cancelled: t.planDecisionCancelled,
    alreadyDecided: t.planAlreadyDecided,
    done: t.planDecisionDone,
    notFound: t.planNotFound,
    notPermitted: t.planNotPermitted,
  }),
  request: async (turn, target, owner, t, lang) => planRequest(t, lang, target.plan, owner, turn.deps.profile),
  apply: async (turn, target, code, reason, decider) => {
    const status = DECISION_STATUS[code];
    const at = turn.nowIso();
    let conflict = false;
    let decided: number[] = [];
    const plan = await turn.deps.store.updatePlan(target.plan.nip, target.plan.year, (current) => {
      if (!current) return undefined;
      const nos = new Set(covered({ plan: current, no: target.no }).filter((i) => i.status === 'diusulkan').map((i) => i.no));
      if (nos.size === 0 || (target.no === 0 && code !== 'a')) {
        conflict = true;
        return undefined;
      }
      decided = [...nos];
      const items = current.items.map((i) =>
        nos.has(i.no) ? { ...i, status, history: [...i.history, { status, by: decider.nip, at, ...(reason ? { reason } : {}) }] } : i,
      );
      return { ...current, items, updatedAt: at };
    });
    if (!plan) return undefined;
    return conflict ? { conflict: { plan, no: target.no } } : { done: { plan, no: target.no, decided } };
  },
  name: (target, owner) => {
    const who = owner?.name ?? target.plan.nip;
    const item = target.no === 0 ? undefined : itemOf(target.plan, target.no);
    return item ? `${who}: "${item.materi}"` : `${who}: ${target.plan.year}`;
  },
  refreshed: async (turn, target, owner, t, lang) => planRequest(t, lang, target.plan, owner, turn.deps.profile),
  notify: async (turn, result, code: DecisionCode, reason, decider) => {
    const owner = await turn.deps.store.getEmployee(result.plan.nip);
    if (!owner) return;
    const status = DECISION_STATUS[code];
    const decidedNow = result.plan.items.filter((i) => result.decided?.includes(i.no));
    const totals = planTotals(result.plan);
    const message = await messageTo(turn.deps, owner, (t) => {
      const lines = decidedNow.map((item) => t.planDecisionToEmployee(result.plan.year, item.no, item.materi, planStatusLabel(t, status), decider.name));
      if (reason) lines.push(t.reasonLine(reason));
      lines.push(t.planAcceptedTotal(result.plan.year, formatJp(totals.accepted, owner.lang), formatJp(TARGET_JP, owner.lang)));
      const returned = status === 'dikembalikan' ? decidedNow[0] : undefined;
      if (returned) lines.push(t.planReviseHint);
      const buttons = returned ? [[planButton(result.plan.year, 'edit', t.planEditItem, returned.no)]] : [[planButton(result.plan.year, 'view', t.planView)]];
      return { text: lines.join('\n'), buttons };
    });
    if (message) turn.push([message]);
  },
};
