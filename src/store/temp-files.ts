import type { Dirent } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isTempName } from './atomic-file.js';
import { processAlive } from './lock.js';

/** No atomic write takes this long: a temp file older than this is abandoned whoever wrote it. */
export const ABANDONED_TEMP_MS = 60 * 60 * 1000;

/** The writer's pid in a temp name (`.<name>.<pid>.<8 hex>.tmp`, see tempNameFor). */
const WRITER_PID = /\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Whether the temp file `name` (modified at `mtimeMs`) was left by a killed write rather than being the
 * write in flight of a running process. A directory may hold the files of several databases (data/db.json
 * and data/other.json, and evidence/ is shared by all the databases of a directory), whose processes may
 * be writing right now, and processes taking the lock put their temp file next to it: removing such a file
 * would fail their rename. So a temp file is removed when
 * - its writer (the pid in its name) no longer runs on this host, or
 * - the writer's pid is ours but the file is older than this process (an earlier process with the same pid,
 *   as after a container restart), or
 * - it is older than ABANDONED_TEMP_MS (its pid was taken by another process since).
 */
function abandoned(name: string, mtimeMs: number): boolean {
  if (Date.now() - mtimeMs > ABANDONED_TEMP_MS) return true;
  const pid = Number(WRITER_PID.exec(name)?.[1]);
  if (pid === process.pid) return mtimeMs < performance.timeOrigin;
  return !processAlive(pid);
}

/**
 * Removes the temp files left in `dir` by atomic writes (writeFileAtomic, the lock) of processes that were
 * killed, with those of its subdirectories when `recursive`. Temp names are recognised by isTempName;
 * other files are never touched, nor is a temp file a running process is writing (see abandoned()).
 * Returns the removed paths, sorted. A missing `dir` → [].
 *
 * Meant for store open, once the lock is held.
 */
export async function removeTempFiles(dir: string, opts: { recursive?: boolean } = {}): Promise<string[]> {
  const removed: string[] = [];
  await sweep(dir, opts.recursive === true, removed);
  return removed.sort();
}

async function sweep(dir: string, recursive: boolean, removed: string[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw err;
  }
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) await sweep(file, true, removed);
      continue;
    }
    if (!entry.isFile() || !isTempName(entry.name)) continue;
    const st = await stat(file).catch(() => undefined);
    if (!st || !abandoned(entry.name, st.mtimeMs)) continue;
    try {
      await unlink(file);
      removed.push(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}
