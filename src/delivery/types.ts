import type { OutboundMessage, Platform } from '../chat/events.js';

/** A platform's published sending limits, which the outbox keeps to. */
export interface RateLimits {
  /** Messages per second across all chats (Telegram ≈30 in bulk). */
  globalPerSecond: number;
  /** Messages per second into one chat / channel (Telegram ≈1, Slack ≈1). */
  perChatPerSecond: number;
  /**
   * Messages that may go into one chat at once before the per-second pace applies (default 1):
   * a decision's reply plus the edits retiring old buttons should not wait seconds.
   */
  perChatBurst?: number;
}

/** Sends one neutral message on one platform; knows nothing of queues or retries. */
export interface PlatformSender {
  platform: Platform;
  limits: RateLimits;
  /** Resolves with the platform's reference of the sent (or edited) message. */
  send(message: OutboundMessage): Promise<{ ref?: string }>;
}

/**
 * A failed send, classified for the outbox: `retryAfterMs` (HTTP 429 retry_after / Retry-After) waits
 * exactly that long; `permanent` (e.g. 400 bad request) is not retried; `unreachable` (403 blocked by
 * the user, a deleted user) is permanent and marks the recipient's account; `fatal` (revoked token) keeps
 * the message pending and stops the platform; anything else is transient and retried with backoff.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly opts: {
      retryAfterMs?: number;
      permanent?: boolean;
      status?: number;
      /** The recipient blocked the assistant or no longer exists (permanent; the account is marked unreachable). */
      unreachable?: boolean;
      /** The platform refuses our credentials (revoked token): nothing more can be sent there; keep the message and stop. */
      fatal?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/**
 * Why a message was not delivered:
 * - `permanent`: the platform refused it (DeliveryError permanent, e.g. 400, 403 blocked); never retried;
 * - `gave-up`: transient failures went on past the retry horizon (`maxRetryTimeMs` / `retries`);
 * - `closed`: the outbox was closed first (shutdown);
 * - `no-sender`: no sender for the recipient's platform;
 * - `unreachable`: the recipient blocked the assistant or is gone (permanent; their account gets marked);
 * - `fatal`: the platform refuses our credentials; nothing can be sent there until an operator acts.
 * The relay keeps `gave-up`, `closed` and `fatal` messages pending in the store's outbox, to be sent again later.
 */
export type FailureReason = 'permanent' | 'gave-up' | 'closed' | 'no-sender' | 'unreachable' | 'fatal';

export interface DeliveryFailure {
  message: OutboundMessage;
  error: string;
  reason: FailureReason;
}

export interface DeliveryReport {
  sent: number;
  failed: DeliveryFailure[];
}
