import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import type { ConversationState, Employee } from '../../domain/types.js';
import type { Turn } from '../turn.js';
import { catalog } from '../i18n/index.js';
import { controlWord } from '../words.js';
import { mayDecideFor } from './approvers.js';
import { DECISION_CODES, type DecisionCode } from '../action-id.js';
import type { DecisionSubject, SubjectKind } from './subject.js';
import { isSubjectKind, subjectOf } from './subjects.js';

export const DECISION_DIALOG = 'decision';
/** A typed reason counts only this soon after its prompt; later text is an ordinary message. */
export const DECISION_PROMPT_MS = 15 * 60 * 1000;

const isDecisionCode = (value: unknown): value is DecisionCode => (DECISION_CODES as readonly unknown[]).includes(value);

export const decisionStateKey = (turn: Turn) => `${turn.stateKey}#decision`;

function whenText(turn: Turn, iso: string): string {
  return format(new TZDate(new Date(iso).getTime(), turn.deps.tz), 'dd-MM-yyyy HH:mm');
}

/** The prompt state's subject and id (a state written before subjects existed names only `activityId`). */
function promptTarget(state: ConversationState): { kind: SubjectKind; id: unknown } {
  const kind = isSubjectKind(state.data.subject) ? state.data.subject : 'report';
  return { kind, id: state.data.id ?? state.data.activityId };
}

/**
 * Loads the subject and checks, at the moment of the press, that this person may still decide on it and
 * that the button belongs to its current version (a resubmitted report or plan has a new one).
 */
async function checkDecidable<T>(turn: Turn, subject: DecisionSubject<T>, id: string, rev: string): Promise<T | undefined> {
  if (!turn.employee) {
    turn.reply(turn.t.notLinked);
    return undefined;
  }
  const found = await subject.load(turn, id);
  if (!found) {
    turn.reply(subject.texts(turn.t).notFound);
    return undefined;
  }
  if (!(await mayDecideFor(turn.deps, turn.employee, subject.ownerNip(found)))) {
    turn.reply(subject.texts(turn.t).notPermitted);
    return undefined;
  }
  if (!subject.isPending(found)) {
    await replyAlreadyDecided(turn, subject, found);
    return undefined;
  }
  if (rev !== subject.revision(found)) {
    turn.reply(subject.texts(turn.t).oldVersion);
    await replySubjectRequest(turn, subject, found);
    return undefined;
  }
  return found;
}

async function replyAlreadyDecided<T>(turn: Turn, subject: DecisionSubject<T>, found: T): Promise<void> {
  const last = subject.lastChange(found);
  const who = last ? ((await turn.deps.store.getEmployee(last.by))?.name ?? last.by) : '–';
  turn.reply(subject.texts(turn.t).alreadyDecided(subject.statusLabel(turn.t, found), who, last ? whenText(turn, last.at) : '–'));
}

/** Replies with the subject's request and its decision buttons. */
export async function replySubjectRequest<T>(turn: Turn, subject: DecisionSubject<T>, found: T): Promise<void> {
  const owner = await turn.deps.store.getEmployee(subject.ownerNip(found));
  if (!owner) return;
  const { text, buttons } = await subject.request(turn, found, owner, turn.t, turn.lang);
  turn.reply(text, buttons);
}

/** The decision prompt this person has open, when it is still fresh (a reason typed now answers it). */
export async function openDecision(turn: Turn): Promise<ConversationState | undefined> {
  const state = await turn.deps.store.getState(decisionStateKey(turn));
  if (!state) return undefined;
  return turn.now().getTime() - Date.parse(state.updatedAt) <= DECISION_PROMPT_MS ? state : undefined;
}

/**
 * `<ask>:<id>:<rev>:<a|r|v>`: the first press asks for the reason (or the optional note). The same button
 * pressed again while its prompt is open (a double tap) asks nothing twice: it says the decision is in
 * progress.
 */
export async function onDecisionPress(
  turn: Turn,
  kind: SubjectKind,
  id: string,
  rev: string,
  code: DecisionCode,
  messageRef?: string,
): Promise<void> {
  const subject = subjectOf(kind);
  const open = await openDecision(turn);
  if (open) {
    const target = promptTarget(open);
    if (target.kind === kind && target.id === id && open.data.rev === rev && open.step === code) {
      return turn.reply(subject.texts(turn.t).inProgress);
    }
  }
  const found = await checkDecidable(turn, subject, id, rev);
  if (!found) return;
  const state: ConversationState = {
    key: decisionStateKey(turn),
    dialog: DECISION_DIALOG,
    step: code,
    data: { subject: kind, id, ...(kind === 'report' ? { activityId: id } : {}), rev, ...(messageRef ? { messageRef } : {}) },
    trail: [],
    updatedAt: turn.nowIso(),
  };
  await turn.deps.store.setState(state);
  const cancel = { id: `${subject.ids.cancel}:${id}`, label: turn.t.cancel };
  const base = `${subject.ids.decide}:${id}:${rev}:${code}`;
  const reasons = subject.quickReasons(turn.t, code).map((label, i) => [{ id: `${base}:${i}`, label }]);
  if (!subject.needsReason(code)) {
    turn.reply(subject.askReason(turn.t, code), [...reasons, [{ id: `${base}:-`, label: turn.t.skip }, cancel]]);
    return;
  }
  turn.reply(subject.askReason(turn.t, code), [...reasons, [cancel]]);
}

