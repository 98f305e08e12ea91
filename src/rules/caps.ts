import { activityYear, calendarDays, dateRange, monthLabel, monthsTouched } from './dates.js';
import { occurrenceUnit, UNIT_WORD } from './explain.js';
import { formatNumber, round2 } from './format.js';
import { DEFAULT_PROFILE, getProfile, getRow } from './profiles/index.js';
import type { CapItem, CapNote, CapResult, PeriodCap, RuleRow, Unit } from './types.js';
import { checkNonNegative, checkPositive } from './validate.js';

/** One item during allocation: how many occurrences it claims and how many are still allowed. */
interface Slot {
  item: CapItem;
  row: RuleRow;
  index: number;
  occurrences: number;
  allowed: number;
  /** Start date (else end date) in ms; undefined without dates: such items cannot be placed in a period. */
  at?: number;
}

/** Sessions / activities / semesters = count; day forms and daily-capped JP forms = days; other JP forms = 1. */
function occurrencesOf(item: CapItem, row: RuleRow): number {
  const unit = occurrenceUnit(row);
  if (unit === 'day') {
    checkPositive('days', item.input.days, true);
    return item.input.days ?? calendarDays(item.input) ?? 1;
  }
  if (unit === 'jp') return 1;
  checkPositive('count', item.input.count, true);
  return item.input.count ?? 1;
}

function word(unit: Unit): string {
  return unit === 'jp' ? 'kali' : UNIT_WORD[unit];
}

/** Per-period tallies of one cap pass, turned into notes where something was cut. */
class Tally {
  private readonly periods = new Map<string, { claimed: number; counted: number }>();
  add(period: string, claimed: number, counted: number): void {
    const t = this.periods.get(period) ?? { claimed: 0, counted: 0 };
    t.claimed += claimed;
    t.counted += counted;
    this.periods.set(period, t);
  }
  notes(type: string, unit: Unit): CapNote[] {
    return [...this.periods.entries()]
      .filter(([, t]) => t.claimed > t.counted)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([period, t]) => {
        const when = period.length === 7 ? monthLabel(period) : `tahun ${period}`;
        const message = `${type}: ${formatNumber(t.claimed)} ${word(unit)} di ${when}, dihitung ${formatNumber(t.counted)}`;
        return { type, period, claimed: round2(t.claimed), counted: round2(t.counted), unit, message };
      });
  }
}

/** A report's occurrences fill the months its dates touch, in order, sharing each month's room with earlier reports. */
function allocateMonthly(slots: Slot[], cap: PeriodCap, tally: Tally): void {
  const used = new Map<string, number>();
  for (const slot of slots) {
    const months = monthsTouched(slot.item.input);
    let left = slot.allowed;
    let taken = 0;
    for (const month of months) {
      const take = Math.min(Math.max(0, cap.max - (used.get(month) ?? 0)), left);
      used.set(month, (used.get(month) ?? 0) + take);
      tally.add(month, take, take);
      left -= take;
      taken += take;
      if (left === 0) break;
    }
    // What no month had room for is reported against the last month touched.
    if (left > 0) tally.add(months[months.length - 1]!, left, 0);
    slot.allowed = taken;
  }
}

/** An activity belongs to the year of its end date; each year has room for `cap.max` occurrences. */
function allocateYearly(slots: Slot[], cap: PeriodCap, tally: Tally): void {
  const used = new Map<number, number>();
  for (const slot of slots) {
    const year = activityYear(slot.item.input)!;
    const take = Math.min(Math.max(0, cap.max - (used.get(year) ?? 0)), slot.allowed);
    used.set(year, (used.get(year) ?? 0) + take);
    tally.add(String(year), slot.allowed, take);
    slot.allowed = take;
  }
}

/**
 * Caps across records, applied when totals are computed over one employee's counted activities:
 * sessions / activities / days per calendar month or per year, as the profile's rows say.
 * Allocation is chronological (start date, then id). An item keeps the share of its own JP that
 * its allowed occurrences represent, so it is never worth more than its own conversion.
 * Items without dates cannot be placed in a period and are counted in full.
 */
export function applyCaps(items: CapItem[], profileId: string = DEFAULT_PROFILE): CapResult {
  const profile = getProfile(profileId);
  const slots: Slot[] = items.map((item, index) => {
    const row = getRow(profile, item.input.type);
    checkNonNegative(`jp (${item.id})`, item.jp);
    const occurrences = occurrencesOf(item, row);
    return { item, row, index, occurrences, allowed: occurrences, at: dateRange(item.input)?.start.getTime() };
  });

  const notes: CapNote[] = [];
  const types = [...new Set(slots.map((s) => s.item.input.type))];
  for (const type of types) {
    const row = getRow(profile, type);
    if (!row.periodCaps?.length) continue;
    const group = slots
      .filter((s) => s.item.input.type === type && s.at !== undefined)
      .sort((a, b) => a.at! - b.at! || compareIds(a.item.id, b.item.id) || a.index - b.index);
    for (const cap of row.periodCaps) {
      const tally = new Tally();
      if (cap.per === 'month') allocateMonthly(group, cap, tally);
      else allocateYearly(group, cap, tally);
      notes.push(...tally.notes(type, occurrenceUnit(row)));
    }
  }

  const byType: Record<string, number> = {};
  const out = slots.map((s) => {
    const counted = s.allowed >= s.occurrences ? s.item.jp : round2((s.item.jp * s.allowed) / s.occurrences);
    byType[s.item.input.type] = round2((byType[s.item.input.type] ?? 0) + counted);
    return { id: s.item.id, jp: s.item.jp, counted };
  });
  const total = round2(out.reduce((sum, i) => sum + i.counted, 0));
  return { total, items: out, byType, notes };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
