import { randomBytes } from 'node:crypto';
import type { ConversationState } from '../../domain/types.js';
import { findForms } from '../../rules/index.js';
import { RuleError } from '../../rules/types.js';
import type { Button, IncomingFile } from '../../chat/events.js';
import type { Turn } from '../turn.js';
import { submitReport } from '../approval/submit.js';
import {
  computeReport,
  emptyReport,
  isApplicable,
  nextStep,
  unanswer,
  type QuestionStep,
  type ReportData,
  type StepId,
} from './data.js';
import { STEPS, stepButton, type Outcome } from './steps.js';
import { jpLine, summaryLines } from './summary.js';
import { controlWord } from '../words.js';

export const REPORT_DIALOG = 'report';

export type ReportInput = { text: string } | { press: string } | { file: IncomingFile };

const EDITABLE: QuestionStep[] = ['form', 'title', 'organizer', 'scope', 'start', 'amount', 'certjp', 'certno', 'evidence'];
const SEND_WORDS = /^(kirim|kirim ke atasan|send|submit|ya|yes|ok|oke)$/;
const EDIT_WORDS = /^(ubah|edit)$/;

/** Starts a report; free text such as "lapor webinar" or "saya ikut webinar" preselects the form. */
export async function startReport(turn: Turn, hint?: string, preset?: ReportData): Promise<void> {
  const data = preset ?? emptyReport();
  data.nonce = randomBytes(3).toString('base64url');
  if (!preset && hint) {
    const form = findForms(hint)[0];
    if (form) {
      data.type = form.key;
      data.jalur = form.jalur;
      data.answered.push('jalur', 'form');
    }
  }
  const state: ConversationState = {
    key: turn.stateKey,
    dialog: REPORT_DIALOG,
    step: 'jalur',
    data: data as unknown as Record<string, unknown>,
    trail: [],
    updatedAt: turn.nowIso(),
  };
  await advance(turn, state, data);
}

/** `r:<nonce>:<step>:<value>` → `r:<step>:<value>` when the nonce is this report's; undefined when stale. */
function ownAction(data: ReportData, action: string): string | undefined {
  const parts = action.split(':');
  if (parts[0] !== 'r' || parts.length < 4 || parts[1] !== data.nonce) return undefined;
  return ['r', ...parts.slice(2)].join(':');
}

function stamp(data: ReportData, rows: Button[][] | undefined): Button[][] | undefined {
  return rows?.map((row) => row.map((b) => ({ ...b, id: b.id.replace(/^r:/, `r:${data.nonce ?? '-'}:`) })));
}

export async function continueReport(turn: Turn, state: ConversationState, input: ReportInput): Promise<void> {
  const data = state.data as unknown as ReportData;
  const step = state.step as StepId;

  if ('text' in input) {
    const control = controlWord(input.text);
    if (control === 'cancel') return cancel(turn, data);
    if (control === 'back') return goBack(turn, state, data);
  }
  if ('press' in input) {
    const action = ownAction(data, input.press);
    if (!action) return stale(turn, state, data);
    input = { press: action };
  }

  if (step === 'summary') return onSummary(turn, state, data, input);
  if (step === 'editpick') return onEditPick(turn, state, data, input);

  const def = STEPS[step];
  let outcome: Outcome;
  if ('press' in input) {
    const prefix = `r:${step}:`;
    if (!input.press.startsWith(prefix) || !def.press) return stale(turn, state, data);
    outcome = await def.press(turn, data, input.press.slice(prefix.length));
  } else if ('file' in input) {
    if (!def.file) return reask(turn, state, data, turn.t.fileNotExpected);
    outcome = await def.file(turn, data, input.file);
  } else {
    if (!def.text) return reask(turn, state, data);
    outcome = await def.text(turn, data, input.text);
  }

  if (!outcome.ok) return reask(turn, state, data, outcome.error);
  if (outcome.notice === 'stay') return reask(turn, state, data);
  if (outcome.notice) turn.reply(outcome.notice);
  if (!data.answered.includes(step)) data.answered.push(step);
  await advance(turn, state, data);
}

/** Asks the next unanswered question (or shows the summary) and persists the state. */
async function advance(turn: Turn, state: ConversationState, data: ReportData): Promise<void> {
  if (data.type && !isApplicable('scope', data, turn.deps.profile)) data.scope = 'nasional';
  const step = nextStep(data, turn.deps.profile);
  if (step === 'summary') delete data.snapshot;
  await save(turn, state, data, step);
  await ask(turn, data, step);
}

async function save(turn: Turn, state: ConversationState, data: ReportData, step: StepId): Promise<void> {
  const trail = state.trail.at(-1) === step ? state.trail : [...state.trail, step];
  Object.assign(state, { step, data, trail: trail.slice(-30), updatedAt: turn.nowIso() });
  await turn.deps.store.setState(state);
}

async function ask(turn: Turn, data: ReportData, step: StepId): Promise<void> {
  if (step === 'summary') return showSummary(turn, data);
  if (step === 'editpick') {
    const labels: Record<string, string> = {
      form: turn.t.fieldForm,
      title: turn.t.fieldTitle,
      organizer: turn.t.fieldOrganizer,
      scope: turn.t.fieldScope,
      start: turn.t.fieldDates,
      amount: turn.t.fieldAmount,
      certjp: turn.t.fieldCertJp,
      certno: turn.t.fieldCertNo,
      evidence: turn.t.fieldEvidence,
    };
    const fields = EDITABLE.filter((s) => data.answered.includes(s) && isApplicable(s, data, turn.deps.profile));
    const buttons = fields.map((s) => stepButton('editpick', s, labels[s] ?? s));
    const rows = [];
    for (let i = 0; i < buttons.length; i += 3) rows.push(buttons.slice(i, i + 3));
    rows.push([stepButton('editpick', 'back', turn.t.back)]);
    turn.reply(turn.t.askEditField, stamp(data, rows));
    return;
  }
  const question = await STEPS[step].ask(turn, data);
  turn.reply(question.text, stamp(data, question.buttons));
}

