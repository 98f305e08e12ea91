import { randomBytes } from 'node:crypto';
import { activityYear, computeJp, formatJp, formRule, UNIT_WORD } from '../rules/index.js';
import { daysInclusive } from './dates.js';
import type { HistoryEntry } from './history-row.js';
import { SCHEMA_VERSION, type Activity } from './types.js';

/** Who imports, when, from which file, under which rule profile. */
export interface ImportStamp {
  /** Who imported: the NIP given with --by, else the operating-system user. */
  by: string;
  /**
   * NIP written as the approver in the activity's history (records need an 18-digit NIP there): the
   * importer's when they are an employee, else the employee the record belongs to (it is their record, as HR kept it).
   */
  approverNip?: string;
  at: string;
  /** The file's base name. */
  file: string;
  profile: string;
}

/**
 * Sessions / activities / semesters a stated JP stands for, on forms that count them at a fixed rate which
 * a stated JP does not replace (coaching and mentoring 2 JP a session, patok banding, bimbingan di tempat
 * kerja, tugas belajar): what the caps across reports count ("maksimal 2 kali dalam 1 bulan"), so that a
 * 6 JP coaching record counts as 3 sessions, not one.
 */
export function impliedCount(entry: Pick<HistoryEntry, 'type' | 'scope' | 'start' | 'jp'>, profile: string): number | undefined {
  const rule = formRule(profile, entry.type);
  if (rule.unit === 'jp' || rule.unit === 'day' || rule.needsStatedJp || rule.statedJpReplaces) return undefined;
  const one = computeJp({ type: entry.type, scope: entry.scope, count: 1, start: entry.start, end: entry.start }, profile).jp;
  return one > 0 ? Math.max(1, Math.round(entry.jp / one)) : undefined;
}

/**
 * The approved activity a history row becomes. Its JP is the JP the record states, not converted again
 * (HR recognized it before): the explanation says so. The rules input keeps the dates, the days and the
 * count the caps across reports need, so the activity counts in every total with the caps applied.
 */
export function importedActivity(entry: HistoryEntry, stamp: ImportStamp): Activity {
  const count = impliedCount(entry, stamp.profile);
  const input = {
    type: entry.type,
    scope: entry.scope,
    start: entry.start,
    end: entry.end,
    days: daysInclusive(entry.start, entry.end),
    jp: entry.jp,
    ...(count !== undefined ? { count } : {}),
  };
  const unit = formRule(stamp.profile, entry.type).unit;
  const explanation =
    `Diimpor dari riwayat (${stamp.file}, baris ${entry.line}): ${formatJp(entry.jp)} sesuai catatan, tidak dihitung ulang` +
    (count !== undefined ? `; setara ${count} ${UNIT_WORD[unit]}` : '');
  return {
    schemaVersion: SCHEMA_VERSION,
    // The same form as the chat's ids (newActivityId).
    id: randomBytes(6).toString('base64url'),
    nip: entry.nip,
    input,
    title: entry.title,
    organizer: entry.organizer,
    ...(entry.certificateNumber ? { certificateNumber: entry.certificateNumber } : {}),
    profile: stamp.profile,
    jp: entry.jp,
    explanation,
    year: activityYear(input) ?? Number(entry.end.slice(0, 4)),
    status: 'approved',
    source: { kind: 'impor', by: stamp.by, at: stamp.at, file: stamp.file, line: entry.line },
    history: [
      {
        status: 'approved',
        by: stamp.approverNip ?? entry.nip,
        at: stamp.at,
        reason: `impor riwayat oleh ${stamp.by}: ${stamp.file} baris ${entry.line}`,
      },
    ],
    createdAt: stamp.at,
    updatedAt: stamp.at,
  };
}
