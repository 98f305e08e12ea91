import type { Basis } from './data.js';

/** How long numbers are served as they are; after that the next request brings fresh ones. */
export const FRESH_MS = 30_000;
/** How long older numbers are still served while fresh ones are computed behind them. */
export const STALE_MS = 5 * 60_000;
const MAX_ENTRIES = 50;

interface Entry {
  /** Monotonic time of the computation's start. */
  since: number;
  basis: Promise<Basis>;
  refreshing?: Promise<Basis>;
}

/**
 * The overview's numbers per (year, unit), shared by every viewer of this process: at 10,000 employees a
 * rekap reads every record of the year, which one page should not wait for each time. Fresh for FRESH_MS;
 * then, for up to STALE_MS, served at once while one new computation runs; older, computed anew before the
 * answer. Pages say when their numbers are from. A failed computation is not kept.
 */
export class BasisCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly compute: (year: number, unit: string | undefined) => Promise<Basis>,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get(year: number, unit?: string): Promise<Basis> {
    const key = JSON.stringify([year, unit ?? null]);
    const now = this.clock();
    const entry = this.#entries.get(key);
    const age = entry ? now - entry.since : Infinity;
    if (entry && age < FRESH_MS) return entry.basis;
    if (entry && age < STALE_MS) {
      entry.refreshing ??= this.#refresh(key, year, unit, now, entry);
      return entry.basis;
    }
    const basis = this.compute(year, unit);
    if (!this.#entries.has(key) && this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { since: now, basis });
    basis.catch(() => {
      if (this.#entries.get(key)?.basis === basis) this.#entries.delete(key);
    });
    return basis;
  }

  /** Fresh numbers behind the stale ones: they replace them once computed; a failure leaves the stale ones. */
  #refresh(key: string, year: number, unit: string | undefined, now: number, stale: Entry): Promise<Basis> {
    const basis = this.compute(year, unit);
    basis.then(
      () => {
        if (this.#entries.get(key) === stale) this.#entries.set(key, { since: now, basis });
      },
      () => delete stale.refreshing,
    );
    return basis;
  }
}
