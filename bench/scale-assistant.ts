/**
 * One measured process of bench/scale.ts, started as a child so that its memory is the assistant's (or the
 * CLI's), not the generator's. `node --import tsx bench/scale-assistant.ts '<json ScaleTask>'`; prints one
 * line `SCALE-RESULT {json}` on stdout.
 *
 * - `assistant`: opens the store, drives the real engine (engine.handleTurn with an inbound key, as the
 *   adapters do) through "berapa JP", report dialogues and submissions, one event at a time; then runs the
 *   reminder choice (runReminders, dryRun) as the assistant's schedule would, in the same process.
 * - `rekap`: what `bangkom rekap --format xlsx --out FILE` does: computeRekap for everyone, then rekapXlsx.
 *
 * On PostgreSQL every query is counted and timed per phase (the pg client's query, wrapped), so the
 * printout can say where the time goes.
 */
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { InboundEvent, OutboundMessage, UserRef } from '../src/chat/events.js';
import type { Logger } from '../src/domain/log.js';
import { computeRekap } from '../src/domain/rekap.js';
import type { Store } from '../src/domain/store.js';
import type { PlatformSender } from '../src/delivery/types.js';
import { Engine } from '../src/engine/engine.js';
import { rekapXlsx } from '../src/rekap/formats.js';
import { runReminders } from '../src/reminders/run.js';
import { openLowdbStore } from '../src/store/lowdb-store.js';
import { openPgStore } from '../src/store/pg/pg-store.js';
import { userIdOf } from './scale-records.js';
import { cpuSince, eventFor, pickEmployees, REPORT_STEPS, SUBMIT, timing, type Timing } from './scale-turns.js';

export interface ScaleTask {
  task: 'assistant' | 'rekap';
  store: 'pg' | 'lowdb';
  /** PostgreSQL URL or lowdb db.json path. */
  where: string;
  employees: number;
  /** Users who each walk one report dialogue and submit it. */
  reporters: number;
  jpTurns: number;
  /** The rekap and reminder year; the clock is in November of it. */
  year: number;
  /** Run the reminder choice after the turns (assistant task). */
  reminders: boolean;
}


export interface QueryStat {
  sql: string;
  calls: number;
  ms: number;
}

export interface PhaseQueries {
  calls: number;
  ms: number;
  top: QueryStat[];
}

export interface Memory {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** Peak resident set of the process so far. */
  maxRssMb: number;
}

export interface AssistantResult {
  openMs: number;
  memoryAfterOpen: Memory;
  jp: Timing;
  step: Timing;
  submission: Timing;
  /** Submissions whose turn notified someone other than the sender (the atasan). */
  submissionsNotifyingAtasan: number;
  memoryAfterTurns: Memory;
  reminders?: { ms: number; employees: number; belowTarget: number; planned: number; digests: number; uploads: number; unreachable: number };
  memoryAfterReminders?: Memory;
  queries: Record<string, PhaseQueries>;
  turnErrors: number;
  invalidRecords: number;
}

export interface RekapResult {
  openMs: number;
  computeMs: number;
  xlsxMs: number;
  totalMs: number;
  rows: number;
  units: number;
  xlsxBytes: number;
  memory: Memory;
  queries: Record<string, PhaseQueries>;
  invalidRecords: number;
}

// ---------------------------------------------------------------- query accounting (PostgreSQL)

let phase = 'open';
const stats = new Map<string, Map<string, QueryStat>>();

function account(sql: string, ms: number): void {
  let byText = stats.get(phase);
  if (!byText) stats.set(phase, (byText = new Map()));
  const key = sql.replace(/\s+/g, ' ').trim().slice(0, 140);
  const s = byText.get(key) ?? { sql: key, calls: 0, ms: 0 };
  s.calls++;
  s.ms += ms;
  byText.set(key, s);
}

