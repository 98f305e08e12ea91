import type { CertificateFields } from '../types.js';
import { findActivityDates } from './activity-dates.js';
import { findDuration } from './duration.js';
import { findInternationalHint } from './international.js';
import { certificateLines } from './normalize.js';
import { findNumber } from './number.js';
import { findOrganizer } from './organizer.js';
import { findParticipant } from './participant.js';
import { findTitle } from './title.js';

/** Everything the text of a certificate states that a report needs. Pure: text in, fields out. */
export function extractFields(text: string): CertificateFields {
  const lines = certificateLines(text);
  const participant = findParticipant(lines);
  const title = findTitle(lines);
  const organizer = findOrganizer(lines);
  const dates = findActivityDates(lines);
  const day = dates.issuedDate ?? dates.startDate;
  const number = findNumber(lines, day ? Number(day.slice(5, 7)) : undefined);
  const hint = findInternationalHint(lines, title);
  return {
    ...(participant ? { participant } : {}),
    ...(title ? { title } : {}),
    ...(organizer ? { organizer } : {}),
    ...dates,
    ...findDuration(lines),
    ...(number ? { number } : {}),
    ...(hint ? { international: true as const, internationalHint: hint } : {}),
  };
}
