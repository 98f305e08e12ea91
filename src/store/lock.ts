import { open, readFile, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import { StoreError } from './errors.js';

interface LockInfo {
  pid: number;
  host: string;
  at: string;
}

/** Lock files held by this process (a second open in the same process is refused too). */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readInfo(file: string): Promise<LockInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(file, 'utf8')) as Partial<LockInfo>;
    if (typeof info.pid === 'number' && typeof info.host === 'string') {
      return { pid: info.pid, host: info.host, at: String(info.at) };
    }
  } catch {
    // unreadable or half-written
  }
  return undefined;
}

/**
 * A lock left by a process that no longer runs (on this host), or a garbled one older than 10 s.
 *
 * A lock written on another host is never stale by itself, however old: whether its process still runs
 * cannot be checked from here, and on a volume shared between hosts (two containers, an NFS mount) it may
 * well, writing the same files. Nor does its age tell (the lock is written once and not refreshed). So it is
 * refused with an error that says how to recover (see lockedMessage); an orderly stop, including one out
 * of time, releases the lock, so this is left for a process that was killed or crashed.
 */
async function isStale(file: string, info: LockInfo | undefined): Promise<boolean> {
  if (!info) {
    const st = await stat(file).catch(() => undefined);
    return !st || Date.now() - st.mtimeMs > 10_000;
  }
  if (info.host !== os.hostname()) return false;
  if (info.pid === process.pid) return !held.has(file);
  return !alive(info.pid);
}

/** Why the lock is refused, and exactly what to do about it. */
function lockedMessage(lockFile: string, dbFile: string, info: LockInfo | undefined): string {
  if (info && info.host !== os.hostname()) {
    return (
      `Database ${dbFile} is locked by process ${info.pid} on another host, ${info.host} (since ${info.at}); this host is ` +
      `${os.hostname()}. Whether that process still runs cannot be checked from here. If the data moved to a new ` +
      `host or container (a volume mounted by a new container), make sure the old instance is stopped — e.g. ` +
      `\`docker ps\` shows no other bangkom container using this volume — then delete ${lockFile} and start again. ` +
      'Never delete it while another instance runs: both would write the same files.'
    );
  }
  const who = info ? `process ${info.pid} on this host (since ${info.at})` : 'another process';
  return `Database ${dbFile} is in use by ${who}. Stop it first; if it is surely not running, delete ${lockFile}.`;
}

/**
 * Takes the advisory lock `lockFile` for the database `dbFile`, so that two processes (say the
 * running bot and a CLI command) never hold the same files in memory and overwrite each other's
 * writes. A lock left by a dead process on this host is taken over. Returns the release function.
 */
export async function acquireLock(lockFile: string, dbFile: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (held.has(lockFile)) {
      throw new StoreError('locked', `Database ${dbFile} is already open in this process.`);
    }
    try {
      const fh = await open(lockFile, 'wx', 0o644);
      try {
        const info: LockInfo = { pid: process.pid, host: os.hostname(), at: new Date().toISOString() };
        await fh.writeFile(JSON.stringify(info));
      } finally {
        await fh.close();
      }
      held.add(lockFile);
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        held.delete(lockFile);
        await unlink(lockFile).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const info = await readInfo(lockFile);
    if (await isStale(lockFile, info)) {
      await unlink(lockFile).catch(() => undefined);
      continue;
    }
    throw new StoreError('locked', lockedMessage(lockFile, dbFile, info));
  }
  throw new StoreError('locked', `Could not take the lock ${lockFile} of database ${dbFile}.`);
}
