import { findDates, type DateSpan } from './dates.js';

/** "Jakarta, 12 Maret 2026": a place, a comma, a date, nothing else: where and when it was signed. */
const PLACE_DATE = /^[\p{L}][\p{L} .'-]{1,40},\s*$/u;
const WEEKDAY = /\b(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,\s*$/i;
/** Words before the activity's date. */
const ACTIVITY_CUE = /\b(?:pada\s+(?:tanggal|hari)|tanggal|tgl\.?|dilaksanakan|pelaksanaan|waktu|held|on|date|from|mulai)\b/i;
const NUMBER_LINE = /\b(?:nomor|no\s*[.:]|nip|nik)\b/i;

export interface ActivityDates {
  startDate?: string;
  endDate?: string;
  issuedDate?: string;
}

interface Found extends DateSpan {
  placeDate: boolean;
  cued: boolean;
}

/** The activity's days (after "pada tanggal" if stated, else the first date) and the signing date. */
export function findActivityDates(lines: string[]): ActivityDates {
  const found: Found[] = [];
  for (const line of lines) {
    if (NUMBER_LINE.test(line)) continue;
    for (const span of findDates(line)) {
      const before = line.slice(0, span.index);
      const after = line.slice(span.index + span.length).trim();
      const placeDate = PLACE_DATE.test(before) && !WEEKDAY.test(before) && !ACTIVITY_CUE.test(before) && after === '';
      found.push({ ...span, placeDate, cued: ACTIVITY_CUE.test(before) });
    }
  }
  const issued = found.filter((f) => f.placeDate).at(-1);
  const activity = found.find((f) => f.cued && !f.placeDate) ?? found.find((f) => !f.placeDate) ?? issued;
  return {
    ...(activity ? { startDate: activity.start, endDate: activity.end } : {}),
    ...(issued ? { issuedDate: issued.start } : {}),
  };
}
