import type { Basis } from './data.js';
import { OneAtATime } from './one-at-a-time.js';

/** How long numbers are served as they are; after that the next request brings fresh ones. */
export const FRESH_MS = 30_000;
/** How long older numbers are still served while fresh ones are computed behind them. */
export const STALE_MS = 5 * 60_000;
/**
 * At most this many (year, unit) entries are kept, least recently used dropped first (the kept-warm entry
 * never): a basis of a whole organisation of 10,000 is several MB, so the set must stay small.
 */
export const MAX_ENTRIES = 8;

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
 * answer. Pages say when their numbers are from. A failed computation is not kept. Computations run one at a
 * time (the others wait their turn), so that many viewers asking for different years cannot make the process
 * hold several organisations' records of a year at once.
 */
export class BasisCache {
  readonly #entries = new Map<string, Entry>();
  readonly #serial = new OneAtATime();
  #keep: string | undefined;

  constructor(
    private readonly compute: (year: number, unit: string | undefined) => Promise<Basis>,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The entry never dropped to make room (the running assistant's kept-warm numbers). */
  keep(year: number, unit?: string): void {
    this.#keep = keyOf(year, unit);
  }

  get(year: number, unit?: string): Promise<Basis> {
    const key = keyOf(year, unit);
    const now = this.clock();
    const entry = this.#entries.get(key);
    if (entry) {
      // Least recently used goes first: a read moves the entry to the back.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    const age = entry ? now - entry.since : Infinity;
    if (entry && age < FRESH_MS) return entry.basis;
    if (entry && age < STALE_MS) {
      entry.refreshing ??= this.#refresh(key, year, unit, now, entry);
      return entry.basis;
    }
    const basis = this.#run(year, unit);
    this.#entries.set(key, { since: now, basis });
    this.#trim();
    basis.catch(() => {
      if (this.#entries.get(key)?.basis === basis) this.#entries.delete(key);
    });
    return basis;
  }

  #trim(): void {
    for (const k of this.#entries.keys()) {
      if (this.#entries.size <= MAX_ENTRIES) return;
      if (k !== this.#keep) this.#entries.delete(k);
    }
  }

  #run(year: number, unit: string | undefined): Promise<Basis> {
    return this.#serial.run(() => this.compute(year, unit));
  }

  /** Fresh numbers behind the stale ones: they replace them once computed; a failure leaves the stale ones. */
  #refresh(key: string, year: number, unit: string | undefined, now: number, stale: Entry): Promise<Basis> {
    const basis = this.#run(year, unit);
    basis.then(
      () => {
        if (this.#entries.get(key) === stale) this.#entries.set(key, { since: now, basis });
      },
      () => delete stale.refreshing,
    );
    return basis;
  }
}

const keyOf = (year: number, unit: string | undefined) => JSON.stringify([year, unit ?? null]);
