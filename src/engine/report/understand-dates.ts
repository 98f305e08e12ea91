import { addDays, endOfMonth, format, isValid, startOfMonth, subMonths } from 'date-fns';
import { MONTH_NUMBERS, MONTH_PATTERN } from '../../domain/month-names.js';
import { parseIso, todayIn, type IsoDate } from '../../domain/dates.js';

/** A piece of the sentence that states when: one day, a range of days, or a whole month (for sessions). */
export interface DateSpan {
  index: number;
  length: number;
  start: IsoDate;
  end: IsoDate;
  /** `month`: "bulan ini", "bulan lalu": the period of sessions, not the days of an event. */
  kind: 'days' | 'month';
}

/** Month words in Indonesian and English (with the spellings people type), to month numbers 1–12. */
const MONTHS = MONTH_NUMBERS;
const MONTH = MONTH_PATTERN;
const DAY = '(\\d{1,2})';
const YEAR = '(\\d{4})';
/** "10-12", "10 – 12", "10 s.d. 12", "10 s/d 12", "10 sampai (dengan) 12", "10 hingga 12", "10 to 12", "10 and 12". */
const TO = '\\s*(?:-|–|—|s\\.\\s?d\\.?|s/d|sd|sampai(?:\\s+dengan)?|hingga|until|to|through|dan|and)\\s*';
/** Words before a date that belong to it: "pada tanggal 10 Maret", "dari tgl. 10", "mulai 10", "on 10 March". */
const LEAD = '(?:(?:pada|dari|mulai|sejak|sampai|tanggal|tgl\\.?|on|from|since|date)\\s+)*';
/** A weekday in front ("Selasa, 10 Maret"). */
const WEEKDAY = "(?:(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\\s+)?";
const NUMERIC = '(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4}|\\d{2})';
const ISO = '(\\d{4})-(\\d{1,2})-(\\d{1,2})';

const SMALL: Record<string, number> = { satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7 };

type Reader = { re: RegExp; read: (m: RegExpExecArray, today: IsoDate) => Omit<DateSpan, 'index' | 'length'> | undefined };

const iso = (d: Date): IsoDate => format(d, 'yyyy-MM-dd');

/** A calendar date, or undefined when the day does not exist in that month (31 Februari). */
function make(year: number, month: number, day: number): Date | undefined {
  const d = new Date(year, month - 1, day);
  return isValid(d) && d.getFullYear() === year && d.getMonth() === month - 1 && d.getDate() === day ? d : undefined;
}

/** A two-digit year is the one nearest to today's (as parseUserDate reads it: "80" is 1980). */
function fullYear(y: string, today: IsoDate): number {
  if (y.length !== 2) return Number(y);
  const current = Number(today.slice(0, 4));
  const year = Math.floor(current / 100) * 100 + Number(y);
  return year - current > 50 ? year - 100 : current - year > 50 ? year + 100 : year;
}

/**
 * A range of day-and-month dates. A year not typed is the most recent one in which the range has started by
 * today (reports are about the past). When the end month comes before the start month, the range crosses
 * into the next year ("28 Des – 2 Jan 2026": the year typed at the end belongs to the end).
 */
function pastRange(
  today: IsoDate,
  sd: number,
  sm: number,
  ed: number,
  em: number,
  years: { start?: number | undefined; end?: number | undefined } = {},
): Omit<DateSpan, 'index' | 'length'> | undefined {
  const now = parseIso(today);
  const crosses = em < sm;
  let sy: number;
  if (years.start !== undefined) sy = years.start;
  else if (years.end !== undefined) sy = crosses ? years.end - 1 : years.end;
  else {
    sy = now.getFullYear();
    const startThisYear = make(sy, sm, sd);
    if (startThisYear && startThisYear > now) sy -= 1;
  }
  const start = make(sy, sm, sd);
  const end = make(years.end ?? (crosses ? sy + 1 : sy), em, ed);
  if (!start || !end || end < start) return undefined;
  return { start: iso(start), end: iso(end), kind: 'days' };
}

function numericDate(d: string, m: string, y: string, today: IsoDate): Date | undefined {
  return make(fullYear(y, today), Number(m), Number(d));
}

function relative(today: IsoDate, offset: number): Omit<DateSpan, 'index' | 'length'> {
  const d = iso(addDays(parseIso(today), offset));
  return { start: d, end: d, kind: 'days' };
}

const month = (w: string): number => MONTHS[w.toLowerCase().replace(/\.$/, '')]!;
const yearOf = (y: string | undefined): number | undefined => (y ? Number(y) : undefined);

