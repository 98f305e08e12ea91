/**
 * The last `capacity` update_ids seen, so that an update Telegram delivers twice (a webhook retried
 * after a slow answer, a poll repeated after a lost confirmation) is handled once.
 */
export class RecentUpdates {
  private readonly seen = new Set<number>();
  private readonly order: number[] = [];
  private head = 0;

  constructor(private readonly capacity = 1000) {}

  /** True the first time an id is offered; false for a repeat still remembered. */
  firstTime(id: number): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.order.length < this.capacity) this.order.push(id);
    else {
      this.seen.delete(this.order[this.head]!);
      this.order[this.head] = id;
      this.head = (this.head + 1) % this.capacity;
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
