import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import type { Activity, ActivityStatus, ConversationState } from '../../domain/types.js';
import { yearTotals } from '../../domain/year-totals.js';
import { formatJp } from '../../rules/index.js';
import { messageTo } from '../notify.js';
import type { Turn } from '../turn.js';
import { controlWord } from '../words.js';
import { mayDecide } from './approvers.js';
import { revisionOf, statusLabel } from './request-message.js';
import { replyRequest } from './waiting.js';
import { DECISION_CODES, type DecisionCode } from '../action-id.js';
import { myAsnEntry } from '../../siasn/myasn-entry.js';

export const DECISION_DIALOG = 'decision';
/** A typed reason counts only this soon after its prompt; later text is an ordinary message. */
export const DECISION_PROMPT_MS = 15 * 60 * 1000;
const DECISIONS: ReadonlyMap<DecisionCode, ActivityStatus> = new Map([
  ['a', 'approved'],
  ['r', 'rejected'],
  ['v', 'returned'],
]);

const isDecisionCode = (value: unknown): value is DecisionCode => (DECISION_CODES as readonly unknown[]).includes(value);

export const decisionStateKey = (turn: Turn) => `${turn.stateKey}#decision`;

function whenText(turn: Turn, iso: string): string {
  return format(new TZDate(new Date(iso).getTime(), turn.deps.tz), 'dd-MM-yyyy HH:mm');
}

/**
 * Loads the report and checks, at the moment of the press, that this person may still decide on it and
 * that the button belongs to the report's current version (a resubmitted report has a new one).
 */
async function checkDecidable(turn: Turn, id: string, rev: string): Promise<Activity | undefined> {
  if (!turn.employee) {
    turn.reply(turn.t.notLinked);
    return undefined;
  }
  const activity = await turn.deps.store.getActivity(id);
  if (!activity) {
    turn.reply(turn.t.reportNotFound);
    return undefined;
  }
  if (!(await mayDecide(turn.deps, turn.employee, activity))) {
    turn.reply(turn.t.notPermitted);
    return undefined;
  }
  if (activity.status !== 'pending') {
    await replyAlreadyDecided(turn, activity);
    return undefined;
  }
  if (rev !== revisionOf(activity)) {
    turn.reply(turn.t.oldVersionButton);
    await replyRequest(turn, activity);
    return undefined;
  }
  return activity;
}

async function replyAlreadyDecided(turn: Turn, activity: Activity): Promise<void> {
  const last = activity.history.at(-1);
  const who = last ? ((await turn.deps.store.getEmployee(last.by))?.name ?? last.by) : '–';
  turn.reply(turn.t.alreadyDecided(statusLabel(turn.t, activity.status), who, last ? whenText(turn, last.at) : '–'));
}

/** The decision prompt this person has open, when it is still fresh (a reason typed now answers it). */
export async function openDecision(turn: Turn): Promise<ConversationState | undefined> {
  const state = await turn.deps.store.getState(decisionStateKey(turn));
  if (!state) return undefined;
  return turn.now().getTime() - Date.parse(state.updatedAt) <= DECISION_PROMPT_MS ? state : undefined;
}

/**
 * `ap:<id>:<rev>:<a|r|v>`: the first press asks for the reason (or the optional note). The same button
 * pressed again while its prompt is open (a double tap) asks nothing twice: it says the decision is in
 * progress.
 */
export async function onDecisionPress(turn: Turn, id: string, rev: string, code: DecisionCode, messageRef?: string): Promise<void> {
  const open = await openDecision(turn);
  if (open && open.data.activityId === id && open.data.rev === rev && open.step === code) return turn.reply(turn.t.decisionInProgress);
  const activity = await checkDecidable(turn, id, rev);
  if (!activity) return;
  const state: ConversationState = {
    key: decisionStateKey(turn),
    dialog: DECISION_DIALOG,
    step: code,
    data: { activityId: id, rev, ...(messageRef ? { messageRef } : {}) },
    trail: [],
    updatedAt: turn.nowIso(),
  };
  await turn.deps.store.setState(state);
  const cancel = { id: `adc:${id}`, label: turn.t.cancel };
  if (code === 'a') {
    turn.reply(turn.t.askApproveNote, [[{ id: `ad:${id}:${rev}:a:-`, label: turn.t.skip }, cancel]]);
    return;
  }
  const reasons = turn.t.quickReasons.map((label, i) => [{ id: `ad:${id}:${rev}:${code}:${i}`, label }]);
  turn.reply(code === 'r' ? turn.t.askRejectReason : turn.t.askReturnReason, [...reasons, [cancel]]);
}

