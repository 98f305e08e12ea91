/** A bounded memory of recently seen keys (Slack event ids, pressed messages): oldest forgotten first. */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity = 5000) {}

  /** True when `key` is new (and now remembered); false when it was seen recently. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value!);
    return true;
  }

  delete(key: string): void {
    this.keys.delete(key);
  }
}
