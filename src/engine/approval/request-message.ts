import { computeJp, formatJp, getForm } from '../../rules/index.js';
import type { Activity, Employee } from '../../domain/types.js';
import type { Button } from '../../chat/events.js';
import type { Catalog } from '../i18n/index.js';
import { isApplicable, STEP_ORDER, type ReportData } from '../report/data.js';
import { reportLines } from '../report/summary.js';
import { formatNip } from '../../domain/nip.js';
import type { Lang } from '../../domain/types.js';

/**
 * The report's answers rebuilt from a stored activity: for messages about it, and to reopen a returned
 * report for editing (jalur from its form; only the steps that apply to the form count as answered).
 */
export function activityAsReport(a: Activity): ReportData {
  const data: ReportData = {
    activityId: a.id,
    ...(getForm(a.input.type) ? { jalur: getForm(a.input.type)!.jalur } : {}),
    type: a.input.type,
    title: a.title,
    organizer: a.organizer,
    scope: a.input.scope,
    start: a.input.start,
    end: a.input.end,
    certNo: a.certificateNumber ?? null,
    evidence: a.evidence ?? null,
    answered: [],
    ...(a.planItem ? { planItem: a.planItem } : {}),
  };
  if (a.input.days !== undefined) data.days = a.input.days;
  if (a.input.count !== undefined) data.count = a.input.count;
  if (a.input.durationMinutes !== undefined) data.durationMinutes = a.input.durationMinutes;
  if (a.answers?.programJp !== undefined) data.jp = a.answers.programJp;
  data.certJp = a.answers?.certJp ?? null;
  if (a.certificate?.fields?.length) data.marks = Object.fromEntries(a.certificate.fields.map((f) => [f, 'cert' as const]));
  if (a.certificate?.otherName) data.certificate = { otherName: a.certificate.otherName };
  data.answered = STEP_ORDER.filter((step) => isApplicable(step, data, a.profile));
  return data;
}

/** The version of a report its decision buttons belong to: every status change makes a new one. */
export const revisionOf = (activity: Activity): string => String(activity.history.length);

export const decisionButtons = (t: Catalog, activity: Activity): Button[][] => {
  const base = `ap:${activity.id}:${revisionOf(activity)}`;
  return [
    [{ id: `${base}:a`, label: t.approve }],
    [
      { id: `${base}:r`, label: t.reject },
      { id: `${base}:v`, label: t.returnForRevision },
    ],
  ];
};

/** What an atasan sees: who, the report's fields, its JP and explanation, and the decision buttons. */
export function approvalRequest(t: Catalog, lang: Lang, activity: Activity, owner: Employee, profile: string) {
  const who = `${owner.name} (NIP ${formatNip(owner.nip)}, ${owner.unit})`;
  const lastReturn = [...activity.history].reverse().find((h) => h.status === 'returned');
  const lines = [
    lastReturn ? t.approvalRequestRevised(who) : t.approvalRequest(who),
    ...(lastReturn?.reason ? [t.previousReturnReason(lastReturn.reason)] : []),
    ...reportLines({ t, lang }, activityAsReport(activity), profile),
    `${t.fieldJp}: *${formatJp(activity.jp, lang)}*`,
    explanationIn(activity, lang),
    ...certificateLines(t, activity),
  ];
  return { text: lines.join('\n'), buttons: decisionButtons(t, activity) };
}

/** The stored explanation is Indonesian; an atasan reading English gets it computed again in English (same JP). */
function explanationIn(activity: Activity, lang: Lang): string {
  if (lang !== 'en') return activity.explanation;
  try {
    const result = computeJp(activity.input, activity.profile, 'en');
    return result.jp === activity.jp ? result.explanation : activity.explanation;
  } catch {
    return activity.explanation;
  }
}

/** The atasan's warnings about the certificate: another participant's name, the same file or number in another employee's report. */
function certificateLines(t: Catalog, activity: Activity): string[] {
  const c = activity.certificate;
  return [
    ...(c?.otherName ? [t.certificateOtherNameLine(c.otherName)] : []),
    ...(c?.usedBy ?? []).map((u) => t.certificateUsedBy(u.how, u.name, formatNip(u.nip), u.title)),
  ];
}

export function statusLabel(t: Catalog, status: Activity['status']): string {
  return {
    pending: t.statusPending,
    approved: t.statusApproved,
    rejected: t.statusRejected,
    returned: t.statusReturned,
    cancelled: t.statusCancelled,
  }[status];
}
