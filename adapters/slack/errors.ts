import { DeliveryError } from '../../src/delivery/types.js';

/** Slack `error` codes worth another try; every other `ok: false` answer will not change by retrying. */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'rate_limited',
  'team_added_to_org',
]);

/**
 * Slack `error` codes that refuse our credentials (chat.postMessage's documented auth errors, and the workspace
 * codes @slack/socket-mode treats as unrecoverable): no message can go out until someone fixes the token or
 * the app's installation. Fatal, not permanent: the message stays in the outbox and the platform stops.
 */
export const FATAL_PLATFORM_ERRORS: ReadonlySet<string> = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'team_disabled',
  'user_removed_from_team',
]);

/**
 * Slack `error` codes that say the recipient is gone or cannot be written to (conversations.open's and
 * users.info's documented errors, im.open's cannot_dm_bot): permanent, and the recipient's account is
 * marked unreachable. `channel_not_found` is not among them: it also answers a malformed id of ours.
 */
export const UNREACHABLE_PLATFORM_ERRORS: ReadonlySet<string> = new Set(['user_not_found', 'user_not_visible', 'user_disabled', 'cannot_dm_bot']);

interface WebApiErrorShape {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
  message?: unknown;
}

/**
 * A failed Web API call (the WebClient runs with retries off and rejectRateLimitedCalls) as the outbox
 * needs it: 429 → retryAfterMs from Retry-After; a refused token → fatal; a recipient who is gone →
 * unreachable (and permanent); `channel_not_found`, `not_in_channel`, any other platform error and HTTP 4xx
 * → permanent; network errors, 5xx and Slack's own hiccups → transient.
 */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as WebApiErrorShape;
  const message = typeof e.message === 'string' ? e.message : String(err);
  switch (e.code) {
    case 'slack_webapi_rate_limited_error': {
      const seconds = typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 1;
      return new DeliveryError(`slack: rate limited, retry after ${seconds} s`, { retryAfterMs: seconds * 1000, status: 429 });
    }
    case 'slack_webapi_platform_error': {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      if (FATAL_PLATFORM_ERRORS.has(code)) return new DeliveryError(`slack: ${code}`, { fatal: true });
      if (UNREACHABLE_PLATFORM_ERRORS.has(code)) return new DeliveryError(`slack: ${code}`, { permanent: true, unreachable: true });
      return new DeliveryError(`slack: ${code}`, { permanent: !TRANSIENT_PLATFORM_ERRORS.has(code) });
    }
    case 'slack_webapi_http_error': {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      return new DeliveryError(`slack: HTTP ${status}`, { status, permanent: status >= 400 && status < 500 && status !== 408 });
    }
    default:
      return new DeliveryError(`slack: ${message}`);
  }
}