/** `<decide>:<id>:<rev>:<code>:<reason index | ->`: a decision complete in one press. */
export async function onQuickDecision(
  turn: Turn,
  kind: SubjectKind,
  id: string,
  rev: string,
  code: DecisionCode,
  reasonIndex: number | null,
  messageRef?: string,
): Promise<void> {
  const subject = subjectOf(kind);
  // Stored in Indonesian whatever the decider reads (the employee, the plan and the exports read it).
  const reason = reasonIndex === null ? undefined : subject.quickReasons(catalog('id'), code)[reasonIndex];
  if (subject.needsReason(code) && !reason) return turn.reply(turn.t.reasonRequired);
  if (reasonIndex !== null && !reason) return turn.reply(turn.t.unknownButton);
  const state = await turn.deps.store.getState(decisionStateKey(turn));
  const target = state ? promptTarget(state) : undefined;
  const requestRef = target?.kind === kind && target.id === id ? (state!.data.messageRef as string | undefined) : undefined;
  await decide(turn, subject, id, rev, code, reason, { request: requestRef, prompt: messageRef });
}

/**
 * `<cancel>:<id>`, or a cancel/back word at the reason prompt: nothing is decided and the request comes back
 * with its buttons. Someone who cannot decide on it (or a subject that is gone) hears only that nothing
 * was in progress: the press reveals nothing.
 */
export async function onDecisionCancel(turn: Turn, kind: SubjectKind, id: string): Promise<void> {
  const subject = subjectOf(kind);
  await turn.deps.store.deleteState(decisionStateKey(turn));
  const found = await subject.load(turn, id);
  if (!found || !subject.isPending(found) || !turn.employee || !(await mayDecideFor(turn.deps, turn.employee, subject.ownerNip(found)))) {
    return turn.reply(turn.t.nothingToCancel);
  }
  turn.reply(subject.texts(turn.t).cancelled);
  await replySubjectRequest(turn, subject, found);
}

/**
 * The message typed right after the reason prompt. A control word is never a reason: "batal"/"batalkan"/"cancel"
 * and "kembali"/"back" (back to the request's own buttons) act as the Batal button; "lewati"/"skip" leaves an
 * optional note empty and is refused where a reason is required.
 */
export async function onDecisionText(turn: Turn, state: ConversationState, text: string): Promise<void> {
  const code = state.step;
  const { kind, id } = promptTarget(state);
  if (!isDecisionCode(code) || typeof id !== 'string') {
    await turn.deps.store.deleteState(state.key);
    return turn.reply(turn.t.unknownButton);
  }
  const subject = subjectOf(kind);
  const reason = text.trim();
  const control = controlWord(reason);
  if (control === 'cancel' || control === 'back') return onDecisionCancel(turn, kind, id);
  const skip = control === 'skip';
  if (subject.needsReason(code) && (skip || reason.length < 3)) return turn.reply(turn.t.reasonRequired);
  if (reason.length > 500) return turn.reply(turn.t.textLength(3, 500));
  await decide(turn, subject, id, String(state.data.rev), code, skip ? undefined : reason, { request: state.data.messageRef as string | undefined });
}

/** Records the decision (compare-and-set on pending); `refs` are the request and prompt messages whose buttons it retires. */
async function decide<T>(
  turn: Turn,
  subject: DecisionSubject<T>,
  id: string,
  rev: string,
  code: DecisionCode,
  reason: string | undefined,
  refs: { request?: string | undefined; prompt?: string | undefined },
): Promise<void> {
  const decider: Employee | undefined = turn.employee;
  const found = await checkDecidable(turn, subject, id, rev);
  await turn.deps.store.deleteState(decisionStateKey(turn));
  if (!found || !decider) return;
  const result = await subject.apply(turn, found, code, reason, decider);
  if (!result) return turn.reply(subject.texts(turn.t).notFound);
  if ('conflict' in result) return replyAlreadyDecided(turn, subject, result.conflict);
  const owner = await turn.deps.store.getEmployee(subject.ownerNip(result.done));
  const done = subject.texts(turn.t).done(subject.statusLabel(turn.t, result.done), subject.name(result.done, owner));
  const view = owner && subject.refreshed ? await subject.refreshed(turn, result.done, owner, turn.t, turn.lang) : undefined;
  if (view && refs.request !== undefined) turn.edit(refs.request, view.text, view.buttons);
  else turn.edit(refs.request, done);
  if (refs.prompt !== refs.request) turn.edit(refs.prompt, done);
  turn.reply(done);
  await subject.notify(turn, result.done, code, reason, decider);
}
