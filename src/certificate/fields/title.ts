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

function asTitle(value: string): string | undefined {
  const title = unquote(cutAt(value.replace(LEADING_FILLER, ''), STOP));
  return title.length >= 4 && /\p{L}{3}/u.test(title) ? title : undefined;
}

/** The activity: after "sebagai peserta" / "telah mengikuti" / "dalam kegiatan" (same or next line), else a line opening with a form word. */
export function findTitle(lines: string[]): string | undefined {
  const cue = findCue(lines, TAKES_PART_IN);
  if (cue) {
    const title = asTitle(cue.rest) ?? asTitle(lines[cue.line + 1] ?? '');
    if (title) return title;
  }
  for (const line of lines) {
    if (FORM_WORD.test(line)) {
      const title = asTitle(line);
      if (title) return title;
    }
  }
  return undefined;
}
