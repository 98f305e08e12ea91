import { formatJp, formatNumber } from './format.js';
import type { Column, FormInfo, PeriodCap, ProfileDef, RuleRow, Scope, Unit } from './types.js';

/** The figures of one computation, rendered by explain(). */
export interface Calculation {
  form: FormInfo;
  row: RuleRow;
  profile: ProfileDef;
  scope: Scope;
  base:
    | { kind: 'rate'; qty: number; rate: number }
    | { kind: 'certificate'; stated: number; rate: number; qty?: number }
    | { kind: 'program'; stated: number; minutes?: number; factor: number };
  /** JP before the daily / per-activity cap. */
  value: number;
  /** Final JP. */
  jp: number;
  /** Present only when a cap cut the value. */
  cap?: { kind: 'daily' | 'activity'; perUnit: number; qty: number; limit: number; citation?: string };
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
function basisOf(row: RuleRow): string {
  return row.basis ?? (row.needsStatedJp ? 'JP pada bukti dukung' : 'JP program');
}

function percent(factor: number): string {
  return `${n((factor - 1) * 100)}%`;
}

function baseText(calc: Calculation): string {
  const { base, row } = calc;
  const unit = UNIT_WORD[row.unit];
  switch (base.kind) {
    case 'rate':
      return `${n(base.qty)} ${unit} × ${n(base.rate)} JP = ${jp(calc.value)}`;
    case 'certificate': {
      const conversion =
        base.qty === undefined ? `${n(base.rate)} JP per ${unit}` : `${n(base.qty)} ${unit} × ${n(base.rate)} JP`;
      return `JP tertera pada bukti dukung ${jp(base.stated)}, menggantikan konversi ${conversion}`;
    }
    case 'program': {
      const source = row.needsStatedJp ? `tidak ada baris konversi, dihitung ${basisOf(row)}` : basisOf(row);
      const stated = base.minutes !== undefined ? `${n(base.minutes)} menit ÷ 45 = ${jp(base.stated)}` : jp(base.stated);
      return base.factor === 1 ? `${source} ${stated}` : `${source} ${stated} + ${percent(base.factor)} = ${jp(calc.value)}`;
    }
  }
}

function capText(calc: Calculation): string | undefined {
  const cap = calc.cap;
  if (!cap) return undefined;
  const per = cap.kind === 'daily' ? `${n(cap.perUnit)} JP per hari × ${n(cap.qty)} hari` : `${n(cap.perUnit)} JP per kegiatan × ${n(cap.qty)} kegiatan`;
  return `paling tinggi ${per} = ${jp(cap.limit)}, dihitung ${jp(calc.jp)}`;
}

/** "batas 2 sesi per bulan" */
export function periodCapText(cap: PeriodCap, row: RuleRow): string {
  const word = occurrenceUnit(row) === 'day' ? 'hari' : UNIT_WORD[row.unit] === 'JP' ? 'kali' : UNIT_WORD[row.unit];
  return `${n(cap.max)} ${word} per ${cap.per === 'month' ? 'bulan' : 'tahun'}`;
}

/** What one occurrence is when caps count them: days for day forms and daily-capped JP forms, else the unit. */
export function occurrenceUnit(row: RuleRow): Unit {
  if (row.unit === 'day' || (row.unit === 'jp' && row.dailyCap)) return 'day';
  return row.unit;
}

/** Short Indonesian explanation with its citations, e.g. "Seminar internasional: 2 hari × 6 JP = 12 JP (…)". */
export function explain(calc: Calculation): { text: string; citations: string[] } {
  const parts = [baseText(calc)];
  const citations = [calc.row.citation];
  const capPart = capText(calc);
  if (capPart) parts.push(capPart);
  if (calc.cap?.citation) citations.push(`batas per ${calc.cap.kind === 'daily' ? 'hari' : 'kegiatan'}: ${calc.cap.citation}`);
  for (const cap of calc.row.periodCaps ?? []) {
    parts.push(`batas ${periodCapText(cap, calc.row)} diterapkan saat rekap`);
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

/** One column of a row as an HR officer reads it: "4 JP per hari", "JP program + 20%", "–". */
export function describeColumn(column: Column | null, row: RuleRow): string {
  if (!column) return '–';
  if (column.kind === 'rate') return `${n(column.jp)} JP per ${UNIT_WORD[row.unit]}`;
  const base = basisOf(row);
  return column.factor === 1 ? base : `${base} + ${percent(column.factor)}`;
}

/** Every limit of a row, e.g. "maks. 3 JP/hari (intl 4 JP/hari); maks. 2 sesi per bulan". */
export function describeLimits(row: RuleRow): string {
  const out: string[] = [];
  const scoped = (l: { nasional: number; internasional: number }, per: string) =>
    l.nasional === l.internasional || row.internasional === null
      ? `maks. ${n(l.nasional)} JP/${per}`
      : `maks. ${n(l.nasional)} JP/${per} (internasional ${n(l.internasional)})`;
  if (row.dailyCap) out.push(scoped(row.dailyCap, 'hari'));
  if (row.perActivityCap) out.push(scoped(row.perActivityCap, 'kegiatan'));
  for (const cap of row.periodCaps ?? []) out.push(`maks. ${periodCapText(cap, row)}`);
  return out.length ? out.join('; ') : '–';
}

/** Every citation of a row (conversion first, then limits that come from another place). */
export function rowCitations(row: RuleRow): string[] {
  const all = [row.citation, row.dailyCap?.citation, row.perActivityCap?.citation, ...(row.periodCaps ?? []).map((c) => c.citation)];
  return [...new Set(all.filter((c): c is string => Boolean(c)))];
}
