/** Runs the jobs given to it one after another: each starts once the one before has ended, however it ended. */
export class OneAtATime {
  #last: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.#last.then(job);
    this.#last = result.catch(() => undefined);
    return result;
  }
}
