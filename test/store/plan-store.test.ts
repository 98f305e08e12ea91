import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { freshDatabase } from '../pg/database.js';
import { runPlanConformance } from './plan-conformance.js';

runPlanConformance('lowdb', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bangkom-plan-'));
  const store = await openLowdbStore(path.join(dir, 'data', 'db.json'), { activityShards: 8, stateShards: 4 });
  return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

runPlanConformance('postgres', async () => {
  const db = await freshDatabase();
  const store = new PgStore(db.url);
  await store.open();
  return { store, cleanup: () => db.drop() };
});
