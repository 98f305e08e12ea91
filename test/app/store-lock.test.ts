import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/errors.js';
import { acquireLock } from '../../src/store/lock.js';

let dir: string;
let lock: string;
let db: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bangkom-lock-'));
  lock = join(dir, 'db.lock');
  db = join(dir, 'db.json');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const refusal = async (): Promise<StoreError> => {
  const err = await acquireLock(lock, db).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  return err as StoreError;
};

describe('the db lock written on another host (a new container on the same volume)', () => {
  it('is refused however old, untouched, with the exact way out; once deleted, the lock is taken', async () => {
    const foreign = JSON.stringify({ pid: 1, host: 'old-container-3f2a', at: '2020-01-01T00:00:00.000Z' });
    await writeFile(lock, foreign);
    const err = await refusal();
    expect(err.code).toBe('locked');
    expect(err.message).toContain('locked by process 1 on another host, old-container-3f2a (since 2020-01-01T00:00:00.000Z)');
    expect(err.message).toContain(`this host is ${os.hostname()}`);
    expect(err.message).toContain(`make sure the old instance is stopped`);
    expect(err.message).toContain(`then delete ${lock} and start again`);
    expect(err.message).toContain('Never delete it while another instance runs');
    expect(await readFile(lock, 'utf8')).toBe(foreign);

    await unlink(lock);
    const release = await acquireLock(lock, db);
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
    await release();
    expect(existsSync(lock)).toBe(false);
  });

  it('on this host, a live owner is named with the plain advice', async () => {
    await writeFile(lock, JSON.stringify({ pid: process.ppid, host: os.hostname(), at: 'earlier' }));
    const err = await refusal();
    expect(err.message).toBe(
      `Database ${db} is in use by process ${process.ppid} on this host (since earlier). Stop it first; if it is surely not running, delete ${lock}.`,
    );
  });
});
