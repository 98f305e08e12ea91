/** A piece of the sentence that states an amount: days, sessions, JP, a clock duration or semesters. */
export interface AmountSpan {
  index: number;
  length: number;
  field: 'days' | 'sessions' | 'jp' | 'durationMinutes' | 'semesters';
  value: number;
}

/** Number words people write instead of digits ("dua hari", "tiga sesi", "sehari"). */
const WORDS: Record<string, number> = {
  satu: 1, se: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9, sepuluh: 10,
  one: 1, a: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};
const WORD = Object.keys(WORDS).filter((w) => w !== 'se' && w !== 'a').join('|');
/** "2", "1,5", "dua", "2 (dua)": the number as written in letters and forms ("3 (tiga) hari"). */
const NUM = `(\\d{1,4}(?:[.,]\\d{1,2})?|${WORD})(?:\\s*\\(\\s*\\p{L}+(?:\\s+\\p{L}+)?\\s*\\))?`;

const value = (raw: string): number => {
  const word = raw.toLowerCase();
  return Object.hasOwn(WORDS, word) ? WORDS[word]! : Number(raw.replace(',', '.'));
};

interface Reader {
  field: AmountSpan['field'];
  re: RegExp;
  read: (m: RegExpExecArray) => number;
}

const READERS: Reader[] = [
  // "setara 3 JP", "32 jam pelajaran", "6 JPL"
  { field: 'jp', re: new RegExp(`(?:(?:setara|sebanyak|selama|total|equivalent to)\\s+)?${NUM}\\s*(?:jp|jpl|jam\\s+pelajaran|learning\\s+hours?)`, 'giu'), read: (m) => value(m[1]!) },
  // "1 jam 30 menit", "2 jam", "90 menit", "2 hours"
  {
    field: 'durationMinutes',
    re: new RegExp(`(?:selama\\s+|for\\s+)?(?:${NUM}\\s*(?:jam|hours?|hrs?)(?!\\s+pelajaran))?\\s*(?:${NUM}\\s*(?:menit|mnt|minutes?|mins?))?`, 'giu'),
    read: (m) => (m[1] ? value(m[1]) * 60 : 0) + (m[2] ? value(m[2]) : 0),
  },
  // "3 hari", "dua hari", "sehari", "2 days"; not "3 hari lalu" (a date, read before this)
  { field: 'days', re: new RegExp(`${NUM}\\s*(?:hari|hr|days?)(?:\\s+kerja)?`, 'giu'), read: (m) => value(m[1]!) },
  { field: 'days', re: /sehari(?:\s+penuh)?|a\s+day|one\s+day/giu, read: () => 1 },
  // "2 sesi", "3 kali pertemuan", "2x", "2 sessions"
  { field: 'sessions', re: new RegExp(`${NUM}\\s*(?:sesi|kali(?:\\s+pertemuan)?|pertemuan|x|sessions?|times|meetings?)`, 'giu'), read: (m) => value(m[1]!) },
  { field: 'semesters', re: new RegExp(`${NUM}\\s*(?:semesters?|smt)`, 'giu'), read: (m) => value(m[1]!) },
];

/** Where the text states amounts, in order; each span read once, by the first reader that takes it. */
export function findAmounts(text: string): AmountSpan[] {
  const taken: boolean[] = new Array(text.length).fill(false);
  const spans: AmountSpan[] = [];
  for (const reader of READERS) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}.,])(?:${reader.re.source})(?![\\p{L}\\p{N}])`, reader.re.flags);
    for (const m of text.matchAll(re)) {
      const [index, length] = [m.index, m[0].length];
      if (length === 0 || !m[0].trim() || taken.slice(index, index + length).some(Boolean)) continue;
      const n = reader.read(m);
      if (!Number.isFinite(n) || n <= 0) continue;
      taken.fill(true, index, index + length);
      spans.push({ index, length, field: reader.field, value: n });
    }
  }
  return spans.sort((a, b) => a.index - b.index);
}