/** Every round trip goes through Client#query (Pool#query calls it too); BEGIN/COMMIT count as well. */
function traceQueries(): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function traced(this: unknown, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?');
    const t = performance.now();
    const last = args.length - 1;
    const callback = args[last];
    // Pool#query hands its client a callback; a direct client.query returns a promise.
    if (typeof callback === 'function') {
      args[last] = (...results: unknown[]) => {
        account(text, performance.now() - t);
        return (callback as (...a: unknown[]) => unknown)(...results);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    const settle = () => account(text, performance.now() - t);
    if (result && typeof (result as Promise<unknown>).then === 'function') void (result as Promise<unknown>).then(settle, settle);
    else settle();
    return result;
  };
}

function queryReport(): Record<string, PhaseQueries> {
  const out: Record<string, PhaseQueries> = {};
  for (const [name, byText] of stats) {
    const all = [...byText.values()];
    out[name] = {
      calls: all.reduce((s, q) => s + q.calls, 0),
      ms: Math.round(all.reduce((s, q) => s + q.ms, 0)),
      top: all
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 20)
        .map((q) => ({ ...q, ms: Math.round(q.ms * 10) / 10 })),
    };
  }
  return out;
}

// ---------------------------------------------------------------- helpers


function memory(): Memory {
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return {
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    externalMb: mb(m.external),
    maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
  };
}

let invalidRecords = 0;
const log: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: (msg) => {
    if (msg.includes('invalid record')) invalidRecords++;
  },
};

async function open(task: ScaleTask): Promise<{ store: Store; ms: number }> {
  const t = performance.now();
  const store = task.store === 'pg' ? await openPgStore(task.where, { log }) : await openLowdbStore(task.where, { log });
  return { store, ms: Math.round(performance.now() - t) };
}



// ---------------------------------------------------------------- tasks

