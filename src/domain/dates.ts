import { addDays, differenceInCalendarDays, format, isValid, parse } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { enUS } from 'date-fns/locale/en-US';
import { id as idLocale } from 'date-fns/locale/id';
import type { Lang } from './types.js';

/** ISO calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

export type DateParse =
  | { ok: true; date: IsoDate }
  | { ok: false; reason: 'format' | 'impossible' };

const NUMERIC_FORMATS = ['yyyy-MM-dd', 'd/M/yyyy', 'd-M-yyyy', 'd.M.yyyy'];
const NAMED_FORMATS = ['d MMMM yyyy', 'd MMM yyyy'];
const RELATIVE: Record<string, number> = {
  'hari ini': 0,
  today: 0,
  kemarin: -1,
  yesterday: -1,
  'kemarin lusa': -2,
};

/** Today's calendar date in the office's time zone. */
export function todayIn(now: Date, tz: string): IsoDate {
  return format(new TZDate(now.getTime(), tz), 'yyyy-MM-dd');
}

/**
 * Reads the date forms people type: 2026-03-10, 10/03/2026, 10-3-2026, 10 Maret 2026, 10 Mar 2026,
 * "hari ini", "kemarin". `impossible` means it looked like a date but is not on the calendar (32 Februari).
 */
export function parseUserDate(input: string, now: Date, tz: string): DateParse {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const today = todayIn(now, tz);
  const offset = RELATIVE[text];
  if (offset !== undefined) return { ok: true, date: shiftIso(today, offset) };

  const ref = new Date(2000, 0, 1);
  for (const f of NUMERIC_FORMATS) {
    const d = parse(text, f, ref);
    if (isValid(d) && d.getFullYear() >= 1900) return { ok: true, date: format(d, 'yyyy-MM-dd') };
  }
  for (const locale of [idLocale, enUS]) {
    for (const f of NAMED_FORMATS) {
      const d = parse(text, f, ref, { locale });
      if (isValid(d) && d.getFullYear() >= 1900) return { ok: true, date: format(d, 'yyyy-MM-dd') };
    }
  }
  const looksLikeDate = /^\d{1,4}[\s/.-]+(\d{1,2}|[a-z]+)[\s/.-]+\d{1,4}$/.test(text);
  return { ok: false, reason: looksLikeDate ? 'impossible' : 'format' };
}

export function shiftIso(date: IsoDate, days: number): IsoDate {
  return format(addDays(parseIso(date), days), 'yyyy-MM-dd');
}

export function parseIso(date: IsoDate): Date {
  return parse(date, 'yyyy-MM-dd', new Date(2000, 0, 1));
}

/** Inclusive count of calendar days from start to end. */
export function daysInclusive(start: IsoDate, end: IsoDate): number {
  return differenceInCalendarDays(parseIso(end), parseIso(start)) + 1;
}

/** `2026-03-10` → "10 Maret 2026" / "10 March 2026". */
export function formatDateLong(date: IsoDate, lang: Lang): string {
  return format(parseIso(date), 'd MMMM yyyy', { locale: lang === 'en' ? enUS : idLocale });
}

/** Month name for a `YYYY-MM` period. */
export function formatMonth(period: string, lang: Lang): string {
  return format(parse(period, 'yyyy-MM', new Date(2000, 0, 1)), 'MMMM yyyy', {
    locale: lang === 'en' ? enUS : idLocale,
  });
}
