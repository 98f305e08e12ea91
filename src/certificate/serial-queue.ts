import { WorkerTimeoutError } from './worker-errors.js';

/**
 * Runs tasks one at a time, in order. A task still waiting for its turn after `maxWaitMs` is dropped
 * with a WorkerTimeoutError at that moment, so a caller behind a slow file hears back in bounded time.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private count = 0;

  /** Tasks waiting or running. */
  get size(): number {
    return this.count;
  }

  run<T>(task: () => Promise<T>, maxWaitMs = Infinity): Promise<T> {
    this.count += 1;
    let expired = false;
    let timer: NodeJS.Timeout | undefined;
    const turn = this.tail.then(() => {
      clearTimeout(timer);
      if (expired) throw new WorkerTimeoutError(maxWaitMs);
      return task();
    });
    this.tail = turn.catch(() => undefined);
    const result = Number.isFinite(maxWaitMs)
      ? Promise.race([
          turn,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              expired = true;
              reject(new WorkerTimeoutError(maxWaitMs));
            }, maxWaitMs);
          }),
        ])
      : turn;
    return result.finally(() => {
      this.count -= 1;
    });
  }
}
