/**
 * Store write benchmark at scale: `npx tsx bench/store-write.ts [--employees 10000]
 * [--activities 100000] [--iterations 200] [--dir /path/on/the/real/disk] [--shards 128] [--keep]`.
 *
 * Builds a database in a temp dir (the dir's file system matters: fsync on tmpfs is free), reopens
 * it, then measures one conversation step (setState), one submission (addActivity + deleteState),
 * an approval (updateActivity), a main-file write (setEmployeeLang), a read (activitiesOf one NIP),
 * and the longest event-loop stall during those operations.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { layoutFor } from '../src/store/layout.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
// The record shapes are shared with the scale bench, which seeds PostgreSQL with the same ones.
import { activity, employee, nipOf, state } from './scale-records.js';

export interface StoreBenchOptions {
  employees?: number;
  activities?: number;
  /** Measured repetitions of each operation. */
  iterations?: number;
  /** Parent directory of the temp database (default os.tmpdir()). */
  dir?: string;
  activityShards?: number;
  stateShards?: number;
  /** Keep the database directory afterwards. */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface Timing {
  median: number;
  p95: number;
  max: number;
}

export interface StoreBenchResult {
  employees: number;
  activities: number;
  iterations: number;
  dir: string;
  buildMs: number;
  openMs: number;
  /** Longest event-loop stall while opening (parsing every shard). */
  openStallMs: number;
  bytes: { total: number; main: number; accounts: number; largestActivityShard: number; largestStateShard: number };
  setState: Timing;
  submission: Timing;
  approval: Timing;
  mainWrite: Timing;
  activitiesOf: Timing;
  /** Longest event-loop stall during the measured operations. */
  maxStallMs: number;
  /** Longest garbage-collection pause during the measured operations (part of the stall). */
  maxGcPauseMs: number;
  /** 1-minute load average before and after (the stall also counts time descheduled on a busy machine). */
  loadAvg: [number, number];
}

function timing(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
  const r = (n: number) => Math.round(n * 100) / 100;
  return { median: r(at(0.5)), p95: r(at(0.95)), max: r(s[s.length - 1] ?? 0) };
}

async function dirBytes(dir: string): Promise<{ total: number; largest: number }> {
  let total = 0;
  let largest = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const size = (await stat(path.join(dir, name))).size;
    total += size;
    largest = Math.max(largest, size);
  }
  return { total, largest };
}

async function timed(samples: number[], fn: () => Promise<unknown>): Promise<void> {
  const t = performance.now();
  await fn();
  samples.push(performance.now() - t);
}

