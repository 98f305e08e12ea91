import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import PQueue from 'p-queue';
import pRetry, { AbortError } from 'p-retry';
import type { OutboundMessage, Platform } from '../chat/events.js';
import { DeliveryError, type DeliveryFailure, type DeliveryReport, type PlatformSender } from './types.js';

export interface OutboxOptions {
  /**
   * Retries after the first attempt for transient failures (network errors, 5xx). Default: no count, the
   * time horizon `maxRetryTimeMs` decides. A 429 never counts: it is waited out, however often it comes.
   */
  retries?: number;
  /** First backoff delay (default 1 s); doubles per retry, up to `maxBackoffMs` (default 60 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * How long one message is retried through transient failures in a row before it is given up (default 15
   * minutes): reported as `gave-up`, kept, and handed over by close() for the spool. A 429 starts a new
   * horizon (the platform is up and said when to come back).
   */
  maxRetryTimeMs?: number;
  /**
   * How long close() waits for requests already on the wire (default 2 s). One still unanswered then is
   * handed over too: delivered at least once, perhaps twice, rather than lost.
   */
  closeGraceMs?: number;
  /** Told about every message that could not be delivered (not about those held back by close()). */
  onFailure?: (failure: DeliveryFailure) => void;
}

export interface DeliverOptions {
  /**
   * `false`: a message not delivered is only reported, never kept for the spool, because its caller
   * retries it itself (reminders: marked only once delivered, so the next run sends them again).
   * Default `true`.
   */
  spool?: boolean;
}

export const OUTBOX_DEFAULTS = {
  minBackoffMs: 1000,
  maxBackoffMs: 60_000,
  maxRetryTimeMs: 15 * 60_000,
  closeGraceMs: 2000,
} as const;

/** The window of the platforms' per-second limits. */
const RATE_WINDOW_MS = 1000;

interface Entry {
  message: OutboundMessage;
  spool: boolean;
  /** The platform accepted it (set the moment send() resolves, before any abort can interfere). */
  delivered: boolean;
  attempts: number;
}

interface ChatQueue {
  queue: PQueue;
  sweep?: NodeJS.Timeout;
}

