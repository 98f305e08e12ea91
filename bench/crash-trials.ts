/**
 * Crash trials at scale: `npx tsx bench/crash-trials.ts [trials=300] [parallel=2] [seed]`.
 * Same trials as test/crash/crash-trials.test.ts (see test/crash/fixtures/trial.ts); prints tried / survived / lost.
 */
import { runTrials, tally } from '../test/crash/fixtures/trial.js';

const trials = Number(process.argv[2] ?? 300);
const parallel = Number(process.argv[3] ?? 2);
const seed = Number(process.argv[4] ?? Math.floor(Math.random() * 2 ** 31));
const started = Date.now();
const results = await runTrials(trials, {
  seed,
  parallel,
  onTrial: (r, i) => {
    if (r.problems.length > 0) console.log(`trial ${i} (${r.kind}, kill after ${r.delayMs} ms):\n  ${r.problems.join('\n  ')}`);
  },
});
const t = tally(results);
console.log(
  `seed ${seed}: tried ${t.run} / survived ${t.survived} / lost ${t.lost} ` +
    `(acknowledged units ${t.acked}, lost units ${t.lostUnits}, killed mid-run ${t.killedMidRun}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exitCode = t.survived === t.run ? 0 : 1;
