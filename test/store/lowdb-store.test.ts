import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/domain/types.js';
import { AtomicJsonFile } from '../../src/store/atomic-file.js';
import { StoreError } from '../../src/store/errors.js';
import { createStore } from '../../src/store/index.js';
import { layoutFor, shardFile, shardOf } from '../../src/store/layout.js';
import { LowdbStore, openLowdbStore } from '../../src/store/lowdb-store.js';
import { makeActivity, makeEmployee, nipOf, runStoreConformance } from './conformance.js';

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'bangkom-store-'));
}

runStoreConformance('lowdb', async () => {
  const dir = await tempDir();
  const store = await openLowdbStore(path.join(dir, 'data', 'db.json'), { activityShards: 8, stateShards: 4 });
  return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

runStoreConformance('lowdb (default layout)', async () => {
  const dir = await tempDir();
  const store = await createStore(path.join(dir, 'db.json'));
  return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

/** Every file under `dir`, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.relative(dir, path.join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

async function rejection(p: Promise<unknown>): Promise<StoreError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('expected a rejection');
}

describe('lowdb store specifics', () => {
  let dir: string;
  let db: string;

  beforeEach(async () => {
    dir = await tempDir();
    db = path.join(dir, 'data', 'db.json');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('derives every sibling path from the db path', () => {
    const l = layoutFor('/srv/bangkom/data/db.json');
    expect(l).toEqual({
      main: '/srv/bangkom/data/db.json',
      accounts: '/srv/bangkom/data/db.accounts.json',
      statesDir: '/srv/bangkom/data/db.states',
      activitiesDir: '/srv/bangkom/data/db.activities',
      marksDir: '/srv/bangkom/data/db.marks',
      outbound: '/srv/bangkom/data/db.outbound.json',
      inbound: '/srv/bangkom/data/db.inbound.json',
      journalDir: '/srv/bangkom/data/db.journal',
      legacySpool: '/srv/bangkom/data/db.outbox.json',
      setAside: '/srv/bangkom/data/db.set-aside.jsonl',
      lock: '/srv/bangkom/data/db.lock',
    });
    const other = layoutFor('/srv/bangkom/data/test.json');
    for (const key of Object.keys(l) as (keyof typeof l)[]) expect(other[key]).not.toBe(l[key]);
    expect(layoutFor('/x/store').activitiesDir).toBe('/x/store.activities');
    expect(layoutFor('rel/db.json').main).toBe(path.resolve('rel/db.json'));
  });

  it('creates the directory and the main file on first use, and the expected layout', async () => {
    const store = await openLowdbStore(db, { activityShards: 8, stateShards: 4 });
    expect(await tree(dir)).toEqual(['data/db.journal/00000001.log', 'data/db.json', 'data/db.lock']);
    const main = JSON.parse(await readFile(db, 'utf8'));
    expect(main).toMatchObject({ schemaVersion: SCHEMA_VERSION, kind: 'bangkom/main', employees: [], invites: [] });
    expect(main.layout).toEqual({ activityShards: 8, stateShards: 4 });

    const nip = nipOf(1);
    await store.upsertEmployees([makeEmployee(nip)]);
    await store.linkAccount({ platform: 'telegram', userId: '1', nip, linkedAt: '2026-01-01T00:00:00.000Z', lastSeenAt: '2026-01-01T00:00:00.000Z' });
    await store.addActivity(makeActivity('a1', nip));
    await store.setState({ key: 'telegram:1', dialog: 'd', step: 's', data: {}, trail: [], updatedAt: '2026-01-01T00:00:00.000Z' });
    await store.addReminderMark({ kind: 'jp-shortfall', period: '2026-11', nip, at: '2026-01-01T00:00:00.000Z' });
    await store.close();

    const shard = shardOf(nip, 8);
    const stateShard = shardOf('telegram:1', 4);
    expect(await tree(dir)).toEqual(
      [
        'data/db.json',
        'data/db.accounts.json',
        `data/db.activities/${shard}.json`,
        `data/db.states/${stateShard}.json`,
        'data/db.marks/2026-11.json',
      ].sort(),
    );
    const activities = JSON.parse(await readFile(shardFile(path.join(dir, 'data/db.activities'), shard, 8), 'utf8'));
    expect(activities).toMatchObject({ schemaVersion: SCHEMA_VERSION, kind: 'bangkom/activities', db: 'db.json', shard });
    expect(activities.activities.map((a: { id: string }) => a.id)).toEqual(['a1']);
    expect(activities.activities[0].schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('two databases in the same directory never share files', async () => {
    const a = await openLowdbStore(path.join(dir, 'db.json'));
    const b = await openLowdbStore(path.join(dir, 'other.json'));
    await a.addActivity(makeActivity('only-a', nipOf(1)));
    await a.setState({ key: 'k', dialog: 'd', step: 's', data: {}, trail: [], updatedAt: '2026-01-01T00:00:00.000Z' });
    expect(await b.getActivity('only-a')).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
    const reopened = await openLowdbStore(path.join(dir, 'other.json'));
    expect(await reopened.getActivity('only-a')).toBeUndefined();
    expect(await reopened.getState('k')).toBeUndefined();
    await reopened.close();
    expect((await tree(dir)).filter((f) => f.startsWith('other'))).toEqual(['other.json']);
  });

  it('a corrupt main file is refused with a clear error and left untouched', async () => {
    await mkdir(path.dirname(db), { recursive: true });
    const broken = '{"schemaVersion":1,"kind":"bangkom/main","employees":[{"nip":"1"';
    await writeFile(db, broken);
    const err = await rejection(openLowdbStore(db));
    expect(err.code).toBe('corrupt');
    expect(err.message).toContain(db);
    expect(await readFile(db, 'utf8')).toBe(broken);
    expect(await tree(dir)).toEqual(['data/db.json']);
  });

  it('an empty or wrongly shaped main file is refused too', async () => {
    await mkdir(path.dirname(db), { recursive: true });
    await writeFile(db, '');
    expect((await rejection(openLowdbStore(db))).code).toBe('corrupt');
    await writeFile(db, '[]');
    expect((await rejection(openLowdbStore(db))).code).toBe('corrupt');
    await writeFile(db, JSON.stringify({ schemaVersion: 1, kind: 'bangkom/main', employees: [] }));
    expect((await rejection(openLowdbStore(db))).code).toBe('corrupt');
    expect(await readFile(db, 'utf8')).toContain('"employees":[]');
  });

  it('a corrupt activity shard is refused naming the shard, and left untouched', async () => {
    const store = await openLowdbStore(db, { activityShards: 4 });
    await store.addActivity(makeActivity('a1', nipOf(1)));
    await store.close();
    const file = shardFile(layoutFor(db).activitiesDir, shardOf(nipOf(1), 4), 4);
    const text = await readFile(file, 'utf8');
    const broken = text.slice(0, text.length - 5);
    await writeFile(file, broken);
    const err = await rejection(openLowdbStore(db));
    expect(err.code).toBe('corrupt');
    expect(err.message).toContain(file);
    expect(await readFile(file, 'utf8')).toBe(broken);
  });

  it('a newer schemaVersion is refused, on the main file, a shard, or one activity', async () => {
    const store = await openLowdbStore(db, { activityShards: 4 });
    await store.addActivity(makeActivity('a1', nipOf(1)));
    await store.close();

    const mainText = await readFile(db, 'utf8');
    await writeFile(db, mainText.replace(`"schemaVersion":${SCHEMA_VERSION}`, `"schemaVersion":${SCHEMA_VERSION + 1}`));
    let err = await rejection(openLowdbStore(db));
    expect(err.code).toBe('newer-schema');
    expect(err.message).toContain(db);
    await writeFile(db, mainText);

    const file = shardFile(layoutFor(db).activitiesDir, shardOf(nipOf(1), 4), 4);
    const shard = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...shard, schemaVersion: SCHEMA_VERSION + 1 }));
    err = await rejection(openLowdbStore(db));
    expect(err.code).toBe('newer-schema');
    expect(err.message).toContain(file);

    shard.activities[0].schemaVersion = SCHEMA_VERSION + 1;
    await writeFile(file, JSON.stringify(shard));
    err = await rejection(openLowdbStore(db));
    expect(err.code).toBe('newer-schema');
    expect(err.message).toContain('a1');

    // And addActivity refuses a record from the future.
    const fresh = await openLowdbStore(path.join(dir, 'fresh.json'));
    await expect(fresh.addActivity(makeActivity('f', nipOf(1), { schemaVersion: SCHEMA_VERSION + 1 }))).rejects.toThrow(
      StoreError,
    );
    await fresh.close();
  });

  it('refuses a sibling file of another database or kind', async () => {
    const store = await openLowdbStore(db);
    await store.linkAccount({ platform: 'slack', userId: 'U1', nip: nipOf(1), linkedAt: '2026-01-01T00:00:00.000Z', lastSeenAt: '2026-01-01T00:00:00.000Z' });
    await store.close();
    const accounts = layoutFor(db).accounts;
    const json = JSON.parse(await readFile(accounts, 'utf8'));
    await writeFile(accounts, JSON.stringify({ ...json, db: 'other.json' }));
    expect((await rejection(openLowdbStore(db))).code).toBe('foreign-file');
    // The accounts file is not a main file.
    expect((await rejection(openLowdbStore(accounts))).code).toBe('foreign-file');
  });

  it('refuses to start empty when the main file is gone but data remains', async () => {
    const store = await openLowdbStore(db);
    await store.addActivity(makeActivity('a1', nipOf(1)));
    await store.close();
    await rm(db);
    const err = await rejection(openLowdbStore(db));
    expect(err.message).toContain('db.activities');
  });

  it('leaves no temp files behind after many concurrent writes', async () => {
    const store = await openLowdbStore(db, { activityShards: 4, stateShards: 2 });
    await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => store.addActivity(makeActivity(`a${i}`, nipOf(i % 7)))),
      ...Array.from({ length: 50 }, (_, i) =>
        store.setState({ key: `k${i % 5}`, dialog: 'd', step: String(i), data: {}, trail: [], updatedAt: '2026-01-01T00:00:00.000Z' }),
      ),
      store.upsertEmployees([makeEmployee(nipOf(1))]),
      store.createInvite({ code: 'CCCC', nip: nipOf(1), createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:00:00.000Z' }),
    ]);
    await store.close();
    const files = await tree(dir);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files.filter((f) => path.basename(f).startsWith('.'))).toEqual([]);
  });

  it('ignores a temp file left by a crash', async () => {
    const store = await openLowdbStore(db);
    await store.upsertEmployees([makeEmployee(nipOf(1))]);
    await store.close();
    await writeFile(path.join(path.dirname(db), '.db.json.1234.abcdef01.tmp'), '{"half":');
    const again = await openLowdbStore(db);
    expect(await again.getEmployee(nipOf(1))).toBeDefined();
    await again.close();
  });

  it('keeps the recorded shard layout when opened with other options', async () => {
    const store = await openLowdbStore(db, { activityShards: 3 });
    for (let i = 0; i < 20; i++) await store.addActivity(makeActivity(`a${i}`, nipOf(i)));
    await store.close();
    const again = await openLowdbStore(db, { activityShards: 64 });
    expect((await again.activitiesInYear(2026)).length).toBe(20);
    await again.addActivity(makeActivity('late', nipOf(99)));
    await again.close();
    const names = await readdir(layoutFor(db).activitiesDir);
    expect(names.every((n) => ['0.json', '1.json', '2.json'].includes(n))).toBe(true);
  });

  it('a second open of the same database is refused until the first closes', async () => {
    const first = await openLowdbStore(db);
    const err = await rejection(openLowdbStore(db));
    expect(err.code).toBe('locked');
    expect(err.message).toContain(db);
    await first.close();
    const second = await openLowdbStore(db);
    await second.close();
    expect(await tree(dir)).toEqual(['data/db.json']);
  });

  it('a lock held by a live process elsewhere is refused; a dead one is taken over', async () => {
    await mkdir(path.dirname(db), { recursive: true });
    const lock = layoutFor(db).lock;
    await writeFile(lock, JSON.stringify({ pid: process.ppid, host: os.hostname(), at: 'earlier' }));
    expect((await rejection(openLowdbStore(db))).message).toContain(`process ${process.ppid}`);
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: 'other-host', at: 'earlier' }));
    expect((await rejection(openLowdbStore(db))).code).toBe('locked');

    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => child.on('exit', r));
    await writeFile(lock, JSON.stringify({ pid: child.pid, host: os.hostname(), at: 'earlier' }));
    const store = await openLowdbStore(db);
    expect(JSON.parse(await readFile(lock, 'utf8')).pid).toBe(process.pid);
    await store.close();
  });

  it('read-only: no lock, no files created, every write refused', async () => {
    const empty = new LowdbStore(db, { readOnly: true });
    await empty.open();
    expect(await empty.listEmployees()).toEqual([]);
    await empty.close();
    await expect(readdir(dir)).resolves.toEqual([]);

    const writer = await openLowdbStore(db);
    await writer.upsertEmployees([makeEmployee(nipOf(1))]);
    const reader = new LowdbStore(db, { readOnly: true });
    await reader.open();
    expect(await reader.getEmployee(nipOf(1))).toBeDefined();
    await expect(reader.setState({ key: 'k', dialog: 'd', step: 's', data: {}, trail: [], updatedAt: '2026-01-01T00:00:00.000Z' })).rejects.toMatchObject({
      code: 'read-only',
    });
    await expect(reader.touchAccount('telegram', '1', '2026-01-01T00:00:00.000Z')).rejects.toMatchObject({ code: 'read-only' });
    await reader.close();
    await writer.close();
  });

  it('a process killed mid-write leaves readable files holding every acknowledged write', async () => {
    const script = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, db], { stdio: ['ignore', 'pipe', 'inherit'] });
    let acknowledged = -1;
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) acknowledged = Number(line);
        if (acknowledged >= 40) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.on('exit', r)));
    expect(acknowledged).toBeGreaterThanOrEqual(40);

    const store = await openLowdbStore(db); // parses every file; the dead writer's lock is taken over
    for (let i = 0; i <= acknowledged; i++) expect(await store.getActivity(`crash-${i}`)).toBeDefined();
    expect((await store.activitiesInYear(2026)).length).toBeGreaterThanOrEqual(acknowledged + 1);
    expect((await store.getState(`k${acknowledged % 3}`))?.data.i).toBeGreaterThanOrEqual(acknowledged);
    await store.close();
  });

  it('writes touchAccount lazily, within the flush delay, without close', async () => {
    const store = new LowdbStore(db, { touchFlushMs: 30 });
    await store.open();
    await store.linkAccount({ platform: 'telegram', userId: '7', nip: nipOf(1), linkedAt: '2026-01-01T00:00:00.000Z', lastSeenAt: '2026-01-01T00:00:00.000Z' });
    await store.touchAccount('telegram', '7', 'b');
    await store.touchAccount('telegram', '7', 'c');
    // The link is in the journal; the accounts file appears with the lazy flush.
    const onDisk = async () =>
      JSON.parse(await readFile(layoutFor(db).accounts, 'utf8').catch(() => '{"accounts":[{}]}')).accounts[0].lastSeenAt;
    expect(await onDisk()).toBeUndefined();
    await new Promise((r) => setTimeout(r, 150));
    expect(await onDisk()).toBe('c');
    await store.close();
  });

  it('refuses use before open and after close', async () => {
    const store = new LowdbStore(db);
    await expect(store.getEmployee('x')).rejects.toMatchObject({ code: 'not-open' });
    await store.open();
    await store.close();
    await expect(store.setState({ key: 'k', dialog: 'd', step: 's', data: {}, trail: [], updatedAt: '2026-01-01T00:00:00.000Z' })).rejects.toMatchObject({
      code: 'not-open',
    });
  });

  it('close while opening leaves the store closed and the lock released', async () => {
    const store = new LowdbStore(db);
    const opening = store.open();
    await store.close();
    await opening;
    await expect(store.getEmployee('x')).rejects.toMatchObject({ code: 'not-open' });
    const again = await openLowdbStore(db);
    await again.close();
  });

  it('updateActivity refuses to change id or nip', async () => {
    const store = await openLowdbStore(db);
    await store.addActivity(makeActivity('a1', nipOf(1)));
    await expect(store.updateActivity('a1', ['pending'], (a) => ({ ...a, nip: nipOf(2) }))).rejects.toMatchObject({
      code: 'invalid',
    });
    expect((await store.getActivity('a1'))?.nip).toBe(nipOf(1));
    await store.close();
  });

  it('returns deep-frozen records', async () => {
    const store = await openLowdbStore(db);
    await store.addActivity(makeActivity('a1', nipOf(1)));
    const a = await store.getActivity('a1');
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a!.history[0])).toBe(true);
    expect(() => {
      a!.history.push({ status: 'approved', by: nipOf(9), at: '2026-01-01T00:00:00.000Z' });
    }).toThrow(TypeError);
    await store.close();
  });
});

describe('AtomicJsonFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const identity = { decode: (j: unknown) => j as { n: number }, encode: (d: { n: number }) => d };

  it('reads a missing file as null and creates its directory on write', async () => {
    const file = path.join(dir, 'a', 'b', 'f.json');
    const f = new AtomicJsonFile(file, identity);
    expect(await f.read()).toBeNull();
    await f.write({ n: 1 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ n: 1 });
  });

  it('coalesces writes queued behind one in flight: latest data, written once, all resolved', async () => {
    const file = path.join(dir, 'f.json');
    const f = new AtomicJsonFile(file, identity);
    const doc = { n: 0 };
    const all: Promise<void>[] = [];
    for (let i = 1; i <= 50; i++) {
      doc.n = i;
      all.push(f.write(doc));
    }
    await Promise.all(all);
    expect(f.writes).toBeLessThanOrEqual(2);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ n: 50 });

    // A write requested while one is in flight is not lost.
    doc.n = 51;
    const first = f.write(doc);
    await new Promise((r) => setImmediate(r));
    doc.n = 52;
    const second = f.write(doc);
    await Promise.all([first, second]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ n: 52 });
  });

  it('rejects the waiters of a failed write and recovers on the next one', async () => {
    const file = path.join(dir, 'f.json');
    let fail = true;
    const f = new AtomicJsonFile<{ n: number }>(file, {
      decode: (j) => j as { n: number },
      encode: (d) => {
        if (fail) throw new Error('boom');
        return d;
      },
    });
    await expect(f.write({ n: 1 })).rejects.toThrow('boom');
    fail = false;
    await f.write({ n: 2 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ n: 2 });
    expect((await readdir(dir)).sort()).toEqual(['f.json']);
  });
});
