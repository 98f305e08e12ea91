import type { Activity } from './types.js';

/** When a report began waiting for the current decision: its last move to `pending` (else its creation). */
export function pendingSince(a: Activity): string {
  for (let i = a.history.length - 1; i >= 0; i--) if (a.history[i]!.status === 'pending') return a.history[i]!.at;
  return a.createdAt;
}

/** How many of each employee's reports wait for a decision since before `before` (Store.waitingCounts). */
export interface WaitingCount {
  nip: string;
  count: number;
}
