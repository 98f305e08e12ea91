import { cutAt, findCue, unquote } from './cues.js';

const TAKES_PART_IN = [
  /\bsebagai\s+peserta\b(?:\s+(?:pada|dalam|di))?/i,
  /\btelah\s+mengikuti\b/i,
  /\b(?:dalam|pada)\s+(?:kegiatan|acara)\b/i,
  /\bfor\s+(?:participating|attending|joining|completing)(?:\s+(?:in|at))?(?:\s+the)?\b/i,
  /\bhas\s+(?:participated|attended|completed)(?:\s+(?:in|at))?(?:\s+the)?\b/i,
  /\bas\s+(?:a\s+)?participant(?:\s+(?:in|of|at))?(?:\s+the)?\b/i,
];
/** Forms of bangkom that open a title line when no cue introduces it. */
const FORM_WORD = /^(?:webinar|seminar|workshop|lokakarya|pelatihan|bimbingan\s+teknis|bimtek|diklat|kursus|sosialisasi|e-learning|sarasehan|konferensi|conference|training|coaching|mentoring|magang|international\s+(?:webinar|seminar|conference|workshop))\b/i;
/** Where the title ends and the rest of the sentence begins. */
const STOP = /\s*,?\s*\b(?:yang\s+(?:diselenggarakan|dilaksanakan|diadakan)|diselenggarakan|dilaksanakan|diadakan|organi[sz]ed\s+by|hosted\s+by|held\s+(?:on|by|online|at|in)|conducted\s+by|pada\s+(?:tanggal|hari)|tanggal|penyelenggara|selama|dengan\s+jumlah|sebanyak|setara|bertempat|secara\s+(?:daring|luring|online|virtual))\b/i;
const LEADING_FILLER = /^(?:dengan\s+baik\s+)?(?:(?:dalam|pada)\s+)?(?:kegiatan|acara|the)?\s*/i;

/** A title line that ends mid-phrase ("… dalam", "… dan", "…:", an open quote) goes on on the next line. */
const GOES_ON = /(?:\b(?:dan|dalam|untuk|bagi|di|ke|dari|yang|serta|melalui|menuju|tentang|rangka|dengan|of|and|for|the|in|on|to|towards?)|[,:&-])$/i;

function openQuote(value: string): boolean {
  return (value.match(/"/g) ?? []).length % 2 === 1;
}

/** The title starting on line `at` with `first`: up to two more lines while the phrase is not finished. */
function withContinuation(lines: string[], at: number, first: string): string {
  let value = first;
  for (let next = at + 1; next <= at + 2; next++) {
    const line = lines[next];
    if (!line || !(GOES_ON.test(value) || openQuote(value) || /^\p{Ll}/u.test(line))) break;
    const rest = cutAt(line, STOP);
    if (!rest) break;
    value = `${value} ${rest}`;
    if (rest !== line) break;
  }
  return value;
}

function asTitle(value: string): string | undefined {
  // Quotes around the theme ('Webinar "Literasi Digital"') are typography, not part of the title.
  const title = unquote(cutAt(value.replace(LEADING_FILLER, ''), STOP).replace(/"/g, '').replace(/\s+/g, ' '));
  return title.length >= 4 && /\p{L}{3}/u.test(title) ? title : undefined;
}

/** The title on line `at` (from `value` on), continued on the next lines when it is cut mid-phrase. */
function titleAt(lines: string[], at: number, value: string): string | undefined {
  const first = value.replace(LEADING_FILLER, '').trim();
  if (!asTitle(first)) return undefined;
  // A line that goes on into the organiser or the date is the whole title already.
  return asTitle(STOP.test(first) ? first : withContinuation(lines, at, first));
}

/** The activity: after "sebagai peserta" / "telah mengikuti" / "dalam kegiatan" (same or next line), else a line opening with a form word. */
export function findTitle(lines: string[]): string | undefined {
  // Cues may follow each other ("sebagai Peserta" / "dalam kegiatan" / the title): the title follows the last.
  for (let cue = findCue(lines, TAKES_PART_IN); cue; cue = findCue(lines, TAKES_PART_IN, cue.line + 1)) {
    const next = lines[cue.line + 1] ?? '';
    const nextIsCue = findCue([next], TAKES_PART_IN) !== undefined;
    const title = titleAt(lines, cue.line, cue.rest) ?? (nextIsCue ? undefined : titleAt(lines, cue.line + 1, next));
    if (title) return title;
  }
  for (const [i, line] of lines.entries()) {
    if (FORM_WORD.test(line)) {
      const title = titleAt(lines, i, line);
      if (title) return title;
    }
  }
  return undefined;
}
