import type { Store } from '../domain/store.js';
import type { ConversationState, Employee } from '../domain/types.js';
import { StoreError } from '../store/errors.js';
import type { EngineDeps } from './deps.js';
import type { InboundEvent, OutboundMessage } from '../chat/events.js';
import { answerApprovals, answerHistory, answerJp, answerRekap, answerStatus, resolveYear } from './answers.js';
import { DECISION_PROMPT_MS, decisionStateKey, onDecisionCancel, onDecisionPress, onDecisionText, onQuickDecision } from './approval/decide.js';
import { activityAsReport } from './approval/request-message.js';
import { parseAction } from './action-id.js';
import { markMyAsnUploaded } from './approval/myasn.js';
import { checkEvent } from './event-check.js';
import { textProblem, MAX_TEXT } from './input-guard.js';
import { parseIntent, type Intent } from './intents.js';
import { KeyedLock } from './keyed-lock.js';
import { FloodGuard } from './flood-guard.js';
import type { WindowLimits } from './link-guard.js';
import { inviteInChat, linkByEmail, linkWithCode } from './linking.js';
import { sendKartu } from './kartu.js';
import { sendDashboardLink } from '../dashboard/chat.js';
import { REPORT_DIALOG, startReport, startReportWithFile } from './report/dialog.js';
import { continueDialog, remindCurrentDialogStep, staleDialogButton } from './dialog-kit/index.js';
import { dialogOf } from './dialog-kit/registry.js';
import { onPlanPress, openPlan, reopenPlan, startFromIntent } from './plan/actions.js';
import { offerPlannedReports } from './plan/from-plan.js';
import { EVALUATION_NOTE_DIALOG, onEvaluate, onEvaluationNote } from './plan/evaluate.js';
import { catalog } from './i18n/index.js';
import { Turn } from './turn.js';
import { controlWord, isSlashCommand } from './words.js';

const IDLE_MS = 24 * 60 * 60 * 1000;

export type ErrorLog = (err: unknown, event: InboundEvent) => void;

/** Options of one inbound event. */
export interface HandleOptions {
  /**
   * The platform's id of the event (`telegram:update:123`, `slack:event:Ev01`): recorded in the turn's
   * commit, so the same event delivered again (after a restart, to another process) changes nothing.
   */
  inboundKey?: string;
}

/** What one inbound event caused. */
export interface TurnResult {
  messages: OutboundMessage[];
  /**
   * The turn's records, state and messages are stored (the messages wait in the store's outbox, under
   * `ids`, for the relay). False when the store refused the write: nothing changed and `messages` only
   * says so; send them directly, they are not in the outbox.
   */
  committed: boolean;
  ids: string[];
  /** The event was handled before (inboundKey): nothing was done. */
  duplicate?: boolean;
}

/** The platform-neutral assistant: one inbound event in, the messages it causes out. */
export class Engine {
  private readonly lock = new KeyedLock();
  private readonly flood: FloodGuard | undefined;

  constructor(
    readonly deps: EngineDeps,
    private readonly logError: ErrorLog = (err, event) => logTurnError(deps, err, event),
    /** `flood`: the per-account brake's limits (FLOOD_LIMITS), or false for none (load and crash trials). */
    opts: { flood?: WindowLimits | false } = {},
  ) {
    this.flood = opts.flood === false ? undefined : new FloodGuard(opts.flood);
  }

  /** Events of one chat user are handled strictly in order; different users run concurrently. */
  async handle(event: InboundEvent, opts: HandleOptions = {}): Promise<OutboundMessage[]> {
    return (await this.handleTurn(event, opts)).messages;
  }

