import { getForm } from './catalog.js';
import { calendarDays } from './dates.js';
import { explain, type Calculation } from './explain.js';
import { round2 } from './format.js';
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

/** The stated / programme JP: `jp`, else minutes ÷ 45 where the form is measured in JP. */
function statedJp(input: ActivityInput, row: RuleRow): { value: number; minutes?: number } | undefined {
  if (input.jp !== undefined) return { value: input.jp };
  if (row.unit === 'jp' && input.durationMinutes !== undefined) {
    return { value: round2(input.durationMinutes / MINUTES_PER_JP), minutes: input.durationMinutes };
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

/** The JP before caps: programme / stated JP × factor, certificate JP, or quantity × rate. */
function baseCalculation(ctx: Context, input: ActivityInput): Calculation {
  const { form, row, profile, scope, column } = ctx;
  if (column.kind === 'program') {
    const stated = statedJp(input, row);
    if (!stated) {
      const what = row.needsStatedJp ? 'perlu JP yang tertera pada bukti dukung' : 'perlu JP program (atau durasi dalam menit)';
      throw missing(ctx, 'jp', what);
    }
    const value = round2(stated.value * column.factor);
    const base = { kind: 'program' as const, stated: stated.value, minutes: stated.minutes, factor: column.factor };
    return { form, row, profile, scope, base, value, jp: value };
  }
  if (input.jp !== undefined) {
    // "Dalam hal tidak disebutkan pada bukti dukung": a stated JP replaces the conversion.
    const qty = row.unit === 'day' ? ctx.days : input.count;
    const base = { kind: 'certificate' as const, stated: input.jp, rate: column.jp, qty };
    return { form, row, profile, scope, base, value: input.jp, jp: input.jp };
  }
  const qty = row.unit === 'day' ? ctx.days : ctx.count;
  if (qty === undefined) throw missing(ctx, 'days', 'perlu jumlah hari (atau tanggal mulai dan selesai)');
  const value = round2(qty * column.jp);
  return { form, row, profile, scope, base: { kind: 'rate', qty, rate: column.jp }, value, jp: value };
}

/** JP = min(JP, cap × days) and min(JP, cap × count), as far as the row has such caps. */
function applyRowCaps(ctx: Context, calc: Calculation): Calculation {
  const { row, scope } = ctx;
  let out = calc;
  if (row.dailyCap) {
    if (ctx.days === undefined) throw missing(ctx, 'days', 'perlu jumlah hari (atau tanggal mulai dan selesai) untuk batas JP per hari');
    const perUnit = row.dailyCap[scope];
    const limit = round2(perUnit * ctx.days);
    if (out.jp > limit) {
      out = { ...out, jp: limit, cap: { kind: 'daily', perUnit, qty: ctx.days, limit, citation: row.dailyCap.citation } };
    }
  }
  if (row.perActivityCap) {
    const perUnit = row.perActivityCap[scope];
    const limit = round2(perUnit * ctx.count);
    if (out.jp > limit) {
      out = { ...out, jp: limit, cap: { kind: 'activity', perUnit, qty: ctx.count, limit, citation: row.perActivityCap.citation } };
    }
  }
  return out;
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
  const ctx: Context = { form, row, profile, scope, column, days: input.days ?? spanDays, count: input.count ?? 1 };
  return applyRowCaps(ctx, baseCalculation(ctx, input));
}

/** JP of one activity under a profile, with an Indonesian explanation and the citation. Throws RuleError. */
export function computeJp(input: ActivityInput, profileId: string = DEFAULT_PROFILE): JpResult {
  const calc = calculate(input, profileId);
  const { text, citations } = explain(calc);
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
    citation: row.citation,
  };
  if (row.dailyCap) info.dailyCap = { nasional: row.dailyCap.nasional, internasional: row.dailyCap.internasional };
  if (row.perActivityCap) info.perActivityCap = { nasional: row.perActivityCap.nasional, internasional: row.perActivityCap.internasional };
  if (row.periodCaps) info.periodCaps = row.periodCaps.map(({ per, max }) => ({ per, max }));
  return info;
}
