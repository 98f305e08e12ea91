import { GrammyError, HttpError } from 'grammy';
import { DeliveryError } from '../../src/delivery/types.js';

/**
 * A Bot API failure, classified for the outbox: 429 waits `retry_after`; other 4xx (blocked by the
 * user, chat not found, bad request) are permanent; 5xx and network failures are transient.
 */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof GrammyError) {
    const status = err.error_code;
    const text = `Telegram ${err.method}: ${status} ${err.description}`;
    if (status === 429) return new DeliveryError(text, { status, retryAfterMs: (err.parameters.retry_after ?? 1) * 1000 });
    if (status >= 500) return new DeliveryError(text, { status });
    return new DeliveryError(text, { status, permanent: true });
  }
  if (err instanceof HttpError) return new DeliveryError(`Telegram unreachable: ${err.message}`);
  return new DeliveryError(err instanceof Error ? err.message : String(err));
}

/** A 400 whose description matches, e.g. "message is not modified". */
export function isBadRequest(err: unknown, pattern: RegExp): boolean {
  return err instanceof GrammyError && err.error_code === 400 && pattern.test(err.description);
}