  /**
   * Handles one event as one unit of work: the records it changes, the dialogue state and the messages
   * it sends commit together or not at all.
   */
  handleTurn(raw: InboundEvent, opts: HandleOptions = {}): Promise<TurnResult> {
    // The event is checked at the engine's boundary: an adapter's slip or a hostile payload never fails a turn.
    const checked = checkEvent(raw, opts.inboundKey);
    if (!checked.ok) {
      // No sender to answer: nothing can be done, or said.
      this.deps.log?.warn('inbound event refused', { problem: checked.problem });
      return Promise.resolve({ messages: [], committed: false, ids: [] });
    }
    if (opts.inboundKey !== undefined && checked.inboundKey === undefined) {
      this.deps.log?.warn('inbound event key ignored (not a short string)', { key: String(opts.inboundKey).slice(0, 80) });
    }
    const event = checked.event;
    return this.lock.run(userKey(event), () => this.process(event, checked.inboundKey !== undefined ? { inboundKey: checked.inboundKey } : {}));
  }

  /** Resolves once every event accepted so far is handled (graceful shutdown). */
  idle(): Promise<void> {
    return this.lock.idle();
  }

  private async process(event: InboundEvent, opts: HandleOptions): Promise<TurnResult> {
    const { store } = this.deps;
    const key = opts.inboundKey;
    if (this.flood && event.kind !== 'blocked') {
      const admitted = this.flood.admit(`${event.from.platform}:${event.from.id}`, this.deps.clock.now().getTime());
      if (admitted !== 'handle') return this.drop(event, key, admitted === 'tell');
    }
    let result: TurnResult;
    try {
      result = await store.transaction(async (tx) => {
        if (key && (await tx.inboundSeen(key))) return { messages: [], committed: true, ids: [], duplicate: true };
        const turn = await this.turnFor(tx, event);
        try {
          await route(turn, event);
        } catch (err) {
          throw isStoreFailure(err) ? err : new TurnBug(err, turn.t.internalError);
        }
        // A press outside the grammar retires nothing: it may not even come from that keyboard.
        if (event.kind === 'press' && parseAction(event.action)) retirePressed(turn, event.messageRef, event.label);
        // In the turn's commit: one write to the database per turn, not a second one after it.
        if (turn.account && event.kind !== 'blocked') await tx.touchAccount(event.from.platform, event.from.id, turn.nowIso());
        return seal(tx, turn.out, key, turn.nowIso());
      }, turnLocks(event, key));
    } catch (err) {
      this.logError(err instanceof TurnBug ? err.cause : err, event);
      try {
        if (!(err instanceof TurnBug)) throw err;
        // A bug: nothing of the turn is kept but the apology (its staged writes were never committed).
        const apology: OutboundMessage[] = [{ kind: 'send', to: event.from, text: err.text }];
        result = await store.transaction((tx) => seal(tx, apology, key, this.deps.clock.now().toISOString()), { key: userKey(event) });
      } catch (failure) {
        const employee = await this.employeeOf(event).catch(() => undefined);
        const t = catalog(employee?.lang);
        const text = isStoreFailure(failure) ? t.storeFailed : t.internalError;
        // Nothing was stored, so neither is this reply: it goes out directly.
        return { messages: [{ kind: 'send', to: event.from, text }], committed: false, ids: [] };
      }
    }
    return result;
  }

  /** A flooding account's event: recorded as handled (a redelivery stays a duplicate), not processed. */
  private async drop(event: InboundEvent, key: string | undefined, tell: boolean): Promise<TurnResult> {
    if (tell) this.deps.log?.warn('flooding account paused', { platform: event.from.platform, user: event.from.id });
    try {
      return await this.deps.store.transaction(async (tx) => {
        if (key && (await tx.inboundSeen(key))) return { messages: [], committed: true, ids: [], duplicate: true };
        const account = await tx.getAccount(event.from.platform, event.from.id);
        const employee = account ? await tx.getEmployee(account.nip) : undefined;
        const notice: OutboundMessage[] = tell ? [{ kind: 'send', to: event.from, text: catalog(employee?.lang).tooManyMessages }] : [];
        return seal(tx, notice, key, this.deps.clock.now().toISOString());
      }, { key: userKey(event) });
    } catch {
      return { messages: [], committed: false, ids: [] };
    }
  }

