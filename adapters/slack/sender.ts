import { LogLevel, webApi } from '@slack/bolt';
import { documentBytes, type KeptFiles } from '../../src/delivery/document-bytes.js';
import { DeliveryError, type PlatformSender, type RateLimits } from '../../src/delivery/types.js';
import type { OutboundMessage } from '../../src/chat/events.js';
import { toDeliveryError } from './errors.js';
import { decodeMessageRef, encodeMessageRef, type SlackMessageRef } from './message-ref.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { shownBlocks, type PressedMessages, type ShownMessage } from './pressed.js';
import { renderPayloads, retiredPayload } from './render.js';

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
  /** What pressed messages showed (the running adapter's), to retire their buttons without asking Slack. */
  pressed?: PressedMessages;
  /** Where documents' bytes are kept (the store); without it a document stays in the outbox. */
  files?: KeptFiles;
}

/** DM channels remembered per user (conversations.open answers the same channel every time). */
const DM_CACHE = 1000;

/** The Slack `error` code of a failed Web API call, if it was a platform error. */
const platformError = (err: unknown): string | undefined =>
  (err as { code?: unknown; data?: { error?: unknown } } | null)?.code === 'slack_webapi_platform_error'
    ? String((err as { data: { error?: unknown } }).data.error)
    : undefined;

/** A Web API base URL with exactly one trailing slash. */
export function normalizeApiUrl(url: string | undefined): string | undefined {
  return url ? `${url.replace(/\/+$/, '')}/` : undefined;
}

/**
 * Sends engine messages as Block Kit messages: `send` → chat.postMessage into the user's DM (channel =
 * user id), `edit` → chat.update of the message its ref names, `retire` → chat.update of the pressed
 * message keeping all but its actions blocks, the note under them, `document` → a file upload into the
 * user's DM (files.getUploadURLExternal, the bytes, files.completeUploadExternal with the caption as its
 * comment: what filesUploadV2 does). Retries are the outbox's business:
 * the WebClient neither retries nor waits out 429s itself, it reports them as DeliveryErrors.
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

  /** Parts of a long message already posted, so that a retry after a later part failed does not repeat them. */
  const progress = new WeakMap<OutboundMessage, { done: number; ref?: string }>();

  async function post(message: Extract<OutboundMessage, { kind: 'send' }>): Promise<{ ref?: string }> {
    const payloads = renderPayloads(message.text, message.buttons);
    const state = progress.get(message) ?? { done: 0 };
    progress.set(message, state);
    for (; state.done < payloads.length; state.done++) {
      const res = await client.chat.postMessage({
        channel: message.to.id,
        ...payloads[state.done]!,
        unfurl_links: false,
        unfurl_media: false,
      });
      state.ref = res.channel && res.ts ? encodeMessageRef(res.channel, res.ts) : undefined;
    }
    return state.ref ? { ref: state.ref } : {};
  }

  async function update(message: Extract<OutboundMessage, { kind: 'edit' }>): Promise<{ ref?: string }> {
    const target = decodeMessageRef(message.messageRef);
    if (!target) throw new DeliveryError(`slack: not a Slack message ref: ${message.messageRef}`, { permanent: true });
    const [payload] = renderPayloads(message.text, message.buttons, true);
    await client.chat.update({ channel: target.channel, ts: target.ts, ...payload! });
    return { ref: message.messageRef };
  }

  /** The message as it stands, from the DM's history (im:history), when the press did not tell. */
  async function fetchShown(target: SlackMessageRef): Promise<ShownMessage | undefined> {
    const res = await client.conversations.history({ channel: target.channel, latest: target.ts, oldest: target.ts, inclusive: true, limit: 1 });
    const found = res.messages?.find((m) => m.ts === target.ts);
    return found ? { text: found.text ?? '', blocks: shownBlocks(found.blocks) } : undefined;
  }

  async function retire(message: Extract<OutboundMessage, { kind: 'retire' }>): Promise<{ ref?: string }> {
    const target = decodeMessageRef(message.messageRef);
    if (!target) throw new DeliveryError(`slack: not a Slack message ref: ${message.messageRef}`, { permanent: true });
    const shown = opts.pressed?.get(message.messageRef) ?? (await fetchShown(target));
    // A message that is gone has no buttons left to retire.
    if (!shown) return { ref: message.messageRef };
    const payload = retiredPayload(shown, message.note);
    try {
      await client.chat.update({ channel: target.channel, ts: target.ts, text: payload.text, blocks: payload.blocks as webApi.Block[] });
    } catch (err) {
      if (platformError(err) === 'message_not_found') return { ref: message.messageRef };
      throw err;
    }
    return { ref: message.messageRef };
  }

  const dms = new Map<string, string>();

  /** The DM channel with a user (a file is shared into a channel, not to a user id); a channel id as it is. */
  async function dmOf(to: string): Promise<string> {
    if (!/^[UW]/.test(to)) return to;
    const known = dms.get(to);
    if (known) return known;
    const res = await client.conversations.open({ users: to });
    const channel = res.channel?.id;
    if (!channel) throw new DeliveryError(`slack: conversations.open gave no channel for ${to}`);
    if (dms.size >= DM_CACHE) dms.delete(dms.keys().next().value!);
    dms.set(to, channel);
    return channel;
  }

  async function upload(message: Extract<OutboundMessage, { kind: 'document' }>): Promise<{ ref?: string }> {
    const bytes = await documentBytes(opts.files, message.file);
    const channel = await dmOf(message.to.id);
    const caption = message.text.trim();
    await client.filesUploadV2({
      channel_id: channel,
      file: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      filename: message.file.name,
      title: message.file.name,
      ...(caption ? { initial_comment: escapeMrkdwn(caption) } : {}),
    });
    return {};
  }

  return {
    platform: 'slack',
    limits: opts.limits ?? SLACK_LIMITS,
    async send(message) {
      try {
        switch (message.kind) {
          case 'send':
            return await post(message);
          case 'edit':
            return await update(message);
          case 'retire':
            return await retire(message);
          case 'document':
            return await upload(message);
        }
      } catch (err) {
        throw toDeliveryError(err);
      }
    },
  };
}
