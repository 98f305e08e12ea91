import type { Outcome } from '../dialog-kit/index.js';
import type { Turn } from '../turn.js';
import { MARK_OF, type QuestionStep, type ReportData } from './data.js';
import { fieldName } from './certificate.js';
import type { StepDef } from './steps.js';
import { understand, understandParts, type Understanding } from './understand.js';
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

/** Words of an organisation's name: "dari Kominfo" is an organiser, "dari Perspektif Hukum" part of a title. */
const ORGANISATION = /\b(?:kementerian|kemen\p{L}*|kominfo|komdigi|badan|dinas|pusdiklat|pusat|bpsdm|bkn|lan|lembaga|universitas|institut|politeknik|sekolah\s+tinggi|pemprov|pemkab|pemkot|pemerintah|sekretariat|direktorat|balai|biro|bappenas|bappeda|kpk|bpk|bpkp|ombudsman|asosiasi|yayasan|pt|ministry|agency|university)\b|\b\p{Lu}{2,}\b/u;

/**
 * A title or organiser answer that states more ("SPBE dari Kominfo kemarin", "Kominfo, 10 Maret, 2 JP"):
 * read as if the question's own marker opened it. Taken only when every word is read into a field and what
 * follows the answer's own field is clear: a date, an amount, an organiser that names an organisation (at
 * the title), or a title marker (at the organiser). Otherwise the answer is the field as typed: "Peran ASN
 * dari Perspektif Hukum", "Pelatihan 3 Hari Menulis", "BPSDM di Samarinda".
 */
function splitAnswer(turn: Turn, text: string, step: 'title' | 'organizer'): Understanding | undefined {
  const marker = step === 'title' ? 'tentang' : 'oleh';
  const { understanding: u, unread } = understandParts(`${marker} ${text}`, { now: turn.now(), tz: turn.deps.tz, profile: turn.deps.profile });
  if (!u[step] || /[\p{L}\p{N}]/u.test(unread) || u.place !== undefined) return undefined;
  const datedOrCounted = u.start !== undefined || [u.days, u.sessions, u.jp, u.durationMinutes, u.semesters].some((v) => v !== undefined);
  const other = step === 'title' ? u.organizer !== undefined && ORGANISATION.test(u.organizer) : u.title !== undefined;
  return datedOrCounted || other ? u : undefined;
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
  for (const step of ['title', 'organizer'] as const) {
    const own = steps[step].text!;
    out[step] = {
      ...steps[step],
      text: async (turn, data, text) => {
        const whole = await own(turn, data, text);
        if (!whole.ok) return whole;
        const u = splitAnswer(turn, text, step);
        if (!u) return whole;
        const part = await own(turn, data, u[step]!);
        if (!part.ok) return own(turn, data, text);
        if (!data.answered.includes(step)) data.answered.push(step);
        const { [step]: _own, ...rest } = u;
        return after(turn, data, step, applyUnderstanding(turn, data, rest, 'text'));
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
