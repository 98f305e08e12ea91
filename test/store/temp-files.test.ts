import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTempName, tempNameFor } from '../../src/store/atomic-file.js';
import { ABANDONED_TEMP_MS, removeTempFiles } from '../../src/store/temp-files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bangkom-temp-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** A process that starts an atomic write of `file` (its temp file, named as writeFileAtomic names it) and is killed. */
async function killedWrite(file: string): Promise<string> {
  const child = spawn(process.execPath, [
    '-e',
    `const p = require('path'), f = ${JSON.stringify(file)};
     const tmp = p.join(p.dirname(f), '.' + p.basename(f) + '.' + process.pid + '.' + require('crypto').randomBytes(4).toString('hex') + '.tmp');
     require('fs').writeFileSync(tmp, '{"half":');
     console.log(tmp);
     process.kill(process.pid, 'SIGKILL');`,
  ]);
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  await new Promise((r) => child.on('exit', r));
  const tmp = out.trim();
  expect(isTempName(tmp.slice(tmp.lastIndexOf('/') + 1))).toBe(true);
  return tmp;
}

const names = async (d: string): Promise<string[]> => (await readdir(d)).sort();

describe('removeTempFiles', () => {
  it('removes the temp files of killed writes and keeps every other file', async () => {
    const dead = await killedWrite(join(dir, 'db.json'));
    const deadLock = await killedWrite(join(dir, 'db.lock'));
    const keep = ['db.json', 'db.lock', '.hidden', 'x.tmp', '.db.json.12.DEADBEEF.tmp', '.db.json.12.deadbeef.tmp.bak', 'db.json.12.deadbeef.tmp'];
    for (const name of keep) await writeFile(join(dir, name), '{}');
    await mkdir(join(dir, '.db.json.1.deadbeef.tmp')); // a directory, whatever its name

    expect(await removeTempFiles(dir)).toEqual([dead, deadLock].sort());
    expect(await names(dir)).toEqual([...keep, '.db.json.1.deadbeef.tmp'].sort());
    expect(await removeTempFiles(dir)).toEqual([]);
  });

  it('keeps the temp file of a write in flight: a live writer, or this process', async () => {
    const live = join(dir, `.other.json.${process.ppid}.0123abcd.tmp`); // e.g. another database's process in the same dir
    const ours = tempNameFor(join(dir, 'db.json'));
    await writeFile(live, '{}');
    await writeFile(ours, '{}');
    expect(await removeTempFiles(dir)).toEqual([]);
    expect(await names(dir)).toHaveLength(2);
  });

  it('removes one of an earlier process with our pid (a restarted container), and any older than an hour', async () => {
    const ours = tempNameFor(join(dir, 'db.json'));
    const live = join(dir, `.other.json.${process.ppid}.0123abcd.tmp`);
    await writeFile(ours, '{}');
    await writeFile(live, '{}');
    const beforeStart = new Date(performance.timeOrigin - 60_000);
    await utimes(ours, beforeStart, beforeStart);
    const longAgo = new Date(Date.now() - ABANDONED_TEMP_MS - 60_000);
    await utimes(live, longAgo, longAgo);
    expect(await removeTempFiles(dir)).toEqual([live, ours].sort());
    expect(await names(dir)).toEqual([]);
  });

  it('looks into subdirectories only when recursive', async () => {
    const sub = join(dir, 'db.activities');
    const deep = join(dir, 'evidence', 'x');
    await mkdir(sub);
    await mkdir(deep, { recursive: true });
    await writeFile(join(sub, '00.json'), '{}');
    const top = await killedWrite(join(dir, 'db.json'));
    const inSub = await killedWrite(join(sub, '00.json'));
    const inDeep = await killedWrite(join(deep, 'abc.pdf'));

    expect(await removeTempFiles(dir)).toEqual([top]);
    expect(await removeTempFiles(sub)).toEqual([inSub]);
    expect(await removeTempFiles(dir, { recursive: true })).toEqual([inDeep]);
    expect(await names(sub)).toEqual(['00.json']);
    expect(await names(deep)).toEqual([]);
  });

  it('a missing directory, or a file given as one → []', async () => {
    expect(await removeTempFiles(join(dir, 'nope'))).toEqual([]);
    await writeFile(join(dir, 'db.json'), '{}');
    expect(await removeTempFiles(join(dir, 'db.json'))).toEqual([]);
  });
});