/** Builds the database, reopens it and measures; see StoreBenchResult. */
export async function measureStore(opts: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const employees = opts.employees ?? 10_000;
  const activities = opts.activities ?? 100_000;
  const iterations = opts.iterations ?? 200;
  const log = opts.log ?? (() => undefined);
  const dir = await mkdtemp(path.join(opts.dir ?? os.tmpdir(), 'bangkom-bench-'));
  const db = path.join(dir, 'db.json');
  const now = '2026-03-01T08:00:00.000Z';
  try {
    // ---- build
    const t0 = performance.now();
    const store = new LowdbStore(db, { activityShards: opts.activityShards, stateShards: opts.stateShards });
    await store.open();
    await store.upsertEmployees(Array.from({ length: employees }, (_, i) => employee(i, now)));
    for (let from = 0; from < employees; from += 2000) {
      const batch: Promise<void>[] = [];
      for (let i = from; i < Math.min(employees, from + 2000); i++) {
        batch.push(
          store.linkAccount({ platform: 'telegram', userId: String(100000 + i), nip: nipOf(i), linkedAt: now, lastSeenAt: now }),
        );
        if (i % 2 === 0) batch.push(store.setState(state(`telegram:${100000 + i}`, i, now)));
      }
      await Promise.all(batch);
    }
    for (let from = 0; from < activities; from += 10_000) {
      const batch: Promise<void>[] = [];
      for (let n = from; n < Math.min(activities, from + 10_000); n++) {
        batch.push(store.addActivity(activity(n, nipOf(n % employees), now)));
      }
      await Promise.all(batch);
      log(`  built ${Math.min(activities, from + 10_000)} activities`);
    }
    await store.close();
    const buildMs = performance.now() - t0;

    const files = layoutFor(db);
    const acts = await dirBytes(files.activitiesDir);
    const sts = await dirBytes(files.statesDir);
    const main = (await stat(files.main)).size;
    const accounts = (await stat(files.accounts)).size;
    const bytes = {
      total: main + accounts + acts.total + sts.total,
      main,
      accounts,
      largestActivityShard: acts.largest,
      largestStateShard: sts.largest,
    };

    // ---- reopen
    const openHist = monitorEventLoopDelay({ resolution: 1 });
    openHist.enable();
    const t1 = performance.now();
    await store.open();
    const openMs = performance.now() - t1;
    await new Promise((r) => setTimeout(r, 5));
    openHist.disable();

    // ---- measure
    const setStates: number[] = [];
    const submissions: number[] = [];
    const approvals: number[] = [];
    const mainWrites: number[] = [];
    const reads: number[] = [];
    let rng = 12345;
    const random = (n: number) => {
      rng = (Math.imul(rng, 1103515245) + 12345) >>> 0;
      return rng % n;
    };
    const pending = (await store.activitiesByStatus('pending')).map((a) => a.id);

    const loadBefore = os.loadavg()[0]!;
    let maxGc = 0;
    const gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) maxGc = Math.max(maxGc, e.duration);
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    const hist = monitorEventLoopDelay({ resolution: 1 });
    hist.enable();
    for (let k = 0; k < iterations; k++) {
      const i = random(employees);
      const key = `telegram:${100000 + i}`;
      await timed(setStates, () => store.setState(state(key, k, now)));
      await timed(submissions, async () => {
        await store.addActivity(activity(activities + k, nipOf(i), now));
        await store.deleteState(key);
      });
      const id = pending[k % pending.length];
      if (id) {
        await timed(approvals, () =>
          store.updateActivity(id, ['pending'], (a) => ({
            ...a,
            status: 'approved',
            history: [...a.history, { status: 'approved', by: nipOf(0), at: now }],
          })),
        );
      }
      if (k % 4 === 0) await timed(mainWrites, () => store.setEmployeeLang(nipOf(i), k % 8 === 0 ? 'en' : 'id'));
      await timed(reads, () => store.activitiesOf(nipOf(random(employees))));
    }
    await new Promise((r) => setTimeout(r, 5));
    hist.disable();
    gcObserver.disconnect();
    await store.close();

    return {
      employees,
      activities,
      iterations,
      dir,
      buildMs: Math.round(buildMs),
      openMs: Math.round(openMs),
      openStallMs: Math.round((openHist.max / 1e6) * 100) / 100,
      bytes,
      setState: timing(setStates),
      submission: timing(submissions),
      approval: timing(approvals),
      mainWrite: timing(mainWrites),
      activitiesOf: timing(reads),
      maxStallMs: Math.round((hist.max / 1e6) * 100) / 100,
      maxGcPauseMs: Math.round(maxGc * 100) / 100,
      loadAvg: [Math.round(loadBefore * 100) / 100, Math.round(os.loadavg()[0]! * 100) / 100],
    };
  } finally {
    if (!opts.keep) await rm(dir, { recursive: true, force: true });
  }
}

export function formatStoreBench(r: StoreBenchResult): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const t = (x: Timing) => `median ${x.median} ms, p95 ${x.p95} ms, max ${x.max} ms`;
  return [
    `store: ${r.employees} employees, ${r.activities} activities, ${r.iterations} iterations, in ${r.dir}`,
    `  on disk:        ${mb(r.bytes.total)} (main ${mb(r.bytes.main)}, accounts ${mb(r.bytes.accounts)}, ` +
      `largest activity shard ${mb(r.bytes.largestActivityShard)}, largest state shard ${mb(r.bytes.largestStateShard)})`,
    `  build:          ${r.buildMs} ms; open: ${r.openMs} ms (longest stall ${r.openStallMs} ms)`,
    `  setState:       ${t(r.setState)}   (target < 10 ms)`,
    `  submission:     ${t(r.submission)}   (addActivity + deleteState, target < 100 ms)`,
    `  approval:       ${t(r.approval)}   (updateActivity)`,
    `  main write:     ${t(r.mainWrite)}   (setEmployeeLang: employees + invites file)`,
    `  activitiesOf:   ${t(r.activitiesOf)}`,
    `  longest event-loop stall during the operations: ${r.maxStallMs} ms   (target < 100 ms; ` +
      `longest GC pause ${r.maxGcPauseMs} ms; load average ${r.loadAvg[0]} → ${r.loadAvg[1]} on ${os.cpus().length} CPUs)`,
  ].join('\n');
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const num = (name: string) => (arg(name) === undefined ? undefined : Number(arg(name)));
  const result = await measureStore({
    employees: num('employees'),
    activities: num('activities'),
    iterations: num('iterations'),
    activityShards: num('shards'),
    dir: arg('dir'),
    keep: process.argv.includes('--keep'),
    log: (line) => console.error(line),
  });
  console.log(formatStoreBench(result));
}
