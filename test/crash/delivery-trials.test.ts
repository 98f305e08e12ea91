import { describe, expect, it } from 'vitest';
import { runDeliveryTrial, runDeliveryTrials, tallyDelivery } from './fixtures/delivery.js';

/**
 * Delivery trials: the crash trials' turns, by Telegram users, while a relay in the child sends the store's
 * outbox through the real Outbox and Telegram sender to a fake Bot API server run by the test; the child is
 * SIGKILLed at a random moment, then a fresh relay sends what is left (see fixtures/delivery.ts). Every
 * message of a committed turn reaches the fake once, or twice when it was accepted just before its
 * delivered mark was written (README: "Nothing lost, nothing done twice"); nothing of an uncommitted turn
 * arrives. DELIVERY_SEED repeats a run; DELIVERY_TRIALS changes the count (bench/crash-trials.ts --deliver
 * runs many more).
 */
const TRIALS = Number(process.env.DELIVERY_TRIALS ?? 20);
const SEED = Number(process.env.DELIVERY_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('delivery trials (relay to a fake Telegram, SIGKILL at a random point, then drain)', () => {
  it('a trial killed late (after ~1.5 s of turns and deliveries) passes the same checks', async () => {
    const r = await runDeliveryTrial(1500, { minAcks: 110 });
    expect(r.problems).toEqual([]);
    expect(r.acked).toBeGreaterThan(100);
    expect(r.committedMessages).toBeGreaterThan(100);
  }, 30_000);

  it(`${TRIALS} trials: committed messages arrive once (twice at most when in flight at the kill), uncommitted never (seed ${SEED})`, async () => {
    const results = await runDeliveryTrials(TRIALS, { seed: SEED, parallel: 2 });
    const t = tallyDelivery(results);
    console.log(
      `delivery trials (seed ${SEED}): tried ${t.run} / survived ${t.survived} / lost ${t.lost}; ` +
        `committed messages ${t.committedMessages}, accepted by the fake ${t.arrived}, ` +
        `delivered twice ${t.duplicates} (in ${t.trialsWithDuplicates} trials, at most ${t.maxDuplicates} in one; ` +
        `in flight at the kill ${t.inFlightAtKill}), pending at reopen ${t.pendingAtReopen}, slowest drain ${t.maxDrainMs} ms`,
    );
    const failed = results.flatMap((r, i) => r.problems.map((p) => `trial ${i} (kill after ${r.delayMs} ms): ${p}`));
    expect(failed).toEqual([]);
    expect(t.survived).toBe(TRIALS);
    expect(t.lost).toBe(0);
    expect(t.arrived).toBe(t.committedMessages + t.duplicates);
    expect(t.duplicates).toBeLessThanOrEqual(t.inFlightAtKill);
    // The relay marks messages as it goes: what can repeat is the few on the wire at the kill, not a backlog.
    expect(t.duplicates).toBeLessThan(Math.max(10, t.committedMessages / 10));
    // The kills land inside the work.
    expect(t.killedMidRun).toBeGreaterThan(TRIALS / 2);
    expect(results.filter((r) => r.acked > 0).length).toBeGreaterThan(TRIALS / 2);
  }, 120_000);
});
