import type { ConversationState } from '../../domain/types.js';
import type { Button } from '../../chat/events.js';
import type { Turn } from '../turn.js';
import { controlWord } from '../words.js';
import { kitButton, newNonce, ownAction, stamp } from './ids.js';
import type { DialogInput, DialogSpec, KitData, Outcome } from './types.js';

/**
 * The machinery every step-by-step dialogue shares: one question at a time in a fixed order (skipping
 * what does not apply), "kembali" (back), "batal" (cancel), a summary with send / "Ubah" (edit a picked
 * field, going back restores it) / cancel, and buttons stamped with the dialogue's nonce so that a
 * keyboard of another (or an earlier) dialogue is refused as stale.
 */
type Spec<D extends KitData<Q>, Q extends string> = DialogSpec<D, Q>;
type Step<Q extends string> = Q | 'summary' | 'editpick';

const SEND_WORDS = /^(kirim|kirim ke atasan|send|submit|ya|yes|ok|oke)$/;
const EDIT_WORDS = /^(ubah|edit)$/;

/** Opens a dialogue with `data` (its nonce is set here) and asks its first unanswered question. */
export async function startDialog<D extends KitData<Q>, Q extends string>(turn: Turn, spec: Spec<D, Q>, data: D): Promise<void> {
  data.nonce = newNonce();
  const state: ConversationState = {
    key: turn.stateKey,
    dialog: spec.dialog,
    step: spec.order[0] ?? 'summary',
    data: data as unknown as Record<string, unknown>,
    trail: [],
    updatedAt: turn.nowIso(),
  };
  await advance(turn, spec, state, data);
}

export async function continueDialog<D extends KitData<Q>, Q extends string>(
  turn: Turn,
  spec: Spec<D, Q>,
  state: ConversationState,
  input: DialogInput,
): Promise<void> {
  const data = state.data as unknown as D;
  const step = state.step as Step<Q>;

  if ('text' in input) {
    const control = controlWord(input.text);
    if (control === 'cancel') return cancel(turn, spec, data);
    if (control === 'back') return goBack(turn, spec, state, data);
  }
  if ('press' in input) {
    const action = ownAction(spec.prefix, data.nonce, input.press);
    if (!action) return stale(turn, spec, state, data);
    input = { press: action };
  }

  if (step === 'summary') return onSummary(turn, spec, state, data, input);
  if (step === 'editpick') return onEditPick(turn, spec, state, data, input);

  const def = spec.steps[step];
  if (!def) return stale(turn, spec, state, data);
  let outcome: Outcome;
  if ('press' in input) {
    const prefix = `${spec.prefix}:${step}:`;
    if (!input.press.startsWith(prefix) || !def.press) return stale(turn, spec, state, data);
    outcome = await def.press(turn, data, input.press.slice(prefix.length));
  } else if ('file' in input) {
    if (!def.file) return reask(turn, spec, state, data, turn.t.fileNotExpected);
    outcome = await def.file(turn, data, input.file);
  } else {
    if (!def.text) return reask(turn, spec, state, data);
    outcome = await def.text(turn, data, input.text);
  }

  if (!outcome.ok) return reask(turn, spec, state, data, outcome.error);
  if (outcome.notice === 'stay') return reask(turn, spec, state, data);
  if (outcome.notice) turn.reply(outcome.notice);
  if (!data.answered.includes(step)) data.answered.push(step);
  await advance(turn, spec, state, data);
}

function nextStep<D extends KitData<Q>, Q extends string>(turn: Turn, spec: Spec<D, Q>, data: D): Step<Q> {
  return spec.order.find((s) => spec.isApplicable(s, data, turn) && !data.answered.includes(s)) ?? 'summary';
}

/** Asks the next unanswered question (or shows the summary) and persists the state. */
async function advance<D extends KitData<Q>, Q extends string>(turn: Turn, spec: Spec<D, Q>, state: ConversationState, data: D): Promise<void> {
  spec.normalize?.(turn, data);
  const step = nextStep(turn, spec, data);
  if (step === 'summary') delete data.snapshot;
  await save(turn, state, data, step);
  await ask(turn, spec, data, step);
}

async function save<D extends KitData<Q>, Q extends string>(turn: Turn, state: ConversationState, data: D, step: Step<Q>): Promise<void> {
  const trail = state.trail.at(-1) === step ? state.trail : [...state.trail, step];
  Object.assign(state, { step, data, trail: trail.slice(-30), updatedAt: turn.nowIso() });
  await turn.deps.store.setState(state);
}

const button = (spec: { prefix: string }, step: string, value: string, label: string): Button => kitButton(spec.prefix, step, value, label);

async function ask<D extends KitData<Q>, Q extends string>(turn: Turn, spec: Spec<D, Q>, data: D, step: Step<Q>): Promise<void> {
  if (step === 'summary') return showSummary(turn, spec, data);
  if (step === 'editpick') {
    const fields = spec.editable.filter((s) => data.answered.includes(s) && spec.isApplicable(s, data, turn));
    const buttons = fields.map((s) => button(spec, 'editpick', s, spec.fieldLabel(turn, s)));
    const rows: Button[][] = [];
    for (let i = 0; i < buttons.length; i += 3) rows.push(buttons.slice(i, i + 3));
    rows.push([button(spec, 'editpick', 'back', turn.t.back)]);
    turn.reply(turn.t.askEditField, stamp(spec.prefix, data.nonce, rows));
    return;
  }
  const question = await spec.steps[step].ask(turn, data);
  turn.reply(question.text, stamp(spec.prefix, data.nonce, question.buttons));
}

