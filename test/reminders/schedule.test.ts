import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdapterContext, Logger } from '../../src/platform/adapter.js';
import { Relay } from '../../src/delivery/relay.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { Engine } from '../../src/engine/engine.js';
import { JP_SHORTFALL } from '../../src/reminders/run.js';
import {
  DEFAULT_REMIND_CRON,
  reminderCronPatterns,
  SCHEDULE_MARK,
  startReminderSchedule,
  type ReminderSchedule,
} from '../../src/reminders/schedule.js';
import { StoreError } from '../../src/store/errors.js';
import { makeWorld, NIP } from '../helpers/script-driver.js';
import { recordingSender } from './fixtures.js';

const silent: Logger = { info() {}, warn() {}, error() {} };
const realClock = { now: () => new Date() };

/** A context for schedule timing only: the run itself is a stub. */
function stubContext(): AdapterContext {
  return {
    config: { db: '', profile: 'lan-2018', tz: 'Asia/Jakarta' },
    log: silent,
    outbox: new Outbox([]),
    // Only what the schedule itself asks of the store: the run is a stub here.
    store: { holdLease: async () => true, getReminderMark: async () => undefined, addReminderMark: async () => undefined },
  } as unknown as AdapterContext;
}

let schedule: ReminderSchedule | undefined;
afterEach(async () => {
  await schedule?.stop();
  schedule = undefined;
  vi.useRealTimers();
});

describe('BANGKOM_REMIND_CRON', () => {
  it('defaults to the 1st of each month and Mondays of November and December, 08:00', () => {
    expect(reminderCronPatterns({})).toEqual(['0 8 1 * *', '0 8 * 11,12 1']);
    expect(DEFAULT_REMIND_CRON.split(';')).toHaveLength(2);
  });

  it('reads a ;-separated list and rejects a bad expression by name', () => {
    expect(reminderCronPatterns({ BANGKOM_REMIND_CRON: ' 0 9 * * 1 ;; 30 7 15 * * ' })).toEqual(['0 9 * * 1', '30 7 15 * *']);
    expect(() => reminderCronPatterns({ BANGKOM_REMIND_CRON: '0 8 1 * *;0 25 * * *' })).toThrow(/invalid cron expression '0 25 \* \* \*'/);
  });
});

