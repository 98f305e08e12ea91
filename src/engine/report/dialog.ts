import type { ConversationState } from '../../domain/types.js';
import { findForms, getForm } from '../../rules/index.js';
import { RuleError } from '../../rules/types.js';
import type { IncomingFile } from '../events.js';
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
import { jpLine, reportLines } from './summary.js';

export const REPORT_DIALOG = 'report';

export type ReportInput = { text: string } | { press: string } | { file: IncomingFile };

const EDITABLE: QuestionStep[] = ['form', 'title', 'organizer', 'scope', 'start', 'amount', 'certjp', 'certno', 'evidence'];

/** Starts a report; free text such as "lapor webinar" or "saya ikut webinar" preselects the form. */
export async function startReport(turn: Turn, hint?: string, preset?: ReportData): Promise<void> {
  const data = preset ?? emptyReport();
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

export async function continueReport(turn: Turn, state: ConversationState, input: ReportInput): Promise<void> {
  const data = state.data as unknown as ReportData;
  const step = state.step as StepId;

  if ('text' in input) {
    const word = input.text.trim().toLowerCase().replace(/^\//, '');
    if (['batal', 'cancel', 'batalkan'].includes(word)) return cancel(turn);
    if (['kembali', 'back', 'mundur'].includes(word)) return goBack(turn, state, data);
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
    const fields = EDITABLE.filter((s) => data.answered.includes(s));
    const buttons = fields.map((s) => stepButton('editpick', s, labels[s] ?? s));
    const rows = [];
    for (let i = 0; i < buttons.length; i += 3) rows.push(buttons.slice(i, i + 3));
    rows.push([stepButton('editpick', 'back', turn.t.back)]);
    turn.reply(turn.t.askEditField, rows);
    return;
  }
  const question = await STEPS[step].ask(turn, data);
  turn.reply(question.text, question.buttons);
}

async function showSummary(turn: Turn, data: ReportData): Promise<void> {
  const lines = [turn.t.summaryTitle, ...reportLines(turn, data, turn.deps.profile)];
  try {
    lines.push(jpLine(turn, computeReport(data, turn.deps.profile)));
  } catch (err) {
    if (!(err instanceof RuleError)) throw err;
    lines.push(turn.t.computeFailed(err.message));
    turn.reply(lines.join('\n'), [[stepButton('summary', 'edit', turn.t.edit), stepButton('summary', 'cancel', turn.t.cancel)]]);
    return;
  }
  turn.reply(lines.join('\n'), [
    [stepButton('summary', 'send', turn.t.send)],
    [stepButton('summary', 'edit', turn.t.edit), stepButton('summary', 'cancel', turn.t.cancel)],
  ]);
}

async function onSummary(turn: Turn, state: ConversationState, data: ReportData, input: ReportInput): Promise<void> {
  let choice: string | undefined;
  if ('press' in input) {
    if (!input.press.startsWith('r:summary:')) return stale(turn, state, data);
    choice = input.press.slice('r:summary:'.length);
  } else if ('text' in input) {
    const word = input.text.trim().toLowerCase();
    if (/^(kirim|send|submit|ya|yes)/.test(word)) choice = 'send';
    else if (/^(ubah|edit)/.test(word)) choice = 'edit';
  }
  if (choice === 'cancel') return cancel(turn);
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
  return reask(turn, state, data);
}

async function onEditPick(turn: Turn, state: ConversationState, data: ReportData, input: ReportInput): Promise<void> {
  if (!('press' in input) || !input.press.startsWith('r:editpick:')) {
    return 'press' in input ? stale(turn, state, data) : reask(turn, state, data);
  }
  const field = input.press.slice('r:editpick:'.length);
  if (field === 'back') {
    await save(turn, state, data, 'summary');
    return ask(turn, data, 'summary');
  }
  if (!EDITABLE.includes(field as QuestionStep)) return stale(turn, state, data);
  unanswer(data, field as QuestionStep, turn.deps.profile);
  if (field === 'form') data.formPage = 0;
  await advance(turn, state, data);
}

async function goBack(turn: Turn, state: ConversationState, data: ReportData): Promise<void> {
  const trail = [...state.trail];
  trail.pop();
  const previous = trail.pop() as StepId | undefined;
  if (!previous) return reask(turn, state, data);
  state.trail = trail;
  if (previous !== 'summary' && previous !== 'editpick') unanswer(data, previous, turn.deps.profile);
  if (previous === 'form' && getForm(data.type ?? '') === undefined) data.formPage = 0;
  await save(turn, state, data, previous === 'editpick' || previous === 'summary' ? previous : nextStep(data, turn.deps.profile));
  await ask(turn, data, state.step as StepId);
}

async function cancel(turn: Turn): Promise<void> {
  await turn.deps.store.deleteState(turn.stateKey);
  turn.reply(turn.t.reportCancelled);
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