/** Most specific first: a range is read before the single dates inside it. */
const READERS: Reader[] = [
  // 10 Maret – 2 April 2026, 28 Des 2025 s.d. 2 Jan 2026
  {
    re: new RegExp(`${DAY}\\s+${MONTH}(?:\\s+${YEAR})?${TO}${DAY}\\s+${MONTH}(?:,?\\s+${YEAR})?`, 'giu'),
    read: (m, today) => {
      const [sd, sm, ed, em] = [Number(m[1]), month(m[2]!), Number(m[4]), month(m[5]!)];
      return pastRange(today, sd, sm, ed, em, { start: yearOf(m[3]), end: yearOf(m[6]) });
    },
  },
  // 10-12 Maret (2026), 10 s.d. 12 Maret 2026
  {
    re: new RegExp(`${DAY}${TO}${DAY}\\s+${MONTH}(?:,?\\s+${YEAR})?`, 'giu'),
    read: (m, today) => pastRange(today, Number(m[1]), month(m[3]!), Number(m[2]), month(m[3]!), { end: yearOf(m[4]) }),
  },
  // March 10-12(, 2026)
  {
    re: new RegExp(`${MONTH}\\s+${DAY}${TO}${DAY}(?:,?\\s+${YEAR})?`, 'giu'),
    read: (m, today) => pastRange(today, Number(m[2]), month(m[1]!), Number(m[3]), month(m[1]!), { end: yearOf(m[4]) }),
  },
  // 10/03/2026 – 12/03/2026
  {
    re: new RegExp(`${NUMERIC}${TO}${NUMERIC}`, 'gu'),
    read: (m, today) => {
      const start = numericDate(m[1]!, m[2]!, m[3]!, today);
      const end = numericDate(m[4]!, m[5]!, m[6]!, today);
      return start && end && end >= start ? { start: iso(start), end: iso(end), kind: 'days' } : undefined;
    },
  },
  // 10 Maret (2026)
  {
    re: new RegExp(`${DAY}\\s+${MONTH}(?:,?\\s+${YEAR})?`, 'giu'),
    read: (m, today) => pastRange(today, Number(m[1]), month(m[2]!), Number(m[1]), month(m[2]!), { end: yearOf(m[3]) }),
  },
  // March 10(, 2026)
  {
    re: new RegExp(`${MONTH}\\s+${DAY}(?:st|nd|rd|th)?(?:,?\\s+${YEAR})?`, 'giu'),
    read: (m, today) => pastRange(today, Number(m[2]), month(m[1]!), Number(m[2]), month(m[1]!), { end: yearOf(m[3]) }),
  },
  // 2026-03-10
  {
    re: new RegExp(ISO, 'gu'),
    read: (m) => {
      const d = make(Number(m[1]), Number(m[2]), Number(m[3]));
      return d ? { start: iso(d), end: iso(d), kind: 'days' } : undefined;
    },
  },
  // 10/03/2026, 10.3.26
  {
    re: new RegExp(NUMERIC, 'gu'),
    read: (m, today) => {
      const d = numericDate(m[1]!, m[2]!, m[3]!, today);
      return d ? { start: iso(d), end: iso(d), kind: 'days' } : undefined;
    },
  },
  // 3 hari (yang) lalu, 2 days ago, dua hari lalu
  {
    re: /(\d{1,2}|satu|dua|tiga|empat|lima|enam|tujuh|one|two|three|four|five|six|seven)\s+(?:hari|days?)\s+(?:yang\s+)?(?:lalu|ago)/giu,
    read: (m, today) => {
      const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : SMALL[m[1]!.toLowerCase()]!;
      return relative(today, -n);
    },
  },
  { re: /kemarin\s+lusa|the\s+day\s+before\s+yesterday/giu, read: (_m, today) => relative(today, -2) },
  { re: /kemarin|yesterday/giu, read: (_m, today) => relative(today, -1) },
  { re: /hari\s+ini|today|tadi(?:\s+(?:pagi|siang|sore))?|pagi\s+ini|this\s+morning/giu, read: (_m, today) => relative(today, 0) },
  // "bulan ini": from the 1st to today; "bulan lalu": the whole previous month.
  {
    re: /bulan\s+ini|this\s+month/giu,
    read: (_m, today) => ({ start: iso(startOfMonth(parseIso(today))), end: today, kind: 'month' }),
  },
  {
    re: /bulan\s+(?:lalu|kemarin)|last\s+month/giu,
    read: (_m, today) => {
      const prev = subMonths(parseIso(today), 1);
      return { start: iso(startOfMonth(prev)), end: iso(endOfMonth(prev)), kind: 'month' };
    },
  },
];

/**
 * Where the text states dates, relative to today in the office's zone. A date without a year is its most
 * recent occurrence that has started by today. "minggu lalu" (last week) names no day and is not read.
 */
export function findDates(text: string, now: Date, tz: string): DateSpan[] {
  const today = todayIn(now, tz);
  const taken: boolean[] = new Array(text.length).fill(false);
  const spans: DateSpan[] = [];
  for (const reader of READERS) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}/.-])${LEAD}${WEEKDAY}(?:${reader.re.source})(?![\\p{L}\\p{N}]|[/.-]\\d)`, reader.re.flags);
    for (const m of text.matchAll(re)) {
      const index = m.index;
      const length = m[0].length;
      if (taken.slice(index, index + length).some(Boolean)) continue;
      const found = reader.read(m, today);
      if (!found) continue;
      taken.fill(true, index, index + length);
      spans.push({ index, length, ...found });
    }
  }
  return spans.sort((a, b) => a.index - b.index);
}
