import { GrammyError, HttpError } from 'grammy';
import { DeliveryError } from '../../src/delivery/types.js';

/**
 * The 403 descriptions that say a person cannot be reached any more: they blocked the bot, or their
 * account was deleted. Their account is marked unreachable.
 *
 * Not among them, though also permanent:
 * - "bot can't initiate conversation with a user" and 400 "chat not found" for a private chat: the bot
 *   has no chat with that id at all. For a linked account (linked by writing to the bot) that means the
 *   id is wrong or TELEGRAM_BOT_TOKEN now belongs to another bot: an operator's or data error, not the
 *   user's doing. Marking would record every account as "blocked" after a token mix-up and tell HR
 *   people chose to be unreachable; it stays a failed message in the log instead.
 * - "bot was kicked from the group chat", "bot is not a member of the supergroup chat": a group, not a
 *   person (only group notices go to groups).
 * - "bot can't send messages to bots": no person there.
 */
const UNREACHABLE = /^Forbidden: (bot was blocked by the user|user is deactivated)\b/i;

/**
 * A Bot API failure, classified for the outbox: 429 waits `retry_after`; 401 (the token was revoked)
 * is fatal: the message stays in the outbox and the platform stops; 403 from a user who blocked the bot
 * or was deleted is unreachable (and permanent); other 4xx (chat not found, bad request) are permanent;
 * 5xx and network failures are transient.
 */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof GrammyError) {
    const status = err.error_code;
    const text = `Telegram ${err.method}: ${status} ${err.description}`;
    if (status === 429) return new DeliveryError(text, { status, retryAfterMs: (err.parameters.retry_after ?? 1) * 1000 });
    if (status === 401) return new DeliveryError(text, { status, fatal: true });
    if (status >= 500) return new DeliveryError(text, { status });
    if (status === 403 && UNREACHABLE.test(err.description)) return new DeliveryError(text, { status, permanent: true, unreachable: true });
    return new DeliveryError(text, { status, permanent: true });
  }
  if (err instanceof HttpError) return new DeliveryError(`Telegram unreachable: ${err.message}`);
  return new DeliveryError(err instanceof Error ? err.message : String(err));
}

/** A 400 whose description matches, e.g. "message is not modified". */
export function isBadRequest(err: unknown, pattern: RegExp): boolean {
  return err instanceof GrammyError && err.error_code === 400 && pattern.test(err.description);
}
