import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import PQueue from 'p-queue';
import pRetry, { AbortError } from 'p-retry';
import type { OutboundMessage, Platform } from '../chat/events.js';
import { Pacer, PACER_DEFAULTS } from './pacer.js';
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
   * minutes): reported as `gave-up` (the relay leaves it in the store's outbox and tries again later). A 429
   * starts a new horizon (the platform is up and said when to come back).
   */
  maxRetryTimeMs?: number;
  /**
   * How long close() waits for requests already on the wire (default 2 s). Their deliver() still resolves
   * with what the platform answered, whenever it answers.
   */
  closeGraceMs?: number;
  /** Told about every message that could not be delivered (not about those held back by close()). */
  onFailure?: (failure: DeliveryFailure) => void;
  /**
   * How much slower than the platform's limits the outbox paces itself (default 0.02: 98% of each limit),
   * room for network jitter: the platform counts requests when they arrive, not when they were sent.
   */
  paceMargin?: number;
}

export const OUTBOX_DEFAULTS = {
  minBackoffMs: 1000,
  maxBackoffMs: 60_000,
  maxRetryTimeMs: 15 * 60_000,
  closeGraceMs: 2000,
} as const;

interface Entry {
  message: OutboundMessage;
  /** The platform accepted it (set the moment send() resolves, before any abort can interfere). */
  delivered: boolean;
  attempts: number;
}

interface ChatQueue {
  /** One message at a time, in order. */
  queue: PQueue;
  /** The chat's own pace (every request into the chat, retries included). */
  pacer: Pacer;
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
 * The one way messages leave the assistant. Keeps each platform's rate limits, bulk and per chat, at a
 * smooth pace (Pacer: requests spread evenly, never a burst at a window's edge, so a platform counting
 * them as they arrive, in a sliding second, sees no more than its limit; a steady broadcast goes at 98%
 * of it), keeps the order of messages into one chat, waits out a 429 exactly as long as the platform says
 * (pausing the whole platform meanwhile, then resuming at the pace: Telegram's flood wait and Slack's
 * Retry-After apply to the bot as a whole),
 * retries transient failures with exponential backoff (p-retry) up to a time horizon, and never drops a
 * message silently: every message's fate is in the report of its deliver() (sent, refused for good, given
 * up, or held back by close()). It keeps nothing itself: the store's outbox does (see relay.ts).
 */
