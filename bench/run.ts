/**
 * `npm run bench [-- --json] [--employees N] [--activities N] [--users N]`: builds a store of 10,000
 * employees and 100,000 activities (bench/store-write.ts), then drives the real engine over it and prints
 * engine events per second for report steps, the time to answer "berapa JP" for one employee, the
 * durable-write time of one report step and of one submission, and the longest event-loop stall.
 */
import { eventFor, REPORT_STEPS } from './scale-turns.js';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Engine } from '../src/engine/engine.js';
import type { OutboundMessage } from '../src/chat/events.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { formatStoreBench, measureStore, type Timing } from './store-write.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
};
const asJson = process.argv.includes('--json');
const log = (line: string) => {
  if (!asJson) console.error(line);
};

function timing(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
  const r = (n: number) => Math.round(n * 1000) / 1000;
  return { median: r(at(0.5)), p95: r(at(0.95)), max: r(s.at(-1) ?? 0) };
}

async function main() {
  const employees = arg('employees') ?? 10_000;
  const activities = arg('activities') ?? 100_000;
  const users = arg('users') ?? 400;
  log(`building ${employees} employees / ${activities} activities …`);
  const storeBench = await measureStore({ employees, activities, iterations: 100, keep: true, log });
  const db = path.join(storeBench.dir, 'db.json');
  const store = new LowdbStore(db);
  await store.open();
  try {
    const engine = new Engine(
      { store, clock: { now: () => new Date('2026-11-22T03:00:00Z') }, tz: 'Asia/Jakarta', profile: 'lan-2018', dataDir: storeBench.dir },
      (err) => console.error(err),
      { flood: false }, // a few users asking as fast as they can: the flood brake would drop their turns
    );
    const accounts = (await store.listEmployees()).slice(0, users).map((_, i) => ({ platform: 'telegram' as const, id: String(100000 + i) }));
    for (const from of accounts) await store.deleteState(`${from.platform}:${from.id}`);

    const hist = monitorEventLoopDelay({ resolution: 1 });
    hist.enable();

    // Throughput: every user walks the report dialogue; users run concurrently, each user's steps in order.
    const stepTimes: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      accounts.map(async (from) => {
        let shown: OutboundMessage[] = [];
        for (const step of REPORT_STEPS) {
          const event = eventFor(step, from, shown);
          const t = performance.now();
          shown = await engine.handle(event);
          stepTimes.push(performance.now() - t);
        }
      }),
    );
    const throughputMs = performance.now() - t0;
    const events = accounts.length * REPORT_STEPS.length;

    // Latency, one event at a time: a stored report step, a submission, the JP answer.
    const sequentialStep: number[] = [];
    const submissions: number[] = [];
    for (const from of accounts.slice(0, 100)) {
      const back = await engine.handle({ kind: 'text', from, text: 'kembali' });
      let t = performance.now();
      const summary = await engine.handle(eventFor({ press: ':evidence:skip' }, from, back));
      sequentialStep.push(performance.now() - t);
      const submit = eventFor({ press: ':summary:send' }, from, summary);
      t = performance.now();
      await engine.handle(submit);
      submissions.push(performance.now() - t);
    }
    const jpAnswers: number[] = [];
    for (let k = 0; k < 500; k++) {
      const from = accounts[(k * 7) % accounts.length]!;
      const t = performance.now();
      await engine.handle({ kind: 'text', from, text: 'berapa JP saya tahun ini?' });
      jpAnswers.push(performance.now() - t);
    }
    await new Promise((r) => setTimeout(r, 5));
    hist.disable();

    const result = {
      employees,
      activities,
      concurrentUsers: accounts.length,
      engine: {
        eventsPerSecond: Math.round(events / (throughputMs / 1000)),
        reportStepUnderLoadMs: timing(stepTimes),
        reportStepDurableMs: timing(sequentialStep),
        submissionMs: timing(submissions),
        jpAnswerMs: timing(jpAnswers),
        maxEventLoopStallMs: Math.round((hist.max / 1e6) * 100) / 100,
      },
      store: storeBench,
    };
    if (asJson) {
      console.log(JSON.stringify(result));
    } else {
      const t = (x: Timing) => `median ${x.median} ms, p95 ${x.p95} ms, max ${x.max} ms`;
      console.log(formatStoreBench(storeBench));
      console.log(`engine: ${accounts.length} users reporting concurrently over that store`);
      console.log(`  report steps:         ${result.engine.eventsPerSecond} events/s   (target ≥ 2,000)`);
      console.log(`  step under load:      ${t(result.engine.reportStepUnderLoadMs)}`);
      console.log(`  one step, durable:    ${t(result.engine.reportStepDurableMs)}   (target < 10 ms)`);
      console.log(`  one submission:       ${t(result.engine.submissionMs)}   (target < 100 ms)`);
      console.log(`  "berapa JP" answer:   ${t(result.engine.jpAnswerMs)}   (target < 1 ms)`);
      console.log(`  longest event-loop stall: ${result.engine.maxEventLoopStallMs} ms   (target < 100 ms)`);
    }
  } finally {
    await store.close();
    await rm(storeBench.dir, { recursive: true, force: true });
  }
}

await main();
