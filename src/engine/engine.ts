import type { ConversationState } from '../domain/types.js';
import type { EngineDeps } from './deps.js';
import type { InboundEvent, OutboundMessage } from '../chat/events.js';
import { answerApprovals, answerHistory, answerJp, answerRekap, answerStatus, resolveYear } from './answers.js';
import { DECISION_PROMPT_MS, decisionStateKey, onDecisionCancel, onDecisionPress, onDecisionText, onQuickDecision } from './approval/decide.js';
import { activityAsReport } from './approval/request-message.js';
import { textProblem, MAX_TEXT } from './input-guard.js';
import { parseIntent, type Intent } from './intents.js';
import { KeyedLock } from './keyed-lock.js';
import { inviteInChat, linkByEmail, linkWithCode } from './linking.js';
import { continueReport, REPORT_DIALOG, remindCurrentStep, startReport } from './report/dialog.js';
import { catalog } from './i18n/index.js';
import { Turn } from './turn.js';

const IDLE_MS = 24 * 60 * 60 * 1000;

export type ErrorLog = (err: unknown, event: InboundEvent) => void;

/** The platform-neutral assistant: one inbound event in, the messages it causes out. */
export class Engine {
  private readonly lock = new KeyedLock();

  constructor(
    readonly deps: EngineDeps,
    private readonly logError: ErrorLog = (err) => console.error(err),
  ) {}

  /** Events of one chat user are handled strictly in order; different users run concurrently. */
  handle(event: InboundEvent): Promise<OutboundMessage[]> {
    return this.lock.run(`${event.from.platform}:${event.from.id}`, () => this.process(event));
  }

  /** Resolves once every event accepted so far is handled (graceful shutdown). */
  idle(): Promise<void> {
    return this.lock.idle();
  }

  private async process(event: InboundEvent): Promise<OutboundMessage[]> {
    const { store } = this.deps;
    const account = await store.getAccount(event.from.platform, event.from.id);
    const employee = account ? await store.getEmployee(account.nip) : undefined;
    const turn = new Turn(this.deps, event.from, employee?.lang ?? 'id', account, employee);
    try {
      await route(turn, event);
    } catch (err) {
      this.logError(err, event);
      turn.out.length = 0;
      turn.reply(turn.t.internalError);
    }
    if (event.kind === 'press') retirePressed(turn, event.messageRef, event.label);
    if (account && employee) await store.touchAccount(event.from.platform, event.from.id, turn.nowIso());
    return turn.out;
  }
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
  if (event.kind === 'text') return routeText(turn, event.text, event.email);
  // Answered before any dialogue sees it, so an open report is never fed a made-up answer.
  if (event.kind === 'unsupported') return turn.reply(turn.t.unreadable);
  if (!turn.employee) return turn.reply(turn.t.notLinked);
  const state = await liveState(turn, turn.stateKey);
  if (event.kind === 'file') {
    if (state?.dialog === REPORT_DIALOG) return continueReport(turn, state, { file: event.file });
    return turn.reply(turn.t.fileNotNow);
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

  // A reason is only the message typed right after its prompt (see decide.ts); anything else drops it.
  const decision = await liveState(turn, decisionStateKey(turn));
  if (decision) {
    const fresh = turn.now().getTime() - Date.parse(decision.updatedAt) <= DECISION_PROMPT_MS;
    if (fresh && !text.trim().startsWith('/')) return onDecisionText(turn, decision, text);
    await turn.deps.store.deleteState(decision.key);
  }

  const state = await liveState(turn, turn.stateKey);
  if (state?.dialog === REPORT_DIALOG) {
    const slash = text.trim().startsWith('/');
    const word = text.trim().toLowerCase().replace(/^\//, '');
    const dialogWord = ['batal', 'cancel', 'batalkan', 'kembali', 'back', 'mundur'].includes(word);
    // Plain text answers the question; a command never becomes an answer (a title of "/lapor").
    if (dialogWord || (!slash && intent.kind !== 'help')) return continueReport(turn, state, { text });
    const after = intent.kind === 'report' || intent.kind === 'unknown' ? turn : await runIntentThen(turn, intent);
    if (intent.kind === 'unknown') turn.reply(turn.t.fallback);
    return remindCurrentStep(after, (await turn.deps.store.getState(turn.stateKey)) ?? state);
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
      return startReport(turn, intent.hint);
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

async function routePress(turn: Turn, action: string, state: ConversationState | undefined, messageRef?: string): Promise<void> {
  const parts = action.split(':');
  if (parts[0] !== 'ad' && parts[0] !== 'adc') await turn.deps.store.deleteState(decisionStateKey(turn));
  switch (parts[0]) {
    case 'r':
      if (state?.dialog !== REPORT_DIALOG) return turn.reply(turn.t.staleButton);
      return continueReport(turn, state, { press: action });
    case 'ap':
      if (parts.length !== 4) break;
      return onDecisionPress(turn, parts[1]!, parts[2]!, parts[3]!, messageRef);
    case 'ad':
      if (parts.length !== 5) break;
      return onQuickDecision(turn, parts[1]!, parts[2]!, parts[3]!, parts[4]!, messageRef);
    case 'adc':
      if (parts.length !== 2) break;
      return onDecisionCancel(turn, parts[1]!);
    case 'rv':
      if (parts.length !== 2) break;
      return revise(turn, parts[1]!, state);
  }
  turn.reply(turn.t.unknownButton);
}

/** "Ubah laporan" on a returned report: reopen it as a report dialogue at its summary. */
async function revise(turn: Turn, id: string, state: ConversationState | undefined): Promise<void> {
  const activity = await turn.deps.store.getActivity(id);
  if (!activity || activity.nip !== turn.employee!.nip) return turn.reply(turn.t.reportNotFound);
  if (activity.status !== 'returned') return turn.reply(turn.t.reviseNotAllowed);
  if (state?.dialog === REPORT_DIALOG) {
    turn.reply(turn.t.finishCurrentReportFirst);
    return remindCurrentStep(turn, state);
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
