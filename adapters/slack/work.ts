/** The work in hand (events being handled and their replies delivered), so that stop() can wait for it. */
export class WorkInHand {
  private readonly tasks = new Set<Promise<unknown>>();

  track<T>(task: Promise<T>): Promise<T> {
    this.tasks.add(task);
    const forget = () => this.tasks.delete(task);
    task.then(forget, forget);
    return task;
  }

  get size(): number {
    return this.tasks.size;
  }

  /** Resolves once everything tracked so far, and anything it started meanwhile, has settled. */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }
}
