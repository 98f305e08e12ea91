import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { eachMonthOfInterval } from 'date-fns/eachMonthOfInterval';
import { endOfMonth } from 'date-fns/endOfMonth';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { id as localeId } from 'date-fns/locale/id';
import { RuleError, type ActivityInput } from './types.js';

function parseDate(value: string, field: 'start' | 'end'): Date {
  const d = parseISO(value);
  if (!isValid(d)) {
    throw new RuleError('bad-dates', `Tanggal ${field === 'start' ? 'mulai' : 'selesai'} tidak valid: '${value}' (pakai YYYY-MM-DD)`, {
      [field]: value,
    });
  }
  return d;
}

/** Parsed start and end; one of them stands for both when the other is missing. RuleError 'bad-dates' when end < start. */
export function dateRange(input: Pick<ActivityInput, 'start' | 'end'>): { start: Date; end: Date } | undefined {
  const start = input.start ? parseDate(input.start, 'start') : undefined;
  const end = input.end ? parseDate(input.end, 'end') : undefined;
  if (!start && !end) return undefined;
  const s = start ?? end!;
  const e = end ?? start!;
  if (differenceInCalendarDays(e, s) < 0) {
    throw new RuleError('bad-dates', `Tanggal selesai (${input.end}) sebelum tanggal mulai (${input.start})`, {
      start: input.start ?? '',
      end: input.end ?? '',
    });
  }
  return { start: s, end: e };
}

/** Calendar days, inclusive, between start and end (a single date = 1 day); undefined without dates. */
export function calendarDays(input: Pick<ActivityInput, 'start' | 'end'>): number | undefined {
  const range = dateRange(input);
  return range ? differenceInCalendarDays(range.end, range.start) + 1 : undefined;
}

/** An activity belongs to the year of its end date (else its start date); undefined without dates. */
export function activityYear(input: Partial<ActivityInput>): number | undefined {
  return dateRange(input)?.end.getFullYear();
}

/** Days of the activity's date span in each calendar month it touches (`YYYY-MM` → days), in order; empty without dates. */
export function daysPerMonth(input: Pick<ActivityInput, 'start' | 'end'>): Map<string, number> {
  const range = dateRange(input);
  const out = new Map<string, number>();
  if (!range) return out;
  for (const first of eachMonthOfInterval(range)) {
    const from = first < range.start ? range.start : first;
    const last = endOfMonth(first);
    const to = last > range.end ? range.end : last;
    out.set(format(first, 'yyyy-MM'), differenceInCalendarDays(to, from) + 1);
  }
  return out;
}

/** "2 Maret 2026" for a date. */
export function dayLabel(date: Date): string {
  return format(date, 'd MMMM yyyy', { locale: localeId });
}

/** "Maret 2026" for `2026-03`. */
export function monthLabel(period: string): string {
  return format(parseISO(`${period}-01`), 'LLLL yyyy', { locale: localeId });
}