  private async employeeOf(event: InboundEvent): Promise<Employee | undefined> {
    const account = await this.deps.store.getAccount(event.from.platform, event.from.id);
    return account ? await this.deps.store.getEmployee(account.nip) : undefined;
  }

  private async turnFor(tx: Store, event: InboundEvent): Promise<Turn> {
    const account = await tx.getAccount(event.from.platform, event.from.id);
    const employee = account ? await tx.getEmployee(account.nip) : undefined;
    return new Turn({ ...this.deps, store: tx }, event.from, employee?.lang ?? 'id', account, employee);
  }
}

/** One chat user's events never run at the same time, in any process on the store. */
const userKey = (event: InboundEvent) => `${event.from.platform}:${event.from.id}`;

/**
 * A turn's transaction: under its user's key, with the locks it will take anyway named up front (the event's
 * inbound key; the user's dialogue state and decision prompt, Turn.stateKey and decisionStateKey).
 */
const turnLocks = (event: InboundEvent, inboundKey: string | undefined) => {
  const user = userKey(event);
  return { key: user, ...(inboundKey ? { inboundKey } : {}), stateKeys: [user, `${user}#decision`] };
};

/** A failed turn as one structured log entry (no raw stack trace among the JSON lines). */
function logTurnError(deps: EngineDeps, err: unknown, event: InboundEvent): void {
  const extra = {
    platform: event.from.platform,
    user: event.from.id,
    event: event.kind,
    error: err instanceof Error ? err.message : String(err),
    ...(err instanceof StoreError ? { code: err.code } : {}),
    ...(err instanceof Error && err.stack ? { stack: err.stack.split('\n').slice(1, 8).map((l) => l.trim()) } : {}),
  };
  if (deps.log) deps.log.error('turn failed', extra);
  else console.error(JSON.stringify({ level: 'error', msg: 'turn failed', ...extra }));
}

/** An unexpected error inside a turn (a bug), carried out of its transaction so that none of it commits. */
class TurnBug extends Error {
  constructor(
    override readonly cause: unknown,
    readonly text: string,
  ) {
    super('turn failed');
  }
}

/** The store could not make a write durable (or is closed): the turn did not happen. */
function isStoreFailure(err: unknown): boolean {
  return err instanceof StoreError && (err.code === 'io' || err.code === 'conflict' || err.code === 'not-open' || err.code === 'read-only');
}

/** The turn's messages and its inbound mark join its commit. */
async function seal(tx: Store, messages: OutboundMessage[], key: string | undefined, at: string): Promise<TurnResult> {
  if (key) await tx.recordInbound(key, at);
  const ids = await tx.enqueueOutbound(messages);
  return { messages, committed: true, ids };
}

/**
 * A pressed keyboard is used up: unless the handling already rewrote that message, its buttons are taken
 * off (with the choice noted), so an old keyboard can never be pressed twice on any platform.
 */
function retirePressed(turn: Turn, messageRef: string | undefined, label: string | undefined): void {
  if (messageRef === undefined) return;
  const handled = turn.out.some(
    (m) => m.kind !== 'send' && m.messageRef === messageRef && m.to.platform === turn.from.platform && m.to.id === turn.from.id,
  );
  if (handled) return;
  turn.out.push({ kind: 'retire', to: turn.from, messageRef, ...(label ? { note: `✓ ${label}` } : {}) });
}

async function route(turn: Turn, event: InboundEvent): Promise<void> {
  if (event.kind === 'blocked') return turn.deps.store.setUnreachable(turn.from.platform, turn.from.id, turn.nowIso());
  // Whoever writes again can be reached again (cleared in the turn's own commit).
  if (turn.account?.unreachableAt) await turn.deps.store.setUnreachable(turn.from.platform, turn.from.id, null);
  if (event.kind === 'text') return routeText(turn, event.text, event.email);
  // Answered before any dialogue sees it, so an open report is never fed a made-up answer.
  if (event.kind === 'unsupported') return turn.reply(turn.t.unreadable);
  if (!turn.employee) return turn.reply(turn.t.notLinked);
  const state = await liveState(turn, turn.stateKey);
  if (event.kind === 'file') {
    const dialog = dialogOf(state);
    if (state && dialog) return continueDialog(turn, dialog, state, { file: event.file });
    // A certificate sent on its own starts a report from it.
    return startReportWithFile(turn, event.file);
  }
  return routePress(turn, event.action, state, event.messageRef);
}

