import { autoRetry } from '@grammyjs/auto-retry';
import type { Transformer } from 'grammy';
import type { Logger } from '../../src/platform/adapter.js';

const FINAL_POLLING_ERRORS = new Set([401, 409]);

/**
 * Calls outside the outbox (files, button acknowledgements, the menu) retry 429/5xx briefly on their own;
 * sends are not retried here, since the outbox keeps the rate limits and retries them. Polling failures
 * are logged once per outage instead of every few seconds.
 */
export function auxiliaryCalls(log: Logger): Transformer {
  const retry = autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 10, rethrowHttpErrors: true });
  let pollingDown = false;
  const failed = (error: string) => {
    if (!pollingDown) log.warn('telegram: polling failed; retrying', { error });
    pollingDown = true;
  };
  return async (prev, method, payload, signal) => {
    if (method !== 'getUpdates') return retry(prev, method, payload, signal);
    try {
      const result = await prev(method, payload, signal);
      // 401 and 409 stop polling for good (see index.ts): not an outage that is being retried.
      if (!result.ok && !FINAL_POLLING_ERRORS.has(result.error_code)) failed(`${result.error_code} ${result.description}`);
      else if (pollingDown) {
        pollingDown = false;
        log.info('telegram: polling recovered');
      }
      return result;
    } catch (err) {
      if (!signal?.aborted) failed(String(err));
      throw err;
    }
  };
}
