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

interface WebApiErrorShape {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
  message?: unknown;
}

/**
 * A failed Web API call (the WebClient runs with retries off and rejectRateLimitedCalls) as the outbox
 * needs it: 429 → retryAfterMs from Retry-After; `invalid_auth`, `channel_not_found`, `not_in_channel`,
 * any other platform error and HTTP 4xx → permanent; network errors, 5xx and Slack's own hiccups → transient.
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