/** `ad:<id>:<rev>:<code>:<reason index | ->`: a decision complete in one press. */
export async function onQuickDecision(
  turn: Turn,
  id: string,
  rev: string,
  code: DecisionCode,
  reasonIndex: number | null,
  messageRef?: string,
): Promise<void> {
  const reason = reasonIndex === null ? undefined : turn.t.quickReasons[reasonIndex];
  if (code !== 'a' && !reason) return turn.reply(turn.t.reasonRequired);
  const state = await turn.deps.store.getState(decisionStateKey(turn));
  const requestRef = state?.data.activityId === id ? (state.data.messageRef as string | undefined) : undefined;
  await decide(turn, id, rev, code, reason, [requestRef, messageRef]);
}

/**
 * `adc:<id>`, or a cancel/back word at the reason prompt: nothing is decided and the request comes back
 * with its buttons. Someone who cannot decide on that report (or a report that is gone) hears only that
 * nothing was in progress: the press reveals nothing.
 */
export async function onDecisionCancel(turn: Turn, id: string): Promise<void> {
  await turn.deps.store.deleteState(decisionStateKey(turn));
  const activity = await turn.deps.store.getActivity(id);
  if (!activity || activity.status !== 'pending' || !turn.employee || !(await mayDecide(turn.deps, turn.employee, activity))) {
    return turn.reply(turn.t.nothingToCancel);
  }
  turn.reply(turn.t.decisionCancelled);
  await replyRequest(turn, activity);
}

/**
 * The message typed right after the reason prompt. A control word is never a reason: "batal"/"batalkan"/"cancel"
 * and "kembali"/"back" (back to the request's own buttons) act as the Batal button; "lewati"/"skip" leaves the
 * optional approval note empty and is refused where a reason is required.
 */
export async function onDecisionText(turn: Turn, state: ConversationState, text: string): Promise<void> {
  const code = state.step;
  const id = state.data.activityId;
  if (!isDecisionCode(code) || typeof id !== 'string') {
    await turn.deps.store.deleteState(state.key);
    return turn.reply(turn.t.unknownButton);
  }
  const reason = text.trim();
  const control = controlWord(reason);
  if (control === 'cancel' || control === 'back') return onDecisionCancel(turn, id);
  const skip = control === 'skip';
  if (code !== 'a' && (skip || reason.length < 3)) return turn.reply(turn.t.reasonRequired);
  if (reason.length > 500) return turn.reply(turn.t.textLength(3, 500));
  await decide(turn, id, String(state.data.rev), code, skip ? undefined : reason, [state.data.messageRef as string | undefined]);
}

/** Records the decision (compare-and-set on 'pending'); `messageRefs` are the messages whose buttons it retires. */
async function decide(
  turn: Turn,
  id: string,
  rev: string,
  code: DecisionCode,
  reason: string | undefined,
  messageRefs: (string | undefined)[],
): Promise<void> {
  const decider = turn.employee;
  const activity = await checkDecidable(turn, id, rev);
  await turn.deps.store.deleteState(decisionStateKey(turn));
  if (!activity || !decider) return;
  const status = DECISIONS.get(code)!;
  const at = turn.nowIso();
  const result = await turn.deps.store.updateActivity(id, ['pending'], (current) => ({
    ...current,
    status,
    history: [...current.history, { status, by: decider.nip, at, ...(reason ? { reason } : {}) }],
    updatedAt: at,
  }));
  if (!result) return turn.reply(turn.t.reportNotFound);
  if ('conflict' in result) return replyAlreadyDecided(turn, result.conflict);
  const owner = await turn.deps.store.getEmployee(result.nip);
  const label = statusLabel(turn.t, status);
  const done = turn.t.decisionDone(label, `${owner?.name ?? result.nip}: "${result.title}"`);
  for (const ref of new Set(messageRefs)) turn.edit(ref, done);
  turn.reply(done);
  if (!owner) return;
  const totals = yearTotals(await turn.deps.store.activitiesOf(owner.nip, result.year), result.year, turn.deps.profile);
  const message = await messageTo(turn.deps, owner, (t) => {
    const lines = [t.decisionToEmployee(result.title, statusLabel(t, status), decider.name)];
    if (reason) lines.push(t.reasonLine(reason));
    lines.push(t.newTotal(result.year, formatJp(totals.approved, owner.lang), formatJp(totals.target, owner.lang)));
    if (status === 'returned') lines.push(t.reviseHint);
    const asn = owner.jenisAsn !== 'TKK'; // TKK staff have no MyASN
    if (status === 'approved' && asn) {
      // Ready for MyASN: the employee copies it field by field, then says it is uploaded.
      lines.push('', t.myAsnEntryIntro, ...myAsnEntry(result).map(([label, value]) => `${label}: ${value}`), t.myAsnEntryOutro);
    }
    const button =
      status === 'returned'
        ? { id: `rv:${result.id}`, label: t.revise }
        : status === 'approved' && asn
          ? { id: `mu:${result.id}`, label: t.myAsnUploaded }
          : undefined;
    return { text: lines.join('\n'), ...(button ? { buttons: [[button]] } : {}) };
  });
  if (message) turn.push([message]);
}
