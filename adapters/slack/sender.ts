import { LogLevel, webApi } from '@slack/bolt';
import { DeliveryError, type PlatformSender, type RateLimits } from '../../src/delivery/types.js';
import type { OutboundMessage } from '../../src/engine/events.js';
import { toDeliveryError } from './errors.js';
import { decodeMessageRef, encodeMessageRef } from './message-ref.js';
import { renderPayloads } from './render.js';

/**
 * chat.postMessage: about one message per second into one channel, short bursts allowed (a reply plus
 * the update retiring the pressed buttons); a moderate bulk pace overall.
 */
export const SLACK_LIMITS: RateLimits = { globalPerSecond: 20, perChatPerSecond: 1, perChatBurst: 3 };

const REQUEST_TIMEOUT_MS = 15_000;

export interface SlackSenderOptions {
  token: string;
  /** Web API base (`SLACK_API_URL`), e.g. a test server; default https://slack.com/api/. */
  apiUrl?: string;
  limits?: RateLimits;
}

/** A Web API base URL with exactly one trailing slash. */
export function normalizeApiUrl(url: string | undefined): string | undefined {
  return url ? `${url.replace(/\/+$/, '')}/` : undefined;
}

/**
 * Sends engine messages as Block Kit messages: `send` → chat.postMessage into the user's DM (channel =
 * user id), `edit` → chat.update of the message its ref names. Retries are the outbox's business: the
 * WebClient neither retries nor waits out 429s itself, it reports them as DeliveryErrors.
 */
export function createSlackSender(opts: SlackSenderOptions): PlatformSender {
  const apiUrl = normalizeApiUrl(opts.apiUrl);
  const client = new webApi.WebClient(opts.token, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: REQUEST_TIMEOUT_MS,
    logLevel: LogLevel.ERROR,
  });

  async function post(message: Extract<OutboundMessage, { kind: 'send' }>): Promise<{ ref?: string }> {
    let ref: string | undefined;
    for (const payload of renderPayloads(message.text, message.buttons)) {
      const res = await client.chat.postMessage({
        channel: message.to.id,
        ...payload,
        unfurl_links: false,
        unfurl_media: false,
      });
      ref = res.channel && res.ts ? encodeMessageRef(res.channel, res.ts) : undefined;
    }
    return ref ? { ref } : {};
  }

  async function update(message: Extract<OutboundMessage, { kind: 'edit' }>): Promise<{ ref?: string }> {
    const target = decodeMessageRef(message.messageRef);
    if (!target) throw new DeliveryError(`slack: not a Slack message ref: ${message.messageRef}`, { permanent: true });
    const [payload] = renderPayloads(message.text, message.buttons, true);
    await client.chat.update({ channel: target.channel, ts: target.ts, ...payload! });
    return { ref: message.messageRef };
  }

  return {
    platform: 'slack',
    limits: opts.limits ?? SLACK_LIMITS,
    async send(message) {
      try {
        return message.kind === 'send' ? await post(message) : await update(message);
      } catch (err) {
        throw toDeliveryError(err);
      }
    },
  };
}
