import { formatJp, formatNumber } from './format.js';
import type { Column, FormInfo, PeriodCap, ProfileDef, RuleRow, Scope, Unit } from './types.js';

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

const n = (x: number) => formatNumber(x);
const jp = (x: number) => formatJp(x);

/** What the stated JP of a row is called. */
export function basisOf(row: RuleRow): string {
  return row.basis ?? (row.needsStatedJp ? 'JP pada bukti dukung' : 'JP program');
}

function percent(factor: number): string {
  return `${n((factor - 1) * 100)}%`;
}

function baseText(calc: Calculation): string {
  const { base, row, factor } = calc;
  const unit = UNIT_WORD[row.unit];
  const plus = factor === 1 ? '' : ` + ${percent(factor)}`;
  switch (base.kind) {
    case 'rate':
      // "1 kegiatan × 20 JP + 20% = 24 JP": the factor is shown here unless a daily cap comes in between.
      return calc.daily
        ? `${n(base.qty)} ${unit} × ${n(base.rate)} JP = ${jp(calc.baseValue)}`
        : `${n(base.qty)} ${unit} × ${n(base.rate)} JP${plus} = ${jp(calc.baseValue * factor)}`;
    case 'certificate': {
      const conversion =
        base.qty === undefined ? `${n(base.rate)} JP per ${unit}` : `${n(base.qty)} ${unit} × ${n(base.rate)} JP`;
      return `JP tertera pada bukti dukung ${jp(base.stated)}, menggantikan konversi ${conversion}${plus}`;
    }
    case 'program': {
      const source = row.needsStatedJp ? `tidak ada baris konversi, dihitung ${basisOf(row)}` : basisOf(row);
      const stated = base.minutes !== undefined ? `${n(base.minutes)} menit ÷ 45 = ${jp(base.stated)}` : jp(base.stated);
      return factor === 1 || calc.daily ? `${source} ${stated}` : `${source} ${stated}${plus} = ${jp(calc.baseValue * factor)}`;
    }
  }
}

/** The arithmetic, step by step: base; daily cap; + 20%; per-activity cap. */
function steps(calc: Calculation): string[] {
  const parts = [baseText(calc)];
  let value = calc.baseValue;
  let lastIsCap = false;
  if (calc.daily) {
    parts.push(`paling tinggi ${n(calc.daily.perUnit)} JP per hari × ${n(calc.daily.qty)} hari = ${jp(calc.daily.limit)}`);
    value = calc.daily.limit;
    lastIsCap = true;
  }
  if (calc.factor !== 1) {
    // Shown in the base text unless a cap came first, or the certificate text names it.
    if (calc.daily || calc.base.kind === 'certificate') {
      parts.push(`${jp(value)} + ${percent(calc.factor)} = ${jp(value * calc.factor)}`);
      lastIsCap = false;
    }
    value *= calc.factor;
  }
  if (calc.activity) {
    const a = calc.activity;
    parts.push(`paling tinggi ${n(a.perUnit)} JP per kegiatan × ${n(a.qty)} kegiatan = ${jp(a.limit)}`);
    lastIsCap = true;
  }
  if (lastIsCap) parts[parts.length - 1] += `, dihitung ${jp(calc.jp)}`;
  return parts;
}

/** "2 sesi per bulan", "2 kali × 2 JP per bulan (Persyaratan, lama pelaksanaan)"; with a scope, that scope's JP. */
export function periodCapText(cap: PeriodCap, row: RuleRow, scope?: Scope): string {
  const per = cap.per === 'month' ? 'bulan' : 'tahun';
  let amount: string;
  if (cap.jpEach) {
    const { nasional, internasional } = cap.jpEach;
    amount =
      scope !== undefined
        ? `${n(cap.max)} kali × ${n(cap.jpEach[scope])} JP per ${per}`
        : nasional === internasional || row.internasional === null
          ? `${n(cap.max)} kali × ${n(nasional)} JP per ${per}`
          : `${n(cap.max)} kali × ${n(nasional)} JP (internasional ${n(cap.max)} × ${n(internasional)} JP) per ${per}`;
  } else {
    amount = `${n(cap.max)} ${occurrenceWord(row.unit)} per ${per}`;
  }
  return cap.basis ? `${amount} (${cap.basis})` : amount;
}

/** What one occurrence of a unit is called when caps count them. */
export function occurrenceWord(unit: Unit): string {
  return unit === 'jp' ? 'kali' : UNIT_WORD[unit];
}

/** Short Indonesian explanation with its citations, e.g. "Seminar internasional: 2 hari × 6 JP = 12 JP (…)". */
export function explain(calc: Calculation): { text: string; citations: string[] } {
  const parts = steps(calc);
  const citations = [calc.row.citation];
  const unit = UNIT_WORD[calc.row.unit];
  if (calc.ignoredStatedJp !== undefined) {
    parts.push(`JP pada bukti dukung (${jp(calc.ignoredStatedJp)}) tidak dipakai: sumbernya tidak menyebut JP bukti dukung menggantikan konversi per ${unit}`);
  }
  if (calc.dailySkipped) {
    parts.push(`batas ${n(calc.dailySkipped.perUnit)} JP per hari tidak diperiksa karena jumlah hari tidak diketahui`);
  }
  if (calc.daily?.citation) citations.push(`batas per hari: ${calc.daily.citation}`);
  if (calc.activity?.citation) citations.push(`batas per kegiatan: ${calc.activity.citation}`);
  for (const cap of calc.row.periodCaps ?? []) {
    parts.push(`batas ${periodCapText(cap, calc.row, calc.scope)} diterapkan saat rekap`);
    if (cap.citation !== calc.row.citation) citations.push(`batas per ${cap.per === 'month' ? 'bulan' : 'tahun'}: ${cap.citation}`);
  }
  const shown = citations.map((c, i) => (i === 0 ? c : shortenAgainst(c, calc.row.citation)));
  const text = `${calc.form.label} ${calc.scope}: ${parts.join('; ')} (${shown.join('; ')})`;
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
