import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import type { Turn } from '../turn.js';

/** `mu:<id>`: the employee says their approved report is uploaded to MyASN (only their own, once). */
export async function markMyAsnUploaded(turn: Turn, id: string): Promise<void> {
  const employee = turn.employee!;
  const activity = await turn.deps.store.getActivity(id);
  if (!activity || activity.nip !== employee.nip) return turn.reply(turn.t.reportNotFound);
  if (activity.status !== 'approved') return turn.reply(turn.t.myAsnNotApproved);
  if (activity.myAsnUploadedAt) {
    const when = format(new TZDate(Date.parse(activity.myAsnUploadedAt), turn.deps.tz), 'dd-MM-yyyy');
    return turn.reply(turn.t.myAsnAlreadyMarked(activity.title, when));
  }
  const at = turn.nowIso();
  const result = await turn.deps.store.updateActivity(id, ['approved'], (current) => ({ ...current, myAsnUploadedAt: at, updatedAt: at }));
  if (!result || 'conflict' in result) return turn.reply(turn.t.myAsnNotApproved);
  turn.reply(turn.t.myAsnMarked(activity.title));
}