async function routeText(turn: Turn, text: string, email?: string): Promise<void> {
  const problem = textProblem(text);
  if (problem === 'empty') return turn.reply(turn.t.empty);
  if (problem === 'too-long') return turn.reply(turn.t.tooLong(MAX_TEXT));
  if (problem === 'unreadable') return turn.reply(turn.t.unreadable);
  if (problem === 'code') return turn.reply(turn.t.looksLikeCode);

  const intent = parseIntent(text);
  if (intent.kind === 'link') return linkWithCode(turn, intent.code);
  if (!turn.employee) {
    if (email && (await linkByEmail(turn, email))) return;
    return turn.reply(turn.t.notLinked);
  }

  // "batal"/"kembali" (also as "/batal") steer the open prompt or dialogue; "/lewati" is a command, not an answer.
  const slash = isSlashCommand(text);
  const control = controlWord(text);
  const dialogWord = control === 'cancel' || control === 'back';

  // A reason is only the message typed right after its prompt (see decide.ts); anything else drops it.
  const decision = await liveState(turn, decisionStateKey(turn));
  if (decision) {
    const fresh = turn.now().getTime() - Date.parse(decision.updatedAt) <= DECISION_PROMPT_MS;
    // The same prompt slot holds the optional note after a six-month evaluation (plan/evaluate.ts).
    if (fresh && (!slash || dialogWord)) {
      return decision.dialog === EVALUATION_NOTE_DIALOG ? onEvaluationNote(turn, decision, text) : onDecisionText(turn, decision, text);
    }
    await turn.deps.store.deleteState(decision.key);
  }

  const state = await liveState(turn, turn.stateKey);
  const dialog = dialogOf(state);
  if (state && dialog) {
    // Plain text answers the question; a command never becomes an answer (a title of "/lapor").
    if (dialogWord || (!slash && intent.kind !== 'help')) return continueDialog(turn, dialog, state, { text });
    const after = intent.kind === 'report' || intent.kind === 'unknown' ? turn : await runIntentThen(turn, intent);
    if (intent.kind === 'unknown') turn.reply(turn.t.fallback);
    const current = (await turn.deps.store.getState(turn.stateKey)) ?? state;
    return remindCurrentDialogStep(after, dialogOf(current) ?? dialog, current);
  }
  return runIntent(turn, intent);
}

/** Runs a command and returns the turn to continue with (a language switch answers on in the new language). */
async function runIntentThen(turn: Turn, intent: Intent): Promise<Turn> {
  await runIntent(turn, intent);
  if (intent.kind !== 'lang' || !intent.lang || !turn.employee) return turn;
  return new Turn(turn.deps, turn.from, intent.lang, turn.account, { ...turn.employee, lang: intent.lang }, turn.out);
}

