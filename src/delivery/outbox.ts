import PQueue from 'p-queue';
import pRetry, { AbortError } from 'p-retry';
import type { OutboundMessage, Platform } from '../engine/events.js';
import { DeliveryError, type DeliveryFailure, type DeliveryReport, type PlatformSender } from './types.js';

export interface OutboxOptions {
  /** Retries after the first attempt for transient failures (429s included). */
  retries?: number;
  /** First backoff delay; doubles per retry. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Told about every message that could not be delivered. */
  onFailure?: (failure: DeliveryFailure) => void;
}

/** The window of the platforms' per-second limits. */
const RATE_WINDOW_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one way messages leave the assistant. Keeps each platform's rate limits (bulk and per chat),
 * keeps the order of messages into one chat, waits out 429s for as long as the platform says, retries
 * transient failures with backoff, and reports what could not be delivered instead of dropping it.
 */
export class Outbox {
  private readonly senders = new Map<Platform, PlatformSender>();
  private readonly bulk = new Map<Platform, PQueue>();
  private readonly chats = new Map<string, { queue: PQueue; sweep?: NodeJS.Timeout }>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    senders: PlatformSender[],
    private readonly opts: OutboxOptions = {},
  ) {
    for (const s of senders) this.addSender(s);
  }

  addSender(sender: PlatformSender): void {
    this.senders.set(sender.platform, sender);
    this.bulk.set(sender.platform, new PQueue({ intervalCap: sender.limits.globalPerSecond, interval: RATE_WINDOW_MS, strict: true }));
  }

  has(platform: Platform): boolean {
    return this.senders.has(platform);
  }

  /** Resolves once every message is sent or has definitively failed; messages to one chat go in order. */
  async deliver(messages: OutboundMessage[]): Promise<DeliveryReport> {
    const results = await Promise.all(messages.map((m) => this.track(this.enqueue(m))));
    const failed = results.filter((r): r is DeliveryFailure => r !== undefined);
    for (const f of failed) this.opts.onFailure?.(f);
    return { sent: messages.length - failed.length, failed };
  }

  /** Resolves when nothing is queued or being sent. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  private enqueue(message: OutboundMessage): Promise<DeliveryFailure | undefined> {
    const sender = this.senders.get(message.to.platform);
    if (!sender) return Promise.resolve({ message, error: `no sender for platform ${message.to.platform}` });
    const key = `${message.to.platform}:${message.to.id}`;
    let chat = this.chats.get(key);
    if (!chat) {
      // A sliding window of `burst` sends per `burst / rate` seconds: the platform's average pace, while
      // a short burst (a reply plus the edits retiring old buttons) goes out at once.
      const burst = Math.max(1, sender.limits.perChatBurst ?? 1);
      const window = Math.ceil((burst * RATE_WINDOW_MS) / sender.limits.perChatPerSecond);
      const queue = new PQueue({ concurrency: 1, intervalCap: burst, interval: window, strict: true });
      const entry: { queue: PQueue; sweep?: NodeJS.Timeout } = { queue };
      chat = entry;
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
    }
    return chat.queue.add(() => this.sendWithRetry(sender, message)) as Promise<DeliveryFailure | undefined>;
  }

  private async sendWithRetry(sender: PlatformSender, message: OutboundMessage): Promise<DeliveryFailure | undefined> {
    const bulk = this.bulk.get(sender.platform)!;
    try {
      await pRetry(
        async () => {
          try {
            await bulk.add(() => sender.send(message));
          } catch (err) {
            if (err instanceof DeliveryError && err.opts.permanent) throw new AbortError(err);
            throw err instanceof Error ? err : new Error(String(err));
          }
        },
        {
          retries: this.opts.retries ?? 5,
          minTimeout: this.opts.minBackoffMs ?? 500,
          maxTimeout: this.opts.maxBackoffMs ?? 30_000,
          factor: 2,
          onFailedAttempt: async ({ error }) => {
            if (error instanceof DeliveryError && error.opts.retryAfterMs) await sleep(error.opts.retryAfterMs);
          },
        },
      );
      return undefined;
    } catch (err) {
      return { message, error: err instanceof Error ? err.message : String(err) };
    }
  }
}
