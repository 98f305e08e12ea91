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
 * and asks again every EVALUATION_ASK_AGAIN_DAYS while the activity is not rated (a reminder mark of this
 * kind, period the activity's id, on whoever was asked; its time says when).
 */
export const GAP_EVALUATION = 'gap-evaluation';
export const EVALUATION_AFTER_MONTHS = 6;
/** Activities that ended longer ago than this many months are not asked about any more. */
export const EVALUATION_WINDOW_MONTHS = 12;
/** An activity still not rated this many days after its prompt is asked about again. */
export const EVALUATION_ASK_AGAIN_DAYS = 28;
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

/** One activity to rate, and who is asked: the employee's atasan, or (with none in the roster) an admin. */
export interface EvaluationDue {
  id: string;
  nip: string;
  name: string;
  title: string;
  end: string;
  raterNip: string;
}

/** True when a prompt sent at `askedAt` is old enough to ask again about an activity still not rated. */
export function askAgain(askedAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(askedAt) >= EVALUATION_ASK_AGAIN_DAYS * 86_400_000;
}

/**
 * The activities of these employees (one page of the roster) due for their evaluation and not asked about
 * in the last EVALUATION_ASK_AGAIN_DAYS, once per rater: the employee's atasan, or every admin but the
 * employee when the roster has no atasan for them (as approversFor sends their reports). One lookup for
 * the candidates, one for the atasans, one for the marks; `admins` is read once by the caller (or here).
 */
export async function evaluationsDue(store: Store, employees: Employee[], now: Date, tz: string, admins?: Employee[]): Promise<EvaluationDue[]> {
  if (employees.length === 0) return [];
  const due = await store.evaluationCandidates(
    employees.map((e) => e.nip),
    evaluationWindow(now, tz),
  );
  if (due.length === 0) return [];
  const byNip = new Map(employees.map((e) => [e.nip, e]));
  const owners = [...new Set(due.map((a) => a.nip))].map((nip) => byNip.get(nip)!);
  const atasanNips = [...new Set(owners.flatMap((e) => (e.atasanNip ? [e.atasanNip] : [])))];
  const inRoster = new Set(atasanNips.length ? await store.knownNips(atasanNips) : []);
  const needAdmins = owners.some((e) => !(e.atasanNip && inRoster.has(e.atasanNip)));
  const adminNips = needAdmins ? (admins ?? (await store.admins())).map((a) => a.nip) : [];
  const ratersOf = (e: Employee): string[] =>
    e.atasanNip && inRoster.has(e.atasanNip) ? [e.atasanNip] : adminNips.filter((nip) => nip !== e.nip);
  const pairs = due.flatMap((a) => ratersOf(byNip.get(a.nip)!).map((raterNip) => ({ a, raterNip })));
  if (pairs.length === 0) return [];
  const marks = await store.reminderMarksFor(GAP_EVALUATION, [...new Set(pairs.map((p) => p.a.id))], [...new Set(pairs.map((p) => p.raterNip))]);
  const askedAt = new Map(marks.map((m) => [`${m.period} ${m.nip}`, m.at]));
  return pairs
    .filter(({ a, raterNip }) => {
      const at = askedAt.get(`${a.id} ${raterNip}`);
      return at === undefined || askAgain(at, now);
    })
    .sort((x, y) => x.a.end.localeCompare(y.a.end) || x.a.id.localeCompare(y.a.id) || x.raterNip.localeCompare(y.raterNip))
    .map(({ a, raterNip }) => ({ id: a.id, nip: a.nip, name: byNip.get(a.nip)!.name, title: a.title, end: a.end, raterNip }));
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
