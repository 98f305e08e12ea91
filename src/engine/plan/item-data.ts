import { daysInclusive } from '../../domain/dates.js';
import type { PlanItem, SumberDana } from '../../domain/types.js';
import { computeJp, formRule, getForm } from '../../rules/index.js';
import type { ActivityInput, Jalur, JpResult } from '../../rules/types.js';
import type { KitData } from '../dialog-kit/index.js';
import { PLAN_STEP_ORDER, type PlanStep } from './item-steps-order.js';
import { jadwalSpan, type Jadwal } from './parse-jadwal.js';

export { PLAN_STEP_ORDER, type PlanStep };

export const SUMBER_DANA: readonly SumberDana[] = ['APBN', 'APBD', 'mandiri', 'lainnya'];

/** The answers of one plan item in progress (persisted as the conversation state). */
export interface PlanItemData extends KitData<PlanStep> {
  year: number;
  /** Set when changing an item already in the plan. */
  editNo?: number;
  jalur?: Jalur;
  type?: string;
  formPage?: number;
  /** Read by the report's form question (forms a sentence may mean); unused here. */
  choices?: string[];
  materi?: string;
  penyelenggara?: string;
  jadwal?: Jadwal;
  /** The duration in the form's own unit. */
  days?: number;
  count?: number;
  jp?: number;
  biaya?: number;
  dana?: SumberDana;
  alasan?: string;
}

export function isApplicable(_step: PlanStep, _data: PlanItemData): boolean {
  return true;
}

/** Forgets an answer (and what depends on it) so that the step is asked again. */
export function unanswer(data: PlanItemData, step: PlanStep): void {
  const drop = new Set<PlanStep>([step]);
  if (step === 'jalur') drop.add('form');
  if (step === 'form' || step === 'jalur') drop.add('amount');
  // Days are checked against the dates, so new dates ask for them again.
  if (step === 'jadwal' && data.days !== undefined) drop.add('amount');
  data.answered = data.answered.filter((s) => !drop.has(s));
  if (drop.has('amount')) {
    delete data.days;
    delete data.count;
    delete data.jp;
  }
}

/** The rules engine's input for a planned item: its schedule's days, the amount as typed, nasional. */
export function plannedInput(type: string, jadwal: Jadwal, amount: { days?: number; count?: number; jp?: number }, profile: string): ActivityInput {
  const span = jadwalSpan(jadwal);
  const rule = formRule(profile, type);
  const input: ActivityInput = { type, scope: 'nasional', start: span.start, end: span.end };
  input.days = rule.unit === 'day' && amount.days !== undefined ? amount.days : daysInclusive(span.start, span.end);
  if (amount.count !== undefined) input.count = amount.count;
  if (amount.jp !== undefined) input.jp = amount.jp;
  return input;
}

export function computePlanned(data: PlanItemData, profile: string): JpResult {
  if (!data.type || !data.jadwal) throw new Error('plan item incomplete');
  return computeJp(plannedInput(data.type, data.jadwal, amountOf(data), profile), profile);
}

export function amountOf(data: Pick<PlanItemData, 'days' | 'count' | 'jp'>): PlanItem['amount'] {
  return {
    ...(data.days !== undefined ? { days: data.days } : {}),
    ...(data.count !== undefined ? { count: data.count } : {}),
    ...(data.jp !== undefined ? { jp: data.jp } : {}),
  };
}

/** A stored item's answers, to change it (every step answered; the summary comes first). */
export function itemAsData(year: number, item: PlanItem): PlanItemData {
  return {
    year,
    editNo: item.no,
    jalur: getForm(item.type)?.jalur ?? item.jalur,
    type: item.type,
    materi: item.materi,
    penyelenggara: item.penyelenggara,
    jadwal: item.jadwal,
    ...item.amount,
    biaya: item.biaya,
    dana: item.sumberDana,
    alasan: item.alasan,
    answered: [...PLAN_STEP_ORDER],
  };
}
