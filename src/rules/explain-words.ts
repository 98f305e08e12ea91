import type { Scope, Unit } from './types.js';

export type ExplainLang = 'id' | 'en';

/**
 * The words of a JP explanation in one language. The citations stay as the sources word them (they are
 * Indonesian regulations); the rest follows the reader's language.
 */
export interface ExplainWords {
  /** "2 hari" / "2 days": the count with its unit word. */
  units(unit: Unit, count: string, plural: boolean): string;
  /** "per hari" / "per day". */
  per(unit: Unit): string;
  scope(scope: Scope): string;
  /** A row's basis as the source words it ("JP akses daring"), in this language. */
  basis(basis: string): string;
  programJp: string;
  evidenceJp: string;
  certificateReplaces(stated: string, conversion: string): string;
  noRow(basis: string): string;
  minutes(count: string): string;
  atMostPerDay(perUnit: string, days: string, limit: string): string;
  atMostPerActivity(perUnit: string, count: string, limit: string): string;
  counted(jp: string): string;
  ignoredStatedJp(jp: string, unit: Unit): string;
  dailySkipped(perUnit: string): string;
  capApplied(cap: string): string;
  times(count: string): string;
  perPeriod(per: 'month' | 'year'): string;
  internationalEach(max: string, jp: string): string;
  dailyLimit: string;
  activityLimit: string;
  periodLimit(per: 'month' | 'year'): string;
}

const ID_UNIT: Record<Unit, string> = { jp: 'JP', day: 'hari', activity: 'kegiatan', session: 'sesi', semester: 'semester' };
const EN_UNIT: Record<Unit, [string, string]> = {
  jp: ['JP', 'JP'],
  day: ['day', 'days'],
  activity: ['activity', 'activities'],
  session: ['session', 'sessions'],
  semester: ['semester', 'semesters'],
};

const id: ExplainWords = {
  units: (unit, count) => `${count} ${ID_UNIT[unit]}`,
  per: (unit) => `per ${ID_UNIT[unit]}`,
  scope: (scope) => scope,
  basis: (basis) => basis,
  programJp: 'JP program',
  evidenceJp: 'JP pada bukti dukung',
  certificateReplaces: (stated, conversion) => `JP tertera pada bukti dukung ${stated}, menggantikan konversi ${conversion}`,
  noRow: (basis) => `tidak ada baris konversi, dihitung ${basis}`,
  minutes: (count) => `${count} menit`,
  atMostPerDay: (perUnit, days, limit) => `paling tinggi ${perUnit} JP per hari × ${days} hari = ${limit}`,
  atMostPerActivity: (perUnit, count, limit) => `paling tinggi ${perUnit} JP per kegiatan × ${count} kegiatan = ${limit}`,
  counted: (jp) => `dihitung ${jp}`,
  ignoredStatedJp: (jp, unit) =>
    `JP pada bukti dukung (${jp}) tidak dipakai: sumbernya tidak menyebut JP bukti dukung menggantikan konversi per ${ID_UNIT[unit]}`,
  dailySkipped: (perUnit) => `batas ${perUnit} JP per hari tidak diperiksa karena jumlah hari tidak diketahui`,
  capApplied: (cap) => `batas ${cap} diterapkan saat rekap`,
  times: (count) => `${count} kali`,
  perPeriod: (per) => (per === 'month' ? 'per bulan' : 'per tahun'),
  internationalEach: (max, jp) => `internasional ${max} × ${jp} JP`,
  dailyLimit: 'batas per hari',
  activityLimit: 'batas per kegiatan',
  periodLimit: (per) => `batas per ${per === 'month' ? 'bulan' : 'tahun'}`,
};

/** The bases the profiles use, in English; another basis is shown as the source words it. */
const EN_BASIS: Record<string, string> = {
  'JP program': 'programme JP',
  'JP pada bukti dukung': 'JP on the supporting document',
  'JP akses daring': 'JP of online access',
  'JP sesuai durasi magang': 'JP by the length of the internship',
  'jam belajar (JP)': 'hours studied (JP)',
};

const en: ExplainWords = {
  units: (unit, count, plural) => `${count} ${EN_UNIT[unit][plural ? 1 : 0]}`,
  per: (unit) => `per ${EN_UNIT[unit][0]}`,
  scope: (scope) => (scope === 'internasional' ? 'international' : 'national'),
  basis: (basis) => EN_BASIS[basis] ?? basis,
  programJp: 'programme JP',
  evidenceJp: 'JP on the supporting document',
  certificateReplaces: (stated, conversion) => `JP stated on the supporting document ${stated}, replacing the conversion ${conversion}`,
  noRow: (basis) => `no conversion row, counted as ${basis}`,
  minutes: (count) => `${count} minutes`,
  atMostPerDay: (perUnit, days, limit) => `at most ${perUnit} JP per day × ${days} days = ${limit}`,
  atMostPerActivity: (perUnit, count, limit) => `at most ${perUnit} JP per activity × ${count} activities = ${limit}`,
  counted: (jp) => `counted ${jp}`,
  ignoredStatedJp: (jp, unit) =>
    `the JP on the supporting document (${jp}) is not used: the source does not let it replace the conversion per ${EN_UNIT[unit][0]}`,
  dailySkipped: (perUnit) => `the limit of ${perUnit} JP per day was not checked because the number of days is not known`,
  capApplied: (cap) => `the limit of ${cap} is applied in the totals`,
  times: (count) => `${count} times`,
  perPeriod: (per) => (per === 'month' ? 'per month' : 'per year'),
  internationalEach: (max, jp) => `international ${max} × ${jp} JP`,
  dailyLimit: 'daily limit',
  activityLimit: 'per-activity limit',
  periodLimit: (per) => (per === 'month' ? 'monthly limit' : 'yearly limit'),
};

export const EXPLAIN_WORDS: Record<ExplainLang, ExplainWords> = { id, en };
