/** Public types of the JP rules engine. Rules are data; see catalog.ts and profiles/. */

export type Scope = 'nasional' | 'internasional';

/** The unit a form is measured in (domain.md, column "unit"). */
export type Unit = 'jp' | 'day' | 'activity' | 'session' | 'semester';

export type Jalur = 'pendidikan' | 'klasikal' | 'nonklasikal';

/** The inputs of one activity, as reported. */
export interface ActivityInput {
  /** Form key, e.g. `seminar`, `e-learning`. */
  type: string;
  scope: Scope;
  /** Calendar days of the activity or of online access. */
  days?: number;
  /** Activities / sessions / semesters; default 1. */
  count?: number;
  /** Program JP or the JP stated on the certificate. */
  jp?: number;
  /** Duration in minutes, converted at 45 minutes per JP where a form is measured in JP. */
  durationMinutes?: number;
  /** ISO dates YYYY-MM-DD. */
  start?: string;
  end?: string;
}

export interface JpResult {
  type: string;
  scope: Scope;
  profile: string;
  unit: Unit;
  /** Two decimals, never rounded to whole JP. */
  jp: number;
  /** Short Indonesian explanation with the citation. */
  explanation: string;
  citation: string;
}

export type RuleErrorCode =
  | 'unknown-type'
  | 'unknown-profile'
  | 'invalid-number'
  | 'scope-not-allowed'
  | 'missing-input'
  | 'bad-dates';

export class RuleError extends Error {
  constructor(
    public readonly code: RuleErrorCode,
    message: string,
    public readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'RuleError';
  }
}

/** One counted activity handed to the cross-record cap pass. */
export interface CapItem {
  id: string;
  input: ActivityInput;
  /** JP of the activity on its own (computeJp result). */
  jp: number;
}

export interface CapNote {
  type: string;
  /** `YYYY-MM` for a monthly cap, `YYYY` for a yearly one. */
  period: string;
  claimed: number;
  counted: number;
  unit: Unit;
  /** Indonesian, e.g. "coaching: 3 sesi di Maret 2026, dihitung 2". */
  message: string;
}

export interface CapResult {
  total: number;
  items: { id: string; jp: number; counted: number }[];
  byType: Record<string, number>;
  notes: CapNote[];
}

/* ---------- Catalog and profile data (added by the rules engine) ---------- */

/** One form of bangkom in the catalog. */
export interface FormInfo {
  key: string;
  jalur: Jalur;
  /** Indonesian label. */
  label: string;
  labelEn: string;
  synonyms: string[];
}

/**
 * One column (nasional or internasional) of a conversion row.
 * - `rate`: a fixed JP per unit (day / activity / session / semester);
 * - `program`: the programme JP (or the JP stated in the evidence) times `factor` (1, or 1.2 for "+20%").
 */
export type Column = { kind: 'rate'; jp: number } | { kind: 'program'; factor: number };

/** A limit that depends on the scope, with the row it comes from when that differs from the conversion row. */
export interface ScopedLimit {
  nasional: number;
  internasional: number;
  citation?: string;
}

/** A cap applied across records when totals are computed (see applyCaps). */
export interface PeriodCap {
  per: 'month' | 'year';
  /** Occurrences counted per period (sessions, activities, or days, depending on the unit). */
  max: number;
  citation: string;
}

/** One row of a profile: how one form converts to JP. Pure data, read by compute.ts and caps.ts. */
export interface RuleRow {
  unit: Unit;
  nasional: Column;
  /** `null` = the source has "–": no international variant. */
  internasional: Column | null;
  /** No conversion row: the JP stated in the evidence is counted (lainnya, forms without a row). */
  needsStatedJp?: boolean;
  /** What the stated JP of a `program` column is, e.g. "JP akses daring"; default "JP program" (or "JP pada bukti dukung"). */
  basis?: string;
  /** JP = min(claimed, cap × days). */
  dailyCap?: ScopedLimit;
  /** JP = min(claimed, cap × count). */
  perActivityCap?: ScopedLimit;
  periodCaps?: PeriodCap[];
  citation: string;
}

export interface ProfileInfo {
  id: string;
  name: string;
  description: string;
}

export interface ProfileDef extends ProfileInfo {
  /** Every catalog key must have a row. */
  rows: Record<string, RuleRow>;
}

/** What the conversation engine needs to know about a form under a profile. */
export interface FormRuleInfo {
  key: string;
  unit: Unit;
  internationalAllowed: boolean;
  needsStatedJp: boolean;
  dailyCap?: { nasional: number; internasional: number };
  perActivityCap?: { nasional: number; internasional: number };
  periodCaps?: { per: 'month' | 'year'; max: number }[];
  citation: string;
}
