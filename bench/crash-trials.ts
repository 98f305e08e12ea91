/**
 * Crash trials at scale: `npx tsx bench/crash-trials.ts [trials=300] [parallel=2] [seed] [--deliver]`.
 * Same trials as test/crash/crash-trials.test.ts (see test/crash/fixtures/trial.ts); prints tried / survived / lost.
 * --deliver: the delivery trials of test/crash/delivery-trials.test.ts instead (see test/crash/fixtures/delivery.ts),
 * a relay sending to a fake Telegram Bot API; also prints how many messages were delivered twice.
 */
import { runDeliveryTrials, tallyDelivery } from '../test/crash/fixtures/delivery.js';
import { runTrials, tally } from '../test/crash/fixtures/trial.js';

const deliver = process.argv.includes('--deliver');
const args = process.argv.slice(2).filter((a) => a !== '--deliver');
const trials = Number(args[0] ?? 300);
const parallel = Number(args[1] ?? 2);
const seed = Number(args[2] ?? Math.floor(Math.random() * 2 ** 31));
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

if (deliver) {
  const results = await runDeliveryTrials(trials, {
    seed,
    parallel,
    onTrial: (r, i) => {
      if (r.problems.length > 0) console.log(`trial ${i} (deliver, kill after ${r.delayMs} ms):\n  ${r.problems.join('\n  ')}`);
    },
  });
  const t = tallyDelivery(results);
  console.log(
    `seed ${seed} (deliver): tried ${t.run} / survived ${t.survived} / lost ${t.lost} ` +
      `(acknowledged turns ${t.acked}, lost units ${t.lostUnits}, killed mid-run ${t.killedMidRun}); ` +
      `committed messages ${t.committedMessages}, accepted by the fake ${t.arrived}, delivered twice ${t.duplicates} ` +
      `(in ${t.trialsWithDuplicates} trials, at most ${t.maxDuplicates} in one; in flight at the kill ${t.inFlightAtKill}), ` +
      `pending at reopen ${t.pendingAtReopen}, slowest drain ${t.maxDrainMs} ms, in ${seconds()} s`,
  );
  process.exitCode = t.survived === t.run ? 0 : 1;
} else {
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
      `(acknowledged units ${t.acked}, lost units ${t.lostUnits}, killed mid-run ${t.killedMidRun}) in ${seconds()} s`,
  );
  process.exitCode = t.survived === t.run ? 0 : 1;
}
