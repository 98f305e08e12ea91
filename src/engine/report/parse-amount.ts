/** What a whole-number answer counts: days, sessions, activities or semesters. */
export type CountUnit = 'day' | 'session' | 'activity' | 'semester';

/**
 * The words allowed after the number, per question: "2 hari", "3 sesi", "1 kegiatan", "8 JP".
 * Any other word ("2 minggu", "16 jam" where days are asked) makes the answer invalid.
 */
const UNIT_WORDS: Record<CountUnit | 'jp', ReadonlySet<string>> = {
  day: new Set(['hari', 'hr', 'day', 'days']),
  session: new Set(['sesi', 'kali', 'x', 'session', 'sessions', 'time', 'times']),
  activity: new Set(['kegiatan', 'activity', 'activities']),
  semester: new Set(['semester', 'semesters', 'smt']),
  jp: new Set(['jp', 'jpl', 'jam pelajaran', 'learning hour', 'learning hours']),
};

/** Clock durations: hours and minutes are not JP (1 JP = 45 minutes), nor days. */
const DURATION_WORD = /^(jam|j|hours?|hrs?|h|menit|mnt|min|mins|minutes?|m|detik|seconds?)$/;

export type NumberAnswer =
  | { ok: true; value: number }
  /** `duration`: the number came with hours or minutes; `not-whole`: a fraction where whole numbers are asked. */
  | { ok: false; reason: 'invalid' | 'duration' | 'not-whole' };

const invalid = (reason: 'invalid' | 'duration' | 'not-whole'): NumberAnswer => ({ ok: false, reason });

/** "2", "1,5", "2 hari", "8 JP." → the number and the (lower-case) word after it; undefined when not that shape. */
function splitAmount(text: string): { n: number; word: string } | undefined {
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const m = /^(\d{1,9}(?:[.,]\d{1,6})?) ?([\p{L} ]*?)\.?$/u.exec(s);
  if (!m?.[1]) return undefined;
  return { n: Number(m[1].replace(',', '.')), word: (m[2] ?? '').trim() };
}

function withUnit(text: string, unit: CountUnit | 'jp'): NumberAnswer {
  const a = splitAmount(text);
  if (!a) return invalid('invalid');
  if (a.word && !UNIT_WORDS[unit].has(a.word)) return invalid(DURATION_WORD.test(a.word) ? 'duration' : 'invalid');
  if (!Number.isFinite(a.n) || a.n <= 0) return invalid('invalid');
  return { ok: true, value: a.n };
}

/** A whole number greater than 0, bare or with its unit word: "2", "2 hari", "3 sesi", "1 kegiatan", "2 semester". */
export function parseCount(text: string, unit: CountUnit): NumberAnswer {
  const answer = withUnit(text, unit);
  if (answer.ok && !Number.isInteger(answer.value)) return invalid('not-whole');
  return answer;
}

/**
 * A JP figure as stated on a certificate: "16", "7,5", "16 JP", "16 jam pelajaran". Hours and minutes are
 * refused (`duration`): a certificate that states a JP figure states it in JP, and "16 jam" is ambiguous.
 */
export function parseStatedJp(text: string): NumberAnswer {
  return withUnit(text, 'jp');
}

/**
 * The most JP one activity may count, stated or planned: 1000 JP is 750 hours of lessons (1 JP = 45
 * minutes), more than any one activity of a year; a larger figure is a typing slip.
 */
export const MAX_ACTIVITY_JP = 1000;

/** True when a JP figure (or a duration in minutes) is above MAX_ACTIVITY_JP. */
export const jpTooLarge = (answer: DurationAnswer): boolean =>
  'jp' in answer ? answer.jp > MAX_ACTIVITY_JP : answer.minutes > MAX_ACTIVITY_JP * 45;

export type DurationAnswer = { jp: number } | { minutes: number };

/** "8", "8 JP", "8 jam pelajaran" → JP; "3 jam", "1 jam 30 menit", "90 menit", "2 hours" → minutes. */
export function parseJpOrDuration(text: string): DurationAnswer | undefined {
  const jp = parseStatedJp(text);
  if (jp.ok) return { jp: jp.value };
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ').replace(',', '.');
  const duration = /^(?:(\d+(?:\.\d+)?)\s*(?:jam|j|hours?|hrs?|h))?\s*(?:(\d+)\s*(?:menit|mnt|min(?:utes?|s)?|m))?$/.exec(s);
  if (duration && (duration[1] || duration[2])) {
    const minutes = Number(duration[1] ?? 0) * 60 + Number(duration[2] ?? 0);
    return minutes > 0 && Number.isFinite(minutes) ? { minutes } : undefined;
  }
  return undefined;
}
