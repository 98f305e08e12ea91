import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pacer, type PacerOptions, type PacerTicket } from '../../src/delivery/pacer.js';
import { maxInWindow } from '../fakes/rate-limited-platform.js';

/** A pacer on the fake clock, and the times its takes were granted. */
function paced(opts: Omit<PacerOptions, 'now'>) {
  const pacer = new Pacer({ ...opts, now: () => Date.now() });
  const starts: number[] = [];
  // Each request is answered at once (the arrival guard sees no lag).
  const take = (n: number, signal?: AbortSignal) =>
    Array.from({ length: n }, () =>
      pacer.take(signal).then((turn) => {
        starts.push(Date.now());
        turn.end();
      }),
    );
  return { pacer, starts, take };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Pacer', () => {
  it('spreads a steady stream evenly: never more than the limit in any sliding second, at 98% of it', async () => {
    const { starts, take } = paced({ rate: 30 });
    void take(300);
    await vi.advanceTimersByTimeAsync(11_000);
    expect(starts).toHaveLength(300);
    expect(starts[0]).toBe(0);
    // No burst: not 30 at once at a window's edge, but one every 1000 / 30 · 1.02 = 34 ms.
    expect(maxInWindow(starts, 1000)).toBe(30);
    expect(maxInWindow(starts, 1020)).toBe(30);
    expect(maxInWindow(starts, 34)).toBe(1);
    const rate = ((starts.length - 1) / (starts.at(-1)! - starts[0]!)) * 1000;
    expect(rate).toBeGreaterThanOrEqual(0.95 * 30);
    expect(rate).toBeLessThanOrEqual(30);
    expect(rate).toBeCloseTo(30 / 1.02, 1);
  });

  it('keeps a rate whose interval is not a whole number of milliseconds', async () => {
    const { starts, take } = paced({ rate: 25 });
    void take(250);
    await vi.advanceTimersByTimeAsync(11_000);
    expect(starts).toHaveLength(250);
    expect(maxInWindow(starts, 1000)).toBe(25);
    // 40.8 ms on the schedule: timers at whole milliseconds do not slow it down.
    expect(((starts.length - 1) / (starts.at(-1)! - starts[0]!)) * 1000).toBeCloseTo(25 / 1.02, 1);
  });

  it('lets a burst go at once after a quiet spell, then keeps the pace', async () => {
    const { pacer, starts, take } = paced({ rate: 1, burst: 3 });
    void take(6);
    await vi.advanceTimersByTimeAsync(5000);
    expect(starts).toEqual([0, 0, 0, 1020, 2040, 3060]);
    // The bucket is full again 3 intervals after the last start (one token back per interval).
    expect(pacer.restedAt).toBe(6120);
    // Rested: the full burst again, not more.
    await vi.advanceTimersByTimeAsync(10_000 - Date.now());
    void take(4);
    await vi.advanceTimersByTimeAsync(2000);
    expect(starts.slice(6)).toEqual([10_000, 10_000, 10_000, 11_020]);
  });

  it('serves waiters first come, first served', async () => {
    const pacer = new Pacer({ rate: 10, now: () => Date.now() });
    const order: string[] = [];
    const all = ['a', 'b', 'c', 'd'].map((name) => pacer.take().then(() => void order.push(name)));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a pause holds every start until it ends, then the pace resumes without a burst', async () => {
    const { pacer, starts, take } = paced({ rate: 10 });
    void take(1);
    await vi.advanceTimersByTimeAsync(0);
    pacer.pause(500);
    void take(4);
    // A shorter pause within it changes nothing.
    pacer.pause(100);
    await vi.advanceTimersByTimeAsync(2000);
    expect(starts).toEqual([0, 500, 602, 704, 806]);
    // Another one later holds the next starts just the same.
    pacer.pause(300);
    void take(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(starts.slice(5)).toEqual([2300, 2402]);
  });

  it('an aborted waiter rejects with the reason and takes no turn; an aborted signal is refused at once', async () => {
    const { pacer, starts, take } = paced({ rate: 1 });
    const ctl = new AbortController();
    void take(1);
    const aborted = pacer.take(ctl.signal);
    void take(1);
    expect(pacer.waiting).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    ctl.abort(new Error('closed'));
    await expect(aborted).rejects.toThrow('closed');
    expect(pacer.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(starts).toEqual([0, 1020]);
    await expect(pacer.take(ctl.signal)).rejects.toThrow('closed');
    expect(pacer.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('holds no timer when nobody waits (close() aborting the waiters leaves nothing running)', async () => {
    const pacer = new Pacer({ rate: 1, now: () => Date.now() });
    const ctl = new AbortController();
    await pacer.take();
    const waits = [pacer.take(ctl.signal), pacer.take(ctl.signal)];
    pacer.pause(60_000);
    expect(vi.getTimerCount()).toBe(1);
    ctl.abort(new Error('closed'));
    await Promise.allSettled(waits);
    expect(vi.getTimerCount()).toBe(0);
    expect(pacer.restedAt).toBe(60_000);
  });

  it('a start held up within the slack costs no pace; a blocked event loop brings no burst', async () => {
    const { pacer, starts, take } = paced({ rate: 30 });
    void take(300);
    // The event loop is busy for 20 ms every 200 ms: starts are late, the schedule is not.
    for (let t = 0; t < 9000; t += 200) {
      await vi.advanceTimersByTimeAsync(180);
      vi.setSystemTime(Date.now() + 20);
    }
    await vi.advanceTimersByTimeAsync(2000);
    expect(starts).toHaveLength(300);
    expect(((starts.length - 1) / (starts.at(-1)! - starts[0]!)) * 1000).toBeGreaterThan(0.97 * 30);
    expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(30);

    // Blocked for 300 ms: not the ~9 starts that "should" have gone meanwhile, only one catching up
    // within the 50 ms slack, then the pace again.
    starts.length = 0;
    void take(60);
    await vi.advanceTimersByTimeAsync(500);
    const before = starts.length;
    const blocked = Date.now();
    vi.setSystemTime(blocked + 300);
    await vi.advanceTimersByTimeAsync(5000);
    expect(starts).toHaveLength(60);
    expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(30);
    const back = starts[before]!;
    expect(back).toBeGreaterThanOrEqual(blocked + 300);
    expect(starts.filter((t) => t === back)).toHaveLength(2);
    // Then the pace again (a second on, the guard holds one start until the pair's second has passed).
    const after = starts.slice(before + 2, before + 25);
    const gaps = after.slice(1).map((t, i) => t - after[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(pacer.intervalMs - 1);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(pacer.intervalMs + 1);
  });

  it('counts arrivals: a slow answer holds later starts back by its lag, an unanswered one by up to maxLagMs', async () => {
    /** Six turns at five a second; the first one's answer comes after `firstAnswer` ms (never: undefined). */
    const sixTurns = async (firstAnswer: number | undefined) => {
      const origin = Date.now();
      const pacer = new Pacer({ rate: 5, now: () => Date.now() });
      const starts: number[] = [];
      let first: PacerTicket | undefined;
      for (let i = 0; i < 6; i++) {
        void pacer.take().then((turn) => {
          starts.push(Date.now() - origin);
          if (i === 0) first = turn;
          else turn.end();
        });
      }
      if (firstAnswer !== undefined) {
        await vi.advanceTimersByTimeAsync(firstAnswer);
        first!.end();
      }
      await vi.advanceTimersByTimeAsync(2000);
      return starts;
    };
    // Answered at once: 204 ms apart, the sixth due at 1020 ms.
    expect(await sixTurns(0)).toEqual([0, 204, 408, 612, 816, 1020]);
    // The first answer takes 60 ms (the others' none): the first request may have arrived 60 ms after it
    // started, so the sixth waits until 1000 + 60 ms.
    expect(await sixTurns(60)).toEqual([0, 204, 408, 612, 816, 1060]);
    // Never answered: it may have arrived up to 250 ms late, after the second: the sixth waits until a
    // second after the second.
    expect(await sixTurns(undefined)).toEqual([0, 204, 408, 612, 816, 1204]);
  });

  it('a turn that goes out later than granted (after another pacer) counts from when it goes out', async () => {
    const pacer = new Pacer({ rate: 1, burst: 3, now: () => Date.now() });
    const starts: number[] = [];
    // The first waits 2 s for another turn before it goes out: the bucket has refilled meanwhile, yet
    // the three after it may not all go at once with it.
    const turn = await pacer.take();
    await vi.advanceTimersByTimeAsync(2000);
    turn.start();
    starts.push(Date.now());
    turn.end();
    for (let i = 0; i < 3; i++) {
      void pacer.take().then((t) => {
        starts.push(Date.now());
        t.end();
      });
    }
    await vi.advanceTimersByTimeAsync(3000);
    expect(starts).toEqual([2000, 2000, 2000, 3000]);
  });

  it('property: however late the timers, starts k < j are (j − k − burst + 1) intervals − slack apart, and k, k + n a second', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 120 })), { maxLength: 6 }),
        async (rate, burst, stalls) => {
          vi.useFakeTimers({ now: 0 });
          const { pacer, starts, take } = paced({ rate, burst });
          void take(2 * rate + burst);
          for (const [at, ms] of stalls) {
            await vi.advanceTimersByTimeAsync(at);
            vi.setSystemTime(Date.now() + ms);
          }
          await vi.advanceTimersByTimeAsync(5000);
          expect(starts).toHaveLength(2 * rate + burst);
          const { intervalMs, slackMs, guardCount } = pacer;
          for (let k = 0; k < starts.length; k++) {
            for (let j = k + 1; j < starts.length; j++) {
              expect(starts[j]! - starts[k]!).toBeGreaterThanOrEqual((j - k - (burst - 1)) * intervalMs - slackMs - 1e-9);
            }
            if (k + guardCount < starts.length) expect(starts[k + guardCount]! - starts[k]!).toBeGreaterThanOrEqual(1000);
          }
          // Hence, with burst 1: never more than `rate` starts in any sliding second.
          if (burst === 1) expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(rate);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new Pacer({ rate: 0 })).toThrow(RangeError);
    expect(() => new Pacer({ rate: Number.NaN })).toThrow(RangeError);
    expect(() => new Pacer({ rate: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});