describe('startReminderSchedule timing (fake clock)', () => {
  it('next runs follow the default patterns in the office time zone', () => {
    vi.useFakeTimers({ now: new Date('2026-10-20T00:00:00Z') });
    schedule = startReminderSchedule(stubContext(), { patterns: reminderCronPatterns({}), clock: realClock, run: async () => {} });
    expect(schedule.nextRuns().map((d) => d.toISOString())).toEqual([
      '2026-11-01T01:00:00.000Z', // Sunday 1 November, 08:00 WIB
      '2026-11-02T01:00:00.000Z', // Monday 2 November, 08:00 WIB
    ]);
  });

  it('reads BANGKOM_REMIND_CRON from the environment it is given, never from process.env', () => {
    vi.useFakeTimers({ now: new Date('2026-10-20T00:00:00Z') }); // Tuesday
    const saved = process.env.BANGKOM_REMIND_CRON;
    process.env.BANGKOM_REMIND_CRON = '0 7 * * *';
    try {
      schedule = startReminderSchedule(stubContext(), { env: { BANGKOM_REMIND_CRON: '0 9 * * 1' }, clock: realClock, run: async () => {} });
      expect(schedule.nextRuns().map((d) => d.toISOString())).toEqual(['2026-10-26T02:00:00.000Z']); // Monday 09:00 WIB
      void schedule.stop();
      schedule = startReminderSchedule(stubContext(), { clock: realClock, run: async () => {} });
      expect(schedule.nextRuns()).toHaveLength(2); // the default patterns
    } finally {
      if (saved === undefined) delete process.env.BANGKOM_REMIND_CRON;
      else process.env.BANGKOM_REMIND_CRON = saved;
    }
  });

  it('runs when a pattern is due, and not after stop()', async () => {
    vi.useFakeTimers({ now: new Date('2026-10-31T23:00:00Z') }); // 06:00 WIB on 1 November
    const runs: string[] = [];
    schedule = startReminderSchedule(stubContext(), {
      patterns: ['0 8 1 * *'],
      clock: realClock,
      run: async () => void runs.push(new Date().toISOString()),
    });
    await vi.advanceTimersByTimeAsync(2 * 3600_000 - 1000);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual(['2026-11-01T01:00:00.000Z']);
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(31 * 24 * 3600_000);
    expect(runs).toHaveLength(1);
  });

  it('a run due in quiet hours waits until 07:00, and the night’s runs collapse into one', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-22T13:00:00Z') }); // 20:00 WIB
    const runs: string[] = [];
    schedule = startReminderSchedule(stubContext(), {
      patterns: ['0 21 * * *', '30 23 * * *', '0 3 * * *'],
      clock: realClock,
      run: async () => void runs.push(new Date().toISOString()),
    });
    await vi.advanceTimersByTimeAsync(10 * 3600_000); // to 06:00 WIB, past all three
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(3600_000); // 07:00 WIB
    expect(runs).toEqual(['2026-11-23T00:00:00.000Z']);
    await vi.advanceTimersByTimeAsync(3 * 3600_000);
    expect(runs).toHaveLength(1);
  });

  it('runs never overlap: a run due while one is going waits for it', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-22T03:00:00Z') });
    let active = 0;
    let maxActive = 0;
    let count = 0;
    schedule = startReminderSchedule(stubContext(), {
      patterns: ['* * * * *'],
      clock: realClock,
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 90_000)); // longer than a minute
        active--;
        count++;
      },
    });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(maxActive).toBe(1);
    const stopping = schedule.stop(); // waits for the run in progress
    schedule = undefined;
    await vi.advanceTimersByTimeAsync(90_000);
    await stopping;
    expect(active).toBe(0);
  });
});

describe('a run missed while the assistant was down', () => {
  it('runs once at the next start; the first start ever only records itself', async () => {
    const w = await makeWorld({ now: '2026-11-22T03:00:00Z' }); // Sunday 10:00 WIB
    try {
      const ctx = { store: w.store, outbox: new Outbox([]), config: { db: w.dbPath, profile: 'lan-2018', tz: 'Asia/Jakarta' }, log: silent };
      let runs = 0;
      const startOnce = async () => {
        const s = startReminderSchedule(ctx, { patterns: ['0 8 1 * *'], clock: w.clock, run: async () => void runs++ });
        await s.stop(); // waits for the check at start and the run it began
      };
      await startOnce();
      expect(runs).toBe(0);

      w.clock.set('2026-11-30T05:00:00Z'); // before 1 December 08:00: nothing was missed
      await startOnce();
      expect(runs).toBe(0);

      w.clock.set('2026-12-02T05:00:00Z'); // Wednesday 12:00 WIB: the run of 1 December was missed
      await startOnce();
      expect(runs).toBe(1);

      w.clock.advanceHours(2); // a restart later that day: it ran already
      await startOnce();
      expect(runs).toBe(1);
    } finally {
      await w.close();
    }
  });
});

