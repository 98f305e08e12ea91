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
