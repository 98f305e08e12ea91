import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SerialQueue } from './serial-queue.js';
import { forkWorker, type ChildLimits } from './spawn-worker.js';
import { WorkerCrashError, WorkerMemoryError, WorkerTimeoutError } from './worker-errors.js';

const MB = 1024 * 1024;
const MEMORY_POLL_MS = 50;
/** What is kept of a child's stderr, to tell a heap overflow from another crash. */
const STDERR_TAIL = 4096;

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

interface Running {
  id: number;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Resident memory of a process in bytes (Linux: /proc), or undefined where it cannot be read. */
function residentBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** V8 prints this when a heap limit is reached, just before it aborts. */
const OUT_OF_HEAP = /heap out of memory|Reached heap limit|Allocation failed/i;

/**
 * One long-lived child process, started on first use, that runs one job at a time. A job over its time or
 * memory limit kills the child; the next job starts a fresh one. Work runs in a separate process, not a
 * thread, because the memory a PDF makes pdf.js take (inflated streams, decoded images) is only given back to
 * the OS when the process holding it ends. An idle child does not keep the process alive.
 */
export class WorkerSlot {
  private child: ChildProcess | undefined;
  private running: Running | undefined;
  private readonly queue = new SerialQueue();
  private nextId = 1;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly module: URL,
    private readonly limits: ChildLimits = {},
    /** A child with nothing to do for this long is stopped (its memory goes back); the next job starts one. */
    private readonly idleMs = 2 * 60_000,
    /**
     * A job that grows the child's resident memory by more than this is stopped (WorkerMemoryError). The heap
     * limit does not cover ArrayBuffers, where pdf.js keeps inflated streams and decoded images: only the
     * child's RSS shows them. Checked every MEMORY_POLL_MS while a job runs (Linux only: read from /proc).
     */
    private readonly memoryLimitMb = Infinity,
  ) {}

  /** Whether a child process is running. */
  get started(): boolean {
    return this.child !== undefined;
  }

  /** Jobs queued or running here. */
  get load(): number {
    return this.queue.size;
  }

  /** Runs a job within `timeoutMs` once its turn comes, which must come within `maxWaitMs`. */
  run<T>(payload: unknown, timeoutMs: number, maxWaitMs = Infinity): Promise<T> {
    clearTimeout(this.idle);
    return (this.queue.run(() => this.start(payload, timeoutMs), maxWaitMs) as Promise<T>).finally(() => this.stopWhenIdle());
  }

  private stopWhenIdle(): void {
    clearTimeout(this.idle);
    if (!this.child || this.queue.size > 0) return;
    this.idle = setTimeout(() => {
      const child = this.child;
      if (child && this.queue.size === 0 && !this.running) this.kill(child);
    }, this.idleMs);
    this.idle.unref();
  }

  /** Stops the child and waits until it has exited (its memory is then the OS's again). */
  async close(): Promise<void> {
    clearTimeout(this.idle);
    const child = this.child;
    this.child = undefined;
    this.running?.reject(new WorkerCrashError('worker closed'));
    this.running = undefined;
    if (!child) return;
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.ref(); // held until it has exited, or the caller's await would have nothing to keep the process up
    child.kill('SIGKILL');
    await exited;
  }

  private start(payload: unknown, timeoutMs: number): Promise<unknown> {
    const child = this.ensureChild();
    const id = this.nextId++;
    setRef(child, true);
    return new Promise<unknown>((resolve, reject) => {
      const stop = (error: Error) => {
        clearTimeout(timer);
        clearInterval(watch);
        this.running = undefined;
        this.kill(child);
        reject(error);
      };
      const timer = setTimeout(() => stop(new WorkerTimeoutError(timeoutMs)), timeoutMs);
      const baseline = residentBytes(child.pid);
      const watch =
        Number.isFinite(this.memoryLimitMb) && baseline !== undefined
          ? setInterval(() => {
              const now = residentBytes(child.pid);
              if (now !== undefined && now - baseline > this.memoryLimitMb * MB) stop(new WorkerMemoryError(this.memoryLimitMb));
            }, MEMORY_POLL_MS)
          : undefined;
      watch?.unref();
      const settle = () => {
        clearTimeout(timer);
        clearInterval(watch);
        this.running = undefined;
        if (this.child === child) setRef(child, false);
      };
      this.running = {
        id,
        resolve: (value) => {
          settle();
          resolve(value);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      child.send({ id, payload }, (error) => {
        if (error && this.running?.id === id) this.running.reject(error);
      });
    });
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    const child = forkWorker(this.module, this.limits);
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('message', (reply: Reply) => {
      const running = this.running;
      if (this.child !== child || !running || running.id !== reply.id) return;
      if (reply.ok) running.resolve(reply.value);
      else running.reject(new Error(reply.error ?? 'worker job failed'));
    });
    child.on('error', (error: Error & { code?: string }) => {
      if (this.child !== child) return;
      this.kill(child);
      this.running?.reject(new WorkerCrashError(error.message, error.code));
    });
    // 'close' comes after the child's stderr has ended: V8's last words are in by then.
    child.on('close', (code, signal) => {
      if (this.child !== child) return;
      this.forget(child);
      if (OUT_OF_HEAP.test(stderr)) this.running?.reject(new WorkerCrashError('worker ran out of heap', 'ERR_WORKER_OUT_OF_MEMORY'));
      else this.running?.reject(new WorkerCrashError(`worker exited with ${signal ? `signal ${signal}` : `code ${code}`}`));
    });
    setRef(child, false);
    this.child = child;
    return child;
  }

  private forget(child: ChildProcess): void {
    if (this.child === child) this.child = undefined;
  }

  private kill(child: ChildProcess): void {
    this.forget(child);
    child.kill('SIGKILL');
  }
}

/** A child holds the parent's event loop open through its process handle, its IPC channel and its stderr pipe. */
function setRef(child: ChildProcess, ref: boolean): void {
  const handles: ({ ref(): void; unref(): void } | null | undefined)[] = [child, child.channel, child.stderr as { ref(): void; unref(): void } | null];
  for (const handle of handles) {
    if (ref) handle?.ref();
    else handle?.unref();
  }
}
