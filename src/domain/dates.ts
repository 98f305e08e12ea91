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

const RELATIVE: Record<string, number> = {
  'hari ini': 0,
  today: 0,
  kemarin: -1,
  yesterday: -1,
  'kemarin lusa': -2,
};

/**
 * Month spellings people type that the date-fns locales do not parse, mapped to ones they do
 * (the `id` locale reads januari…desember and jan feb mar apr mei jun jul agt sep okt nov des).
 */
const MONTH_ALIASES: Record<string, string> = {
  agu: 'agt',
  agus: 'agt',
  ags: 'agt',
  agst: 'agt',
  nop: 'nov',
  nopember: 'november',
  sept: 'sep',
  peb: 'feb',
  pebruari: 'februari',
  mrt: 'mar',
};

const WEEKDAY = /^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday),? (?=\d)/;

/** Lower case, single spaces, no weekday in front ("Selasa, 10 Maret 2026"), no dots after words, month aliases. */
function normalise(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(WEEKDAY, '')
    .replace(/\.$/, '')
    .replace(/([a-z])\.(?= |$)/g, '$1')
    .replace(/,/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[a-z]+/g, (w) => (Object.hasOwn(MONTH_ALIASES, w) ? MONTH_ALIASES[w]! : w));
}

const LOCALES = [idLocale, enUS];
/** 10/03/2026, 10-3-26, 10.3.2026 (day first). */
const DMY = /^\d{1,2}([/.-])\d{1,2}\1(\d{4}|\d{2})$/;
/** 2026-03-10, 2026/3/10. */
const YMD = /^\d{4}([/.-])\d{1,2}\1\d{1,2}$/;
/** 10 Maret 2026, 10-Mar-26. */
const D_MON_Y = /^\d{1,2}([ /.-])([a-z]{3,})\1(\d{4}|\d{2})$/;
/** March 10 2026 (the comma is gone by now). */
const MON_D_Y = /^([a-z]{3,}) \d{1,2} (\d{4}|\d{2})$/;

const yearToken = (digits: string) => (digits.length === 2 ? 'yy' : 'yyyy');

/** The first format that date-fns reads the whole text with, as an ISO date. */
function tryFormats(text: string, formats: string[], now: Date, withLocales: boolean): IsoDate | undefined {
  for (const f of formats) {
    for (const locale of withLocales ? LOCALES : [undefined]) {
      // The reference date only matters for two-digit years: the century nearest to today.
      const d = parse(text, f, now, locale ? { locale } : undefined);
      if (isValid(d)) return format(d, 'yyyy-MM-dd');
    }
  }
  return undefined;
}

/** Whether a word is a month name or abbreviation in Indonesian or English. */
function isMonthWord(word: string): boolean {
  return tryFormats(`1 ${word} 2000`, ['d MMMM yyyy', 'd MMM yyyy'], new Date(2000, 0, 1), true) !== undefined;
}

/** Today's calendar date in the office's time zone. */
export function todayIn(now: Date, tz: string): IsoDate {
  return format(new TZDate(now.getTime(), tz), 'yyyy-MM-dd');
}

/**
 * Reads the date forms people type: 2026-03-10, 2026/03/10, 10/03/2026, 10/03/26, 10-3-2026, 10 Maret 2026,
 * 10 Mar 2026, 10 Agu 2026, 10 Sept 2026, March 10, 2026, "hari ini", "kemarin". `impossible` means it is
 * a date whose day or month is out of range (32 Februari, 30/02/2026, 10/13/2026); anything else that is
 * not read is `format`. The year is not judged here (see earliestReportableDate).
 */
export function parseUserDate(input: string, now: Date, tz: string): DateParse {
  const text = normalise(input);
  // Own keys only: typed "__proto__" or "constructor" must not find Object.prototype's.
  const offset = Object.hasOwn(RELATIVE, text) ? RELATIVE[text] : undefined;
  if (offset !== undefined) return { ok: true, date: shiftIso(todayIn(now, tz), offset) };

  let m: RegExpExecArray | null;
  if ((m = DMY.exec(text))) {
    const sep = m[1]!;
    const date = tryFormats(text, [`d${sep}M${sep}${yearToken(m[2]!)}`], now, false);
    return date ? { ok: true, date } : { ok: false, reason: 'impossible' };
  }
  if ((m = YMD.exec(text))) {
    const sep = m[1]!;
    const date = tryFormats(text, [`yyyy${sep}M${sep}d`], now, false);
    return date ? { ok: true, date } : { ok: false, reason: 'impossible' };
  }
  if ((m = D_MON_Y.exec(text))) {
    const [sep, month, y] = [m[1]!, m[2]!, yearToken(m[3]!)];
    const date = tryFormats(text, [`d${sep}MMMM${sep}${y}`, `d${sep}MMM${sep}${y}`], now, true);
    if (date) return { ok: true, date };
    return { ok: false, reason: isMonthWord(month) ? 'impossible' : 'format' };
  }
  if ((m = MON_D_Y.exec(text))) {
    const [month, y] = [m[1]!, yearToken(m[2]!)];
    const date = tryFormats(text, [`MMMM d ${y}`, `MMM d ${y}`], now, true);
    if (date) return { ok: true, date };
    return { ok: false, reason: isMonthWord(month) ? 'impossible' : 'format' };
  }
  return { ok: false, reason: 'format' };
}

/**
 * The earliest start date a report may have: 1 January of the previous year, in the office's zone.
 * Older dates are typing slips (1900, 10/03/62) rather than activities still to be reported.
 */
export function earliestReportableDate(now: Date, tz: string): IsoDate {
  return `${Number(todayIn(now, tz).slice(0, 4)) - 1}-01-01`;
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
