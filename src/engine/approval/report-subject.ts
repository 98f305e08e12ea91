import type { Activity, ActivityStatus } from '../../domain/types.js';
import { yearTotals } from '../../domain/year-totals.js';
import { formatJp } from '../../rules/index.js';
import { myAsnEntry } from '../../siasn/myasn-entry.js';
import type { DecisionCode } from '../action-id.js';
import { messageTo } from '../notify.js';
import { approvalRequest, revisionOf, statusLabel } from './request-message.js';
import type { DecisionSubject } from './subject.js';

const DECISIONS: ReadonlyMap<DecisionCode, ActivityStatus> = new Map([
  ['a', 'approved'],
  ['r', 'rejected'],
  ['v', 'returned'],
]);

/** A report (an activity) as a decision subject: `ap:`/`ad:`/`adc:` buttons; an approval takes an optional note. */
export const REPORT_SUBJECT: DecisionSubject<Activity> = {
  kind: 'report',
  ids: { ask: 'ap', decide: 'ad', cancel: 'adc' },
  load: (turn, id) => turn.deps.store.getActivity(id),
  ownerNip: (a) => a.nip,
  isPending: (a) => a.status === 'pending',
  revision: revisionOf,
  statusLabel: (t, a) => statusLabel(t, a.status),
  lastChange: (a) => a.history.at(-1),
  needsReason: (code) => code !== 'a',
  quickReasons: (t, code) => (code === 'a' ? [] : t.quickReasons),
  askReason: (t, code) => (code === 'a' ? t.askApproveNote : code === 'r' ? t.askRejectReason : t.askReturnReason),
  texts: (t) => ({
    inProgress: t.decisionInProgress,
    oldVersion: t.oldVersionButton,
    cancelled: t.decisionCancelled,
    alreadyDecided: t.alreadyDecided,
    done: t.decisionDone,
    notFound: t.reportNotFound,
    notPermitted: t.notPermitted,
  }),
  request: async (turn, activity, owner, t, lang) => approvalRequest(t, lang, activity, owner, turn.deps.profile),
  apply: async (turn, activity, code, reason, decider) => {
    const status = DECISIONS.get(code)!;
    const at = turn.nowIso();
    const result = await turn.deps.store.updateActivity(activity.id, ['pending'], (current) => ({
      ...current,
      status,
      history: [...current.history, { status, by: decider.nip, at, ...(reason ? { reason } : {}) }],
      updatedAt: at,
    }));
    if (!result) return undefined;
    return 'conflict' in result ? result : { done: result };
  },
  name: (a, owner) => `${owner?.name ?? a.nip}: "${a.title}"`,
  notify: async (turn, result, _code, reason, decider) => {
    const owner = await turn.deps.store.getEmployee(result.nip);
    if (!owner) return;
    const status = result.status;
    const totals = yearTotals(await turn.deps.store.activitiesOf(owner.nip, result.year), result.year, turn.deps.profile);
    const message = await messageTo(turn.deps, owner, (t) => {
      const lines = [t.decisionToEmployee(result.title, statusLabel(t, status), decider.name)];
      if (reason) lines.push(t.reasonLine(reason));
      lines.push(t.newTotal(result.year, formatJp(totals.approved, owner.lang), formatJp(totals.target, owner.lang)));
      if (status === 'returned') lines.push(t.reviseHint);
      const asn = owner.jenisAsn !== 'TKK'; // TKK staff have no MyASN
      if (status === 'approved' && asn) {
        // Ready for MyASN: the employee copies it field by field, then says it is uploaded.
        lines.push('', t.myAsnEntryIntro, ...myAsnEntry(result).map(([label, value]) => `${label}: ${value}`), t.myAsnEntryOutro);
      }
      const button =
        status === 'returned'
          ? { id: `rv:${result.id}`, label: t.revise }
          : status === 'approved' && asn
            ? { id: `mu:${result.id}`, label: t.myAsnUploaded }
            : undefined;
      return { text: lines.join('\n'), ...(button ? { buttons: [[button]] } : {}) };
    });
    if (message) turn.push([message]);
  },
};
