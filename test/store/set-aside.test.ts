import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { layoutFor } from '../../src/store/layout.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import type { Logger } from '../../src/domain/log.js';
import { makeActivity, makeEmployee, nipOf } from './conformance.js';

const T0 = '2026-03-01T08:00:00.000Z';

function memoryLog(): Logger & { errors: { msg: string; extra?: Record<string, unknown> }[] } {
  const errors: { msg: string; extra?: Record<string, unknown> }[] = [];
  return { info: () => undefined, warn: () => undefined, error: (msg, extra) => errors.push({ msg, ...(extra ? { extra } : {}) }), errors };
}

/** Rewrites every record file of `dir` holding `id` with `change` applied to that activity. */
async function tamperActivity(db: string, id: string, change: (a: Record<string, unknown>) => void): Promise<void> {
  const shards = layoutFor(db).activitiesDir;
  for (const name of await readdir(shards)) {
    const file = join(shards, name);
    const json = JSON.parse(await readFile(file, 'utf8')) as { activities: Record<string, unknown>[] };
    const hit = json.activities.find((a) => a.id === id);
    if (!hit) continue;
    change(hit);
    await writeFile(file, JSON.stringify(json));
  }
}

it('a stored record made invalid by an earlier version (status {}) is set aside at open: never served, never lost, logged once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bangkom-aside-'));
  const db = join(dir, 'db.json');
  const writer = new LowdbStore(db);
  await writer.open();
  await writer.upsertEmployees([makeEmployee(nipOf(1))]);
  await writer.addActivity(makeActivity('broken', nipOf(1)));
  await writer.addActivity(makeActivity('fine', nipOf(1)));
  await writer.setState({ key: 'telegram:1', dialog: 'report', step: 'title', data: { title: 'ok' }, trail: [], updatedAt: T0 });
  await writer.close();
  await tamperActivity(db, 'broken', (a) => (a.status = {}));

  // A read-only snapshot (rekap while the assistant runs) leaves it out and writes nothing.
  const snapshot = new LowdbStore(db, { readOnly: true });
  await snapshot.open();
  expect(await snapshot.getActivity('broken')).toBeUndefined();
  await snapshot.close();
  await expect(readFile(layoutFor(db).setAside, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });

  const log = memoryLog();
  const store = new LowdbStore(db, { log });
  await store.open();
  expect(await store.getActivity('broken')).toBeUndefined();
  expect((await store.activitiesOf(nipOf(1))).map((a) => a.id)).toEqual(['fine']);
  expect((await store.getState('telegram:1'))?.data).toEqual({ title: 'ok' });
  expect(log.errors).toHaveLength(1);
  expect(log.errors[0]!.extra).toMatchObject({ count: 1 });
  await store.close();

  const lines = (await readFile(layoutFor(db).setAside, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ problem: expect.stringContaining('status'), record: { id: 'broken', status: {} } });

  // The shard was rewritten without it: a second open finds nothing more to set aside.
  const again = new LowdbStore(db, { log });
  await again.open();
  await again.close();
  expect(log.errors).toHaveLength(1);
  expect((await readFile(layoutFor(db).setAside, 'utf8')).trim().split('\n')).toHaveLength(1);
});

it('an invalid record in the journal (a lone surrogate in a title) is set aside at replay, the rest of the commit applied', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bangkom-aside-'));
  const db = join(dir, 'db.json');
  const writer = new LowdbStore(db);
  await writer.open();
  await writer.upsertEmployees([makeEmployee(nipOf(1))]);
  await writer.addActivity(makeActivity('kept', nipOf(1)));
  await writer.close();
  // As a crash leaves it: a commit only in the journal, holding one valid and one invalid record.
  const bad = { ...makeActivity('bad', nipOf(1)), title: 'Webinar \ud800' };
  const also = makeActivity('also', nipOf(1));
  const line = JSON.stringify({ ops: [{ t: 'activity', v: bad }, { t: 'activity', v: also }] });
  await writeFile(join(layoutFor(db).journalDir, '00000099.log'), line + '\n');

  const store = new LowdbStore(db);
  await store.open();
  expect(await store.getActivity('kept')).toBeDefined();
  expect(await store.getActivity('bad')).toBeUndefined();
  expect(await store.getActivity('also')).toBeDefined();
  await store.close();
  const lines = (await readFile(layoutFor(db).setAside, 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('lone surrogate');
});
