import { z } from 'zod';
import { todayIn } from '../../domain/dates.js';
import type { Plan } from '../../domain/types.js';

/** The plan year being prepared: next year from 1 October (the planning season), else this year. */
export function planYear(now: Date, tz: string): number {
  const today = todayIn(now, tz);
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) >= 10 ? year + 1 : year;
}

export const DEFAULT_PLAN_DEADLINE = '11-30';

/** `MM-DD`: the last day proposals for a year are taken, in the year before it (a real day of the month). */
const deadlineSchema = z
  .string()
  .trim()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
  .refine((s) => {
    const [m, d] = s.split('-').map(Number) as [number, number];
    return d <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  });

/**
 * The `BANGKOM_PLAN_DEADLINE` setting (`MM-DD`, default `11-30`), or the problem with it. Read when needed,
 * so that a changed environment applies at the next start without anything else to pass around.
 */
export function planDeadlineSetting(env: NodeJS.ProcessEnv = process.env): { ok: true; mmdd: string } | { ok: false; problem: string } {
  const raw = env.BANGKOM_PLAN_DEADLINE;
  if (raw === undefined || raw.trim() === '') return { ok: true, mmdd: DEFAULT_PLAN_DEADLINE };
  const parsed = deadlineSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, mmdd: parsed.data }
    : { ok: false, problem: `BANGKOM_PLAN_DEADLINE must be MM-DD (e.g. 11-30), not ${JSON.stringify(raw.slice(0, 20))}` };
}

/** The last day (ISO) proposals for `year` are taken. A bad setting falls back to the default (and start-up says so). */
export function planDeadline(year: number, env: NodeJS.ProcessEnv = process.env): string {
  const setting = planDeadlineSetting(env);
  return `${year - 1}-${setting.ok ? setting.mmdd : DEFAULT_PLAN_DEADLINE}`;
}

/** Plans that take proposals at all: this year's and the one being prepared (a forged `pl:2035:add` does not). */
export function proposableYear(year: number, now: Date, tz: string): boolean {
  const thisYear = Number(todayIn(now, tz).slice(0, 4));
  return year === thisYear || year === planYear(now, tz);
}

/** Whether a plan takes proposals: 'open'; 'deadline' (past it: only returned items); 'closed' (a year that takes none). */
export type ProposalLock = 'open' | 'deadline' | 'closed';

/**
 * New proposals (adding, changing, sending) are locked after the deadline, unless an admin reopened this
 * plan; a plan of any year but this one and the one being prepared is always locked.
 */
export function proposalLock(plan: Plan | undefined, year: number, now: Date, tz: string): ProposalLock {
  if (!proposableYear(year, now, tz)) return 'closed';
  if (plan?.reopened) return 'open';
  return todayIn(now, tz) > planDeadline(year) ? 'deadline' : 'open';
}

export function proposalsLocked(plan: Plan | undefined, year: number, now: Date, tz: string): boolean {
  return proposalLock(plan, year, now, tz) !== 'open';
}
