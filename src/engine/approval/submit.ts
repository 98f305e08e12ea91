import { randomBytes } from 'node:crypto';
import { activityYear, formatJp } from '../../rules/index.js';
import type { JpResult } from '../../rules/types.js';
import { SCHEMA_VERSION, type Activity, type Employee, type Lang } from '../../domain/types.js';
import type { Button } from '../../chat/events.js';
import type { Catalog } from '../i18n/index.js';
import { messageTo } from '../notify.js';
import type { Turn } from '../turn.js';
import { toActivityInput, type ReportData } from '../report/data.js';
import { certificateCheck } from '../report/certificate-check.js';
import { isLiveReport } from '../plan/plan-ops.js';
import { approversFor } from './approvers.js';
import { approvalRequest } from './request-message.js';

export function newActivityId(): string {
  return randomBytes(6).toString('base64url');
}

/** Stores the report as pending (or re-submits a returned one) and sends it to the approver. */
export async function submitReport(turn: Turn, data: ReportData, result: JpResult): Promise<boolean> {
  const employee = turn.employee;
  if (!employee) {
    turn.reply(turn.t.notLinked);
    return false;
  }
  const { store, profile } = turn.deps;
  const now = turn.nowIso();
  const raw = toActivityInput(data, profile);
  const input = { ...raw, start: data.start!, end: data.end!, scope: raw.scope };
  const certificate = await certificateCheck(turn, data);
  const fields = {
    input,
    title: data.title ?? '',
    organizer: data.organizer ?? '',
    ...(data.certNo ? { certificateNumber: data.certNo } : {}),
    ...(data.evidence ? { evidence: data.evidence } : {}),
    ...(data.planItem ? { planItem: data.planItem } : {}),
    ...(certificate ? { certificate } : {}),
    answers: {
      ...(data.jp !== undefined ? { programJp: data.jp } : {}),
      ...(data.certJp != null ? { certJp: data.certJp } : {}),
    },
    profile,
    jp: result.jp,
    explanation: result.explanation,
    year: activityYear(input) ?? Number(input.end.slice(0, 4)),
    updatedAt: now,
  };

  let activity: Activity;
  if (data.activityId) {
    const updated = await store.updateActivity(data.activityId, ['returned'], (current) => {
      const { certificateNumber: _c, evidence: _e, certificate: _k, ...kept } = current;
      return {
        ...kept,
        ...fields,
        status: 'pending',
        history: [...current.history, { status: 'pending', by: employee.nip, at: now }],
      };
    });
    if (!updated || 'conflict' in updated) {
      turn.reply(turn.t.reviseNotAllowed);
      return true;
    }
    activity = updated;
    turn.reply(turn.t.resubmitted(formatJp(activity.jp, turn.lang)));
  } else {
    activity = {
      schemaVersion: SCHEMA_VERSION,
      id: newActivityId(),
      nip: employee.nip,
      ...fields,
      status: 'pending',
      history: [{ status: 'pending', by: employee.nip, at: now }],
      createdAt: now,
    };
    await store.addActivity(activity);
    if (data.planItem) await linkPlanItem(turn, employee.nip, data.planItem, activity.id);
    turn.reply(turn.t.submitted(formatJp(activity.jp, turn.lang)));
  }
  await sendToApprovers(turn, employee, activity);
  return true;
}

/**
 * The plan item a report realises points back at it (an item is reported once). A link to a report that was
 * rejected or cancelled no longer counts, and the new report takes its place.
 */
async function linkPlanItem(turn: Turn, nip: string, ref: { year: number; no: number }, activityId: string): Promise<void> {
  const linked = (await turn.deps.store.getPlan(nip, ref.year))?.items.find((i) => i.no === ref.no)?.activityId;
  const dead = linked ? !isLiveReport((await turn.deps.store.getActivity(linked))?.status) : false;
  await turn.deps.store.updatePlan(nip, ref.year, (plan) => {
    if (!plan || !plan.items.some((i) => i.no === ref.no && (!i.activityId || (dead && i.activityId === linked)))) return undefined;
    return { ...plan, items: plan.items.map((i) => (i.no === ref.no ? { ...i, activityId } : i)), updatedAt: turn.nowIso() };
  });
}

/** Delivers a report's approval request; tells the employee when nobody can receive it yet. */
export function sendToApprovers(turn: Turn, owner: Employee, activity: Activity): Promise<void> {
  return sendRequestToApprovers(turn, owner, (t, lang) => approvalRequest(t, lang, activity, owner, turn.deps.profile));
}

/** Delivers any approval request (a report, a plan), built in each approver's language. */
export async function sendRequestToApprovers(
  turn: Turn,
  owner: Employee,
  build: (t: Catalog, lang: Lang) => { text: string; buttons?: Button[][] },
): Promise<void> {
  const { approvers, viaAdmins } = await approversFor(turn.deps, owner);
  if (viaAdmins) turn.reply(turn.t.noAtasanToAdmins);
  let delivered = 0;
  for (const approver of approvers) {
    const message = await messageTo(turn.deps, approver, (t) => build(t, approver.lang ?? 'id'));
    if (message) {
      turn.push([message]);
      delivered++;
    }
  }
  if (delivered > 0) return;
  const atasan = approvers[0];
  if (!atasan) return turn.reply(turn.t.noOtherApprover);
  turn.reply(!viaAdmins ? turn.t.atasanNotLinked(atasan.name) : turn.t.noApprover);
}
