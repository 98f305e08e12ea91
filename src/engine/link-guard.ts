/**
 * The sliding window behind the invite-code guessing limits; pure (times are epoch milliseconds).
 * At most `max` wrong codes fall in any `windowMs`: the failure that fills the window locks until the
 * oldest of them leaves it, and for at least `lockMs`.
 */

export interface WindowLimits {
  max: number;
  windowMs: number;
  lockMs: number;
}

export interface AttemptWindow {
  /** Times of the wrong codes still in the window, oldest first. */
  attempts: number[];
  lockedUntil?: number;
}

export interface Verdict extends AttemptWindow {
  allowed: boolean;
}

const MINUTE = 60_000;

/** Per platform account: 5 wrong codes in 15 minutes, then 15 minutes locked. */
export const ACCOUNT_LIMITS: WindowLimits = { max: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
/** Everyone together: 300 wrong codes in any hour, then linking by code pauses (at least 15 minutes). */
export const GLOBAL_LIMITS: WindowLimits = { max: 300, windowMs: 60 * MINUTE, lockMs: 15 * MINUTE };

/** May a code be tried now? Also the window as it stands now (old attempts dropped). */
export function checkWindow(window: AttemptWindow, now: number, limits: WindowLimits): Verdict {
  const attempts = window.attempts
    .filter((t) => t > now - limits.windowMs)
    .sort((a, b) => a - b)
    .slice(-limits.max);
  // A lock further off than any failure can cause (a clock set back, an edited record) is not trusted.
  const longest = Math.max(limits.lockMs, limits.windowMs);
  let lockedUntil = window.lockedUntil !== undefined && window.lockedUntil > now && window.lockedUntil <= now + longest ? window.lockedUntil : undefined;
  if (attempts.length >= limits.max) lockedUntil = Math.max(lockedUntil ?? 0, attempts[0]! + limits.windowMs);
  return { allowed: lockedUntil === undefined, attempts, ...(lockedUntil !== undefined ? { lockedUntil } : {}) };
}

/** The window after one more wrong code at `now`; `locked` says that this failure started a lock. */
export function addFailure(window: AttemptWindow, now: number, limits: WindowLimits): AttemptWindow & { locked: boolean } {
  const before = checkWindow(window, now, limits);
  const attempts = [...before.attempts, now].slice(-limits.max);
  if (attempts.length < limits.max) {
    return { attempts, locked: false, ...(before.lockedUntil !== undefined ? { lockedUntil: before.lockedUntil } : {}) };
  }
  const lockedUntil = Math.max(before.lockedUntil ?? 0, now + limits.lockMs, attempts[0]! + limits.windowMs);
  return { attempts, lockedUntil, locked: before.lockedUntil === undefined };
}
