import type { Activity } from './types.js';

/** An activity the six-month evaluation may ask about: its id, owner, title and end date. */
export interface EvaluationCandidate {
  id: string;
  nip: string;
  title: string;
  end: string;
}

/** The end dates asked about: after `after`, up to and including `upTo` (YYYY-MM-DD). */
export interface EndedBetween {
  after: string;
  upTo: string;
}

/**
 * Approved by a decision in the chat (its history has the approval: not imported history, nor a record
 * written approved by other means), not rated, and ended in the window. PostgreSQL asks the same in SQL
 * (pg-access.ts, evaluationCandidates).
 */
export function isEvaluationCandidate(a: Activity, { after, upTo }: EndedBetween): boolean {
  return (
    a.status === 'approved' &&
    !a.evaluation &&
    !a.source &&
    a.input.end > after &&
    a.input.end <= upTo &&
    a.history.some((h) => h.status === 'approved')
  );
}
