import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { StoreError } from './errors.js';

/** Creates `dir` when missing, fsyncing the parents of what it created so the new entries are durable. */
async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  for (let d = dir; ; d = path.dirname(d)) {
    await fsyncDir(path.dirname(d));
    if (d === first || path.dirname(d) === d) break;
  }
}

/** fsync a directory so a rename inside it survives a power loss. No-op where unsupported (Windows). */
export async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw err;
  } finally {
    await fh?.close();
  }
}

/** Name of a temporary sibling; recognisable so tests (and people) can spot leftovers. */
export function tempNameFor(file: string): string {
  const dir = path.dirname(file);
  return path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export function isTempName(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/.test(name);
}

/**
 * Durably replaces `file` with `data`: write a temp file in the same directory, fsync it,
 * rename it over the target, fsync the directory. A crash at any point leaves either the old
 * or the new content, never a torn file. Creates the directory when missing.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await ensureDir(dir);
  const tmp = tempNameFor(file);
  let renamed = false;
  try {
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    renamed = true;
    await fsyncDir(dir);
  } catch (err) {
    if (!renamed) await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

export interface AtomicJsonFileOptions<T> {
  /** Turns parsed JSON into the in-memory document; throw to refuse the file. */
  decode: (json: unknown) => T;
  /** Turns the in-memory document into a JSON-serialisable value. */
  encode: (data: T) => unknown;
}

interface Waiters {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * lowdb adapter: atomic, durable JSON file with per-file serialised and coalesced writes.
 *
 * - read(): missing file → null (lowdb keeps its default data); unparsable or refused content
 *   → StoreError('corrupt'|…) naming the file. The file is never touched on read.
 * - write(data): if a write is in flight, the call queues; all calls queued meanwhile are served
 *   by ONE further write of the latest data, which resolves every waiter.
 */
export class AtomicJsonFile<T> implements Adapter<T> {
  readonly filename: string;
  readonly #opts: AtomicJsonFileOptions<T>;
  #chain: Promise<void> = Promise.resolve();
  #next: Waiters | undefined;
  #latest: T | undefined;
  /** Number of physical writes done, for tests and benchmarks. */
  writes = 0;

  constructor(filename: string, opts: AtomicJsonFileOptions<T>) {
    this.filename = filename;
    this.#opts = opts;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.filename, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new StoreError(
        'corrupt',
        `Store file ${this.filename} is corrupt (${(err as Error).message}); it was left untouched — ` +
          'restore it from a backup or move it away.',
      );
    }
    try {
      return this.#opts.decode(json);
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError(
        'corrupt',
        `Store file ${this.filename} has an unexpected shape (${(err as Error).message}); it was left untouched.`,
      );
    }
  }

  write(data: T): Promise<void> {
    this.#latest = data;
    if (this.#next) return this.#next.promise;
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const waiters: Waiters = { promise, resolve, reject };
    this.#next = waiters;
    this.#chain = this.#chain.then(() => this.#flush(waiters));
    return promise;
  }

  /** Resolves once every write requested so far has finished (successfully or not). */
  idle(): Promise<void> {
    return this.#chain;
  }

  async #flush(waiters: Waiters): Promise<void> {
    // From here on, new write() calls form the next batch; this one writes the data as of now.
    this.#next = undefined;
    const data = this.#latest as T;
    try {
      const text = JSON.stringify(this.#opts.encode(data));
      await writeFileAtomic(this.filename, text);
      this.writes++;
      waiters.resolve();
    } catch (err) {
      waiters.reject(err);
    }
  }
}
