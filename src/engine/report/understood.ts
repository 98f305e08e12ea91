import { daysInclusive, todayIn } from '../../domain/dates.js';
import { formRule, getForm } from '../../rules/index.js';
import type { Turn } from '../turn.js';
import { computeReport, isApplicable, type MarkField, type MarkSource, type QuestionStep, type ReportData } from './data.js';
import { jpTooLarge, MAX_ACTIVITY_JP } from './parse-amount.js';
import { endProblem, startProblem } from './steps.js';
import type { Understanding } from './understand.js';

/** What applying an understanding did: the summary lines it filled, and why a stated value was not taken. */
export interface Applied {
  filled: MarkField[];
  problems: string[];
}

const TEXT_LIMITS = { title: [3, 200], organizer: [2, 200] } as const;

/**
 * Fills the report fields the understanding states, each checked as its question checks a typed answer.
 * An answered question is never overwritten: what the user answered stands. Amounts wait in `stated`
 * until the form and the dates are known (takeStated).
 */
export function applyUnderstanding(turn: Turn, data: ReportData, u: Understanding, source: MarkSource): Applied {
  const filled: MarkField[] = [];
  const problems: string[] = [];
  const answered = (s: QuestionStep) => data.answered.includes(s);
  const answer = (...steps: QuestionStep[]) => steps.forEach((s) => answered(s) || data.answered.push(s));
  const mark = (field: MarkField) => {
    (data.marks ??= {})[field] = source;
    if (!filled.includes(field)) filled.push(field);
  };

  if (!answered('form')) {
    const form = u.type ? getForm(u.type) : undefined;
    if (form) {
      data.type = form.key;
      data.jalur = form.jalur;
      delete data.choices;
      answer('jalur', 'form');
      mark('form');
    } else if (u.choices?.length) {
      data.choices = [...u.choices];
      data.formPage = 0;
      // The choice is asked at the form question, whatever the jalur.
      answer('jalur');
    } else if (u.jalur && !answered('jalur')) {
      data.jalur = u.jalur;
      data.formPage = 0;
      answer('jalur');
    }
  }

  for (const field of ['title', 'organizer'] as const) {
    const value = u[field]?.trim();
    const [min, max] = TEXT_LIMITS[field];
    if (!value || answered(field) || value.length < min || value.length > max || !/\p{L}/u.test(value)) continue;
    data[field] = value;
    answer(field);
    mark(field);
  }

  if (u.scope && !answered('scope')) {
    const allowed = !data.type || isApplicable('scope', data, turn.deps.profile);
    if (allowed || u.scope === 'nasional') {
      data.scope = u.scope;
      if (allowed) {
        answer('scope');
        mark('scope');
      }
    }
  }

  if (u.start && !answered('start')) {
    const problem = startProblem(turn, u.start);
    if (problem) problems.push(problem);
    else {
      data.start = u.start;
      answer('start');
      mark('dates');
      if (u.end && !answered('end')) {
        const endIssue = endProblem(turn, data, u.end);
        if (endIssue) problems.push(endIssue);
        else {
          data.end = u.end;
          answer('end');
        }
      }
    }
  }

  // A JP or a duration above the bound is a slip: said so, and left to its question.
  const tooLarge = (u.jp !== undefined && jpTooLarge({ jp: u.jp })) || (u.durationMinutes !== undefined && jpTooLarge({ minutes: u.durationMinutes }));
  if (tooLarge) problems.push(turn.t.jpTooLarge(MAX_ACTIVITY_JP));
  const amounts = tooLarge
    ? { days: u.days, sessions: u.sessions, semesters: u.semesters }
    : { days: u.days, sessions: u.sessions, jp: u.jp, durationMinutes: u.durationMinutes, semesters: u.semesters };
  const stated = Object.fromEntries(Object.entries(amounts).filter(([, v]) => v !== undefined));
  if (Object.keys(stated).length > 0 && !answered('amount')) data.stated = { ...data.stated, ...stated, source };
  if (takeStated(turn, data, problems)) filled.push(...(['amount', 'certjp'] as const).filter((f) => data.marks?.[f] && !filled.includes(f)));
  return { filled, problems };
}

/**
 * Puts stated amounts where the form wants them, once it is known: days (when the dates are known and
 * cover them; a single day is one day when the dates were understood), sessions, semesters, the JP or
 * the duration; a JP stated beside a day or activity form is the certificate's JP. True when it filled one.
 */
export function takeStated(turn: Turn, data: ReportData, problems?: string[]): boolean {
  if (!data.type) return false;
  const profile = turn.deps.profile;
  const rule = formRule(profile, data.type);
  const stated = data.stated;
  const source = stated?.source ?? data.marks?.dates;
  let took = false;
  let tookAmount = false;
  const fill = (step: 'amount' | 'certjp') => {
    if (step === 'amount') tookAmount = true;
    data.answered.push(step);
    if (source) (data.marks ??= {})[step] = source;
    took = true;
  };

  if (!data.answered.includes('amount')) {
    if (rule.needsStatedJp) {
      if (stated?.jp !== undefined) {
        data.jp = stated.jp;
        fill('amount');
      }
    } else if (rule.unit === 'jp') {
      if (stated?.jp !== undefined) {
        data.jp = stated.jp;
        fill('amount');
      } else if (stated?.durationMinutes !== undefined) {
        data.durationMinutes = stated.durationMinutes;
        fill('amount');
      }
    } else if (rule.unit === 'day' && data.start && data.end && data.answered.includes('end')) {
      const span = daysInclusive(data.start, data.end);
      const days = stated?.days ?? (data.marks?.dates && span === 1 ? 1 : undefined);
      if (days !== undefined && Number.isInteger(days) && days <= span) {
        data.days = days;
        fill('amount');
      }
    } else if (rule.unit === 'session' && stated?.sessions !== undefined && Number.isInteger(stated.sessions)) {
      data.count = stated.sessions;
      fill('amount');
    } else if (rule.unit === 'semester' && stated?.semesters !== undefined && Number.isInteger(stated.semesters)) {
      data.count = stated.semesters;
      fill('amount');
    }
  }
  if (stated?.jp !== undefined && !data.answered.includes('certjp') && isApplicable('certjp', data, profile)) {
    data.certJp = stated.jp;
    fill('certjp');
  }
  // Days, sessions or semesters that would count more than the bound are a slip: said, and left to the question.
  if (tookAmount && overBound(turn, data)) {
    delete data.days;
    delete data.count;
    data.answered = data.answered.filter((s) => s !== 'amount');
    if (data.marks) delete data.marks.amount;
    delete data.stated;
    const problem = turn.t.jpTooLarge(MAX_ACTIVITY_JP);
    if (problems) problems.push(problem);
    else turn.reply(problem);
    return data.answered.includes('certjp') && data.certJp != null;
  }
  return took;
}

/** Whether the report's JP as it stands is over the bound; dates not known yet count as one day today. */
function overBound(turn: Turn, data: ReportData): boolean {
  const today = todayIn(turn.now(), turn.deps.tz);
  const start = data.start ?? today;
  try {
    return computeReport({ ...data, start, end: data.end ?? start }, turn.deps.profile).jp > MAX_ACTIVITY_JP;
  } catch {
    return false;
  }
}
