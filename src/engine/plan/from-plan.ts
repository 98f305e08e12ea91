import { daysInclusive, todayIn } from '../../domain/dates.js';
import type { PlanItem } from '../../domain/types.js';
import { formRule } from '../../rules/index.js';
import { emptyReport, type QuestionStep, type ReportData } from '../report/data.js';
import { startReport } from '../report/dialog.js';
import type { Turn } from '../turn.js';
import { shortLabel } from '../dialog-kit/index.js';
import { jadwalSpan } from './parse-jadwal.js';
import { itemOf } from './plan-ops.js';
import { reportedItems } from './reported.js';
import { itemLine } from './view-lines.js';
import { planButton } from './view.js';

/**
 * The dates an accepted item ran on: as started, else its planned dates. A month alone ends on its last
 * day, and its dates are left to the report to ask (`exact` false).
 */
function heldOn(item: PlanItem): { start: string; end: string; exact: boolean } {
  if (item.started) return { start: item.started.start, end: item.started.end, exact: true };
  return { ...jadwalSpan(item.jadwal), exact: 'start' in item.jadwal };
}

/** Accepted items that have ended and are not reported yet (or only by a rejected or cancelled report), of this year's and last year's plans. */
async function reportable(turn: Turn): Promise<{ year: number; item: PlanItem }[]> {
  const today = todayIn(turn.now(), turn.deps.tz);
  const year = Number(today.slice(0, 4));
  const out: { year: number; item: PlanItem }[] = [];
  for (const y of [year - 1, year]) {
    const plan = await turn.deps.store.getPlan(turn.employee!.nip, y);
    const ended = (plan?.items ?? []).filter((item) => item.status === 'diterima' && heldOn(item).end <= today);
    const reported = await reportedItems(turn.deps.store, ended);
    for (const item of ended) if (!reported.has(item.no)) out.push({ year: y, item });
  }
  return out;
}

/**
 * "lapor" with no form named: when planned activities have ended, offers them (filled in from the plan)
 * beside an unplanned (insidental) one. False when there is nothing to offer (the report starts as usual).
 */
export async function offerPlannedReports(turn: Turn): Promise<boolean> {
  const ended = await reportable(turn);
  if (ended.length === 0) return false;
  const rows = ended.map(({ year, item }) => [planButton(year, 'report', shortLabel(`${item.no}. ${item.materi}`), item.no)]);
  rows.push([planButton(ended[0]!.year, 'report', turn.t.planReportOther, 0)]);
  turn.reply([turn.t.planReportOffer, ...ended.map(({ item }) => itemLine(turn, item))].join('\n'), rows);
  return true;
}

/** The report's answers from a planned item: everything the plan knows, the rest asked as usual. */
export function planAsReport(year: number, item: PlanItem, profile: string): ReportData {
  const data = emptyReport();
  const dates = heldOn(item);
  Object.assign(data, {
    jalur: item.jalur,
    type: item.type,
    title: item.materi,
    organizer: item.penyelenggara,
    ...(dates.exact ? { start: dates.start, end: dates.end } : {}),
    planItem: { year, no: item.no },
  });
  const answered: QuestionStep[] = ['jalur', 'form', 'title', 'organizer', ...(dates.exact ? (['start', 'end'] as const) : [])];
  const rule = formRule(profile, item.type);
  // A month alone: the days are checked against the dates the employee gives, so they are asked then.
  const span = dates.exact ? daysInclusive(dates.start, dates.end) : 0;
  if ((rule.needsStatedJp || rule.unit === 'jp') && item.amount.jp !== undefined) {
    data.jp = item.amount.jp;
    answered.push('amount');
  } else if (rule.unit === 'day' && item.amount.days !== undefined && item.amount.days <= span) {
    data.days = item.amount.days;
    answered.push('amount');
  } else if (!['day', 'jp'].includes(rule.unit) && !rule.needsStatedJp && item.amount.count !== undefined) {
    data.count = item.amount.count;
    answered.push('amount');
  }
  data.answered = answered;
  return data;
}

/** `pl:<year>:report:<no>`: the report of a planned item; item 0 is an unplanned (insidental) report. */
export async function reportFromPlan(turn: Turn, year: number, no: number): Promise<void> {
  if (no === 0) return startReport(turn);
  const plan = await turn.deps.store.getPlan(turn.employee!.nip, year);
  const item = itemOf(plan, no);
  if (!item || item.status !== 'diterima') return turn.reply(turn.t.planReportNotAllowed);
  if ((await reportedItems(turn.deps.store, [item])).has(no)) return turn.reply(turn.t.planAlreadyReported(no));
  const dates = heldOn(item);
  if (dates.end > todayIn(turn.now(), turn.deps.tz)) return turn.reply(turn.t.planNotEndedYet(no));
  // A month alone: the report asks the dates (a hint says so; "mulai" records them beforehand).
  if (!dates.exact) turn.reply(turn.t.planReportAskDates);
  await startReport(turn, undefined, planAsReport(year, item, turn.deps.profile));
}
