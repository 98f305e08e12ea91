import { createHash, randomBytes } from 'node:crypto';
import { link, open, readdir, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tempNameFor } from './atomic-file.js';
import { StoreError } from './errors.js';

/**
 * The advisory lock of a database: the file `<db>.lock`, holding who owns it.
 *
 * How it is taken, so that two processes never both own it:
 *
 * - Creation is atomic and the lock is never seen empty: the content is written to a temp file first,
 *   which is then hard-linked to the lock name. link() fails with EEXIST when the name exists, so exactly
 *   one of any number of racing processes creates the lock, and whoever reads it reads it whole.
 * - A stale lock S (its process is dead; or garbled, see judge()) is removed only by the one process that
 *   holds the takeover marker of that very instance, `<lock>.takeover.<id of S>.<k>` (created by link(),
 *   so exclusively), and only after re-reading, under the marker, that the lock is still S. While the
 *   marker is held, S can disappear by no one else's hand (only a marker holder unlinks a stale lock; its
 *   owner is dead), so the unlink removes S and never a live lock created meanwhile. After it, the racers
 *   link() again: one wins, the others read a live lock and are refused.
 * - A marker whose holder was killed is not broken (that would race again) but passed: the next one,
 *   `.<k+1>`, may be taken once the holder of `.<k>` is dead. Markers of an instance that is gone are
 *   harmless (their holder finds the lock is no longer S) and are removed as garbage.
 */
interface LockInfo {
  pid: number;
  host: string;
  at: string;
  /** Unique per acquisition: tells this lock from an earlier one with the same pid (and names its instance). */
  nonce?: string;
}

/** A lock (or marker) file as read through one file descriptor: its content and its identity. */
interface Seen {
  /** Identity of this file instance (inode, size, mtime and content): a new lock never has the id of an old one. */
  id: string;
  info: LockInfo | undefined;
  mtimeMs: number;
}

/** Lock files that this process holds or is taking (a second open in the same process is refused). */
const busy = new Set<string>();
/** Nonces of the locks that this process holds or is taking: a lock or marker with our pid and one of these is ours. */
const mine = new Set<string>();

/** How long one acquireLock may keep meeting other processes taking the same lock over before giving up. */
const TAKEOVER_BUDGET_MS = 5_000;
/** A takeover marker is held for a few file operations; one from another host older than this is abandoned. */
const FOREIGN_MARKER_MS = 10_000;
/** Passing at most this many abandoned markers of one instance (each needs a process killed inside it). */
const MAX_MARKERS = 64;

/** Whether a process with this pid runs on this host (EPERM: it runs, under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseInfo(text: string): LockInfo | undefined {
  try {
    const info = JSON.parse(text) as Partial<LockInfo> | null;
    if (
      info &&
      typeof info.pid === 'number' &&
      Number.isSafeInteger(info.pid) &&
      info.pid > 0 &&
      typeof info.host === 'string' &&
      info.host !== ''
    ) {
      const parsed: LockInfo = { pid: info.pid, host: info.host, at: String(info.at) };
      if (typeof info.nonce === 'string') parsed.nonce = info.nonce;
      return parsed;
    }
  } catch {
    // empty, truncated or not JSON
  }
  return undefined;
}

/** Reads `file` through one descriptor, so content and identity belong to the same instance; missing → undefined. */
async function readSeen(file: string): Promise<Seen | undefined> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const st = await fh.stat({ bigint: true });
    const text = await fh.readFile('utf8');
    const id = createHash('sha256')
      .update(`${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}\n${text}`)
      .digest('hex')
      .slice(0, 24);
    return { id, info: parseInfo(text), mtimeMs: Number(st.mtimeMs) };
  } finally {
    await fh.close();
  }
}

/**
 * Identity of the lock instance now at `lockFile` (undefined when there is none): the `<id>` part of its
 * takeover markers. For diagnostics and tests.
 */
export async function lockInstanceId(lockFile: string): Promise<string | undefined> {
  return (await readSeen(lockFile))?.id;
}

/**
 * 'stale': left by a process that no longer runs on this host, or garbled. 'live': a process on this host
 * holds it. 'foreign': written on another host.
 *
 * A garbled (empty, truncated, not JSON) lock is stale at once, not after a delay: a lock is only ever
 * created by link() of a complete temp file, so no live process of this program can own a lock that is not
 * whole. One is left by a power loss (content not yet on disk when the name was), by an earlier version
 * killed between create and write, or by hand; in every case no process can be shown to own it, and
 * waiting would only block a start with a misleading "in use" message. (An earlier version's process
 * writing its lock at this very moment — a window of microseconds, on a mixed install — is the one case
 * this gives up.)
 *
 * A lock written on another host is never stale by itself, however old: whether its process still runs
 * cannot be checked from here, and on a volume shared between hosts (two containers, an NFS mount) it may
 * well, writing the same files. Nor does its age tell (the lock is written once and not refreshed). So it is
 * refused with an error that says how to recover (see lockedMessage); an orderly stop, including one out
 * of time, releases the lock, so this is left for a process that was killed or crashed.
 */
function judge(info: LockInfo | undefined): 'stale' | 'live' | 'foreign' {
  if (!info) return 'stale';
  if (info.host !== os.hostname()) return 'foreign';
  // Our own pid: ours if it carries the nonce of one of our acquisitions, else left by an earlier process
  // that had the same pid (a container restarted: the bot is pid 1 or 7 every time).
  if (info.pid === process.pid) return info.nonce !== undefined && mine.has(info.nonce) ? 'live' : 'stale';
  return processAlive(info.pid) ? 'live' : 'stale';
}

