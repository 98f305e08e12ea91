import { PLAN_SUBJECT } from '../plan/decision-subject.js';
import { REPORT_SUBJECT } from './report-subject.js';
import type { DecisionSubject, SubjectKind } from './subject.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const SUBJECTS: Record<SubjectKind, DecisionSubject<any>> = {
  report: REPORT_SUBJECT,
  plan: PLAN_SUBJECT,
};

export function subjectOf(kind: SubjectKind): DecisionSubject<unknown> {
  return SUBJECTS[kind];
}

export const isSubjectKind = (value: unknown): value is SubjectKind => typeof value === 'string' && Object.hasOwn(SUBJECTS, value);