/** The exact wait a 429 asks for, when it names a usable one. */
function retryAfterOf(err: unknown): number | undefined {
  if (!(err instanceof DeliveryError)) return undefined;
  const ms = err.opts.retryAfterMs;
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The one way messages leave the assistant. Keeps each platform's rate limits (bulk and per chat), keeps
 * the order of messages into one chat, waits out a 429 exactly as long as the platform says (pausing the
 * whole platform meanwhile: Telegram's flood wait and Slack's Retry-After apply to the bot as a whole),
 * retries transient failures with exponential backoff (p-retry) up to a time horizon, and never drops a
 * message silently: what is refused is reported, and what is still undelivered when the outbox closes (or
 * gave up after the horizon) is handed over by close() for the spool.
 */
export class Outbox {
  private readonly senders = new Map<Platform, PlatformSender>();
  private readonly bulk = new Map<Platform, PQueue>();
  private readonly pauses = new Map<Platform, { until: number; timer: NodeJS.Timeout }>();
  private readonly chats = new Map<string, ChatQueue>();
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Spoolable messages accepted and neither delivered, refused for good, nor handed over by close(). */
  private readonly undelivered = new Set<Entry>();
  private readonly abort = new AbortController();

  constructor(
    senders: PlatformSender[],
    private readonly opts: OutboxOptions = {},
  ) {
    // Every queued message listens for close(); a reminder run queues hundreds at once.
    setMaxListeners(0, this.abort.signal);
    for (const s of senders) this.addSender(s);
  }

  addSender(sender: PlatformSender): void {
    this.senders.set(sender.platform, sender);
    this.bulk.set(sender.platform, new PQueue({ intervalCap: sender.limits.globalPerSecond, interval: RATE_WINDOW_MS, strict: true }));
  }

  has(platform: Platform): boolean {
    return this.senders.has(platform);
  }

  /** close() was called: new messages are only kept (for the next close()), not sent. */
  get closed(): boolean {
    return this.abort.signal.aborted;
  }

  /** Resolves once every message is sent or has failed (see DeliveryFailure.reason); messages to one chat go in order. */
  async deliver(messages: OutboundMessage[], opts: DeliverOptions = {}): Promise<DeliveryReport> {
    const spool = opts.spool ?? true;
    const results = await Promise.all(
      messages.map((message) => this.track(this.enqueue({ message, spool, delivered: false, attempts: 0 }))),
    );
    const failed = results.filter((r): r is DeliveryFailure => r !== undefined);
    for (const f of failed) if (f.reason !== 'closed') this.opts.onFailure?.(f);
    return { sent: messages.length - failed.length, failed };
  }

  /** Resolves when nothing is queued or being sent. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Stops at once: waits and backoffs are aborted, queued messages are not sent, requests already on the
   * wire get `closeGraceMs` to finish. Resolves with every spoolable message not delivered — held back now,
   * given up earlier, or handed to deliver() after an earlier close() — each returned by one close() only.
   * Messages refused for good, or delivered with `{ spool: false }`, are not among them.
   * `graceMs` overrides `closeGraceMs` (0: hand over at once, e.g. when the shutdown is out of time).
   */
  async close(opts: { graceMs?: number } = {}): Promise<OutboundMessage[]> {
    if (!this.closed) {
      this.abort.abort(new Error('outbox closed'));
      for (const p of this.pauses.values()) clearTimeout(p.timer);
      this.pauses.clear();
    }
    const graceMs = opts.graceMs ?? this.opts.closeGraceMs ?? OUTBOX_DEFAULTS.closeGraceMs;
    if (this.inFlight.size > 0 && graceMs > 0) {
      const grace = new AbortController();
      await Promise.race([this.idle(), delay(graceMs, undefined, { signal: grace.signal }).catch(() => undefined)]);
      grace.abort();
    }
    const left = [...this.undelivered].filter((e) => !e.delivered).map((e) => e.message);
    this.undelivered.clear();
    return left;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  /**
   * Adds a task to a queue so that close() takes it out while it waits, but never races it once it runs
   * (a send on the wire must finish to know whether it was delivered).
   */
  private addAbortable<T>(queue: PQueue, task: () => Promise<T>): Promise<T> {
    const outer = this.abort.signal;
    const waiting = new AbortController();
    let started = false;
    const onAbort = () => {
      if (!started) waiting.abort(outer.reason);
    };
    if (outer.aborted) onAbort();
    else outer.addEventListener('abort', onAbort, { once: true });
    return (
      queue.add(
        () => {
          started = true;
          return task();
        },
        { signal: waiting.signal },
      ) as Promise<T>
    ).finally(() => outer.removeEventListener('abort', onAbort));
  }

  private closedFailure(entry: Entry): DeliveryFailure {
    return {
      message: entry.message,
      error: entry.spool ? 'outbox closed before delivery (kept for the spool)' : 'outbox closed before delivery',
      reason: 'closed',
    };
  }

  // Everything up to the chat queue's add() runs synchronously within deliver(): the adapters hand over
  // a user's replies without awaiting delivery and rely on this for the order of messages in a chat.
  private async enqueue(entry: Entry): Promise<DeliveryFailure | undefined> {
    const { message } = entry;
    const sender = this.senders.get(message.to.platform);
    if (!sender) return { message, error: `no sender for platform ${message.to.platform}`, reason: 'no-sender' };
    if (entry.spool) this.undelivered.add(entry);
    if (this.closed) return this.closedFailure(entry);
    const chat = this.chatQueue(sender, `${message.to.platform}:${message.to.id}`);
    try {
      return await this.addAbortable(chat.queue, () => this.sendWithRetry(sender, entry));
    } catch {
      // Taken out of the chat's queue by close() before its turn.
      return this.closedFailure(entry);
    }
  }

  private chatQueue(sender: PlatformSender, key: string): ChatQueue {
    const existing = this.chats.get(key);
    if (existing) return existing;
    // A sliding window of `burst` sends per `burst / rate` seconds: the platform's average pace, while
    // a short burst (a reply plus the edits retiring old buttons) goes out at once.
    const burst = Math.max(1, sender.limits.perChatBurst ?? 1);
    const window = Math.ceil((burst * RATE_WINDOW_MS) / sender.limits.perChatPerSecond);
    const queue = new PQueue({ concurrency: 1, intervalCap: burst, interval: window, strict: true });
    const entry: ChatQueue = { queue };
    this.chats.set(key, entry);
    // An idle chat's queue is dropped only once its rate window has passed: dropped at once, the next
    // message into the chat would start a fresh window and break the per-chat limit.
    queue.on('idle', () => {
      if (entry.sweep) clearTimeout(entry.sweep);
      entry.sweep = setTimeout(() => {
        if (queue.size === 0 && queue.pending === 0 && this.chats.get(key) === entry) this.chats.delete(key);
      }, window);
      entry.sweep.unref();
    });
    return entry;
  }

  /** A 429 holds the platform's bulk queue (every chat) until its retry-after has passed. */
  private pausePlatform(platform: Platform, ms: number): void {
    const queue = this.bulk.get(platform);
    if (!queue || this.closed) return;
    const until = performance.now() + ms;
    const current = this.pauses.get(platform);
    if (current && current.until >= until) return;
    if (current) clearTimeout(current.timer);
    queue.pause();
    const timer = setTimeout(() => {
      this.pauses.delete(platform);
      if (!this.closed) queue.start();
    }, ms);
    this.pauses.set(platform, { until, timer });
  }

  /** One try: through the platform's bulk queue to the sender; classifies the failure for p-retry. */
  private async attempt(sender: PlatformSender, entry: Entry): Promise<void> {
    entry.attempts++;
    try {
      await this.addAbortable(this.bulk.get(sender.platform)!, async () => {
        await sender.send(entry.message);
        entry.delivered = true;
      });
    } catch (err) {
      if (this.closed && !entry.delivered) throw new AbortError('outbox closed');
      // Permanent: no retry. 429: out of p-retry, to be waited out exactly by sendWithRetry.
      if (err instanceof DeliveryError && (err.opts.permanent || retryAfterOf(err) !== undefined)) throw new AbortError(err);
      throw err instanceof Error ? err : new Error(String(err));
    }
  }

  private async sendWithRetry(sender: PlatformSender, entry: Entry): Promise<DeliveryFailure | undefined> {
    const { signal } = this.abort;
    const o = this.opts;
    try {
      for (;;) {
        try {
          await pRetry(() => this.attempt(sender, entry), {
            retries: o.retries ?? Number.POSITIVE_INFINITY,
            minTimeout: o.minBackoffMs ?? OUTBOX_DEFAULTS.minBackoffMs,
            maxTimeout: o.maxBackoffMs ?? OUTBOX_DEFAULTS.maxBackoffMs,
            maxRetryTime: o.maxRetryTimeMs ?? OUTBOX_DEFAULTS.maxRetryTimeMs,
            factor: 2,
            signal,
          });
          break;
        } catch (err) {
          const wait = retryAfterOf(err);
          if (wait === undefined || entry.delivered || this.closed) throw err;
          // A 429 consumes no retry and gets no backoff on top: exactly the wait the platform asked for.
          this.pausePlatform(sender.platform, wait);
          await delay(wait, undefined, { signal });
        }
      }
    } catch (err) {
      if (!entry.delivered) {
        if (this.closed) return this.closedFailure(entry);
        const error = messageOf(err);
        // Refused for good; or a TypeError p-retry would not retry at all (a bug in the sender, not an outage).
        if ((err instanceof DeliveryError && err.opts.permanent) || (err instanceof TypeError && entry.attempts <= 1)) {
          this.undelivered.delete(entry);
          return { message: entry.message, error, reason: 'permanent' };
        }
        if (!entry.spool) this.undelivered.delete(entry);
        return { message: entry.message, error, reason: 'gave-up' };
      }
    }
    this.undelivered.delete(entry);
    return undefined;
  }
}
