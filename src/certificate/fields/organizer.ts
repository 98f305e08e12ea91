import { cutAt, findCue, unquote } from './cues.js';

const HELD_BY = [
  /\b(?:diselenggarakan|dilaksanakan|diadakan|dilakukan)\s+oleh\b/i,
  /\bpenyelenggara(?:\s+kegiatan)?\s*:/i,
  /\b(?:organi[sz]ed|hosted|conducted|held|presented)\s+by\b/i,
  /\borgani[sz]er\s*:/i,
];
const STOP = /\s*,?\s*\b(?:pada\s+(?:tanggal|hari)|pada\s+\d|tanggal|secara|melalui|bertempat|selama|sebanyak|setara|dengan\s+jumlah|on\s+(?:\d|[A-Z])|from\s+\d|held\s+(?:on|online)|via|di\s+(?:hotel|gedung|aula|ruang))\b/i;

function asOrganizer(value: string): string | undefined {
  const organizer = unquote(cutAt(value, STOP));
  return organizer.length >= 3 && /\p{L}{2}/u.test(organizer) ? organizer : undefined;
}

/** The organiser: after "diselenggarakan oleh" / "Penyelenggara:" / "organized by" (same or next line). */
export function findOrganizer(lines: string[]): string | undefined {
  const cue = findCue(lines, HELD_BY);
  if (!cue) return undefined;
  return asOrganizer(cue.rest) ?? asOrganizer(lines[cue.line + 1] ?? '');
}
