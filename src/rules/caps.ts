import { activityYear, calendarDays, dateRange, daysPerMonth, monthLabel } from './dates.js';
import { occurrenceWord } from './explain.js';
import { formatNumber, round2 } from './format.js';
import { DEFAULT_PROFILE, getProfile, getRow } from './profiles/index.js';
import { RuleError, type CapItem, type CapNote, type CapResult, type PeriodCap, type RuleRow, type Scope, type Unit } from './types.js';
import { checkNonNegative, checkPositive, checkScope } from './validate.js';

/** Floating-point slack when comparing amounts of room. */
const EPS = 1e-9;

/** One item during allocation. */
interface Slot {
  item: CapItem;
  row: RuleRow;
  scope: Scope;
  index: number;
  /** Share of the item's own JP still counted after the caps applied so far (1 = all of it). */
  fraction: number;
  /** Start date in ms (for ordering). */
  start: number;
  year: number;
  /** Days of the date span in each month it touches. */
  monthDays: Map<string, number>;
  /** Days the item was held on (given days, at most the span), for forms whose JP is earned per day. */
  days?: number;
  /** Units counted per capped period, for the result. */
  periods: Record<string, number>;
}

/** Forms whose JP is earned per day (unit day, or JP with a per-day maximum): their days lie in the months of their dates. */
function earnedPerDay(row: RuleRow): boolean {
  return row.unit === 'day' || (row.unit === 'jp' && row.dailyCap !== undefined);
}

/**
 * What the item claims, in the cap's units: occurrences of `jpEach` JP (JP ÷ JP per occurrence) when the cap is
 * counted in JP; days for day forms; else the reported count (sessions / activities / semesters / times).
 */
function claimOf(slot: Slot, cap: PeriodCap): number {
  if (cap.jpEach) return slot.item.jp / cap.jpEach[slot.scope];
  const input = slot.item.input;
  if (slot.row.unit === 'day') {
    checkPositive('days', input.days, true);
    return input.days ?? calendarDays(input) ?? 1;
  }
  checkPositive('count', input.count, true);
  return input.count ?? 1;
}

/**
 * The most of `claim` each period may take: a yearly cap, or a form counted per report, may take it all in
 * any period it touches; a form earned per day takes at most its days in that month (spread evenly over
 * its days), so a report never uses a month's room for days it does not have in that month.
 */
function periodLimits(slot: Slot, cap: PeriodCap, claim: number): Map<string, number> {
  if (cap.per === 'year') return new Map([[String(slot.year), claim]]);
  const out = new Map<string, number>();
  const perDay = slot.days !== undefined && earnedPerDay(slot.row);
  for (const [month, days] of slot.monthDays) {
    out.set(month, perDay ? (Math.min(slot.days!, days) / slot.days!) * claim : claim);
  }
  return out;
}

interface Entry {
  slot: Slot;
  claim: number;
  /** JP of one unit of the claim (for ordering and notes). */
  jpPerUnit: number;
  limits: Map<string, number>;
  placed: Map<string, number>;
}

/** Per-period tallies of one cap pass, turned into notes where something was cut. */
class Tally {
  private readonly periods = new Map<string, { claimed: number; counted: number; claimedJp: number; countedJp: number }>();
  add(period: string, claimed: number, counted: number, jpPerUnit: number): void {
    const t = this.periods.get(period) ?? { claimed: 0, counted: 0, claimedJp: 0, countedJp: 0 };
    t.claimed += claimed;
    t.counted += counted;
    t.claimedJp += claimed * jpPerUnit;
    t.countedJp += counted * jpPerUnit;
    this.periods.set(period, t);
  }
  notes(type: string, cap: PeriodCap, row: RuleRow): CapNote[] {
    const inJp = cap.jpEach !== undefined;
    const unit: Unit = inJp ? 'jp' : row.unit;
    return [...this.periods.entries()]
      .map(([period, t]) => ({ period, claimed: round2(inJp ? t.claimedJp : t.claimed), counted: round2(inJp ? t.countedJp : t.counted) }))
      .filter((t) => t.claimed > t.counted)
      .sort((a, b) => a.period.localeCompare(b.period))
      .map(({ period, claimed, counted }) => {
        const when = period.length === 7 ? `di ${monthLabel(period)}` : `di tahun ${period}`;
        const what = inJp ? `${formatNumber(claimed)} JP` : `${formatNumber(claimed)} ${occurrenceWord(row.unit)}`;
        const message = `${type}: ${what} ${when}, dihitung ${formatNumber(counted)}${inJp ? ' JP' : ''}`;
        return { type, period, claimed, counted, unit, message };
      });
  }
}

/** Higher JP per unit first (so the cap keeps the most JP), then fewer periods, then chronological, then by id and input order. */
function byValue(a: Entry, b: Entry): number {
  return (
    b.jpPerUnit - a.jpPerUnit ||
    a.limits.size - b.limits.size ||
    a.slot.start - b.slot.start ||
    compareIds(a.slot.item.id, b.slot.item.id) ||
    a.slot.index - b.slot.index
  );
}

/**
 * One cap over the items of one form. Deterministic heuristic, so that order does not undercount:
 * 1. items that fall in a single period first, the highest JP per unit first, then chronologically;
 * 2. then items spread over several months (fewest months first), each unit into the least-used month it
 *    may still use (ties: the earlier month).
 * Every period takes at most `cap.max` units in all; an item never takes more than its claim.
 */
