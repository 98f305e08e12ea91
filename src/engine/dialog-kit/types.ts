import type { Button, IncomingFile } from '../../chat/events.js';
import type { Turn } from '../turn.js';

/** What one answer did: accepted (with an optional notice, or 'stay' to ask the same step again) or refused. */
export type Outcome = { ok: true; notice?: string } | { ok: false; error: string };

export interface Question {
  text: string;
  buttons?: Button[][];
}

export type DialogInput = { text: string } | { press: string } | { file: IncomingFile };

/** The bookkeeping every kit dialogue keeps in its data (persisted as the conversation state). */
export interface KitData<Q extends string> {
  answered: Q[];
  /** Stamped into this dialogue's button ids, so a keyboard from an earlier one is refused as stale. */
  nonce?: string;
  /** The answers before an "Ubah", restored when the user goes back instead of finishing the change. */
  snapshot?: Record<string, unknown>;
}

/** One question of a dialogue. Button ids are `<prefix>:<step>:<value>`; the kit stamps the nonce in. */
export interface StepDef<D> {
  ask(turn: Turn, data: D): Promise<Question> | Question;
  text?(turn: Turn, data: D, text: string): Promise<Outcome> | Outcome;
  press?(turn: Turn, data: D, value: string): Promise<Outcome> | Outcome;
  file?(turn: Turn, data: D, file: IncomingFile): Promise<Outcome>;
}

/** What the summary step shows; without `canSend` only "Ubah" and "Batal" are offered. */
export interface SummaryView {
  text: string;
  canSend: boolean;
}

/** A dialogue: its questions in order, which apply, what an answer drops, and what its summary sends. */
export interface DialogSpec<D extends KitData<Q>, Q extends string> {
  /** ConversationState.dialog */
  dialog: string;
  /** First part of its button ids (`r`, `p`); action-id.ts knows each. */
  prefix: string;
  order: readonly Q[];
  steps: Record<Q, StepDef<D>>;
  /** The steps "Ubah" offers (when answered and applicable), in this order. */
  editable: readonly Q[];
  fieldLabel(turn: Turn, step: Q): string;
  isApplicable(step: Q, data: D, turn: Turn): boolean;
  /** Forgets an answer (and what depends on it) so that the step is asked again. */
  unanswer(data: D, step: Q, turn: Turn): void;
  /** Called before the next step is chosen (defaults that follow from earlier answers). */
  normalize?(turn: Turn, data: D): void;
  /** Called when a field is picked under "Ubah", after unanswer. */
  onEditPick?(data: D, field: Q): void;
  /** "kembali" with no earlier step: true when it reopened something (then the next step is asked). */
  backAtStart?(turn: Turn, data: D): boolean;
  summary(turn: Turn, data: D): Promise<SummaryView> | SummaryView;
  sendLabel(turn: Turn): string;
  /** Typed words that press the send button at the summary (default: kirim, send, ya, ok, …). */
  sendWords?: RegExp;
  /** What to press or type at the summary, after an answer it does not take (default: the report's, "Kirim ke atasan"). */
  summaryHint?(turn: Turn): string;
  /** The summary's send: `done` drops the dialogue state; an error re-asks the summary. */
  send(turn: Turn, data: D): Promise<{ done: boolean } | { error: string }>;
  /** The words after "batal". */
  cancelled(turn: Turn, data: D): string;
  /** Said before the current question is asked again after a command answered mid-dialogue. */
  inProgress(turn: Turn): string;
}
