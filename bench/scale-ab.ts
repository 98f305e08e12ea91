/**
 * A/B of one proposed change to a turn on PostgreSQL, on a database seeded by bench/scale.ts (--keep):
 *
 *   npx tsx bench/scale-ab.ts --url URL --employees 100000 [--turns 400] [--reporters 100]
 *
 * A: the engine as it is: the turn's transaction commits, then touchAccount updates lastSeenAt in a
 *    commit of its own (a second WAL flush per turn).
 * B: the same engine over a store whose touch joins the turn's own transaction (the key the engine passes
 *    is the chat user), so a turn commits once.
 * A and B alternate turn by turn (and reporter by reporter) in one process, so the machine's noise falls on
 * both alike. Prints p50/p95 of each.
 */
import { performance } from 'node:perf_hooks';
import type { InboundEvent, OutboundMessage, Platform, UserRef } from '../src/chat/events.js';
import type { Store } from '../src/domain/store.js';
import { Engine } from '../src/engine/engine.js';
import { openPgStore } from '../src/store/pg/pg-store.js';
import { userIdOf } from './scale-records.js';
import { cpuSince, eventFor, pickEmployees, REPORT_STEPS, SUBMIT, timing } from './scale-turns.js';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const url = arg('url') ?? process.env.BANGKOM_BENCH_DATABASE_URL;
if (!url) throw new Error('--url postgresql://… (or BANGKOM_BENCH_DATABASE_URL)');
const employees = Number(arg('employees') ?? 100_000);
const turns = Number(arg('turns') ?? 400);
const reporterCount = Number(arg('reporters') ?? 100);
const clock = { now: () => new Date('2026-11-22T03:00:00Z') };

/** B: lastSeenAt written inside the turn's transaction; the separate touch after it does nothing. */
function touchInTurn(store: Store): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'touchAccount') return async () => undefined;
      if (prop === 'transaction') {
        return <T>(work: (tx: Store) => Promise<T>, opts?: { key?: string }) =>
          target.transaction(async (tx) => {
            const result = await work(tx);
            const key = opts?.key;
            if (key) {
              const at = key.indexOf(':');
              await tx.touchAccount(key.slice(0, at) as Platform, key.slice(at + 1), clock.now().toISOString());
            }
            return result;
          }, opts);
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const store = await openPgStore(url);
const deps = (s: Store) => ({ store: s, clock, tz: 'Asia/Jakarta', profile: 'lan-2018', dataDir: '/tmp' });
const engines = { A: new Engine(deps(store), () => undefined, { flood: false }), B: new Engine(deps(touchInTurn(store)), () => undefined, { flood: false }) };
type Side = keyof typeof engines;
let update = Date.now() * 1000;
const turn = async (side: Side, event: InboundEvent) => {
  const r = await engines[side].handleTurn(event, { inboundKey: `telegram:update:${++update}` });
  if (!r.committed) throw new Error('a turn was not committed');
  return r.messages;
};
const ref = (i: number): UserRef => ({ platform: 'telegram', id: userIdOf(i) });

const reporters = pickEmployees(employees, reporterCount, 4242, new Set());
const askers = pickEmployees(employees, 200, 777, new Set(reporters));
for (const i of reporters) await store.deleteState(`telegram:${userIdOf(i)}`);
const samples = { A: { jp: [] as number[], step: [] as number[], submission: [] as number[] }, B: { jp: [] as number[], step: [] as number[], submission: [] as number[] } };
const cpu = { A: { jp: 0, step: 0, submission: 0 }, B: { jp: 0, step: 0, submission: 0 } };

// Warm-up of both sides.
for (let k = 0; k < 20; k++) await turn(k % 2 ? 'A' : 'B', { kind: 'text', from: ref(askers[k]!), text: 'berapa JP saya tahun ini?' });

for (let k = 0; k < turns; k++) {
  const side: Side = k % 2 ? 'B' : 'A';
  const c = process.cpuUsage();
  const t = performance.now();
  await turn(side, { kind: 'text', from: ref(askers[k % askers.length]!), text: 'berapa JP saya tahun ini?' });
  samples[side].jp.push(performance.now() - t);
  cpu[side].jp += cpuSince(c);
}
for (const [n, i] of reporters.entries()) {
  const side: Side = n % 2 ? 'B' : 'A';
  const from = ref(i);
  let shown: OutboundMessage[] = [];
  for (const [k, step] of [...REPORT_STEPS, SUBMIT].entries()) {
    const event = eventFor(step, from, shown);
    const c = process.cpuUsage();
    const t = performance.now();
    shown = await turn(side, event);
    const kind = k === REPORT_STEPS.length ? 'submission' : k > 0 ? 'step' : undefined;
    if (kind) {
      samples[side][kind].push(performance.now() - t);
      cpu[side][kind] += cpuSince(c);
    }
  }
}
await store.close();

const line = (side: Side) => {
  const j = timing(samples[side].jp, cpu[side].jp);
  const s = timing(samples[side].step, cpu[side].step);
  const u = timing(samples[side].submission, cpu[side].submission);
  return `"berapa JP" ${j.p50} / ${j.p95} ms (n ${j.n}), report step ${s.p50} / ${s.p95} ms (n ${s.n}), submission ${u.p50} / ${u.p95} ms (n ${u.n})`;
};
console.log(`A (touch commits on its own):       ${line('A')}`);
console.log(`B (touch inside the turn's commit): ${line('B')}`);
