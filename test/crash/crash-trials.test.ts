import { describe, expect, it } from 'vitest';
import { runTrial, runTrials, tally } from './fixtures/trial.js';

/**
 * Crash trials: a child process works on a real lowdb store (report dialogues through to Kirim, atasan
 * approvals, a reminder run) and is SIGKILLed at a random moment; the store is then reopened and checked
 * (see fixtures/trial.ts). CRASH_SEED repeats a run; CRASH_TRIALS changes the count.
 */
const TRIALS = Number(process.env.CRASH_TRIALS ?? 54);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('crash trials (SIGKILL at a random point, then reopen)', () => {
  it('a trial killed late (after ~1.5 s of turns) passes the same checks', async () => {
    const turns = await runTrial('turns', 1500);
    expect(turns.problems).toEqual([]);
    expect(turns.acked).toBeGreaterThan(100);
  }, 30_000);

  it(`${TRIALS} trials: every acknowledged turn is whole, no turn half applied, reminders once each (seed ${SEED})`, async () => {
    const results = await runTrials(TRIALS, { seed: SEED, parallel: 2 });
    const t = tally(results);
    console.log(
      `crash trials (seed ${SEED}): run ${t.run} / survived ${t.survived} / lost ${t.lost} ` +
        `(acknowledged units ${t.acked}, lost units ${t.lostUnits}, killed mid-run ${t.killedMidRun})`,
    );
    const failed = results.flatMap((r, i) => r.problems.map((p) => `trial ${i} (${r.kind}, kill after ${r.delayMs} ms): ${p}`));
    expect(failed).toEqual([]);
    expect(t.survived).toBe(TRIALS);
    expect(t.lost).toBe(0);
    // The kills land inside the work, not only after it.
    expect(t.killedMidRun).toBeGreaterThan(TRIALS / 2);
    expect(results.filter((r) => r.kind === 'turns' && r.acked > 0).length).toBeGreaterThan(TRIALS / 3);
  }, 120_000);
});
