/**
 * The lowdb side of bench/scale.ts: the same records as the PostgreSQL seed (bench/scale-records.ts),
 * written through the store itself, as bench/store-write.ts builds its store.
 */
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { layoutFor } from '../src/store/layout.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { account, activity, employee, nipOf, state, userIdOf } from './scale-records.js';

export interface LowdbBuild {
  dir: string;
  db: string;
  ms: number;
  bytes: number;
}

async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? await treeBytes(p) : (await stat(p)).size;
  }
  return total;
}

export async function buildLowdb(employees: number, activities: number, log: (line: string) => void): Promise<LowdbBuild> {
  const t0 = performance.now();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bangkom-scale-lowdb-'));
  const db = path.join(dir, 'db.json');
  const store = new LowdbStore(db);
  await store.open();
  try {
    await store.upsertEmployees(Array.from({ length: employees }, (_, i) => employee(i)));
    for (let from = 0; from < employees; from += 2000) {
      const batch: Promise<void>[] = [];
      for (let i = from; i < Math.min(employees, from + 2000); i++) {
        batch.push(store.linkAccount(account(i)));
        if (i % 2 === 0) batch.push(store.setState(state(`telegram:${userIdOf(i)}`, i)));
      }
      await Promise.all(batch);
    }
    for (let from = 0; from < activities; from += 10_000) {
      const batch: Promise<void>[] = [];
      for (let n = from; n < Math.min(activities, from + 10_000); n++) batch.push(store.addActivity(activity(n, nipOf(n % employees))));
      await Promise.all(batch);
      log(`  built ${Math.min(activities, from + 10_000)} activities`);
    }
  } finally {
    await store.close();
  }
  const files = layoutFor(db);
  return { dir, db, ms: Math.round(performance.now() - t0), bytes: await treeBytes(path.dirname(files.main)) };
}