/** Whether the holder of a takeover marker is gone (killed inside the few file operations it holds it for). */
function markerAbandoned(marker: Seen): boolean {
  const info = marker.info;
  if (!info) return true; // created by link() of a complete file: garbled only after a power loss
  if (info.host !== os.hostname()) return Date.now() - marker.mtimeMs > FOREIGN_MARKER_MS;
  if (info.pid === process.pid) return info.nonce === undefined || !mine.has(info.nonce);
  return !processAlive(info.pid);
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

const markerPrefix = (lockFile: string): string => `${path.basename(lockFile)}.takeover.`;
const markerName = (lockFile: string, id: string, k: number): string => `${lockFile}.takeover.${id}.${k}`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Our complete temp file, hard-linked to `target`. false: `target` exists. The temp file is recreated if
 * it went missing (someone's clean-up of temp files).
 */
async function place(tmp: string, text: string, target: string): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await link(tmp, target);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'ENOENT' || attempt > 0) throw err;
      await writeFile(tmp, text, { flag: 'wx', mode: 0o644 });
    }
  }
}

/**
 * Removes the stale lock instance `staleId` if it is still at `lockFile`, as the holder of its takeover
 * marker. true: that instance is gone now (removed here, or already). false: another live process is
 * taking it over; wait a moment and look again.
 */
async function takeOver(lockFile: string, staleId: string, tmp: string, text: string): Promise<boolean> {
  for (let k = 0; k < MAX_MARKERS; k++) {
    const marker = markerName(lockFile, staleId, k);
    if (!(await place(tmp, text, marker))) {
      const holder = await readSeen(marker);
      if (!holder) return false; // its holder just finished: look at the lock again
      if (!markerAbandoned(holder)) return false;
      continue; // its holder was killed inside: the next marker may be taken
    }
    try {
      const now = await readSeen(lockFile);
      // Still the stale instance, and nobody else can remove it while we hold the marker: remove it.
      if (now?.id === staleId) await unlink(lockFile).catch(ignoreMissing);
      // The instance is gone for good, so the abandoned markers passed on the way are garbage.
      for (let j = 0; j < k; j++) await unlink(markerName(lockFile, staleId, j)).catch(ignoreMissing);
    } finally {
      await unlink(marker).catch(ignoreMissing);
    }
    return true;
  }
  return false;
}

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
}

/**
 * Takeover markers of earlier lock instances whose holder was killed. Called by the owner: every instance
 * but its own is gone, so those markers authorise nothing any more. Markers of live holders are theirs to
 * remove.
 */
async function removeAbandonedMarkers(lockFile: string, ownId: string | undefined): Promise<void> {
  const dir = path.dirname(lockFile);
  const prefix = markerPrefix(lockFile);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    if (ownId !== undefined && name.startsWith(`${prefix}${ownId}.`)) continue;
    const file = path.join(dir, name);
    const holder = await readSeen(file).catch(() => undefined);
    if (holder && markerAbandoned(holder)) await unlink(file).catch(() => undefined);
  }
}

/**
 * Takes the advisory lock `lockFile` for the database `dbFile`, so that two processes (say the
 * running bot and a CLI command) never hold the same files in memory and overwrite each other's
 * writes. Of any number of processes taking it at once, exactly one gets it; the others are refused
 * with the owner named. A lock left by a dead process on this host, or a garbled one, is taken over at
 * once (see judge()). Returns the release function.
 */
export async function acquireLock(lockFile: string, dbFile: string): Promise<() => Promise<void>> {
  if (busy.has(lockFile)) {
    throw new StoreError('locked', `Database ${dbFile} is already open in this process.`);
  }
  busy.add(lockFile);
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    at: new Date().toISOString(),
    nonce: randomBytes(8).toString('hex'),
  };
  const nonce = info.nonce!;
  mine.add(nonce);
  const text = JSON.stringify(info);
  const tmp = tempNameFor(lockFile);
  let owned = false;
  try {
    await writeFile(tmp, text, { flag: 'wx', mode: 0o644 });
    const deadline = Date.now() + TAKEOVER_BUDGET_MS;
    for (;;) {
      if (await place(tmp, text, lockFile)) {
        owned = true;
        break;
      }
      if (Date.now() > deadline) {
        throw new StoreError(
          'locked',
          `Could not take the lock ${lockFile} of database ${dbFile}: other processes kept taking it at the same time. Try again.`,
        );
      }
      const seen = await readSeen(lockFile);
      if (!seen) continue; // released or taken over meanwhile: try again
      const verdict = judge(seen.info);
      if (verdict !== 'stale') throw new StoreError('locked', lockedMessage(lockFile, dbFile, seen.info));
      if (!(await takeOver(lockFile, seen.id, tmp, text))) await sleep(2 + Math.random() * 8);
    }
  } finally {
    // Once linked, the lock name keeps the content; the temp name goes either way.
    await unlink(tmp).catch(() => undefined);
    if (!owned) {
      busy.delete(lockFile);
      mine.delete(nonce);
    }
  }
  await removeAbandonedMarkers(lockFile, await lockInstanceId(lockFile).catch(() => undefined)).catch(() => undefined);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    try {
      // Only our own lock: never one that someone deleted by hand and another process then took.
      const now = await readSeen(lockFile).catch(() => undefined);
      if (now?.info?.nonce === nonce) await unlink(lockFile).catch(() => undefined);
    } finally {
      busy.delete(lockFile);
      mine.delete(nonce);
    }
  };
}
