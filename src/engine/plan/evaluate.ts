import type { ConversationState } from '../../domain/types.js';
import type { GapCode } from '../action-id.js';
import { mayDecideFor } from '../approval/approvers.js';
import { decisionStateKey } from '../approval/decide.js';
import type { Turn } from '../turn.js';
import { controlWord } from '../words.js';
import { GAP_BY_CODE, isEvaluationDue } from './evaluation.js';

/**
 * The note prompt after a rating lives in the decision prompt's slot (decisionStateKey): one prompt at a
 * time, answered only by the message typed right after it (DECISION_PROMPT_MS), and the engine reads that
 * slot in every turn anyway.
 */
export const EVALUATION_NOTE_DIALOG = 'evaluation-note';
const evaluationStateKey = decisionStateKey;

/**
 * `ev:<id>:<r|s|t>`: the atasan (or an admin) rates the remaining competency gap of an approved activity six
 * months on; the rating is stored with the activity, then an optional note is asked. `ev:<id>:n` skips the note.
 */
export async function onEvaluate(turn: Turn, id: string, code: GapCode): Promise<void> {
  const rater = turn.employee!;
  const activity = await turn.deps.store.getActivity(id);
  if (!activity) return turn.reply(turn.t.reportNotFound);
  if (!(await mayDecideFor(turn.deps, rater, activity.nip))) return turn.reply(turn.t.evalNotPermitted);
  if (code === 'n') {
    await turn.deps.store.deleteState(evaluationStateKey(turn));
    return turn.reply(turn.t.evalNoteSkipped);
  }
  if (activity.evaluation) return turn.reply(turn.t.evalAlready(turn.t.evalGap[activity.evaluation.gap]));
  if (!isEvaluationDue(activity, turn.now(), turn.deps.tz)) return turn.reply(turn.t.evalNotDue);
  const gap = GAP_BY_CODE[code];
  const at = turn.nowIso();
  const result = await turn.deps.store.updateActivity(id, ['approved'], (current) =>
    current.evaluation ? current : { ...current, evaluation: { gap, by: rater.nip, at }, updatedAt: at },
  );
  if (!result || 'conflict' in result) return turn.reply(turn.t.evalNotDue);
  if (result.evaluation?.by !== rater.nip || result.evaluation.at !== at) return turn.reply(turn.t.evalAlready(turn.t.evalGap[result.evaluation!.gap]));
  const owner = await turn.deps.store.getEmployee(activity.nip);
  turn.reply(turn.t.evalSaved(owner?.name ?? activity.nip, activity.title, turn.t.evalGap[gap]));
  await turn.deps.store.setState({
    key: evaluationStateKey(turn),
    dialog: EVALUATION_NOTE_DIALOG,
    step: 'note',
    data: { evaluated: id },
    trail: [],
    updatedAt: at,
  });
  turn.reply(turn.t.evalAskNote(turn.t.evalGap[gap]), [[{ id: `ev:${id}:n`, label: turn.t.skip }]]);
}

/** The message typed right after the note prompt: the note, or a skip/cancel word (nothing more is kept). */
export async function onEvaluationNote(turn: Turn, state: ConversationState, text: string): Promise<void> {
  await turn.deps.store.deleteState(state.key);
  const id = state.data.evaluated;
  if (typeof id !== 'string') return turn.reply(turn.t.unknownButton);
  const note = text.trim().replace(/\s+/g, ' ');
  const control = controlWord(note);
  if (control === 'skip' || control === 'cancel' || control === 'back') return turn.reply(turn.t.evalNoteSkipped);
  if (note.length < 3 || note.length > 1000) {
    await turn.deps.store.setState({ ...state, updatedAt: turn.nowIso() });
    return turn.reply(turn.t.textLength(3, 1000));
  }
  const at = turn.nowIso();
  const result = await turn.deps.store.updateActivity(id, ['approved'], (current) =>
    current.evaluation && current.evaluation.by === turn.employee!.nip ? { ...current, evaluation: { ...current.evaluation, note }, updatedAt: at } : current,
  );
  if (!result || 'conflict' in result || result.evaluation?.note !== note) return turn.reply(turn.t.evalNotDue);
  turn.reply(turn.t.evalNoteSaved);
}
