import { hostname } from 'node:os';
import { Cron } from 'croner';
import { clockFor, type AppConfig, type Clock } from '../config.js';
import type { Store } from '../domain/store.js';
import type { Outbox } from '../delivery/outbox.js';
import { QuietHoursError, runReminders } from './run.js';
import { inQuietHours, quietHoursEnd } from './time.js';

/**
 * Default reminder schedule (office time zone): the 1st of every month at 08:00, and every Monday of
 * November and December at 08:00 (the year-end push). Override with BANGKOM_REMIND_CRON, a `;`-separated
 * list of cron expressions.
 */
export const DEFAULT_REMIND_CRON = '0 8 1 * *; 0 8 * 11,12 1';

/**
 * Scheduled runs remind an employee again once their last reminder is at least this old: monthly patterns
 * remind monthly, the weekly year-end runs weekly, and two patterns firing close together never double up.
 */
export const SCHEDULE_MIN_DAYS_BETWEEN = 6;

/**
 * The cron expressions of BANGKOM_REMIND_CRON in `env` (the environment given to the assistant, not
 * necessarily process.env), or the default; each checked by croner.
 */
export function reminderCronPatterns(env: NodeJS.ProcessEnv): string[] {
  const raw = env.BANGKOM_REMIND_CRON?.trim() || DEFAULT_REMIND_CRON;
  const patterns = raw
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (patterns.length === 0) throw new Error('BANGKOM_REMIND_CRON has no cron expression');
  for (const pattern of patterns) {
    try {
      new Cron(pattern, { paused: true }).stop();
    } catch (err) {
      throw new Error(`BANGKOM_REMIND_CRON: invalid cron expression '${pattern}': ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return patterns;
}

export interface ReminderScheduleOptions {
  /** Default: reminderCronPatterns(env). */
  patterns?: string[];
  /** Where BANGKOM_REMIND_CRON is read when `patterns` is not given; default: none (DEFAULT_REMIND_CRON). */
  env?: NodeJS.ProcessEnv;
  /** Decides quiet hours and the reminder period; default: the configured clock. */
  clock?: Clock;
  /** What a due run does; default: runReminders through the assistant's outbox, logging the summary. */
  run?: (signal: AbortSignal) => Promise<void>;
  /** This process's name for the reminder lease; default: a random one. */
  owner?: string;
}

/** This process, when the caller names none. */
const DEFAULT_OWNER = `reminders:${hostname()}:${process.pid}`;
/** The lease a reminder run holds, per tick (kept after the run, so that the same tick in another process does nothing). */
const REMINDER_LEASE = 'reminder-run';
const REMINDER_LEASE_MS = 10 * 60 * 1000;

/** A run that did not store every reminder due (stopped by a shutdown, or refused by the store). */
class IncompleteRun extends Error {}

/** What the schedule needs from the running assistant (its adapter context fits). */
export interface ScheduleDeps {
  store: Store;
  outbox: Outbox;
  config: AppConfig;
  log: {
    info(msg: string, extra?: Record<string, unknown>): void;
    warn(msg: string, extra?: Record<string, unknown>): void;
    error(msg: string, extra?: Record<string, unknown>): void;
  };
}

/** The reminder mark that records when the schedule last ran (kind, period, nip). */
export const SCHEDULE_MARK = { kind: 'schedule-run', period: 'last', nip: '-' } as const;

export interface ReminderSchedule {
  /** Stops the timers, stops handing new messages to the outbox and waits for the current run. */
  stop(): Promise<void>;
  /** The next due time of each pattern. */
  nextRuns(): Date[];
  /** A due run right now, as if a pattern fired; resolves when it is done (or deferred past quiet hours). */
  trigger(): Promise<void>;
}

/**
 * Runs the reminders of `bangkom remind` inside the running assistant on cron schedules (croner, in the
 * configured time zone). Runs never overlap; a run due in quiet hours (20:00–07:00) waits until 07:00,
 * and every run due in the same night collapses into that one.
 */
export function startReminderSchedule(ctx: ScheduleDeps, opts: ReminderScheduleOptions = {}): ReminderSchedule {
  const tz = ctx.config.tz;
  const clock = opts.clock ?? clockFor(ctx.config);
  const patterns = opts.patterns ?? reminderCronPatterns(opts.env ?? {});
  const abort = new AbortController();
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();
  let waiting = false;
  let deferred: NodeJS.Timeout | undefined;

  const defaultRun = async (signal: AbortSignal) => {
    const summary = await runReminders({
      store: ctx.store,
      outbox: ctx.outbox,
      clock,
      tz,
      profile: ctx.config.profile,
      minDaysBetween: SCHEDULE_MIN_DAYS_BETWEEN,
      signal,
      outcomes: 'failed',
    });
    for (const o of summary.outcomes) {
      if (o.status === 'failed') ctx.log.warn('reminder not delivered', { kind: o.kind, nip: o.nip, to: o.to, reason: o.reason });
    }
    ctx.log.info('reminder run done', {
      year: summary.year,
      period: summary.period,
      reminders: summary.reminders,
      digests: summary.digests,
      uploads: summary.uploads,
      blocked: summary.blocked,
    });
    // Not recorded as run: the next start runs it again (its marks keep it from reminding anyone twice).
    if (!summary.complete) throw new IncompleteRun();
  };
  const run = opts.run ?? defaultRun;
  const owner = opts.owner ?? DEFAULT_OWNER;

  const defer = (until: Date) => {
    if (deferred || stopped) return;
    const ms = Math.max(0, until.getTime() - clock.now().getTime());
    ctx.log.info('reminder run deferred until quiet hours end', { until: until.toISOString() });
    deferred = setTimeout(() => {
      deferred = undefined;
      void due();
    }, ms);
    deferred.unref();
  };

  const due = (): Promise<void> => {
    if (stopped) return chain;
    const now = clock.now();
    if (inQuietHours(now, tz)) {
      defer(quietHoursEnd(now, tz));
      return Promise.resolve();
    }
    if (waiting) return chain;
    waiting = true;
    chain = chain.then(async () => {
      waiting = false;
      if (stopped) return;
      try {
        // Several processes on one database: the tick fires in each, one of them runs it (the lease is named
        // after the tick's minute and kept, so the others find it taken).
        const tick = `${REMINDER_LEASE}:${clock.now().toISOString().slice(0, 16)}`;
        if (!(await ctx.store.holdLease(tick, owner, REMINDER_LEASE_MS))) {
          ctx.log.info('reminder run: another process on this database runs this one', {});
          return;
        }
        await run(abort.signal);
        await ctx.store.addReminderMark({ ...SCHEDULE_MARK, at: clock.now().toISOString() });
      } catch (err) {
        if (err instanceof QuietHoursError) defer(err.until);
        else if (err instanceof IncompleteRun) ctx.log.warn('reminder run stopped before every reminder was stored; the next start completes it', {});
        else ctx.log.error('reminder run failed', { error: err instanceof Error ? err.message : String(err) });
      }
    });
    return chain;
  };

  const jobs = patterns.map((pattern) => new Cron(pattern, { timezone: tz, unref: true }, () => due()));
  const caughtUp = catchUp();

  /** A run that fell due while the assistant was down runs now, once; the first start only records itself. */
  async function catchUp(): Promise<void> {
    try {
      const last = await ctx.store.getReminderMark(SCHEDULE_MARK.kind, SCHEDULE_MARK.period, SCHEDULE_MARK.nip);
      if (!last) {
        await ctx.store.addReminderMark({ ...SCHEDULE_MARK, at: clock.now().toISOString() });
        return;
      }
      const since = new Date(last.at);
      const missed = patterns.some((p) => {
        const next = new Cron(p, { timezone: tz, paused: true }).nextRun(since);
        return next !== null && next.getTime() <= clock.now().getTime();
      });
      if (missed) {
        ctx.log.info('a scheduled reminder run was missed while the assistant was down; running it now', { last: last.at });
        await due();
      }
    } catch (err) {
      ctx.log.error('could not check for a missed reminder run', { error: err instanceof Error ? err.message : String(err) });
    }
  }
  ctx.log.info('reminder schedule started', {
    patterns,
    tz,
    next: jobs.map((j) => j.nextRun()?.toISOString() ?? null),
  });

  return {
    async stop() {
      await caughtUp;
      stopped = true;
      abort.abort();
      for (const job of jobs) job.stop();
      if (deferred) clearTimeout(deferred);
      deferred = undefined;
      await chain;
    },
    nextRuns: () => jobs.map((j) => j.nextRun()).filter((d): d is Date => d !== null),
    trigger: () => due(),
  };
}