function allocate(group: Slot[], cap: PeriodCap, tally: Tally): void {
  const used = new Map<string, number>();
  const room = (period: string) => cap.max - (used.get(period) ?? 0);
  const entries: Entry[] = group.map((slot) => {
    const q = claimOf(slot, cap);
    const claim = q * slot.fraction;
    return { slot, claim, jpPerUnit: q > 0 ? slot.item.jp / q : 0, limits: periodLimits(slot, cap, claim), placed: new Map() };
  });
  const place = (e: Entry, period: string, amount: number) => {
    e.placed.set(period, (e.placed.get(period) ?? 0) + amount);
    used.set(period, (used.get(period) ?? 0) + amount);
  };

  const single = entries.filter((e) => e.limits.size === 1).sort(byValue);
  const multi = entries.filter((e) => e.limits.size > 1).sort(byValue);
  for (const e of single) {
    const [period, limit] = [...e.limits][0]!;
    place(e, period, Math.max(0, Math.min(e.claim, limit, room(period))));
  }
  for (const e of multi) {
    let left = e.claim;
    while (left > EPS) {
      let best: string | undefined;
      for (const [period, limit] of e.limits) {
        if (room(period) <= EPS || limit - (e.placed.get(period) ?? 0) <= EPS) continue;
        if (best === undefined || (used.get(period) ?? 0) < (used.get(best) ?? 0) - EPS) best = period;
      }
      if (best === undefined) break;
      const step = Math.min(left, 1, room(best), e.limits.get(best)! - (e.placed.get(best) ?? 0));
      place(e, best, step);
      left -= step;
    }
  }

  for (const e of entries) {
    const total = [...e.placed.values()].reduce((s, v) => s + v, 0);
    // Claimed but not counted: put against the periods that still had room in the item's limits, latest first.
    let unplaced = Math.max(0, e.claim - total);
    const periods = [...e.limits.keys()];
    const claimed = new Map(periods.map((p) => [p, e.placed.get(p) ?? 0]));
    for (const p of [...periods].reverse()) {
      const extra = Math.min(unplaced, e.limits.get(p)! - claimed.get(p)!);
      if (extra <= 0) continue;
      claimed.set(p, claimed.get(p)! + extra);
      unplaced -= extra;
    }
    if (unplaced > EPS) claimed.set(periods[periods.length - 1]!, claimed.get(periods[periods.length - 1]!)! + unplaced);
    for (const p of periods) {
      tally.add(p, claimed.get(p)!, e.placed.get(p) ?? 0, e.jpPerUnit);
      e.slot.periods[p] = round2(e.placed.get(p) ?? 0);
    }
    const q = claimOf(e.slot, cap);
    if (q > 0) e.slot.fraction = Math.min(1, total / q);
  }
}

/**
 * Caps across records, applied when totals are computed over one employee's counted activities:
 * sessions / activities / days (or JP, `PeriodCap.jpEach`) per calendar month or per year, as the
 * profile's rows say. A report counts in the calendar months its dates touch, at most the cap in each
 * month, shared with every other report of that month (see allocate() for the order); a form earned per
 * day uses a month only for its days in that month. An activity belongs to the year of its end date.
 * An item keeps the share of its own JP that its counted units represent, so it is never worth more than
 * its own conversion and the total is never above the sum of the parts. Items of a capped form need dates
 * (RuleError 'missing-input', params.field 'dates'): a cap per month or year cannot be placed without them.
 */
export function applyCaps(items: CapItem[], profileId: string = DEFAULT_PROFILE): CapResult {
  const profile = getProfile(profileId);
  const slots: Slot[] = items.map((item, index) => {
    const row = getRow(profile, item.input.type);
    checkNonNegative(`jp (${item.id})`, item.jp);
    checkScope(item.input.scope);
    const slot: Slot = { item, row, scope: item.input.scope, index, fraction: 1, start: 0, year: 0, monthDays: new Map(), periods: {} };
    if (!row.periodCaps?.length) return slot;
    const range = dateRange(item.input);
    if (!range) {
      throw new RuleError(
        'missing-input',
        `Tanggal kegiatan ${item.id} (${item.input.type}) diperlukan untuk menerapkan batas per bulan/tahun`,
        { type: item.input.type, id: item.id, field: 'dates' },
      );
    }
    checkPositive('days', item.input.days, true);
    slot.start = range.start.getTime();
    slot.year = activityYear(item.input)!;
    slot.monthDays = daysPerMonth(item.input);
    const span = calendarDays(item.input)!;
    if (earnedPerDay(row)) slot.days = Math.min(item.input.days ?? span, span);
    return slot;
  });

  const notes: CapNote[] = [];
  const types = [...new Set(slots.map((s) => s.item.input.type))];
  for (const type of types) {
    const row = getRow(profile, type);
    if (!row.periodCaps?.length) continue;
    const group = slots.filter((s) => s.item.input.type === type);
    for (const cap of row.periodCaps) {
      const tally = new Tally();
      allocate(group, cap, tally);
      notes.push(...tally.notes(type, cap, row));
    }
  }

  const byType: Record<string, number> = {};
  const out = slots.map((s) => {
    const counted = s.fraction >= 1 ? s.item.jp : round2(s.item.jp * s.fraction);
    byType[s.item.input.type] = round2((byType[s.item.input.type] ?? 0) + counted);
    const result: CapResult['items'][number] = { id: s.item.id, jp: s.item.jp, counted };
    if (s.row.periodCaps?.length) result.periods = s.periods;
    return result;
  });
  const total = round2(out.reduce((sum, i) => sum + i.counted, 0));
  return { total, items: out, byType, notes };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
