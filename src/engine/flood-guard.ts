import { addFailure, checkWindow, type AttemptWindow, type WindowLimits } from './link-guard.js';

/** Per chat account: 30 events in any minute; more pauses the account's handling for a minute. */
export const FLOOD_LIMITS: WindowLimits = { max: 30, windowMs: 60_000, lockMs: 60_000 };
/** Accounts whose windows are kept; the least recently active are forgotten first. */
const MAX_TRACKED = 50_000;

/**
 * Bounds the work and the reply backlog one flooding account causes (at one reply a second per chat, a
 * thousand messages would queue a quarter of an hour of replies): past the limit, events are recorded as
 * handled but not processed, and only the first of them gets a reply. Kept in memory: it is a brake, not
 * a record; with several processes each keeps its own.
 */
export class FloodGuard {
  readonly #windows = new Map<string, AttemptWindow & { told?: number }>();

  constructor(private readonly limits: WindowLimits = FLOOD_LIMITS) {}

  /** `handle` the event, or drop it (`tell` the user once per pause, then stay `silent`). */
  admit(account: string, now: number): 'handle' | 'tell' | 'silent' {
    const current = this.#windows.get(account) ?? { attempts: [] };
    this.#windows.delete(account); // re-inserted below: the Map's order is recency
    const verdict = checkWindow(current, now, this.limits);
    if (!verdict.allowed) {
      const tell = current.told !== verdict.lockedUntil;
      this.#remember(account, { ...verdict, told: verdict.lockedUntil! });
      return tell ? 'tell' : 'silent';
    }
    const next = addFailure(verdict, now, this.limits);
    this.#remember(account, { attempts: next.attempts, ...(next.lockedUntil !== undefined ? { lockedUntil: next.lockedUntil } : {}) });
    return 'handle';
  }

  #remember(account: string, window: AttemptWindow & { told?: number }): void {
    this.#windows.set(account, window);
    if (this.#windows.size > MAX_TRACKED) this.#windows.delete(this.#windows.keys().next().value!);
  }
}