async function assistant(task: ScaleTask): Promise<AssistantResult> {
  const opened = await open(task);
  const { store } = opened;
  const memoryAfterOpen = memory();
  const clock = { now: () => new Date(`${task.year}-11-22T03:00:00Z`) };
  const deps = { store, clock, tz: 'Asia/Jakarta', profile: 'lan-2018', dataDir: path.join(os.tmpdir(), 'bangkom-scale-evidence') };
  let turnErrors = 0;
  // The flood brake is off: a few users asking as fast as they can would be paused by it.
  const engine = new Engine(deps, () => turnErrors++, { flood: false });
  // Unique across runs on one database: a reused database must not see these as redelivered updates.
  let update = Date.now() * 1000;
  const turn = async (event: InboundEvent) => {
    const result = await engine.handleTurn(event, { inboundKey: `telegram:update:${++update}` });
    if (!result.committed) throw new Error(`a turn was not committed: ${JSON.stringify(result.messages).slice(0, 300)}`);
    return result.messages;
  };
  const ref = (i: number): UserRef => ({ platform: 'telegram', id: userIdOf(i) });

  const warmers = pickEmployees(task.employees, 3, 7, new Set());
  const reporters = pickEmployees(task.employees, task.reporters, 12345, new Set(warmers));
  const askers = pickEmployees(task.employees, 200, 999, new Set([...warmers, ...reporters]));
  // Everyone measured starts from no dialogue (the seed left half a report for every second employee).
  phase = 'setup';
  for (const i of [...warmers, ...reporters, ...askers]) await store.deleteState(`telegram:${userIdOf(i)}`);

  const cpu = { step: 0, submission: 0 };
  const walk = async (i: number, stepTimes?: number[], submissions?: number[]): Promise<boolean> => {
    const from = ref(i);
    let shown: OutboundMessage[] = [];
    for (const [k, step] of REPORT_STEPS.entries()) {
      const event = eventFor(step, from, shown);
      phase = k === 0 ? 'report start' : 'report step';
      const c = process.cpuUsage();
      const t = performance.now();
      shown = await turn(event);
      if (k > 0) stepTimes?.push(performance.now() - t);
      if (k > 0) cpu.step += cpuSince(c);
    }
    const event = eventFor(SUBMIT, from, shown);
    phase = 'submission';
    const c = process.cpuUsage();
    const t = performance.now();
    const sent = await turn(event);
    submissions?.push(performance.now() - t);
    cpu.submission += cpuSince(c);
    return sent.some((m) => m.kind === 'send' && m.to.id !== from.id);
  };

  // Warm-up (not measured): the first turns compile the code paths and fill the pool.
  phase = 'warm-up';
  for (const i of warmers) await walk(i);
  for (let k = 0; k < 20; k++) await turn({ kind: 'text', from: ref(askers[k % askers.length]!), text: 'berapa JP saya tahun ini?' });
  stats.delete('warm-up');
  stats.delete('report start');
  stats.delete('report step');
  stats.delete('submission');
  cpu.step = cpu.submission = 0;

  const jpTimes: number[] = [];
  phase = 'berapa JP';
  const jpCpu = process.cpuUsage();
  for (let k = 0; k < task.jpTurns; k++) {
    const t = performance.now();
    const reply = await turn({ kind: 'text', from: ref(askers[k % askers.length]!), text: 'berapa JP saya tahun ini?' });
    jpTimes.push(performance.now() - t);
    if (!reply.some((m) => m.kind === 'send' && m.text.includes('JP'))) throw new Error('"berapa JP" got no JP answer');
  }
  const jpCpuMicros = cpuSince(jpCpu);

  const stepTimes: number[] = [];
  const submissions: number[] = [];
  let notifying = 0;
  for (const i of reporters) if (await walk(i, stepTimes, submissions)) notifying++;
  const memoryAfterTurns = memory();

  // The reminder choice, as the assistant's schedule runs it (dry run: decide, send nothing, mark nothing).
  let reminders: AssistantResult['reminders'];
  let memoryAfterReminders: Memory | undefined;
  if (task.reminders) {
    phase = 'reminders';
    const telegram: PlatformSender = {
      platform: 'telegram',
      limits: { globalPerSecond: 30, perChatPerSecond: 1 },
      send: async () => ({}),
    };
    const t = performance.now();
    // As the assistant's schedule runs it (src/reminders/schedule.ts): its summary keeps the failed outcomes only.
    const summary = await runReminders({ store, clock, tz: deps.tz, profile: deps.profile, dryRun: true, senders: [telegram], outcomes: 'failed' });
    reminders = {
      ms: Math.round(performance.now() - t),
      employees: summary.employees,
      belowTarget: summary.belowTarget,
      planned: summary.reminders.planned,
      digests: summary.digests.planned,
      uploads: summary.uploads.planned,
      unreachable: summary.reminders.unreachable,
    };
    memoryAfterReminders = memory();
  }
  phase = 'close';
  await engine.idle();
  await store.close();

  return {
    openMs: opened.ms,
    memoryAfterOpen,
    jp: timing(jpTimes, jpCpuMicros),
    step: timing(stepTimes, cpu.step),
    submission: timing(submissions, cpu.submission),
    submissionsNotifyingAtasan: notifying,
    memoryAfterTurns,
    ...(reminders ? { reminders } : {}),
    ...(memoryAfterReminders ? { memoryAfterReminders } : {}),
    queries: queryReport(),
    turnErrors,
    invalidRecords,
  };
}

async function rekap(task: ScaleTask): Promise<RekapResult> {
  const t0 = performance.now();
  const opened = await open(task);
  phase = 'rekap';
  const t1 = performance.now();
  const result = await computeRekap(opened.store, task.year, 'lan-2018');
  const computeMs = Math.round(performance.now() - t1);
  phase = 'close';
  await opened.store.close();
  const t2 = performance.now();
  const xlsx = await rekapXlsx(result);
  const out = path.join(os.tmpdir(), `bangkom-scale-rekap-${process.pid}.xlsx`);
  await writeFile(out, xlsx);
  const xlsxMs = Math.round(performance.now() - t2);
  await rm(out, { force: true });
  return {
    openMs: opened.ms,
    computeMs,
    xlsxMs,
    totalMs: Math.round(performance.now() - t0),
    rows: result.rows.length,
    units: result.units.length,
    xlsxBytes: xlsx.byteLength,
    memory: memory(),
    queries: queryReport(),
    invalidRecords,
  };
}

const task = JSON.parse(process.argv[2] ?? '{}') as ScaleTask;
if (task.store === 'pg') traceQueries();
const result = task.task === 'assistant' ? await assistant(task) : await rekap(task);
process.stdout.write(`SCALE-RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