async function showSummary<D extends KitData<Q>, Q extends string>(turn: Turn, spec: Spec<D, Q>, data: D): Promise<void> {
  const view = await spec.summary(turn, data);
  const editCancel = [button(spec, 'summary', 'edit', turn.t.edit), button(spec, 'summary', 'cancel', turn.t.cancel)];
  const rows = view.canSend ? [[button(spec, 'summary', 'send', spec.sendLabel(turn))], editCancel] : [editCancel];
  turn.reply(view.text, stamp(spec.prefix, data.nonce, rows));
}

async function onSummary<D extends KitData<Q>, Q extends string>(
  turn: Turn,
  spec: Spec<D, Q>,
  state: ConversationState,
  data: D,
  input: DialogInput,
): Promise<void> {
  let choice: string | undefined;
  const head = `${spec.prefix}:summary:`;
  if ('press' in input) {
    if (!input.press.startsWith(head)) return stale(turn, spec, state, data);
    choice = input.press.slice(head.length);
  } else if ('text' in input) {
    const word = input.text.trim().toLowerCase().replace(/[.!]+$/, '');
    if ((spec.sendWords ?? SEND_WORDS).test(word)) choice = 'send';
    else if (EDIT_WORDS.test(word)) choice = 'edit';
  }
  if (choice === 'cancel') return cancel(turn, spec, data);
  if (choice === 'edit') {
    await save<D, Q>(turn, state, data, 'editpick');
    return ask<D, Q>(turn, spec, data, 'editpick');
  }
  if (choice === 'send') {
    const sent = await spec.send(turn, data);
    if ('error' in sent) return reask(turn, spec, state, data, sent.error);
    if (sent.done) await turn.deps.store.deleteState(turn.stateKey);
    return;
  }
  return reask(turn, spec, state, data, spec.summaryHint?.(turn) ?? turn.t.summaryHint);
}

async function onEditPick<D extends KitData<Q>, Q extends string>(
  turn: Turn,
  spec: Spec<D, Q>,
  state: ConversationState,
  data: D,
  input: DialogInput,
): Promise<void> {
  const head = `${spec.prefix}:editpick:`;
  if (!('press' in input) || !input.press.startsWith(head)) {
    return 'press' in input ? stale(turn, spec, state, data) : reask(turn, spec, state, data);
  }
  const field = input.press.slice(head.length);
  if (field === 'back') return advance(turn, spec, state, data);
  if (!spec.editable.includes(field as Q)) return stale(turn, spec, state, data);
  const { snapshot: _previous, ...current } = data;
  data.snapshot = structuredClone(current);
  spec.unanswer(data, field as Q, turn);
  spec.onEditPick?.(data, field as Q);
  await advance(turn, spec, state, data);
}

async function goBack<D extends KitData<Q>, Q extends string>(turn: Turn, spec: Spec<D, Q>, state: ConversationState, data: D): Promise<void> {
  // Going back out of an "Ubah" puts every answer back as it was and returns to the summary.
  if (data.snapshot) {
    const restored = { ...data.snapshot, nonce: data.nonce } as unknown as D;
    state.trail = state.trail.filter((s) => s === 'summary' || !spec.editable.includes(s as Q));
    return advance(turn, spec, state, restored);
  }
  const trail = [...state.trail];
  trail.pop();
  const previous = trail.pop() as Step<Q> | undefined;
  state.trail = trail;
  if (!previous) {
    if (!spec.backAtStart?.(turn, data)) return reask(turn, spec, state, data);
    return advance(turn, spec, state, data);
  }
  if (previous !== 'summary' && previous !== 'editpick') spec.unanswer(data, previous, turn);
  const step = previous === 'editpick' || previous === 'summary' ? previous : nextStep(turn, spec, data);
  await save(turn, state, data, step);
  await ask(turn, spec, data, step);
}

async function cancel<D extends KitData<Q>, Q extends string>(turn: Turn, spec: Spec<D, Q>, data: D): Promise<void> {
  await turn.deps.store.deleteState(turn.stateKey);
  turn.reply(spec.cancelled(turn, data));
}

/** A button that is not (or no longer) one of this dialogue's: said so, and the current question asked again. */
export function staleDialogButton<D extends KitData<Q>, Q extends string>(turn: Turn, spec: Spec<D, Q>, state: ConversationState): Promise<void> {
  return stale(turn, spec, state, state.data as unknown as D);
}

function stale<D extends KitData<Q>, Q extends string>(turn: Turn, spec: Spec<D, Q>, state: ConversationState, data: D): Promise<void> {
  return reask(turn, spec, state, data, turn.t.staleButton);
}

async function reask<D extends KitData<Q>, Q extends string>(
  turn: Turn,
  spec: Spec<D, Q>,
  state: ConversationState,
  data: D,
  error?: string,
): Promise<void> {
  if (error) turn.reply(error);
  await ask(turn, spec, data, state.step as Step<Q>);
}

/** Re-asks the current question after a global command answered mid-dialogue. */
export async function remindCurrentDialogStep<D extends KitData<Q>, Q extends string>(
  turn: Turn,
  spec: Spec<D, Q>,
  state: ConversationState,
): Promise<void> {
  turn.reply(spec.inProgress(turn));
  await ask(turn, spec, state.data as unknown as D, state.step as Step<Q>);
}
