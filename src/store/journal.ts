import { mkdir, open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from './atomic-file.js';
import { StoreError } from './errors.js';

/** Injected I/O fault (tests): return an error to make the next journal write or file save fail with it. */
export type WriteFault = () => NodeJS.ErrnoException | undefined;

function parseLine(line: string): unknown {
  if (line.trim() === '') return undefined;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

const LOG_NAME = /^(\d{8})\.log$/;
const logName = (n: number) => `${String(n).padStart(8, '0')}.log`;

/**
 * The write-ahead journal of the lowdb store: one line of JSON per commit, appended and fsynced before
 * the commit touches memory, so a commit spanning several store files is atomic. The store files are
 * checkpoints: once every file a log's commits touched is rewritten, the log is deleted.
 *
 * Logs are numbered files in `<db>.journal/`; `rotate()` starts a new one so a checkpoint can delete
 * the old ones while commits go on. A crash mid-append leaves a torn last line, which was never
 * acknowledged: replay ignores it (and a writable open truncates it away).
 */
export class Journal {
  #fh: FileHandle | undefined;
  #number = 0;
  #size = 0;
  #broken: Error | undefined;

  constructor(
    readonly dir: string,
    private readonly fault?: WriteFault,
  ) {}

  /** The numbers of the logs in `dir`, in order. */
  static async logNumbers(dir: string): Promise<number[]> {
    try {
      return (await readdir(dir))
        .filter((n) => LOG_NAME.test(n))
        .sort()
        .map((n) => Number(LOG_NAME.exec(n)![1]));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** Every committed entry of every log, in order; for a read-only open, the torn tail of a log being written is skipped. */
  static async readAll(dir: string, opts: { truncateTorn: boolean }): Promise<{ logs: number[]; entries: unknown[] }> {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => LOG_NAME.test(n)).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { logs: [], entries: [] };
      throw err;
    }
    const entries: unknown[] = [];
    const logs: number[] = [];
    for (const [i, name] of names.entries()) {
      const file = path.join(dir, name);
      logs.push(Number(LOG_NAME.exec(name)![1]));
      const text = await readFile(file, 'utf8');
      const lines = text.split('\n');
      let good = 0;
      for (const [n, line] of lines.entries()) {
        const complete = n < lines.length - 1;
        const entry = complete ? parseLine(line) : undefined;
        if (entry !== undefined) {
          entries.push(entry);
          good += Buffer.byteLength(line) + 1;
          continue;
        }
        if (!complete && line === '') break;
        // A torn tail (a crash mid-append, or an append in progress): never acknowledged, nothing valid after it.
        const torn = i === names.length - 1 && lines.slice(n + 1).every((l) => parseLine(l) === undefined);
        if (!torn) throw new StoreError('corrupt', `Store journal ${file} has an unreadable entry on line ${n + 1}; restore from a backup.`);
        if (opts.truncateTorn) {
          const fh = await open(file, 'r+');
          try {
            await fh.truncate(good);
            await fh.sync();
          } finally {
            await fh.close();
          }
        }
        break;
      }
    }
    return { logs, entries };
  }

  /** Opens a fresh log after `afterLog` (the highest number found at load). */
  async start(afterLog: number): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.#number = afterLog;
    await this.#openNext();
  }

  async #openNext(): Promise<void> {
    this.#number++;
    const fh = await open(path.join(this.dir, logName(this.#number)), 'a');
    await fsyncDir(this.dir);
    this.#fh = fh;
    this.#size = 0;
  }

  get size(): number {
    return this.#size;
  }

  get current(): number {
    return this.#number;
  }

  /**
   * Appends entries as lines and fsyncs. On failure nothing of them stays in the log (it is truncated
   * back), so a later append never follows a half-written line; when even that fails, the journal
   * refuses every later append until the store is reopened.
   */
  async append(entries: unknown[]): Promise<void> {
    if (this.#broken) throw this.#broken;
    const fh = this.#fh;
    if (!fh) throw new StoreError('not-open', 'Store journal is not open.');
    const data = Buffer.from(entries.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
    try {
      const injected = this.fault?.();
      if (injected) throw injected;
      // A write may take fewer bytes than asked (a disk filling up) without an error: write the rest,
      // so an acknowledged commit is never a half line.
      for (let done = 0; done < data.length; ) {
        const { bytesWritten } = await fh.write(data, done, data.length - done, null);
        if (bytesWritten <= 0) throw new Error('the file system took no more bytes');
        done += bytesWritten;
      }
      await fh.datasync();
      this.#size += data.length;
    } catch (err) {
      try {
        await fh.truncate(this.#size);
        await fh.datasync();
      } catch (again) {
        this.#broken = new StoreError('io', `Store journal cannot be repaired after a failed write (${String(again)}); restart the assistant.`);
      }
      throw new StoreError('io', `Store write failed: ${(err as Error).message}`);
    }
  }

  /** Starts a new log; returns the number of the one closed, whose entries a checkpoint must cover. */
  async rotate(): Promise<number> {
    const closed = this.#number;
    const fh = this.#fh;
    await this.#openNext();
    await fh?.close();
    return closed;
  }

  /** Deletes every log numbered up to `upTo` (their commits are in the store files now). */
  async drop(upTo: number): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => LOG_NAME.test(n) && Number(LOG_NAME.exec(n)![1]) <= upTo);
    for (const name of names) await unlink(path.join(this.dir, name));
    if (names.length > 0) await fsyncDir(this.dir);
  }

  async close(): Promise<void> {
    await this.#fh?.close();
    this.#fh = undefined;
  }
}
