import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, lockInstanceId } from '../../src/store/lock.js';

const RACERS = 8;
const ROUNDS_PER_VARIANT = 8;
const SCRIPT = fileURLToPath(new URL('./fixtures/lock-racer.ts', import.meta.url));

interface Answer {
  ready?: boolean;
  pid?: number;
  owner?: boolean;
  code?: string;
  message?: string;
  released?: boolean;
}

/** One racer process, started once and driven a round at a time (tsx start-up costs about a second). */
class Racer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly #answers: Answer[] = [];
  readonly #waiting: ((a: Answer) => void)[] = [];
  readonly exited: Promise<void>;

  constructor() {
    this.child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { stdio: 'pipe' });
    this.child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const answer = JSON.parse(line) as Answer;
      const waiter = this.#waiting.shift();
      if (waiter) waiter(answer);
      else this.#answers.push(answer);
    });
    this.exited = new Promise((resolve) => this.child.on('exit', () => resolve()));
  }

  get pid(): number {
    return this.child.pid!;
  }

  next(): Promise<Answer> {
    const answer = this.#answers.shift();
    if (answer) return Promise.resolve(answer);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  send(command: object): void {
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
  }
}

let racers: Racer[] = [];
let deadPid: number;

async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

beforeAll(async () => {
  racers = Array.from({ length: RACERS }, () => new Racer());
  await Promise.all(racers.map(async (r) => expect(await r.next()).toMatchObject({ ready: true })));
  deadPid = await exitedPid();
}, 30_000);

afterAll(async () => {
  for (const r of racers) r.child.stdin.end();
  await Promise.all(racers.map((r) => r.exited));
});

const here = (pid: number): string => JSON.stringify({ pid, host: os.hostname(), at: '2026-01-01T00:00:00.000Z' });

/** What is at the lock before a round: nothing, or a lock no live process owns. */
const variants: Record<string, (lock: string) => Promise<void>> = {
  'no lock': async () => undefined,
  'a dead pid on this host': (lock) => writeFile(lock, here(deadPid)),
  'an empty lock (a writer killed between create and write)': (lock) => writeFile(lock, ''),
  'a half-written lock': (lock) => writeFile(lock, here(deadPid).slice(0, 11)),
  'a dead pid, with the takeover marker of a breaker killed inside it': async (lock) => {
    await writeFile(lock, here(deadPid));
    const id = await lockInstanceId(lock);
    await writeFile(`${lock}.takeover.${id}.0`, JSON.stringify({ pid: deadPid, host: os.hostname(), at: 'x', nonce: 'n' }));
  },
};

describe(`${RACERS} processes taking the db lock at the same instant`, () => {
  it(`over a stale lock of every kind: exactly one owner in each of ${ROUNDS_PER_VARIANT * 5} rounds, the others refused naming it, nothing left behind`, async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS_PER_VARIANT; round++) {
      for (const [variant, prepare] of Object.entries(variants)) {
        const dir = await mkdtemp(join(tmpdir(), 'bangkom-lock-race-'));
        try {
          const lock = join(dir, 'db.lock');
          const db = join(dir, 'db.json');
          await prepare(lock);
          const at = Date.now() + 40;
          for (const r of racers) r.send({ cmd: 'go', lock, db, at });
          const answers = await Promise.all(racers.map((r) => r.next()));
          const owners = racers.filter((_, i) => answers[i]!.owner === true);
          outcomes.push(`${variant}: ${owners.length} owner(s)`);
          expect(owners.length, `round ${round}, ${variant}: ${JSON.stringify(answers)}`).toBe(1);
          const owner = owners[0]!;
          expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: owner.pid, host: os.hostname() });
          for (const a of answers.filter((x) => x.owner !== true)) {
            expect(a.code).toBe('locked');
            expect(a.message).toBe(
              `Database ${db} is in use by process ${owner.pid} on this host (since ${JSON.parse(await readFile(lock, 'utf8')).at}). ` +
                `Stop it first; if it is surely not running, delete ${lock}.`,
            );
          }
          for (const r of racers) r.send({ cmd: 'release' });
          await Promise.all(racers.map((r) => r.next()));
          // No lock, no temp file, no takeover marker (the killed breaker's included).
          expect(await readdir(dir)).toEqual([]);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
    }
    expect(outcomes).toHaveLength(ROUNDS_PER_VARIANT * 5);
  }, 30_000);

  it('the lock of an owner killed with SIGKILL is taken over at once by the next start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bangkom-lock-race-'));
    try {
      const lock = join(dir, 'db.lock');
      const db = join(dir, 'db.json');
      const victim = racers.pop()!;
      victim.send({ cmd: 'go', lock, db, at: 0 });
      expect(await victim.next()).toMatchObject({ owner: true });
      victim.send({ cmd: 'die' });
      await victim.exited;
      expect(await readdir(dir)).toEqual(['db.lock']);

      const started = Date.now();
      const release = await acquireLock(lock, db);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid });
      await release();
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a lock no live process can own does not block a start', () => {
  it('an empty lock left by a process killed between create and write: taken at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bangkom-lock-'));
    try {
      const lock = join(dir, 'db.lock');
      // What a writer that creates the lock and then writes it leaves when killed in between.
      const killed = spawn(process.execPath, [
        '-e',
        `require('fs').openSync(${JSON.stringify(lock)}, 'wx'); process.kill(process.pid, 'SIGKILL')`,
      ]);
      await new Promise((r) => killed.on('exit', r));
      expect(await readFile(lock, 'utf8')).toBe('');

      const started = Date.now();
      const release = await acquireLock(lock, join(dir, 'db.json'));
      expect(Date.now() - started).toBeLessThan(1000);
      expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
      await release();
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a garbled lock just written, and one of an earlier process with our pid: taken at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bangkom-lock-'));
    try {
      const lock = join(dir, 'db.lock');
      for (const content of ['{"pid":12', 'not json', here(process.pid), JSON.stringify({ pid: 0, host: os.hostname() })]) {
        await writeFile(lock, content);
        const started = Date.now();
        const release = await acquireLock(lock, join(dir, 'db.json'));
        expect(Date.now() - started).toBeLessThan(1000);
        expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid });
        await release();
      }
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('within one process: a second taking, even at the same time, is refused; the lock we hold is never taken over', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bangkom-lock-'));
    try {
      const lock = join(dir, 'db.lock');
      const db = join(dir, 'db.json');
      const results = await Promise.allSettled([acquireLock(lock, db), acquireLock(lock, db)]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'locked', message: `Database ${db} is already open in this process.` });
      const release = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<() => Promise<void>>).value;
      await release();
      await release();
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
