import { getForm } from './catalog.js';
import { calendarDays, dateRange, dayLabel } from './dates.js';
import { basisOf, columnFactor, explain, type Calculation } from './explain.js';
import type { ExplainLang } from './explain-words.js';
import { formatNumber, round2 } from './format.js';
import { DEFAULT_PROFILE, getProfile, getRow } from './profiles/index.js';
import {
  RuleError,
  type ActivityInput,
  type Column,
  type FormInfo,
  type FormRuleInfo,
  type JpResult,
  type ProfileDef,
  type RuleRow,
  type Scope,
} from './types.js';
import { checkPositive, checkScope } from './validate.js';

/** LAN: 1 JP = 45 minutes. */
export const MINUTES_PER_JP = 45;

/** The stated / programme JP: `jp`, else minutes ÷ 45 where the form is measured in JP. Not rounded (round once, at the end). */
function statedJp(input: ActivityInput, row: RuleRow): { value: number; minutes?: number } | undefined {
  if (input.jp !== undefined) return { value: input.jp };
  if (row.unit === 'jp' && input.durationMinutes !== undefined) {
    return { value: input.durationMinutes / MINUTES_PER_JP, minutes: input.durationMinutes };
  }
  return undefined;
}

interface Context {
  form: FormInfo;
  row: RuleRow;
  profile: ProfileDef;
  scope: Scope;
  column: Column;
  /** Given days, else calendar days between the dates. */
  days?: number;
  count: number;
}

function missing(ctx: Context, field: 'jp' | 'days', what: string): RuleError {
  return new RuleError('missing-input', `Data belum lengkap untuk ${ctx.form.label}: ${what}`, { type: ctx.form.key, field });
}

/** What to ask for when a programme-JP row has no JP. */
function jpWanted(row: RuleRow): string {
  if (row.jpHint) return `perlu ${row.jpHint}`;
  if (row.needsStatedJp) return 'perlu JP yang tertera pada bukti dukung';
  return `perlu ${basisOf(row)} (atau durasi dalam menit)`;
}

/** The JP before the daily cap, the international factor and the per-activity cap. */
function baseOf(ctx: Context, input: ActivityInput): Pick<Calculation, 'base' | 'baseValue' | 'ignoredStatedJp'> {
  const { row, column } = ctx;
  if (column.kind === 'program') {
    const stated = statedJp(input, row);
    if (!stated) throw missing(ctx, 'jp', jpWanted(row));
    return { base: { kind: 'program', stated: stated.value, minutes: stated.minutes }, baseValue: stated.value };
  }
  const qty = row.unit === 'day' ? ctx.days : input.count;
  if (input.jp !== undefined && row.statedJpReplaces) {
    // "Dalam hal tidak disebutkan pada bukti dukung": a stated JP replaces the conversion.
    return { base: { kind: 'certificate', stated: input.jp, rate: column.jp, qty }, baseValue: input.jp };
  }
  const n = row.unit === 'day' ? ctx.days : ctx.count;
  if (n === undefined) throw missing(ctx, 'days', 'perlu jumlah hari (atau tanggal mulai dan selesai)');
  return {
    base: { kind: 'rate', qty: n, rate: column.jp },
    baseValue: n * column.jp,
    // The source does not let the evidence replace this conversion: the figure is reported, not used.
    ignoredStatedJp: input.jp,
  };
}

/** Base → daily cap (before the factor) → international factor → per-activity cap; rounded once. */
function calculateRow(ctx: Context, input: ActivityInput): Calculation {
  const { form, row, profile, scope, column } = ctx;
  const { base, baseValue, ignoredStatedJp } = baseOf(ctx, input);
  const calc: Calculation = { form, row, profile, scope, base, baseValue, factor: columnFactor(column), jp: 0 };
  if (ignoredStatedJp !== undefined) calc.ignoredStatedJp = ignoredStatedJp;

  let value = baseValue;
  if (row.dailyCap) {
    const perUnit = row.dailyCap[scope];
    if (ctx.days === undefined) {
      if (row.dailyCap.kind === 'conversion') {
        throw missing(ctx, 'days', 'perlu jumlah hari (atau tanggal mulai dan selesai) untuk batas JP per hari');
      }
      calc.dailySkipped = { perUnit, citation: row.dailyCap.citation };
    } else {
      const limit = perUnit * ctx.days;
      if (value > limit) {
        value = limit;
        calc.daily = { perUnit, qty: ctx.days, limit, citation: row.dailyCap.citation };
      }
    }
  }
  value *= calc.factor;
  if (row.perActivityCap) {
    const perUnit = row.perActivityCap[scope];
    const limit = perUnit * ctx.count;
    if (value > limit) {
      calc.activity = { perUnit, qty: ctx.count, limit, before: value, citation: row.perActivityCap.citation };
      value = limit;
    }
  }
  calc.jp = round2(value);
  return calc;
}

