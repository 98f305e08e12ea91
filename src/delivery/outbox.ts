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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one way messages leave the assistant. Keeps each platform's rate limits (bulk and per chat),
 * keeps the order of messages into one chat, waits out 429s for as long as the platform says, retries
 * transient failures with backoff, and reports what could not be delivered instead of dropping it.
 */
export class Outbox {
  private readonly senders = new Map<Platform, PlatformSender>();
  private readonly bulk = new Map<Platform, PQueue>();
  private readonly chats = new Map<string, PQueue>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    senders: PlatformSender[],
    private readonly opts: OutboxOptions = {},
  ) {
    for (const s of senders) this.addSender(s);
  }

  addSender(sender: PlatformSender): void {
    this.senders.set(sender.platform, sender);
    this.bulk.set(sender.platform, new PQueue({ intervalCap: sender.limits.globalPerSecond, interval: 1000, strict: true }));
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
      chat = new PQueue({ concurrency: 1, intervalCap: sender.limits.perChatPerSecond, interval: 1000, strict: true });
      this.chats.set(key, chat);
      const queue = chat;
      queue.on('idle', () => {
        if (queue.size === 0 && queue.pending === 0 && this.chats.get(key) === queue) this.chats.delete(key);
      });
    }
    return chat.add(() => this.sendWithRetry(sender, message)) as Promise<DeliveryFailure | undefined>;
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
