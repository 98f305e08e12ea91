import { formatJp, formatNumber } from './format.js';
import type { Column, FormInfo, PeriodCap, ProfileDef, RuleRow, Scope, Unit } from './types.js';
import { EXPLAIN_WORDS, type ExplainLang } from './explain-words.js';

/** The figures of one computation, rendered by explain(). Values are not rounded; `jp` is (once). */
export interface Calculation {
  form: FormInfo;
  row: RuleRow;
  profile: ProfileDef;
  scope: Scope;
  base:
    | { kind: 'rate'; qty: number; rate: number }
    | { kind: 'certificate'; stated: number; rate: number; qty?: number }
    | { kind: 'program'; stated: number; minutes?: number };
  /** JP before the daily cap, the international factor and the per-activity cap. */
  baseValue: number;
  /** The column's "+20%" (1 when none). */
  factor: number;
  /** Present only when the daily cap cut the value (before the factor). */
  daily?: { perUnit: number; qty: number; limit: number; citation?: string };
  /** A daily limit that could not be checked because the days are not known. */
  dailySkipped?: { perUnit: number; citation?: string };
  /** Present only when the per-activity cap cut the value (after the factor). */
  activity?: { perUnit: number; qty: number; limit: number; before: number; citation?: string };
  /** A JP stated in the evidence that this row does not let replace its conversion (not used). */
  ignoredStatedJp?: number;
  /** Final JP, rounded to two decimals. */
  jp: number;
}

export const UNIT_WORD: Record<Unit, string> = {
  jp: 'JP',
  day: 'hari',
  activity: 'kegiatan',
  session: 'sesi',
  semester: 'semester',
};

const n = (x: number, lang: ExplainLang = 'id') => formatNumber(x, lang);
const jp = (x: number, lang: ExplainLang = 'id') => formatJp(x, lang);

/** What the stated JP of a row is called. */
export function basisOf(row: RuleRow, lang: ExplainLang = 'id'): string {
  const words = EXPLAIN_WORDS[lang];
  return row.basis ? words.basis(row.basis) : row.needsStatedJp ? words.evidenceJp : words.programJp;
}

function percent(factor: number, lang: ExplainLang = 'id'): string {
  return `${n((factor - 1) * 100, lang)}%`;
}

function baseText(calc: Calculation, lang: ExplainLang): string {
  const { base, row, factor } = calc;
  const w = EXPLAIN_WORDS[lang];
  const units = (qty: number) => w.units(row.unit, n(qty, lang), qty !== 1);
  const plus = factor === 1 ? '' : ` + ${percent(factor, lang)}`;
  switch (base.kind) {
    case 'rate':
      // "1 kegiatan × 20 JP + 20% = 24 JP": the factor is shown here unless a daily cap comes in between.
      return calc.daily
        ? `${units(base.qty)} × ${n(base.rate, lang)} JP = ${jp(calc.baseValue, lang)}`
        : `${units(base.qty)} × ${n(base.rate, lang)} JP${plus} = ${jp(calc.baseValue * factor, lang)}`;
    case 'certificate': {
      const conversion = base.qty === undefined ? `${n(base.rate, lang)} JP ${w.per(row.unit)}` : `${units(base.qty)} × ${n(base.rate, lang)} JP`;
      return `${w.certificateReplaces(jp(base.stated, lang), conversion)}${plus}`;
    }
    case 'program': {
      const source = row.needsStatedJp ? w.noRow(basisOf(row, lang)) : basisOf(row, lang);
      const stated = base.minutes !== undefined ? `${w.minutes(n(base.minutes, lang))} ÷ 45 = ${jp(base.stated, lang)}` : jp(base.stated, lang);
      return factor === 1 || calc.daily ? `${source} ${stated}` : `${source} ${stated}${plus} = ${jp(calc.baseValue * factor, lang)}`;
    }
  }
}

/** The arithmetic, step by step: base; daily cap; + 20%; per-activity cap. */
function steps(calc: Calculation, lang: ExplainLang): string[] {
  const w = EXPLAIN_WORDS[lang];
  const parts = [baseText(calc, lang)];
  let value = calc.baseValue;
  let lastIsCap = false;
  if (calc.daily) {
    parts.push(w.atMostPerDay(n(calc.daily.perUnit, lang), n(calc.daily.qty, lang), jp(calc.daily.limit, lang)));
    value = calc.daily.limit;
    lastIsCap = true;
  }
  if (calc.factor !== 1) {
    // Shown in the base text unless a cap came first, or the certificate text names it.
    if (calc.daily || calc.base.kind === 'certificate') {
      parts.push(`${jp(value, lang)} + ${percent(calc.factor, lang)} = ${jp(value * calc.factor, lang)}`);
      lastIsCap = false;
    }
    value *= calc.factor;
  }
  if (calc.activity) {
    const a = calc.activity;
    parts.push(w.atMostPerActivity(n(a.perUnit, lang), n(a.qty, lang), jp(a.limit, lang)));
    lastIsCap = true;
  }
  if (lastIsCap) parts[parts.length - 1] += `, ${w.counted(jp(calc.jp, lang))}`;
  return parts;
}

/** "2 sesi per bulan", "2 kali × 2 JP per bulan (Persyaratan, lama pelaksanaan)"; with a scope, that scope's JP. */
export function periodCapText(cap: PeriodCap, row: RuleRow, scope?: Scope, lang: ExplainLang = 'id'): string {
  const w = EXPLAIN_WORDS[lang];
  const per = w.perPeriod(cap.per);
  let amount: string;
  if (cap.jpEach) {
    const { nasional, internasional } = cap.jpEach;
    const times = w.times(n(cap.max, lang));
    amount =
      scope !== undefined
        ? `${times} × ${n(cap.jpEach[scope], lang)} JP ${per}`
        : nasional === internasional || row.internasional === null
          ? `${times} × ${n(nasional, lang)} JP ${per}`
          : `${times} × ${n(nasional, lang)} JP (${w.internationalEach(n(cap.max, lang), n(internasional, lang))}) ${per}`;
  } else {
    amount = row.unit === 'jp' ? `${w.times(n(cap.max, lang))} ${per}` : `${w.units(row.unit, n(cap.max, lang), cap.max !== 1)} ${per}`;
  }
  return cap.basis ? `${amount} (${cap.basis})` : amount;
}

