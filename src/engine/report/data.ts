import type { Evidence } from '../../domain/types.js';
import { daysInclusive } from '../../domain/dates.js';
import { computeJp, formRule } from '../../rules/index.js';
import type { ActivityInput, Jalur, JpResult, Scope } from '../../rules/types.js';

export const STEP_ORDER = [
  'jalur',
  'form',
  'title',
  'organizer',
  'scope',
  'start',
  'end',
  'amount',
  'certjp',
  'certno',
  'evidence',
] as const;

export type QuestionStep = (typeof STEP_ORDER)[number];
export type StepId = QuestionStep | 'summary' | 'editpick';

/** Answers of a report in progress: plain data, persisted as the conversation state. */
export interface ReportData {
  /** Set when revising a returned report. */
  activityId?: string;
  /** The plan item it realises (reported from the plan); none: an unplanned (insidental) activity. */
  planItem?: { year: number; no: number };
  jalur?: Jalur;
  type?: string;
  title?: string;
  organizer?: string;
  scope?: Scope;
  start?: string;
  end?: string;
  /** The duration in the form's own unit. */
  days?: number;
  count?: number;
  jp?: number;
  durationMinutes?: number;
  certJp?: number | null;
  certNo?: string | null;
  evidence?: Evidence | null;
  formPage?: number;
  answered: QuestionStep[];
  /** Stamped into this report's button ids, so a keyboard from an earlier report is refused as stale. */
  nonce?: string;
  /** The answers before an "Ubah", restored when the user goes back instead of finishing the change. */
  snapshot?: Record<string, unknown>;
  /** Fields filled from the user's own sentence or from the certificate file, marked in the summary. */
  marks?: Partial<Record<MarkField, MarkSource>>;
  /** Forms the first sentence may mean ("pelatihan"): the form question offers these. */
  choices?: string[];
  /** Amounts stated before the form or the dates were known; taken once they fit (see takeStated). */
  stated?: StatedAmounts;
  /** What the certificate file said that the atasan must see. */
  certificate?: CertificateNote;
}

/** The summary lines a mark can stand on. */
export type MarkField = 'form' | 'title' | 'organizer' | 'scope' | 'dates' | 'amount' | 'certjp' | 'certno';
export type MarkSource = 'text' | 'cert';

export interface StatedAmounts {
  source: MarkSource;
  days?: number;
  sessions?: number;
  jp?: number;
  durationMinutes?: number;
  semesters?: number;
}

export interface CertificateNote {
  /** The participant's name as the certificate spells it, when it is not the employee's. */
  otherName?: string;
  /** The words of the certificate that hint at an international activity, shown at the scope question. */
  internationalHint?: string;
}

/** The summary line each step's answer stands on. */
export const MARK_OF: Record<QuestionStep, MarkField | undefined> = {
  jalur: 'form',
  form: 'form',
  title: 'title',
  organizer: 'organizer',
  scope: 'scope',
  start: 'dates',
  end: 'dates',
  amount: 'amount',
  certjp: 'certjp',
  certno: 'certno',
  evidence: undefined,
};

export function emptyReport(): ReportData {
  return { answered: [] };
}

const CERT_JP_UNITS = new Set(['day', 'activity', 'session', 'semester']);

export function isApplicable(step: QuestionStep, data: ReportData, profile: string): boolean {
  if (step === 'scope' || step === 'certjp') {
    if (!data.type) return true;
    const rule = formRule(profile, data.type);
    if (step === 'scope') return rule.internationalAllowed;
    // Ask for a certificate JP only where the source lets it replace the day / activity conversion
    // (formRule().statedJpReplaces): not for sessions, semesters, or rows measured in JP.
    return CERT_JP_UNITS.has(rule.unit) && !rule.needsStatedJp && rule.statedJpReplaces;
  }
  return true;
}

export function nextStep(data: ReportData, profile: string): StepId {
  return STEP_ORDER.find((s) => isApplicable(s, data, profile) && !data.answered.includes(s)) ?? 'summary';
}

/** Forgets an answer (and what depends on it) so that the step is asked again. */
export function unanswer(data: ReportData, step: QuestionStep, profile: string): void {
  const drop = new Set<QuestionStep>([step]);
  if (step === 'jalur') drop.add('form');
  if (step === 'form' || step === 'jalur') ['scope', 'amount', 'certjp'].forEach((s) => drop.add(s as QuestionStep));
  if (step === 'start') drop.add('end');
  // Days are suggested from the dates, so new dates ask for the days again.
  if ((step === 'start' || step === 'end') && data.type && formRule(profile, data.type).unit === 'day') drop.add('amount');
  data.answered = data.answered.filter((s) => !drop.has(s));
  // A changed answer is the user's own: its mark goes, and amounts stated earlier are not taken again.
  for (const s of drop) {
    const mark = MARK_OF[s];
    if (mark && data.marks) delete data.marks[mark];
  }
  if (drop.has('form')) delete data.choices;
  if (drop.has('amount')) delete data.stated;
  if (drop.has('amount')) {
    delete data.days;
    delete data.count;
    delete data.jp;
    delete data.durationMinutes;
  }
  if (drop.has('certjp')) delete data.certJp;
}

/** The rules engine's input for the answers so far. */
export function toActivityInput(data: ReportData, profile: string): ActivityInput {
  if (!data.type || !data.start || !data.end) throw new Error('report incomplete');
  const rule = formRule(profile, data.type);
  const input: ActivityInput = {
    type: data.type,
    scope: data.scope ?? 'nasional',
    start: data.start,
    end: data.end,
  };
  if (rule.unit === 'day') input.days = data.days ?? daysInclusive(data.start, data.end);
  else input.days = daysInclusive(data.start, data.end);
  if (data.count !== undefined) input.count = data.count;
  if (data.jp !== undefined) input.jp = data.jp;
  if (data.durationMinutes !== undefined) input.durationMinutes = data.durationMinutes;
  if (data.certJp != null) input.jp = data.certJp;
  return input;
}

/** The report's JP; its explanation in `lang` (the stored one is Indonesian, the summary the user's). */
export function computeReport(data: ReportData, profile: string, lang: 'id' | 'en' = 'id'): JpResult {
  return computeJp(toActivityInput(data, profile), profile, lang);
}