async function showSummary(turn: Turn, data: ReportData): Promise<void> {
  const lines = await summaryLines(turn, data, turn.deps.profile);
  try {
    lines.push(jpLine(turn, computeReport(data, turn.deps.profile)));
  } catch (err) {
    if (!(err instanceof RuleError)) throw err;
    lines.push(turn.t.computeFailed(err.message));
    turn.reply(lines.join('\n'), stamp(data, [[stepButton('summary', 'edit', turn.t.edit), stepButton('summary', 'cancel', turn.t.cancel)]]));
    return;
  }
  turn.reply(
    lines.join('\n'),
    stamp(data, [
      [stepButton('summary', 'send', turn.t.send)],
      [stepButton('summary', 'edit', turn.t.edit), stepButton('summary', 'cancel', turn.t.cancel)],
    ]),
  );
}

async function onSummary(turn: Turn, state: ConversationState, data: ReportData, input: ReportInput): Promise<void> {
  let choice: string | undefined;
  if ('press' in input) {
    if (!input.press.startsWith('r:summary:')) return stale(turn, state, data);
    choice = input.press.slice('r:summary:'.length);
  } else if ('text' in input) {
    const word = input.text.trim().toLowerCase().replace(/[.!]+$/, '');
    if (SEND_WORDS.test(word)) choice = 'send';
    else if (EDIT_WORDS.test(word)) choice = 'edit';
  }
  if (choice === 'cancel') return cancel(turn, data);
  if (choice === 'edit') {
    await save(turn, state, data, 'editpick');
    return ask(turn, data, 'editpick');
  }
  if (choice === 'send') {
    let result;
    try {
      result = computeReport(data, turn.deps.profile);
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      return reask(turn, state, data, turn.t.computeFailed(err.message));
    }
    const submitted = await submitReport(turn, data, result);
    if (submitted) await turn.deps.store.deleteState(turn.stateKey);
    return;
  }
  return reask(turn, state, data, turn.t.summaryHint);
}

async function onEditPick(turn: Turn, state: ConversationState, data: ReportData, input: ReportInput): Promise<void> {
  if (!('press' in input) || !input.press.startsWith('r:editpick:')) {
    return 'press' in input ? stale(turn, state, data) : reask(turn, state, data);
  }
  const field = input.press.slice('r:editpick:'.length);
  if (field === 'back') return advance(turn, state, data);
  if (!EDITABLE.includes(field as QuestionStep)) return stale(turn, state, data);
  const { snapshot: _previous, ...current } = data;
  data.snapshot = structuredClone(current);
  unanswer(data, field as QuestionStep, turn.deps.profile);
  if (field === 'form') data.formPage = 0;
  await advance(turn, state, data);
}

async function goBack(turn: Turn, state: ConversationState, data: ReportData): Promise<void> {
  // Going back out of an "Ubah" puts every answer back as it was and returns to the summary.
  if (data.snapshot) {
    const restored = { ...data.snapshot, nonce: data.nonce } as ReportData;
    state.trail = state.trail.filter((s) => s === 'summary' || !EDITABLE.includes(s as QuestionStep));
    return advance(turn, state, restored);
  }
  const trail = [...state.trail];
  trail.pop();
  const previous = trail.pop() as StepId | undefined;
  state.trail = trail;
  if (!previous) {
    // The form came with "lapor webinar": going back offers the choice of form.
    if (!data.answered.includes('form')) return reask(turn, state, data);
    unanswer(data, 'form', turn.deps.profile);
    data.formPage = 0;
    return advance(turn, state, data);
  }
  if (previous !== 'summary' && previous !== 'editpick') unanswer(data, previous, turn.deps.profile);
  const step = previous === 'editpick' || previous === 'summary' ? previous : nextStep(data, turn.deps.profile);
  await save(turn, state, data, step);
  await ask(turn, data, step);
}

async function cancel(turn: Turn, data: ReportData): Promise<void> {
  await turn.deps.store.deleteState(turn.stateKey);
  turn.reply(data.activityId ? turn.t.revisionCancelled : turn.t.reportCancelled);
}

/** A button that is not (or no longer) one of this report's: said so, and the current question asked again. */
export function staleReportButton(turn: Turn, state: ConversationState): Promise<void> {
  return stale(turn, state, state.data as unknown as ReportData);
}

async function stale(turn: Turn, state: ConversationState, data: ReportData): Promise<void> {
  return reask(turn, state, data, turn.t.staleButton);
}

async function reask(turn: Turn, state: ConversationState, data: ReportData, error?: string): Promise<void> {
  if (error) turn.reply(error);
  await ask(turn, data, state.step as StepId);
}

/** Re-asks the current question after a global command answered mid-report. */
export async function remindCurrentStep(turn: Turn, state: ConversationState): Promise<void> {
  turn.reply(turn.t.reportInProgress);
  await ask(turn, state.data as unknown as ReportData, state.step as StepId);
}
