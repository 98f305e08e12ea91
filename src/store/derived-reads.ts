import type { Store } from '../domain/store.js';
import type { Activity } from '../domain/types.js';
import { certificateNumberKey } from '../domain/certificate-key.js';
import { isEvaluationCandidate, type EndedBetween, type EvaluationCandidate } from '../domain/evaluation-candidate.js';
import { isUploadDue, type UploadDue } from '../domain/upload-due.js';
import { pendingSince, type WaitingCount } from '../domain/waiting.js';
import type { ActivityFigures } from '../domain/year-totals.js';

/**
 * Store questions lowdb answers from its plainer reads (PostgreSQL asks them in SQL, pg-access.ts): one
 * definition for the lowdb store and for its transactions, whose reads include their staged writes.
 */
type Reads = Pick<Store, 'activitiesOf' | 'activitiesOfMany' | 'activitiesInYear' | 'getReminderMark'>;

export async function activityFiguresIn(store: Reads, nips: string[], year: number): Promise<ActivityFigures[]> {
  return (await store.activitiesOfMany(nips, { year })).map(({ id, nip, status, year: y, input, jp }) => ({ id, nip, status, year: y, input, jp }));
}

export async function waitingCountsIn(store: Reads, nips: string[], before: string): Promise<WaitingCount[]> {
  const out: WaitingCount[] = [];
  for (const nip of new Set(nips)) {
    const count = (await store.activitiesOfMany([nip], { pending: true })).filter((a) => pendingSince(a) < before).length;
    if (count > 0) out.push({ nip, count });
  }
  return out;
}

export async function evaluationCandidatesIn(store: Reads, nips: string[], ended: EndedBetween): Promise<EvaluationCandidate[]> {
  const out: EvaluationCandidate[] = [];
  for (let year = Number(ended.after.slice(0, 4)); year <= Number(ended.upTo.slice(0, 4)); year++) {
    for (const a of await store.activitiesOfMany(nips, { year })) {
      if (isEvaluationCandidate(a, ended)) out.push({ id: a.id, nip: a.nip, title: a.title, end: a.input.end });
    }
  }
  return out;
}

export async function uploadsDueIn(store: Reads, nips: string[], approvedBy: string, markKind: string): Promise<UploadDue[]> {
  const out: UploadDue[] = [];
  for (const nip of [...new Set(nips)].sort()) {
    for (const a of await store.activitiesOf(nip)) {
      if (isUploadDue(a, approvedBy) && !(await store.getReminderMark(markKind, a.id, nip))) out.push({ id: a.id, nip, title: a.title });
    }
  }
  return out;
}

export async function activitiesWithCertificateIn(store: Reads, year: number, find: { hash?: string; numberKey?: string }): Promise<Activity[]> {
  return (await store.activitiesInYear(year)).filter(
    (a) =>
      (find.hash !== undefined && a.evidence?.hash === find.hash) ||
      (find.numberKey !== undefined && a.certificateNumber !== undefined && certificateNumberKey(a.certificateNumber) === find.numberKey),
  );
}
