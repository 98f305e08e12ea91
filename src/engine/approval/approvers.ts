import type { Activity, Employee } from '../../domain/types.js';
import type { EngineDeps } from '../deps.js';

/** Who decides on an employee's reports: their atasan when the roster has one, else every admin. */
export async function approversFor(deps: EngineDeps, employee: Employee): Promise<{ approvers: Employee[]; viaAdmins: boolean }> {
  if (employee.atasanNip) {
    const atasan = await deps.store.getEmployee(employee.atasanNip);
    if (atasan) return { approvers: [atasan], viaAdmins: false };
  }
  // Nobody decides on their own report, so an admin without an atasan goes to the other admins.
  const admins = (await deps.store.admins()).filter((a) => a.nip !== employee.nip);
  return { approvers: admins, viaAdmins: true };
}

/** Only the employee's atasan, or an admin, may decide; nobody decides on their own report or plan. */
export async function mayDecideFor(deps: EngineDeps, decider: Employee, ownerNip: string): Promise<boolean> {
  if (decider.nip === ownerNip) return false;
  if (decider.role === 'admin') return true;
  const owner = await deps.store.getEmployee(ownerNip);
  return owner?.atasanNip === decider.nip;
}

export const mayDecide = (deps: EngineDeps, decider: Employee, activity: Activity): Promise<boolean> =>
  mayDecideFor(deps, decider, activity.nip);

/** Pending reports waiting for this person: their subordinates', and for an admin those with no atasan. */
export async function pendingFor(deps: EngineDeps, approver: Employee): Promise<Activity[]> {
  const subordinates = await deps.store.subordinatesOf(approver.nip);
  const mine = subordinates.length ? await deps.store.activitiesOfMany(subordinates.map((s) => s.nip), { pending: true }) : [];
  if (approver.role === 'admin') {
    const seen = new Set(mine.map((a) => a.id));
    for (const a of await deps.store.pendingWithoutAtasan()) {
      if (!seen.has(a.id) && a.nip !== approver.nip) mine.push(a);
    }
  }
  return mine.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}
