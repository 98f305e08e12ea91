import type { Outcome } from '../dialog-kit/index.js';
import type { Turn } from '../turn.js';
import { MARK_OF, type QuestionStep, type ReportData } from './data.js';
import { fieldName } from './certificate.js';
import type { StepDef } from './steps.js';
import { understand, type Understanding } from './understand.js';
import { applyUnderstanding } from './understood.js';
import { stayKeeping } from './stay.js';

const read = (turn: Turn, text: string): Understanding =>
  understand(text, { now: turn.now(), tz: turn.deps.tz, profile: turn.deps.profile });

/** The first sentence ("saya ikut webinar kemarin tentang SPBE dari Kominfo"): fills what it states and says so. */
export function takeSentence(turn: Turn, data: ReportData, text: string): void {
  const { filled, problems } = applyUnderstanding(turn, data, read(turn, text), 'text');
  // The form alone ("lapor webinar") is said by the next question itself.
  const said = filled.filter((f) => f !== 'form');
  if (said.length) turn.reply(turn.t.understoodFields(said.map((f) => fieldName(turn, f)).join(', ')));
  for (const p of problems) turn.reply(p);
}

/**
 * Does the answer state this question's field and more? An answer of the field alone is the question's own
 * to read and refuse ("10/03/80" is too old, whatever else could be made of it).
 */
function statesMore(u: Understanding, step: QuestionStep): boolean {
  const amounts = [u.days, u.sessions, u.jp, u.durationMinutes, u.semesters].filter((v) => v !== undefined).length;
  const others = [u.type, u.title, u.organizer, u.scope].filter((v) => v !== undefined).length;
  const dates = u.start === undefined ? 0 : u.end !== undefined && u.end !== u.start ? 2 : 1;
  switch (step) {
    case 'start':
      return dates > 0 && dates + amounts + others > 1;
    case 'scope':
      return u.scope !== undefined && dates + amounts + others > 1;
    case 'amount':
      return amounts > 0 && dates + amounts + others > 1;
    default:
      return false;
  }
}

/**
 * Answers that say more than was asked: at the form questions a sentence that names the form fills what
 * else it states ("webinar kemarin tentang SPBE"); at the date, scope and amount questions an answer the
 * question alone does not read is understood ("10-11 Maret, 2 hari" fills the end and the days too).
 * Titles and organisers are taken as typed.
 */
export function understandingSteps(steps: Record<QuestionStep, StepDef>): Record<QuestionStep, StepDef> {
  const out = { ...steps };
  for (const step of ['jalur', 'form'] as const) {
    const own = steps[step].text!;
    out[step] = {
      ...steps[step],
      text: async (turn, data, text) => {
        const u = read(turn, text);
        if (!u.type && !u.choices?.length) return own(turn, data, text);
        return after(turn, data, step, applyUnderstanding(turn, data, u, 'text'));
      },
    };
  }
  for (const step of ['start', 'scope', 'amount'] as const) {
    const own = steps[step].text!;
    out[step] = {
      ...steps[step],
      text: async (turn, data, text) => {
        const first = await own(turn, data, text);
        if (first.ok) return first;
        const u = read(turn, text);
        if (!statesMore(u, step)) return first;
        const applied = applyUnderstanding(turn, data, u, 'text');
        if (!data.answered.includes(step)) return { ok: false, error: applied.problems[0] ?? first.error };
        return after(turn, data, step, applied);
      },
    };
  }
  const ownEnd = steps.end.text!;
  out.end = {
    ...steps.end,
    text: async (turn, data, text) => {
      const first = await ownEnd(turn, data, text);
      if (first.ok) return first;
      const u = read(turn, text);
      const end = u.end ?? u.start;
      if (!end || !statesMore(u, 'start')) return first;
      const taken = await ownEnd(turn, data, end);
      if (!taken.ok) return taken;
      data.answered.push('end');
      const { start: _s, end: _e, ...rest } = u;
      return after(turn, data, 'end', applyUnderstanding(turn, data, rest, 'text'));
    },
  };
  return out;
}

/** The question's own field is the user's answer (not marked); the problems with the rest are said. */
function after(turn: Turn, data: ReportData, step: QuestionStep, applied: { problems: string[] }): Promise<Outcome> | Outcome {
  const own = MARK_OF[step];
  if (own && data.marks) delete data.marks[own];
  for (const p of applied.problems) turn.reply(p);
  return data.answered.includes(step) ? { ok: true } : stayKeeping(turn, data);
}
