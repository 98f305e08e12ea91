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

/** The process grew past the job's memory limit while it ran (memory outside the worker's JS heap: decoded streams, images). */
export class WorkerMemoryError extends Error {
  constructor(mb: number) {
    super(`worker job grew the process by more than ${mb} MB`);
  }
}
