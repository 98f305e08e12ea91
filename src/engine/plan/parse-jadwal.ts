import { parseUserDate } from '../../domain/dates.js';

export type Jadwal = { month: string } | { start: string; end: string };
export type JadwalParse = { ok: true; jadwal: Jadwal } | { ok: false; reason: 'format' | 'impossible' | 'end-before-start' };

const RANGE_SEP = / ?(?:-|–|—|s\.?d\.?|s\/d|sampai(?: dengan)?|hingga|to|until) ?/;
const YEAR = /\b(\d{4})$/;

/** "maret", "maret 2027", "mar 2027", "march 2027", "03/2027", "3-2027", "2027-03" → `2027-03` (the plan year when none is typed). */
function monthOf(text: string, year: number): string | undefined {
  let m = /^(\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 12 ? `${m[2]}-${m[1]!.padStart(2, '0')}` : undefined;
  m = /^(\d{4})-(\d{1,2})$/.exec(text);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${m[1]}-${m[2]!.padStart(2, '0')}` : undefined;
  m = /^(?:bulan )?([a-z]{3,})(?: (\d{4}))?$/.exec(text);
  if (!m) return undefined;
  const parsed = parseUserDate(`1 ${m[1]} ${m[2] ?? year}`, new Date(Date.UTC(year, 0, 1)), 'UTC');
  return parsed.ok ? parsed.date.slice(0, 7) : undefined;
}

/** One date, with the plan year added when none is typed ("10 maret"). */
function dateOf(text: string, year: number): ReturnType<typeof parseUserDate> {
  const withYear = YEAR.test(text) || /^\d{4}-/.test(text) || /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(text) ? text : `${text} ${year}`;
  return parseUserDate(withYear, new Date(Date.UTC(year, 0, 1)), 'UTC');
}

/**
 * The planned schedule as typed: a month ("Maret 2027", "03/2027"), a date ("10 Maret 2027") or a range
 * ("10-12 Maret 2027", "10 Maret - 2 April 2027", "10/03/2027 s.d. 12/03/2027"). A missing year is the
 * plan's. Whether it falls in the plan year is judged by the caller.
 */
export function parseJadwal(input: string, year: number): JadwalParse {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!]$/, '');
  const month = monthOf(text, year);
  if (month) return { ok: true, jadwal: { month } };
  const single = dateOf(text, year);
  if (single.ok) return { ok: true, jadwal: { start: single.date, end: single.date } };

  // "10-12 maret 2027": the month and year of the end apply to the start.
  let m = /^(\d{1,2}) ?(?:-|–|s\.?d\.?|s\/d|sampai|hingga) ?(\d{1,2} [a-z]{3,}(?: \d{4})?)$/.exec(text);
  let parts: [string, string] | undefined;
  if (m) {
    const tail = m[2]!.replace(/^\d{1,2} /, '');
    parts = [`${m[1]} ${tail}`, m[2]!];
  } else {
    const split = text.split(RANGE_SEP).filter((p) => p !== '');
    if (split.length === 2) {
      const [a, b] = split as [string, string];
      // "10 maret - 2 april 2027": the end's year applies to the start.
      const endYear = YEAR.exec(b)?.[1];
      parts = [endYear && /^\d{1,2} [a-z]{3,}$/.test(a) ? `${a} ${endYear}` : a, b];
    } else if ((m = /^(\d{1,2}[/.]\d{1,2}[/.]\d{2,4})-(\d{1,2}[/.]\d{1,2}[/.]\d{2,4})$/.exec(text))) {
      parts = [m[1]!, m[2]!];
    }
  }
  if (!parts) return { ok: false, reason: single.ok === false ? single.reason : 'format' };
  const start = dateOf(parts[0], year);
  const end = dateOf(parts[1], year);
  if (!start.ok) return { ok: false, reason: start.reason };
  if (!end.ok) return { ok: false, reason: end.reason };
  if (end.date < start.date) return { ok: false, reason: 'end-before-start' };
  return { ok: true, jadwal: { start: start.date, end: end.date } };
}

/** The first and last day a schedule covers (a month: its first and last day). */
export function jadwalSpan(jadwal: Jadwal): { start: string; end: string } {
  if ('start' in jadwal) return jadwal;
  const [y, mo] = jadwal.month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { start: `${jadwal.month}-01`, end: `${jadwal.month}-${String(last).padStart(2, '0')}` };
}
