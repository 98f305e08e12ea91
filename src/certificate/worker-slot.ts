import type { ResourceLimits, Transferable, Worker } from 'node:worker_threads';
import { SerialQueue } from './serial-queue.js';
import { spawnWorker } from './spawn-worker.js';
import { WorkerCrashError, WorkerMemoryError, WorkerTimeoutError } from './worker-errors.js';

const MB = 1024 * 1024;
const MEMORY_POLL_MS = 50;

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

/**
 * One long-lived worker thread, started on first use, that runs one job at a time. A job over its time
 * limit terminates the worker (the only way to stop a busy thread); the next job starts a fresh one.
 * An idle worker does not keep the process alive.
 */
export class WorkerSlot {
  private worker: Worker | undefined;
  private running: Running | undefined;
  private readonly queue = new SerialQueue();
  private nextId = 1;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly module: URL,
    private readonly resourceLimits: ResourceLimits = {},
    /** A worker with nothing to do for this long is stopped (its heap goes back); the next job starts one. */
    private readonly idleMs = 2 * 60_000,
    /**
     * A job that grows the process's resident memory by more than this is stopped (WorkerMemoryError). The
     * heap limit does not cover ArrayBuffers, where pdf.js keeps inflated streams and decoded images: only
     * the whole process's RSS shows them. Checked every MEMORY_POLL_MS while a job runs.
     */
    private readonly memoryLimitMb = Infinity,
  ) {}

  /** Whether a worker thread is running. */
  get started(): boolean {
    return this.worker !== undefined;
  }

  /** Jobs queued or running here. */
  get load(): number {
    return this.queue.size;
  }

  /** Runs a job within `timeoutMs` once its turn comes, which must come within `maxWaitMs`. */
  run<T>(payload: unknown, timeoutMs: number, transfer: Transferable[] = [], maxWaitMs = Infinity): Promise<T> {
    clearTimeout(this.idle);
    return (this.queue.run(() => this.start(payload, timeoutMs, transfer), maxWaitMs) as Promise<T>).finally(() => this.stopWhenIdle());
  }

  private stopWhenIdle(): void {
    clearTimeout(this.idle);
    if (!this.worker || this.queue.size > 0) return;
    this.idle = setTimeout(() => {
      const worker = this.worker;
      if (worker && this.queue.size === 0 && !this.running) this.kill(worker);
    }, this.idleMs);
    this.idle.unref();
  }

  async close(): Promise<void> {
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = undefined;
    this.running?.reject(new WorkerCrashError('worker closed'));
    this.running = undefined;
    if (worker) await worker.terminate();
  }

  private start(payload: unknown, timeoutMs: number, transfer: Transferable[]): Promise<unknown> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    worker.ref();
    return new Promise<unknown>((resolve, reject) => {
      const stop = (error: Error) => {
        clearTimeout(timer);
        clearInterval(watch);
        this.running = undefined;
        this.kill(worker);
        reject(error);
      };
      const timer = setTimeout(() => stop(new WorkerTimeoutError(timeoutMs)), timeoutMs);
      const baseline = process.memoryUsage.rss();
      const watch = Number.isFinite(this.memoryLimitMb)
        ? setInterval(() => {
            if (process.memoryUsage.rss() - baseline > this.memoryLimitMb * MB) stop(new WorkerMemoryError(this.memoryLimitMb));
          }, MEMORY_POLL_MS)
        : undefined;
      watch?.unref();
      const settle = () => {
        clearTimeout(timer);
        clearInterval(watch);
        this.running = undefined;
        if (this.worker === worker) worker.unref();
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
      try {
        worker.postMessage({ id, payload }, transfer);
      } catch (error) {
        this.running.reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker(this.module, { resourceLimits: this.resourceLimits });
    worker.on('message', (reply: Reply) => {
      const running = this.running;
      if (!running || running.id !== reply.id) return;
      if (reply.ok) running.resolve(reply.value);
      else running.reject(new Error(reply.error ?? 'worker job failed'));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      this.forget(worker);
      this.running?.reject(new WorkerCrashError(error.message, error.code));
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.forget(worker);
      this.running?.reject(new WorkerCrashError(`worker exited with code ${code}`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private forget(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
  }

  private kill(worker: Worker): void {
    this.forget(worker);
    void worker.terminate();
  }
}
