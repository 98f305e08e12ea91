import { format, subMonths } from 'date-fns';
import { formatDateLong, parseIso, todayIn } from '../../domain/dates.js';
import type { Store } from '../../domain/store.js';
import { isEvaluationCandidate, type EndedBetween } from '../../domain/evaluation-candidate.js';
import type { Activity, Employee, GapLevel, Lang } from '../../domain/types.js';
import type { Button } from '../../chat/events.js';
import type { GapCode } from '../action-id.js';
import type { Catalog } from '../i18n/index.js';

/**
 * The six-month evaluation (seed 004 V.C): at least six months after an approved activity, the atasan rates
 * the competency gap that remains, rendah / sedang / tinggi. The weekly atasan digest asks (reminders/run.ts),
 * each activity once (a reminder mark of this kind, period the activity's id, on the atasan).
 */
export const GAP_EVALUATION = 'gap-evaluation';
export const EVALUATION_AFTER_MONTHS = 6;
/** Activities that ended longer ago than this many months are not asked about any more. */
export const EVALUATION_WINDOW_MONTHS = 12;
/** Activities listed in one prompt (each with its row of buttons). */
export const EVALUATION_PROMPT_MAX = 5;

export const GAP_BY_CODE: Record<Exclude<GapCode, 'n'>, GapLevel> = { r: 'rendah', s: 'sedang', t: 'tinggi' };
const CODE_BY_GAP: Record<GapLevel, GapCode> = { rendah: 'r', sedang: 's', tinggi: 't' };

const monthsBefore = (today: string, months: number) => format(subMonths(parseIso(today), months), 'yyyy-MM-dd');

/** The last end date an activity may have to be evaluated today (six months ago). */
export function evaluationCutoff(now: Date, tz: string): string {
  return monthsBefore(todayIn(now, tz), EVALUATION_AFTER_MONTHS);
}

/**
 * Approved by a decision in the chat (its history has the approval: not imported history, nor a record
 * written approved by other means), not rated, and ended six to twelve months ago.
 */
export function isEvaluationDue(a: Activity, now: Date, tz: string): boolean {
  return isEvaluationCandidate(a, evaluationWindow(now, tz));
}

/** The end dates of the activities due today: six to twelve months ago. */
function evaluationWindow(now: Date, tz: string): EndedBetween {
  const today = todayIn(now, tz);
  return { after: monthsBefore(today, EVALUATION_WINDOW_MONTHS), upTo: monthsBefore(today, EVALUATION_AFTER_MONTHS) };
}

/** One activity to rate, and who rates it. */
export interface EvaluationDue {
  id: string;
  nip: string;
  name: string;
  title: string;
  end: string;
  atasanNip: string;
}

/**
 * The activities of these employees due for their evaluation and not asked about yet, each with the
 * employee's atasan: one lookup per year the window touches (activities by NIP and year) and one for the marks.
 */
export async function evaluationsDue(store: Store, employees: Employee[], now: Date, tz: string): Promise<EvaluationDue[]> {
  const withAtasan = employees.filter((e) => e.atasanNip);
  if (withAtasan.length === 0) return [];
  const due = await store.evaluationCandidates(
    withAtasan.map((e) => e.nip),
    evaluationWindow(now, tz),
  );
  if (due.length === 0) return [];
  const byNip = new Map(withAtasan.map((e) => [e.nip, e]));
  const atasanNips = [...new Set(due.map((a) => byNip.get(a.nip)!.atasanNip!))];
  const asked = new Set((await store.reminderMarksFor(GAP_EVALUATION, due.map((a) => a.id), atasanNips)).map((m) => m.period));
  return due
    .filter((a) => !asked.has(a.id))
    .sort((a, b) => a.end.localeCompare(b.end) || a.id.localeCompare(b.id))
    .map((a) => {
      const e = byNip.get(a.nip)!;
      return { id: a.id, nip: a.nip, name: e.name, title: a.title, end: a.end, atasanNip: e.atasanNip! };
    });
}

/** The digest's question: each activity on a line, with one row of buttons (rendah / sedang / tinggi). */
export function evaluationPrompt(t: Catalog, lang: Lang, due: EvaluationDue[], total = due.length): { text: string; buttons: Button[][] } {
  const shown = due.slice(0, EVALUATION_PROMPT_MAX);
  const text = [t.evalDigestIntro(total), ...shown.map((d, i) => `${i + 1}. ${t.evalItem(d.name, d.title, formatDateLong(d.end, lang)).replace(/^• /, '')}`)].join('\n');
  const buttons = shown.map((d, i) =>
    (['rendah', 'sedang', 'tinggi'] as const).map((gap) => ({ id: `ev:${d.id}:${CODE_BY_GAP[gap]}`, label: `${i + 1}. ${t.evalGap[gap]}` })),
  );
  return { text, buttons };
}
