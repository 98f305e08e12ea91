import { DEFAULT_PROFILE, formRule, type Jalur, type Scope } from '../../rules/index.js';
import { findAmounts } from './understand-amounts.js';
import { findDates, type DateSpan } from './understand-dates.js';
import { readForm } from './understand-forms.js';

/** The report fields a free-text sentence states; a field the text does not state is absent. */
export interface Understanding {
  /** Form key (rules catalog). */
  type?: string;
  jalur?: Jalur;
  /** Form keys the text may mean when it names none for sure ("pelatihan", "seminar dan workshop"): ask which. */
  choices?: string[];
  title?: string;
  organizer?: string;
  place?: string;
  scope?: Scope;
  /** ISO dates. A single day sets both; a single day with several days stated sets only the start. */
  start?: string;
  end?: string;
  days?: number;
  sessions?: number;
  jp?: number;
  durationMinutes?: number;
  semesters?: number;
}

export interface UnderstandOptions {
  now: Date;
  tz: string;
  /** Rule profile: whether the form counts sessions decides if "bulan ini" gives the dates. */
  profile?: string;
}

type Kind = 'title' | 'organizer' | 'place';

/** Words that open a field, Indonesian then English; the longest first so "diselenggarakan oleh" wins over "oleh". */
const MARKERS: [Kind, string][] = [
  ['organizer', 'yang diselenggarakan oleh'],
  ['organizer', 'yang diselenggarakan'],
  ['organizer', 'diselenggarakan oleh'],
  ['organizer', 'diselenggarakan'],
  ['organizer', 'penyelenggaranya'],
  ['organizer', 'penyelenggara'],
  ['organizer', 'oleh'],
  ['organizer', 'dari'],
  ['organizer', 'organised by'],
  ['organizer', 'organized by'],
  ['organizer', 'hosted by'],
  ['organizer', 'held by'],
  ['organizer', 'by'],
  ['organizer', 'from'],
  ['title', 'dengan tema'],
  ['title', 'dengan judul'],
  ['title', 'bertema'],
  ['title', 'bertajuk'],
  ['title', 'berjudul'],
  ['title', 'tentang'],
  ['title', 'mengenai'],
  ['title', 'temanya'],
  ['title', 'judulnya'],
  ['title', 'about'],
  ['title', 'entitled'],
  ['title', 'titled'],
  ['title', 'on the topic of'],
  ['place', 'bertempat di'],
  ['place', 'di'],
  ['place', 'ke'],
  ['place', 'in'],
  ['place', 'at'],
];
const MARKER_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(${MARKERS.map(([, w]) => w.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])(?!\\s+tingkat\\b)`,
  'giu',
);
const kindOf = (word: string): Kind => MARKERS.find(([, w]) => w === word.toLowerCase().replace(/\s+/g, ' '))![0];

/**
 * What ends a field: a title may hold "di" and "dari" is rare in it, so only an organiser word ends it
 * ("tentang Transformasi Digital di Sektor Publik dari Kominfo"); an organiser or place ends at any other kind.
 */
const ENDS: Record<Kind, ReadonlySet<Kind>> = {
  title: new Set(['organizer']),
  organizer: new Set(['title', 'place']),
  place: new Set(['title', 'organizer']),
};
const MAX: Record<Kind, number> = { title: 200, organizer: 200, place: 100 };

/** "lapor", "lapor kegiatan", "saya ikut", "sudah mengikuti", "I attended": the request, not a field. */
const LEAD = /^\s*(?:\/?(?:lapor(?:kan)?|report)(?:\s+kegiatan)?\b|(?:(?:saya|aku|sudah|baru|telah|i|have)\s+)*(?:ikut|mengikuti|selesai\s+ikut|attended|joined)\b)\s*/iu;

/** A mark no field crosses: a date or amount read out of the text, or a clause break. */
const BREAK = '\n';

/** Stated fields of one report sentence relative to today ("saya ikut webinar kemarin tentang SPBE dari Kominfo"). */
export function understand(input: string, options: UnderstandOptions): Understanding {
  return understandParts(input, options).understanding;
}

/** The understanding, and the words no field, date or amount took (where the form and scope are read). */
export function understandParts(input: string, options: UnderstandOptions): { understanding: Understanding; unread: string } {
  const text = input.normalize('NFC').replace(/\s+/g, ' ').trim().replace(LEAD, '').slice(0, 1000);
  const out: Understanding = {};

  const dates = findDates(text, options.now, options.tz);
  let rest = blank(text, dates);
  const amounts = findAmounts(rest);
  rest = blank(rest, amounts).replace(/[,;:!?()]|\.(?=\s|$)|\s-\s|\s–\s/g, (c) => BREAK.repeat(c.length));

  const head: string[] = [];
  let cursor = 0;
  for (const field of fields(rest)) {
    head.push(rest.slice(cursor, field.at));
    cursor = field.end;
    const value = clean(field.value);
    if (value && value.length <= MAX[field.kind] && /\p{L}/u.test(value) && out[field.kind] === undefined) out[field.kind] = value;
  }
  head.push(rest.slice(cursor));
  const said = head.join(' ');

  const form = readForm(said);
  if (form.kind === 'form') {
    out.type = form.form.key;
    out.jalur = form.form.jalur;
  } else if (form.kind === 'choice') out.choices = form.keys;
  else if (form.kind === 'jalur') out.jalur = form.jalur;

  const scope = scopeIn(said.toLowerCase().replace(/(?:di\s+)?tingkat\s+nasional/g, ''));
  if (scope) out.scope = scope;

  for (const a of amounts) if (out[a.field] === undefined) out[a.field] = a.value;

  Object.assign(out, datesOf(dates, out, options.profile ?? DEFAULT_PROFILE));
  return { understanding: out, unread: said.replace(/\s+/g, ' ').trim() };
}

/** The text with the spans replaced by breaks of the same length (positions stay). */
function blank(text: string, spans: { index: number; length: number }[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.index) + BREAK.repeat(s.length) + out.slice(s.index + s.length);
  return out;
}

/** Fields opened by a marker word, left to right, each running to its end word, a break or the end. */
function fields(text: string): { kind: Kind; at: number; end: number; value: string }[] {
  const marks = [...text.matchAll(MARKER_RE)].map((m) => ({ kind: kindOf(m[1]!), at: m.index, after: m.index + m[0].length }));
  const out: { kind: Kind; at: number; end: number; value: string }[] = [];
  let cursor = 0;
  for (const mark of marks) {
    if (mark.at < cursor) continue;
    const stop = marks.find((o) => o.at >= mark.after && ENDS[mark.kind].has(o.kind))?.at ?? text.length;
    const brk = text.indexOf(BREAK, mark.after);
    const end = brk >= 0 && brk < stop ? brk : stop;
    out.push({ kind: mark.kind, at: mark.at, end, value: text.slice(mark.after, end) });
    cursor = end;
  }
  return out;
}

/** Trimmed, without quotes around it or an article in front. */
function clean(value: string): string {
  return value
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:the|a|an|acara|kegiatan)\s+/i, '')
    .replace(/^["“”'‘’«]+|["“”'‘’»]+$/g, '')
    .trim();
}

function scopeIn(text: string): Scope | undefined {
  if (/(?<!\p{L})(?:internasional|international|luar negeri|abroad|mancanegara|overseas)(?!\p{L})/u.test(text)) return 'internasional';
  if (/(?<!\p{L})(?:nasional|national|dalam negeri|domestic)(?!\p{L})/u.test(text)) return 'nasional';
  return undefined;
}

/**
 * Start and end from the dates read: a range gives both; two single days are the start and the end; one
 * day is both unless more days are stated (then only the start); a month ("bulan ini") only for sessions.
 */
function datesOf(spans: DateSpan[], out: Understanding, profile: string): Pick<Understanding, 'start' | 'end'> {
  const days = spans.filter((s) => s.kind === 'days');
  const first = days[0];
  if (first && first.start !== first.end) return { start: first.start, end: first.end };
  if (first) {
    const second = days[1];
    if (second && second.start === second.end && second.start > first.start) return { start: first.start, end: second.start };
    return out.days !== undefined && out.days > 1 ? { start: first.start } : { start: first.start, end: first.start };
  }
  const month = spans.find((s) => s.kind === 'month');
  if (month && (out.sessions !== undefined || countsSessions(out.type, profile))) return { start: month.start, end: month.end };
  return {};
}

function countsSessions(type: string | undefined, profile: string): boolean {
  if (!type) return false;
  try {
    return formRule(profile, type).unit === 'session';
  } catch {
    return false;
  }
}