async function runIntent(turn: Turn, intent: Intent): Promise<void> {
  switch (intent.kind) {
    case 'report':
      // With nothing named, planned activities that have ended are offered first (an unplanned one stays a choice).
      if (!intent.hint && (await offerPlannedReports(turn))) return;
      return startReport(turn, intent.hint);
    case 'plan':
      return openPlan(turn, intent.year);
    case 'plan-start':
      return startFromIntent(turn);
    case 'plan-reopen':
      return reopenPlan(turn, intent.nip);
    case 'jp':
      return answerJp(turn, resolveYear(turn, intent.year));
    case 'history':
      return answerHistory(turn, resolveYear(turn, intent.year));
    case 'status':
      return answerStatus(turn);
    case 'approvals':
      return answerApprovals(turn);
    case 'rekap':
      return answerRekap(turn, resolveYear(turn, intent.year), intent.unit);
    case 'help':
      return turn.reply(turn.t.help);
    case 'start':
      return turn.reply(turn.t.welcomeBack(turn.employee!.name));
    case 'lang':
      return setLanguage(turn, intent.lang);
    case 'invite':
      return inviteInChat(turn, intent.nip);
    case 'kartu':
      return sendKartu(turn, intent.nip);
    case 'dashboard':
      return sendDashboardLink(turn);
    case 'cancel':
      return turn.reply(turn.t.nothingToCancel);
    case 'link':
      return linkWithCode(turn, intent.code);
    case 'unknown':
      return turn.reply(turn.t.fallback);
  }
}

async function setLanguage(turn: Turn, lang: 'id' | 'en' | undefined): Promise<void> {
  if (!lang) return turn.reply(turn.t.langUsage);
  await turn.deps.store.setEmployeeLang(turn.employee!.nip, lang);
  turn.reply(catalog(lang).langSet);
}

async function routePress(turn: Turn, raw: string, state: ConversationState | undefined, messageRef?: string): Promise<void> {
  const action = parseAction(raw);
  const dialog = dialogOf(state);
  if (!action) return state && dialog ? staleDialogButton(turn, dialog, state) : turn.reply(turn.t.unknownButton);
  // Any other button drops an open reason prompt; its own buttons (and a repeat of the press that opened it) do not.
  if (action.kind !== 'decide' && action.kind !== 'cancel-decision' && action.kind !== 'ask-decision') {
    await turn.deps.store.deleteState(decisionStateKey(turn));
  }
  switch (action.kind) {
    case 'dialog':
      if (!state || !dialog) return turn.reply(turn.t.staleButton);
      return continueDialog(turn, dialog, state, { press: raw });
    case 'ask-decision':
      return onDecisionPress(turn, action.subject, action.id, action.rev, action.decision, messageRef);
    case 'decide':
      return onQuickDecision(turn, action.subject, action.id, action.rev, action.decision, action.reason, messageRef);
    case 'cancel-decision':
      return onDecisionCancel(turn, action.subject, action.id);
    case 'revise':
      return revise(turn, action.id, state);
    case 'plan':
      if (state && dialog) {
        turn.reply(turn.t.planFinishCurrentFirst);
        return remindCurrentDialogStep(turn, dialog, state);
      }
      return onPlanPress(turn, action.year, action.op, action.no);
    case 'evaluate':
      return onEvaluate(turn, action.id, action.gap);
    case 'myasn-uploaded':
      return markMyAsnUploaded(turn, action.id);
  }
}

/** "Ubah laporan" on a returned report: reopen it as a report dialogue at its summary. */
async function revise(turn: Turn, id: string, state: ConversationState | undefined): Promise<void> {
  const activity = await turn.deps.store.getActivity(id);
  if (!activity || activity.nip !== turn.employee!.nip) return turn.reply(turn.t.reportNotFound);
  if (activity.status !== 'returned') return turn.reply(turn.t.reviseNotAllowed);
  const dialog = dialogOf(state);
  if (state && dialog) {
    turn.reply(turn.t.finishCurrentReportFirst);
    return remindCurrentDialogStep(turn, dialog, state);
  }
  await startReport(turn, undefined, activityAsReport(activity));
}

/** The stored dialogue state, dropped (with a note) when it has been idle for 24 hours. */
async function liveState(turn: Turn, key: string): Promise<ConversationState | undefined> {
  const state = await turn.deps.store.getState(key);
  if (!state) return undefined;
  if (turn.now().getTime() - Date.parse(state.updatedAt) <= IDLE_MS) return state;
  await turn.deps.store.deleteState(key);
  if (state.dialog === REPORT_DIALOG) turn.reply(turn.t.reportDropped);
  return undefined;
}