/** RuleError 'bad-dates' when the days given are more than the calendar days between the dates. */
function checkDaysWithinDates(input: ActivityInput, row: RuleRow, span: number | undefined): void {
  if (input.days === undefined || span === undefined || input.days <= span) return;
  if (row.unit !== 'day' && !row.dailyCap) return;
  const range = dateRange(input)!;
  const dates = span === 1 ? dayLabel(range.start) : `${dayLabel(range.start)} s.d. ${dayLabel(range.end)}`;
  throw new RuleError(
    'bad-dates',
    `Jumlah hari (${formatNumber(input.days)}) lebih banyak dari rentang tanggal ${dates} (${formatNumber(span)} hari); ` +
      'periksa jumlah hari atau tanggalnya',
    { field: 'days', days: input.days, span, start: input.start ?? '', end: input.end ?? '' },
  );
}

/** Interprets one profile row for one activity. Pure: every figure comes from the row. */
export function calculate(input: ActivityInput, profileId: string = DEFAULT_PROFILE): Calculation {
  const profile = getProfile(profileId);
  const row = getRow(profile, input.type);
  const form = getForm(input.type)!;
  checkPositive('days', input.days, true);
  checkPositive('count', input.count, true);
  checkPositive('jp', input.jp, false);
  checkPositive('durationMinutes', input.durationMinutes, false);
  const spanDays = calendarDays(input);
  checkScope(input.scope);
  const scope = input.scope;
  const column = scope === 'internasional' ? row.internasional : row.nasional;
  if (!column) {
    throw new RuleError(
      'scope-not-allowed',
      `${form.label} tidak punya konversi internasional (${row.citation}); pilih cakupan nasional`,
      { type: input.type, scope },
    );
  }
  checkDaysWithinDates(input, row, spanDays);
  const ctx: Context = { form, row, profile, scope, column, days: input.days ?? spanDays, count: input.count ?? 1 };
  return calculateRow(ctx, input);
}

/**
 * JP of one activity under a profile, with its explanation (Indonesian, or English for `lang` 'en') and the
 * citation (as the source words it). Throws RuleError.
 */
export function computeJp(input: ActivityInput, profileId: string = DEFAULT_PROFILE, lang: ExplainLang = 'id'): JpResult {
  const calc = calculate(input, profileId);
  const { text, citations } = explain(calc, lang);
  return {
    type: calc.form.key,
    scope: calc.scope,
    profile: calc.profile.id,
    unit: calc.row.unit,
    jp: calc.jp,
    explanation: text,
    citation: citations.join('; '),
  };
}

/** How a form is measured under a profile: what the conversation has to ask for. */
export function formRule(profileId: string, key: string): FormRuleInfo {
  const row = getRow(getProfile(profileId), key);
  const info: FormRuleInfo = {
    key,
    unit: row.unit,
    internationalAllowed: row.internasional !== null,
    needsStatedJp: row.needsStatedJp === true,
    statedJpReplaces: row.statedJpReplaces,
    citation: row.citation,
  };
  if (row.dailyCap) {
    info.dailyCap = {
      nasional: round2(row.dailyCap.nasional * columnFactor(row.nasional)),
      internasional: round2(row.dailyCap.internasional * columnFactor(row.internasional)),
    };
  }
  if (row.perActivityCap) info.perActivityCap = { nasional: row.perActivityCap.nasional, internasional: row.perActivityCap.internasional };
  if (row.periodCaps) {
    info.periodCaps = row.periodCaps.map(({ per, max, jpEach }) => (jpEach ? { per, max, jpEach: { ...jpEach } } : { per, max }));
  }
  return info;
}

