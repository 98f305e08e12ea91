/**
 * A smooth pace for requests to a rate-limited platform.
 *
 * - A token bucket (GCRA) with a capacity of `burst` starts, refilled at `rate` starts per `perMs`,
 *   slowed by a small safety `margin`. With the default burst of 1 it spaces starts evenly (34 ms apart
 *   for 30 a second, never 30 at once at a window's edge), so a steady stream reaches the limit less the
 *   margin (98% by default). A start held up a little (a busy event loop, a timer firing late, the guard
 *   below) costs no pace: slots stay on a virtual schedule, and the next ones catch up. Held up longer than
 *   `slackMs`, the schedule starts over from the late start instead of catching up in a burst.
 * - A guard for what the platform counts: requests when they ARRIVE. A request arrives somewhere between
 *   its start and its answer; one whose answer took longer than the fastest recent one (a cold connection,
 *   a congested network) may have arrived that much later than it started. So no more than
 *   n = ceil(rate) + burst − 1 starts are let into any `perMs` plus the lag of the oldest of them (its
 *   time on the way beyond the fastest, at most `maxLagMs`; a request still unanswered counts `maxLagMs`):
 *   never more than the limit in a sliding window, even when catching up. On a steady network the
 *   margin already leaves that room and the guard costs nothing.
 *
 * Waiters are served first come, first served. Time is the pacer's clock (`performance.now()` unless
 * told otherwise). Measured with that clock: between any two starts k < j at least
 * (j − k − burst + 1) · interval − slackMs pass, and between starts k and k + n at least `perMs`.
 */

export interface PacerOptions {
  /** Starts per `perMs` in the long run (before the margin). */
  rate: number;
  /** Default 1000 (a per-second limit). */
  perMs?: number;
  /** Starts that may go at once after a quiet spell (the bucket's capacity). Default 1: evenly spaced. */
  burst?: number;
  /** The pace is slowed by this share, room for network jitter (default 0.02: 98% of `rate`). */
  margin?: number;
  /**
   * How late a start may be and still keep its place on the schedule, the next ones catching up
   * (default 50 ms). Later than that, the schedule starts over from the late start.
   */
  slackMs?: number;
  /** The most a slow answer holds back later starts (default 250 ms); see the arrival guard above. */
  maxLagMs?: number;
  /** The clock (ms); default `performance.now()`. */
  now?: () => number;
}

export const PACER_DEFAULTS = { perMs: 1000, burst: 1, margin: 0.02, slackMs: 50, maxLagMs: 250 } as const;

/** One granted start. */
export interface PacerTicket {
  /**
   * The request goes out now. Needed only when it goes out later than take() resolved (e.g. after
   * waiting for another pacer's turn): the pace then counts it from now.
   */
  start(): void;
  /** Its answer is in (or it failed): tells the pacer how long the request was on the way. */
  end(): void;
}

interface Waiter {
  resolve: (ticket: PacerTicket) => void;
  reject: (reason: unknown) => void;
  since: number;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** A start the arrival guard keeps in mind. */
interface Sent {
  at: number;
  end?: number;
}

/** How many recent answers the fastest time on the way is taken from. */
const RTT_SAMPLES = 64;
/** setTimeout's longest delay; a longer one would fire at once (a very long pause is re-armed instead). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

export class Pacer {
  /** Time between two starts in the long run (ms), margin included. */
  readonly intervalMs: number;
  /** How far ahead of the schedule a start may be (ms): the burst. */
  private readonly toleranceMs: number;
  readonly slackMs: number;
  private readonly perMs: number;
  private readonly maxLagMs: number;
  /** Starts the arrival guard lets into `perMs` (plus lag). */
  readonly guardCount: number;
  private readonly now: () => number;
  /** The schedule: the theoretical time of the next start were the bucket empty (GCRA's TAT). */
  private tat = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private readonly waiters: Waiter[] = [];
  /** Recent starts, for the arrival guard (only those that may still matter). */
  private sent: Sent[] = [];
  /** Recent times on the way (start to answer), newest last. */
  private readonly rtts: number[] = [];
  private timer?: NodeJS.Timeout;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(opts: PacerOptions) {
    const perMs = opts.perMs ?? PACER_DEFAULTS.perMs;
    const margin = Math.max(0, opts.margin ?? PACER_DEFAULTS.margin);
    if (!(opts.rate > 0) || !Number.isFinite(opts.rate)) throw new RangeError(`pacer rate must be a positive number, not ${opts.rate}`);
    if (!(perMs > 0) || !Number.isFinite(perMs)) throw new RangeError(`pacer perMs must be a positive number, not ${perMs}`);
    const burst = Math.max(1, Math.floor(opts.burst ?? PACER_DEFAULTS.burst));
    this.perMs = perMs;
    this.intervalMs = (perMs * (1 + margin)) / opts.rate;
    this.toleranceMs = (burst - 1) * this.intervalMs;
    this.slackMs = Math.max(0, opts.slackMs ?? PACER_DEFAULTS.slackMs);
    this.maxLagMs = Math.max(0, opts.maxLagMs ?? PACER_DEFAULTS.maxLagMs);
    this.guardCount = Math.ceil(opts.rate) + burst - 1;
    this.now = opts.now ?? (() => performance.now());
  }

