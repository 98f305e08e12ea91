import type { ResourceLimits, Transferable, Worker } from 'node:worker_threads';
import { spawnWorker } from './spawn-worker.js';

export class WorkerTimeoutError extends Error {
  constructor(ms: number) {
    super(`worker job took longer than ${ms} ms`);
  }
}

export class WorkerCrashError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

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
  private tail: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private waiting = 0;

  constructor(
    private readonly module: URL,
    private readonly resourceLimits: ResourceLimits = {},
  ) {}

  /** Jobs queued or running here. */
  get load(): number {
    return this.waiting;
  }

  run<T>(payload: unknown, timeoutMs: number, transfer: Transferable[] = []): Promise<T> {
    this.waiting += 1;
    const job = this.tail.then(() => this.start(payload, timeoutMs, transfer));
    this.tail = job.catch(() => undefined);
    return job.finally(() => {
      this.waiting -= 1;
    }) as Promise<T>;
  }

  async close(): Promise<void> {
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
      const timer = setTimeout(() => {
        this.running = undefined;
        this.kill(worker);
        reject(new WorkerTimeoutError(timeoutMs));
      }, timeoutMs);
      const settle = () => {
        clearTimeout(timer);
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
      worker.postMessage({ id, payload }, transfer);
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
