import { todayIn } from '../../domain/dates.js';
import type { Employee, Plan } from '../../domain/types.js';
import type { EngineDeps } from '../deps.js';
import { planYear } from './year.js';

const waiting = (plan: Plan | undefined): plan is Plan => Boolean(plan?.items.some((i) => i.status === 'diusulkan'));

/**
 * Plans with items waiting for `approver`'s decision, of this year and of the year being prepared: their
 * subordinates' (one lookup per subordinate and year, by key), and for an admin those of employees with no
 * atasan in the roster (the year's plans, by year), as approversFor sends them.
 */
export async function plansWaitingFor(deps: EngineDeps, approver: Employee): Promise<Plan[]> {
  const now = deps.clock.now();
  const years = [...new Set([Number(todayIn(now, deps.tz).slice(0, 4)), planYear(now, deps.tz)])];
  const out: Plan[] = [];
  for (const sub of await deps.store.subordinatesOf(approver.nip)) {
    for (const year of years) {
      const plan = await deps.store.getPlan(sub.nip, year);
      if (waiting(plan)) out.push(plan);
    }
  }
  if (approver.role === 'admin') {
    for (const year of years) {
      const plans = (await deps.store.plansInYear(year)).filter((p) => waiting(p) && p.nip !== approver.nip);
      const owners = new Map((await deps.store.employeesOfMany(plans.map((p) => p.nip))).map((e) => [e.nip, e]));
      const atasans = new Set((await deps.store.employeesOfMany([...owners.values()].flatMap((e) => (e.atasanNip ? [e.atasanNip] : [])))).map((e) => e.nip));
      for (const p of plans) {
        const atasanNip = owners.get(p.nip)?.atasanNip;
        if (owners.has(p.nip) && !(atasanNip && atasans.has(atasanNip))) out.push(p);
      }
    }
  }
  return out;
}
