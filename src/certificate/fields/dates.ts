import { format, isValid, parse } from 'date-fns';
import { MONTH_NUMBERS, MONTH_PATTERN } from '../../domain/month-names.js';

const MONTHS = MONTH_NUMBERS;
const M = MONTH_PATTERN;
/** A day, with the English ordinal suffix if any ("10th"). */
const D = '(\\d{1,2})(?:st|nd|rd|th)?';
const Y = '(\\d{4})';
/** "-", "s.d.", "s/d", "sampai (dengan)", "hingga", "to", "until", "and"/"dan" (two days), and the weekday of the last day. */
const WEEKDAY = "(?:(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\s*,?\\s*)?";
const TO = `\\s*(?:-|s\\.?\\s?d\\.?|s/d|sampai(?:\\s+dengan)?|hingga|to|until|and|dan)\\s*${WEEKDAY}`;
const NUM_SEP = '[/.-]';

export interface DateSpan {
  start: string;
  end: string;
  /** Where it was found in the line, to tell the activity date from the place-date line. */
  index: number;
  length: number;
}

/** A real calendar day as YYYY-MM-DD (date-fns rejects 31 April), or undefined. */
export function isoDay(year: number, month: number, day: number): string | undefined {
  if (year < 100) year += 2000;
  if (year < 1990 || year > 2100) return undefined;
  const date = parse(`${year}-${month}-${day}`, 'yyyy-M-d', new Date(2000, 0, 1));
  return isValid(date) ? format(date, 'yyyy-MM-dd') : undefined;
}

const month = (name: string | undefined): number => MONTHS[(name ?? '').toLowerCase()] ?? 0;
const num = (s: string | undefined): number => Number(s ?? NaN);

type Build = (m: RegExpExecArray) => [string | undefined, string | undefined];

/** Date forms, most specific first: a longer form found at a place wins over the shorter forms inside it. */
const FORMS: { re: RegExp; build: Build }[] = [
  // 28 Desember 2025 - 2 Januari 2026
  { re: new RegExp(`${D}\\s*${M}\\s*${Y}${TO}${D}\\s*${M}\\s*${Y}`, 'gi'), build: (m) => [isoDay(num(m[3]), month(m[2]), num(m[1])), isoDay(num(m[6]), month(m[5]), num(m[4]))] },
  // 30 Maret - 2 April 2026
  { re: new RegExp(`${D}\\s*${M}${TO}${D}\\s*${M}\\s*${Y}`, 'gi'), build: (m) => [isoDay(num(m[5]), month(m[2]), num(m[1])), isoDay(num(m[5]), month(m[4]), num(m[3]))] },
  // 10 - 11 Maret 2026, 10 s.d. 12 Maret 2026
  { re: new RegExp(`${D}${TO}${D}\\s*${M}\\s*${Y}`, 'gi'), build: (m) => [isoDay(num(m[4]), month(m[3]), num(m[1])), isoDay(num(m[4]), month(m[3]), num(m[2]))] },
  // March 10-11, 2026
  { re: new RegExp(`${M}\\s*${D}${TO}${D},?\\s*${Y}`, 'gi'), build: (m) => [isoDay(num(m[4]), month(m[1]), num(m[2])), isoDay(num(m[4]), month(m[1]), num(m[3]))] },
  // 10/03/2026 - 12/03/2026
  { re: new RegExp(`${D}${NUM_SEP}${D}${NUM_SEP}(\\d{4}|\\d{2})${TO}${D}${NUM_SEP}${D}${NUM_SEP}(\\d{4}|\\d{2})(?!\\d)`, 'g'), build: (m) => [isoDay(num(m[3]), num(m[2]), num(m[1])), isoDay(num(m[6]), num(m[5]), num(m[4]))] },
  // 12 Maret 2026
  { re: new RegExp(`${D}\\s*${M}\\s*,?\\s*${Y}`, 'gi'), build: (m) => { const d = isoDay(num(m[3]), month(m[2]), num(m[1])); return [d, d]; } },
  // March 5, 2026
  { re: new RegExp(`${M}\\s*${D},?\\s*${Y}`, 'gi'), build: (m) => { const d = isoDay(num(m[3]), month(m[1]), num(m[2])); return [d, d]; } },
  // 2026-03-10
  { re: /(\d{4})-(\d{2})-(\d{2})(?!\d)/g, build: (m) => { const d = isoDay(num(m[1]), num(m[2]), num(m[3])); return [d, d]; } },
  // 10/03/2026, 10-03-2026, 10.03.2026
  { re: new RegExp(`(?<![\\d/.-])${D}${NUM_SEP}${D}${NUM_SEP}(\\d{4})(?![\\d/])`, 'g'), build: (m) => { const d = isoDay(num(m[3]), num(m[2]), num(m[1])); return [d, d]; } },
];

/** Every day or range of days in a line, left to right. A range must not end before it starts. */
export function findDates(line: string): DateSpan[] {
  const found: DateSpan[] = [];
  // Spans taken by a longer form, valid or not: "12 - 10 Maret 2026" is no range, and no "10 Maret" either.
  const taken: { index: number; length: number }[] = [];
  const overlaps = (index: number, length: number) =>
    taken.some((f) => index < f.index + f.length && f.index < index + length);
  for (const { re, build } of FORMS) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      // Month abbreviations must stand alone: "10 Mar 2026", not the "mar" of "10 Maret…" cut short.
      if (overlaps(m.index, m[0].length) || /\p{L}/u.test(line[m.index + m[0].length] ?? '')) continue;
      if (m.index > 0 && /[\p{L}\d]/u.test(line[m.index - 1] ?? '')) continue;
      taken.push({ index: m.index, length: m[0].length });
      const [start, end] = build(m);
      if (start && end && start <= end) found.push({ start, end, index: m.index, length: m[0].length });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
