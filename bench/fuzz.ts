/**
 * The engine fuzz, longer: `npx tsx bench/fuzz.ts [events=50000] [seed] [--json]`.
 * The generator and the invariant checks are the test's (test/fuzz/). Prints the events by category,
 * turns committed, internal errors (apologies; should be 0), store refusals, invariant violations (must
 * be 0) and events per second. Exits 1 when an invariant was violated.
 */
import { formatStats, runFuzz } from '../test/fuzz/run.js';

const args = process.argv.slice(2);
const positional = args.filter((a) => !a.startsWith('--'));
const events = Number(positional[0] ?? 50_000);
const seed = Number(positional[1] ?? Date.now() % 2 ** 31);
if (!Number.isInteger(events) || events <= 0 || !Number.isInteger(seed)) {
  console.error('usage: npx tsx bench/fuzz.ts [events] [seed] [--json]');
  process.exit(2);
}
const asJson = args.includes('--json');

const stats = await runFuzz({
  seed,
  events,
  onProgress: (done, s) => {
    if (!asJson && done % 5000 === 0) console.error(`… ${done} events, ${s.violationCount} violations, ${s.internalErrors} internal errors`);
  },
});
console.log(asJson ? JSON.stringify(stats) : formatStats(stats));
process.exitCode = stats.violationCount > 0 ? 1 : 0;