describe('a run that did not store every reminder', () => {
  it('is not recorded as run, so the next start runs it again; a complete run is', async () => {
    const w = await makeWorld({ now: '2026-11-23T01:00:00Z' }); // Monday 08:00 WIB
    try {
      await w.link('siti', NIP.siti);
      const real = w.store;
      // The store refuses the reminder commits (a full disk), everything else works.
      const refusing = new Proxy(real, {
        get: (target, prop) => {
          if (prop === 'transaction') return () => Promise.reject(new StoreError('io', 'Store write failed: ENOSPC'));
          const value = Reflect.get(target, prop) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const ctx = { store: refusing, outbox: new Outbox([recordingSender('console')]), config: { db: w.dbPath, profile: 'lan-2018', tz: 'Asia/Jakarta' }, log: silent };
      const lastRun = async () => (await real.getReminderMark(SCHEDULE_MARK.kind, SCHEDULE_MARK.period, SCHEDULE_MARK.nip))?.at;

      await startReminderSchedule({ ...ctx, store: real }, { patterns: ['0 8 * 11,12 1'], clock: w.clock }).stop(); // first start: recorded
      schedule = startReminderSchedule(ctx, { patterns: ['0 8 * 11,12 1'], clock: w.clock });
      w.clock.advanceHours(1);
      await schedule.trigger();
      await schedule.stop();
      schedule = undefined;
      expect(await lastRun()).toBe('2026-11-23T01:00:00.000Z'); // only the first start's record
      expect(await real.getReminderMark(JP_SHORTFALL, '2026-11', NIP.siti)).toBeUndefined();

      schedule = startReminderSchedule({ ...ctx, store: real }, { patterns: ['0 8 * 11,12 1'], clock: w.clock });
      await schedule.trigger();
      expect(await lastRun()).toBe('2026-11-23T02:00:00.000Z');
      expect(await real.getReminderMark(JP_SHORTFALL, '2026-11', NIP.siti)).toBeDefined();
    } finally {
      await schedule?.stop();
      schedule = undefined;
      await w.close();
    }
  });
});

describe('startReminderSchedule with the real reminder run', () => {
  it('sends through the assistant’s outbox and reminds weekly at most (minDaysBetween)', async () => {
    const w = await makeWorld({ now: '2026-11-23T01:00:00Z' }); // Monday 08:00 WIB
    try {
      await w.link('siti', NIP.siti);
      const consoleOut = recordingSender('console');
      const ctx: AdapterContext = {
        engine: new Engine(w.deps),
        outbox: new Outbox([consoleOut]),
        store: w.store,
        config: { db: w.dbPath, profile: 'lan-2018', tz: 'Asia/Jakarta' },
        dataDir: w.dir,
        log: silent,
        fatal: () => {},
      };
      const relay = new Relay(w.store, ctx.outbox, silent, { platforms: ['console'] });
      relay.start();
      const trigger = async () => {
        await schedule!.trigger();
        await relay.drain(5000);
      };
      schedule = startReminderSchedule(ctx, { patterns: ['0 8 * 11,12 1'], clock: w.clock });
      await trigger();
      expect(consoleOut.sent.map((m) => m.to.id)).toEqual(['siti']);
      expect(await w.store.getReminderMark(JP_SHORTFALL, '2026-11', NIP.siti)).toBeDefined();

      w.clock.advanceHours(24 * 3); // Thursday: too soon
      await trigger();
      expect(consoleOut.sent).toHaveLength(1);

      w.clock.advanceHours(24 * 4); // next Monday
      await trigger();
      expect(consoleOut.sent).toHaveLength(2);

      w.clock.set('2026-11-30T14:00:00Z'); // 21:00 WIB: deferred, nothing now
      await trigger();
      expect(consoleOut.sent).toHaveLength(2);
    } finally {
      await schedule?.stop();
      schedule = undefined;
      await w.close();
    }
  });
});

describe('several processes on one database (issue 11)', () => {
  it('a tick that fires in two processes runs once; the next tick runs once again', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T01:00:30Z') }); // 08:00:30 in Jakarta, a weekday
    const w = await makeWorld();
    try {
      const runs: string[] = [];
      const ctx = { ...stubContext(), store: w.store } as AdapterContext;
      const a = startReminderSchedule(ctx, { patterns: ['* * * * *'], clock: realClock, owner: 'A', run: async () => void runs.push('A') });
      const b = startReminderSchedule(ctx, { patterns: ['* * * * *'], clock: realClock, owner: 'B', run: async () => void runs.push('B') });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(runs).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(runs).toHaveLength(2);
      await a.stop();
      await b.stop();
    } finally {
      vi.useRealTimers();
      await w.close();
    }
  });
});