/** What one occurrence of a unit is called when caps count them. */
export function occurrenceWord(unit: Unit): string {
  return unit === 'jp' ? 'kali' : UNIT_WORD[unit];
}

/**
 * Short explanation with its citations, e.g. "Seminar internasional: 2 hari × 6 JP = 12 JP (…)"; in English
 * ("Seminar / conference international: 2 days × 6 JP = 12 JP (…)") the citations keep the sources' words.
 */
export function explain(calc: Calculation, lang: ExplainLang = 'id'): { text: string; citations: string[] } {
  const w = EXPLAIN_WORDS[lang];
  const parts = steps(calc, lang);
  const citations = [calc.row.citation];
  const shownCitations = [calc.row.citation];
  if (calc.ignoredStatedJp !== undefined) parts.push(w.ignoredStatedJp(jp(calc.ignoredStatedJp, lang), calc.row.unit));
  if (calc.dailySkipped) parts.push(w.dailySkipped(n(calc.dailySkipped.perUnit, lang)));
  if (calc.daily?.citation) {
    citations.push(`batas per hari: ${calc.daily.citation}`);
    shownCitations.push(`${w.dailyLimit}: ${calc.daily.citation}`);
  }
  if (calc.activity?.citation) {
    citations.push(`batas per kegiatan: ${calc.activity.citation}`);
    shownCitations.push(`${w.activityLimit}: ${calc.activity.citation}`);
  }
  for (const cap of calc.row.periodCaps ?? []) {
    parts.push(w.capApplied(periodCapText(cap, calc.row, calc.scope, lang)));
    if (cap.citation !== calc.row.citation) {
      citations.push(`batas per ${cap.per === 'month' ? 'bulan' : 'tahun'}: ${cap.citation}`);
      shownCitations.push(`${w.periodLimit(cap.per)}: ${cap.citation}`);
    }
  }
  const shown = shownCitations.map((c, i) => (i === 0 ? c : shortenAgainst(c, calc.row.citation)));
  const label = lang === 'en' ? calc.form.labelEn : calc.form.label;
  const text = `${label} ${w.scope(calc.scope)}: ${parts.join('; ')} (${shown.join('; ')})`;
  return { text, citations };
}

/** "batas per hari: Pedoman X, IV.C.2.c.5" → "batas per hari: IV.C.2.c.5" when the document is the row's own. */
function shortenAgainst(citation: string, rowCitation: string): string {
  const doc = rowCitation.split(', ')[0];
  return doc ? citation.replace(`${doc}, `, '') : citation;
}

/** One column of a row as an HR officer reads it: "4 JP per hari", "JP program + 20%", "20 JP per kegiatan + 20%", "–". */
export function describeColumn(column: Column | null, row: RuleRow): string {
  if (!column) return '–';
  if (column.kind === 'rate') {
    const factor = column.factor ?? 1;
    return `${n(column.jp)} JP per ${UNIT_WORD[row.unit]}${factor === 1 ? '' : ` + ${percent(factor)}`}`;
  }
  const base = basisOf(row);
  return column.factor === 1 ? base : `${base} + ${percent(column.factor)}`;
}

/** The "+20%" of a column (1 when none). */
export function columnFactor(column: Column | null): number {
  if (!column) return 1;
  return column.kind === 'program' ? column.factor : (column.factor ?? 1);
}

/** Every limit of a row, e.g. "maks. 3 JP/hari (internasional 4); maks. 2 sesi per bulan". */
export function describeLimits(row: RuleRow): string {
  const out: string[] = [];
  const scoped = (nas: number, intl: number, per: string) =>
    nas === intl || row.internasional === null ? `maks. ${n(nas)} JP/${per}` : `maks. ${n(nas)} JP/${per} (internasional ${n(intl)})`;
  if (row.dailyCap) {
    // Shown as counted: the international factor included (belajar mandiri 2 / 2,4 JP per day).
    const text = scoped(row.dailyCap.nasional * columnFactor(row.nasional), row.dailyCap.internasional * columnFactor(row.internasional), 'hari');
    out.push(row.dailyCap.kind === 'limit' ? `${text}, bila jumlah hari diketahui` : text);
  }
  if (row.perActivityCap) out.push(scoped(row.perActivityCap.nasional, row.perActivityCap.internasional, 'kegiatan'));
  for (const cap of row.periodCaps ?? []) out.push(`maks. ${periodCapText(cap, row)}`);
  return out.length ? out.join('; ') : '–';
}

/** What a JP stated in the evidence does under a row, for the rules table. */
export function describeStatedJp(row: RuleRow): string {
  if (row.needsStatedJp) return 'dihitung (tanpa baris konversi)';
  if (row.unit === 'jp') return `sebagai ${basisOf(row)}`;
  return row.statedJpReplaces ? 'menggantikan konversi' : 'tidak dipakai';
}

/** Every citation of a row (conversion first, then limits that come from another place). */
export function rowCitations(row: RuleRow): string[] {
  const all = [row.citation, row.dailyCap?.citation, row.perActivityCap?.citation, ...(row.periodCaps ?? []).map((c) => c.citation)];
  return [...new Set(all.filter((c): c is string => Boolean(c)))];
}
