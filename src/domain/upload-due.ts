import type { Activity } from './types.js';

/** An approved activity the reminder run may mention as not yet uploaded to MyASN: its id, owner and title. */
export interface UploadDue {
  id: string;
  nip: string;
  title: string;
}

/**
 * Approved (its last move), at or before `approvedBy`, not marked uploaded to MyASN, and not imported
 * history (HR entered that in SIASN already). PostgreSQL asks the same in SQL (pg-access.ts, uploadsDue).
 */
export function isUploadDue(a: Activity, approvedBy: string): boolean {
  if (a.status !== 'approved' || a.myAsnUploadedAt || a.source) return false;
  const last = a.history.at(-1);
  return last?.status === 'approved' && last.at <= approvedBy;
}
