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
  /** In `unit`: sessions / activities / days, or JP for caps counted in JP (`PeriodCap.jpEach`). */
  claimed: number;
  counted: number;
  unit: Unit;
  /** Indonesian, e.g. "coaching: 3 sesi di Maret 2026, dihitung 2". */
  message: string;
}

export interface CapResult {
  total: number;
  /**
   * `periods` (capped forms only): what the item counts in each capped period it was placed in, in the cap's
   * units (sessions / activities / days, or occurrences of `jpEach` JP), e.g. `{ "2026-03": 2, "2026-04": 3 }`.
   */
  items: { id: string; jp: number; counted: number; periods?: Record<string, number> }[];
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
 * - `rate`: a fixed JP per unit (day / activity / session / semester); `factor` (default 1) is a "+20%"
 *   the source puts on top of it, and on a stated programme JP that replaces it (detasering / outbond
 *   internasional: "20 JP ditambahkan 20% dari JP Program");
 * - `program`: the programme JP (or the JP stated in the evidence) times `factor` (1, or 1.2 for "+20%").
 */
export type Column = { kind: 'rate'; jp: number; factor?: number } | { kind: 'program'; factor: number };

/** A limit that depends on the scope, with the row it comes from when that differs from the conversion row. */
export interface ScopedLimit {
  nasional: number;
  internasional: number;
  citation?: string;
}

/**
 * At most `nasional` / `internasional` JP per day, applied to the JP *before* the column's international
 * factor (so "maks. 2 JP sehari, internasional +20%" is `{2, 2}` with factor 1.2 = 2,4 JP per day).
 * - `conversion`: the conversion itself is "paling tinggi N JP sehari" (e-learning, belajar mandiri,
 *   komunitas belajar): the days are required;
 * - `limit`: a limit stated beside the conversion (Kutai Barat "maksimal 8 JP per hari" under
 *   Karakteristik): checked only when the days are known.
 */
export interface DailyCap extends ScopedLimit {
  kind: 'conversion' | 'limit';
}

/** A cap applied across records when totals are computed (see applyCaps). */
export interface PeriodCap {
  per: 'month' | 'year';
  /**
   * Occurrences counted per period: sessions / activities / semesters (count), days for day forms; with
   * `jpEach`, occurrences of `jpEach[scope]` JP each, i.e. at most `max × jpEach[scope]` JP per period
   * ("maksimal 2x dalam 1 bulan, dengan durasi kegiatan selama 2 JP").
   */
  max: number;
  /** JP of one occurrence, when the cap is counted in JP. */
  jpEach?: { nasional: number; internasional: number };
  /** Where the source states the limit when it is not the conversion itself, e.g. "Persyaratan, lama pelaksanaan". */
  basis?: string;
  citation: string;
}

/** One row of a profile: how one form converts to JP. Pure data, read by compute.ts and caps.ts. */
export interface RuleRow {
  unit: Unit;
  /** The row's number in its source table ("7" for LAN B.1 no. 7, "IV.C.2" in the Kutai Barat pedoman); absent where the source has no row. */
  no?: string;
  nasional: Column;
  /** `null` = the source has "–": no international variant. */
  internasional: Column | null;
  /** No conversion row: the JP stated in the evidence is counted (lainnya, forms without a row). */
  needsStatedJp?: boolean;
  /**
   * The source lets a JP stated in the evidence replace the row's day / activity conversion ("dalam hal
   * tidak disebutkan pada bukti dukung"). Where false, a stated JP given for a rate row is not used.
   * On rows measured in JP the stated figure is the programme JP itself and this flag changes nothing.
   */
  statedJpReplaces: boolean;
  /** What the stated JP of a `program` column is, e.g. "JP akses daring"; default "JP program" (or "JP pada bukti dukung"). */
  basis?: string;
  /** What is needed when the JP of a `program` column is missing, after "perlu " (Indonesian); default from `basis`. */
  jpHint?: string;
  dailyCap?: DailyCap;
  /** JP = min(JP, cap × count), after the international factor. */
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
  /** A JP stated on the certificate replaces the day / activity conversion (ask for it only then). */
  statedJpReplaces: boolean;
  /** Most JP counted per day, international factor included (e.g. belajar mandiri 2 / 2,4). */
  dailyCap?: { nasional: number; internasional: number };
  perActivityCap?: { nasional: number; internasional: number };
  periodCaps?: { per: 'month' | 'year'; max: number; jpEach?: { nasional: number; internasional: number } }[];
  citation: string;
}
