import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../pg/database.js';
import { runTrial, runTrials, tally, type TrialTarget } from './fixtures/trial.js';

/**
 * The crash trials of crash-trials.test.ts on PostgreSQL (issue 11: one conformance suite, crash trials
 * included, for both stores): the child works on a fresh database and is SIGKILLed at a random moment;
 * the database is then opened again and checked the same way. PG_CRASH_SEED repeats a run.
 */
const TRIALS = Number(process.env.PG_CRASH_TRIALS ?? 12);
const SEED = Number(process.env.PG_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

const POSTGRES: TrialTarget = {
  async make() {
    const db = await freshDatabase();
    return { target: db.url, cleanup: () => db.drop() };
  },
};

describe('crash trials on PostgreSQL (SIGKILL at a random point, then reopen)', () => {
  it('a trial killed late (after ~1.5 s of turns) passes the same checks', async () => {
    const turns = await runTrial('turns', 1500, POSTGRES);
    expect(turns.problems).toEqual([]);
    expect(turns.acked).toBeGreaterThan(20);
  }, 60_000);

  it(`${TRIALS} trials: every acknowledged turn is whole, no turn half applied, reminders once each (seed ${SEED})`, async () => {
    const results = await runTrials(TRIALS, { seed: SEED, parallel: 2, where: POSTGRES });
    const t = tally(results);
    console.log(
      `postgres crash trials (seed ${SEED}): run ${t.run} / survived ${t.survived} / lost ${t.lost} ` +
        `(acknowledged units ${t.acked}, lost units ${t.lostUnits}, killed mid-run ${t.killedMidRun})`,
    );
    const failed = results.flatMap((r, i) => r.problems.map((p) => `trial ${i} (${r.kind}, kill after ${r.delayMs} ms): ${p}`));
    expect(failed).toEqual([]);
    expect(t.survived).toBe(TRIALS);
    expect(t.lost).toBe(0);
  }, 120_000);
});