  /**
   * Resolves when the caller may start (its turn, at the pace), with a ticket to tell when its request
   * went out and when its answer came (call end() once it is in, whatever it was); rejects with the
   * signal's reason if it is aborted first, taking no turn.
   */
  take(signal?: AbortSignal): Promise<PacerTicket> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<PacerTicket>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, since: this.now() };
      if (signal) {
        waiter.signal = signal;
        waiter.onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i < 0) return;
          this.waiters.splice(i, 1);
          reject(abortReason(signal));
          this.drain();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
      this.drain();
    });
  }

  /** No start before `ms` from now (a 429's retry-after); a shorter pause than one in force changes nothing. */
  pause(ms: number): void {
    const until = this.now() + Math.max(0, ms);
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.drain();
  }

  /** Callers waiting for their turn. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * From when on this pacer is as good as a new one (bucket full, no pause, no recent start that counts,
   * nobody waiting): it may be dropped then without breaking the limit. `+Infinity` while someone waits.
   */
  get restedAt(): number {
    if (this.waiters.length > 0) return Number.POSITIVE_INFINITY;
    const lastCounted = this.sent.reduce((t, s) => Math.max(t, s.at + this.perMs + this.maxLagMs), Number.NEGATIVE_INFINITY);
    return Math.max(this.tat, this.pausedUntil, lastCounted);
  }

  private minRtt(): number | undefined {
    return this.rtts.length > 0 ? Math.min(...this.rtts) : undefined;
  }

  /** The earliest time the arrival guard lets another request start. */
  private guardSlot(now: number): number {
    this.sent = this.sent.filter((s) => s.at + this.perMs + this.maxLagMs > now);
    if (this.sent.length < this.guardCount) return Number.NEGATIVE_INFINITY;
    const fastest = this.minRtt();
    const until = this.sent.map((s) => {
      const lag = s.end === undefined || fastest === undefined ? this.maxLagMs : Math.min(this.maxLagMs, Math.max(0, s.end - s.at - fastest));
      return s.at + this.perMs + lag;
    });
    until.sort((p, q) => q - p);
    return until[this.guardCount - 1]!;
  }

  private drain(): void {
    const now = this.now();
    let head: Waiter | undefined;
    while ((head = this.waiters[0])) {
      const paced = Math.max(this.tat - this.toleranceMs, this.pausedUntil, head.since);
      const at = Math.max(paced, this.guardSlot(now));
      if (at > now) {
        this.arm(at, now);
        return;
      }
      this.waiters.shift();
      if (head.signal && head.onAbort) head.signal.removeEventListener('abort', head.onAbort);
      // Held up within the slack: the next slot follows this one's scheduled one, so the delay costs no
      // pace. Longer: the schedule starts over from now − slack, so no burst makes up for the delay.
      this.tat = Math.max(this.tat, paced, now - this.slackMs) + this.intervalMs;
      head.resolve(this.ticket(now));
    }
    this.disarm();
  }

  private ticket(grantedAt: number): PacerTicket {
    const sent: Sent = { at: grantedAt };
    this.sent.push(sent);
    return {
      start: () => {
        if (sent.end !== undefined) return;
        const now = this.now();
        if (now <= sent.at + this.slackMs) return;
        // Out later than granted: count it from now, for the schedule and for the guard.
        sent.at = now;
        this.tat = Math.max(this.tat, now - this.slackMs + this.intervalMs);
        if (this.waiters.length > 0) this.drain();
      },
      end: () => {
        if (sent.end !== undefined) return;
        sent.end = this.now();
        this.rtts.push(sent.end - sent.at);
        if (this.rtts.length > RTT_SAMPLES) this.rtts.shift();
        if (this.waiters.length > 0) this.drain();
      },
    };
  }

  private arm(at: number, now: number): void {
    if (this.timer && this.timerAt <= at) return;
    this.disarm();
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.drain();
      },
      Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(at - now))),
    );
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }
}