export class Outbox {
  private readonly senders = new Map<Platform, PlatformSender>();
  /** Each platform's bulk pace, across all chats. */
  private readonly bulk = new Map<Platform, Pacer>();
  private readonly chats = new Map<string, ChatQueue>();
  private readonly inFlight = new Set<Promise<unknown>>();
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
    this.bulk.set(sender.platform, new Pacer({ rate: sender.limits.globalPerSecond, margin: this.margin }));
  }

  private get margin(): number {
    return this.opts.paceMargin ?? PACER_DEFAULTS.margin;
  }

  has(platform: Platform): boolean {
    return this.senders.has(platform);
  }

  /** close() was called: new messages are reported `closed`, not sent. */
  get closed(): boolean {
    return this.abort.signal.aborted;
  }

  /** Resolves once every message is sent or has failed (see DeliveryFailure.reason); messages to one chat go in order. */
  async deliver(messages: OutboundMessage[]): Promise<DeliveryReport> {
    const results = await Promise.all(
      messages.map((message) => this.track(this.enqueue({ message, delivered: false, attempts: 0 }))),
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
   * wire get `closeGraceMs` to finish (`graceMs` overrides it; 0: return at once, e.g. when the shutdown
   * is out of time). What was held back is reported `closed` by its deliver().
   */
  async close(opts: { graceMs?: number } = {}): Promise<void> {
    // Aborting takes every waiter out of the pacers (which then hold no timer either).
    if (!this.closed) this.abort.abort(new Error('outbox closed'));
    const graceMs = opts.graceMs ?? this.opts.closeGraceMs ?? OUTBOX_DEFAULTS.closeGraceMs;
    if (this.inFlight.size > 0 && graceMs > 0) {
      const grace = new AbortController();
      await Promise.race([this.idle(), delay(graceMs, undefined, { signal: grace.signal }).catch(() => undefined)]);
      grace.abort();
    }
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
    return { message: entry.message, error: 'outbox closed before delivery', reason: 'closed' };
  }

  // Everything up to the chat queue's add() runs synchronously within deliver(): the adapters hand over
  // a user's replies without awaiting delivery and rely on this for the order of messages in a chat.
  private async enqueue(entry: Entry): Promise<DeliveryFailure | undefined> {
    const { message } = entry;
    const sender = this.senders.get(message.to.platform);
    if (!sender) return { message, error: `no sender for platform ${message.to.platform}`, reason: 'no-sender' };
    if (this.closed) return this.closedFailure(entry);
    const chat = this.chatQueue(sender, `${message.to.platform}:${message.to.id}`);
    try {
      return await this.addAbortable(chat.queue, () => this.sendWithRetry(sender, chat, entry));
    } catch {
      // Taken out of the chat's queue by close() before its turn.
      return this.closedFailure(entry);
    }
  }

  private chatQueue(sender: PlatformSender, key: string): ChatQueue {
    const existing = this.chats.get(key);
    if (existing) return existing;
    // A token bucket: `burst` requests may go at once (a reply plus the edits retiring old buttons), then
    // the platform's per-chat pace, evenly spaced.
    const pacer = new Pacer({ rate: sender.limits.perChatPerSecond, burst: sender.limits.perChatBurst ?? 1, margin: this.margin });
    const queue = new PQueue({ concurrency: 1 });
    const entry: ChatQueue = { queue, pacer };
    this.chats.set(key, entry);
    // An idle chat's queue is dropped only once its pacer has rested (as good as new): dropped sooner, the
    // next message into the chat would start with a full bucket and break the per-chat limit.
    const sweep = () => {
      if (entry.sweep) clearTimeout(entry.sweep);
      entry.sweep = undefined;
      if (queue.size > 0 || queue.pending > 0 || this.chats.get(key) !== entry) return;
      const wait = pacer.restedAt - performance.now();
      if (wait <= 0) {
        this.chats.delete(key);
        return;
      }
      entry.sweep = setTimeout(sweep, Math.ceil(wait) + 1);
      entry.sweep.unref();
    };
    queue.on('idle', sweep);
    return entry;
  }

  /** A 429 holds the platform's bulk pace (every chat) until its retry-after has passed. */
  private pausePlatform(platform: Platform, ms: number): void {
    if (this.closed) return;
    this.bulk.get(platform)?.pause(ms);
  }

  /**
   * One try: waits for the chat's turn, then the platform's (close() takes it out while it waits, but
   * never races a send on the wire), sends, and classifies the failure for p-retry.
   */
  private async attempt(sender: PlatformSender, chat: ChatQueue, entry: Entry): Promise<void> {
    const { signal } = this.abort;
    entry.attempts++;
    try {
      const chatTurn = await chat.pacer.take(signal);
      try {
        const bulkTurn = await this.bulk.get(sender.platform)!.take(signal);
        // The chat's turn came first; the request goes out only now.
        chatTurn.start();
        try {
          await sender.send(entry.message);
          entry.delivered = true;
        } finally {
          bulkTurn.end();
        }
      } finally {
        chatTurn.end();
      }
    } catch (err) {
      if (this.closed && !entry.delivered) throw new AbortError('outbox closed');
      // Permanent: no retry. 429: out of p-retry, to be waited out exactly by sendWithRetry.
      if (err instanceof DeliveryError && (err.opts.permanent || err.opts.unreachable || err.opts.fatal || retryAfterOf(err) !== undefined)) {
        throw new AbortError(err);
      }
      throw err instanceof Error ? err : new Error(String(err));
    }
  }

  private async sendWithRetry(sender: PlatformSender, chat: ChatQueue, entry: Entry): Promise<DeliveryFailure | undefined> {
    const { signal } = this.abort;
    const o = this.opts;
    try {
      for (;;) {
        try {
          await pRetry(() => this.attempt(sender, chat, entry), {
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
        if (err instanceof DeliveryError && err.opts.fatal) return { message: entry.message, error, reason: 'fatal' };
        if (err instanceof DeliveryError && err.opts.unreachable) return { message: entry.message, error, reason: 'unreachable' };
        if ((err instanceof DeliveryError && err.opts.permanent) || (err instanceof TypeError && entry.attempts <= 1)) {
          return { message: entry.message, error, reason: 'permanent' };
        }
        return { message: entry.message, error, reason: 'gave-up' };
      }
    }
    return undefined;
  }
}
