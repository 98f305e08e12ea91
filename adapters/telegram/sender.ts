import { Api, InputFile } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { createLogger } from '../../src/platform/logger.js';
import type { Logger } from '../../src/platform/adapter.js';
import { documentBytes, type KeptFiles } from '../../src/delivery/document-bytes.js';
import { DeliveryError, type PlatformSender, type RateLimits } from '../../src/delivery/types.js';
import type { OutboundMessage } from '../../src/chat/events.js';
import { telegramConfig } from './config.js';
import { isBadRequest, toDeliveryError } from './errors.js';
import type { PressedMessages } from './pressed.js';
import { keyboard, MAX_CAPTION, splitText, toHtml, toPlain, uploadName } from './render.js';

/**
 * Telegram's published guidance: about 30 messages per second in bulk, about 1 per second per chat,
 * short bursts tolerated (an atasan's decision is a reply plus two edits retiring old buttons).
 */
export const TELEGRAM_LIMITS: RateLimits = { globalPerSecond: 25, perChatPerSecond: 1, perChatBurst: 3 };

/** Longer than getUpdates' 30 s long poll; short enough that a hung send does not hang a user. */
export const CLIENT_TIMEOUT_S = 60;

export interface TelegramSenderOptions {
  token: string;
  /** Another Bot API server (a local one, or a test double); default https://api.telegram.org. */
  apiRoot?: string;
  /** Where warnings go; default JSON lines on stderr (stdout stays free for the CLI's output). */
  log?: Logger;
  limits?: RateLimits;
  /** Where documents' bytes are kept (the store); without it a document stays in the outbox. */
  files?: KeptFiles;
}

/**
 * A Telegram sender that needs no running bot, for `bangkom remind` and other one-shot commands: its own
 * Bot API client without retries (the outbox retries and keeps the limits). Throws a one-line message
 * on a malformed token or API root.
 */
export function createTelegramSender(opts: TelegramSenderOptions): PlatformSender {
  const { token, apiRoot } = telegramConfig({ TELEGRAM_BOT_TOKEN: opts.token, TELEGRAM_API_ROOT: opts.apiRoot });
  const api = new Api(token, { apiRoot, timeoutSeconds: CLIENT_TIMEOUT_S });
  return telegramSenderFor(api, opts.log ?? createLogger(), opts.limits ?? TELEGRAM_LIMITS, undefined, opts.files);
}

const NOT_MODIFIED = /message is not modified/i;
const CANNOT_EDIT = /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/i;
const BAD_ENTITIES = /can't parse entities|unsupported start tag|can't find end tag/i;
/** The forum topic is gone or closed to the bot: the message goes to the chat's main topic instead. */
const TOPIC_UNAVAILABLE = /message thread not found|TOPIC_CLOSED|TOPIC_DELETED/i;

type Send = OutboundMessage & { kind: 'send' };
type Edit = OutboundMessage & { kind: 'edit' };
type Retire = OutboundMessage & { kind: 'retire' };
type Doc = OutboundMessage & { kind: 'document' };

/** A message's thread as a forum topic id (message_thread_id); anything else is no topic. */
function topicOf(thread: string | undefined): number | undefined {
  if (thread === undefined || !/^\d{1,15}$/.test(thread)) return undefined;
  const id = Number(thread);
  return id > 0 ? id : undefined;
}

/** Telegram's limit on a message's text; a retired message whose note would not fit keeps its text alone. */
const MAX_MESSAGE_CHARS = 4096;
const NO_KEYBOARD: InlineKeyboardMarkup = { inline_keyboard: [] };

/**
 * Sends and edits messages in private chats (chat id = the user's id), and retires pressed keyboards.
 * Knows nothing of queues or retries: failures become DeliveryErrors for the outbox. `api` should have
 * no retry transformer. `pressed` (the running adapter's) tells what a pressed message showed, so that
 * a retired keyboard's choice can be noted under its unchanged text. `files` (the store) holds the bytes
 * of documents, read when each is sent.
 */
export function telegramSenderFor(
  api: Api,
  log: Logger,
  limits: RateLimits = TELEGRAM_LIMITS,
  pressed?: PressedMessages,
  files?: KeptFiles,
): PlatformSender {
  /** Parts of a long message already delivered, so that a retry does not repeat them. */
  const progress = new WeakMap<OutboundMessage, { done: number; ref?: string }>();

  /** The inline keyboard for the engine's buttons; a button Telegram would refuse is never dropped silently. */
  function markupOf(message: Send | Edit): InlineKeyboardMarkup | undefined {
    const { markup, dropped } = keyboard(message.buttons);
    if (dropped.length > 0) log.warn('telegram: buttons left out (id empty or over 64 bytes)', { dropped, kind: message.kind });
    return markup;
  }

  async function sendMessage(chat: number, text: string, markup: InlineKeyboardMarkup | undefined, thread?: number): Promise<number> {
    const other = {
      link_preview_options: { is_disabled: true },
      ...(markup ? { reply_markup: markup } : {}),
      ...(thread !== undefined ? { message_thread_id: thread } : {}),
    };
    try {
      try {
        return (await api.sendMessage(chat, toHtml(text), { parse_mode: 'HTML', ...other })).message_id;
      } catch (err) {
        if (!isBadRequest(err, BAD_ENTITIES)) throw err;
        log.warn('telegram: HTML refused, sent as plain text', { error: String(err) });
        return (await api.sendMessage(chat, toPlain(text), other)).message_id;
      }
    } catch (err) {
      if (thread === undefined || !isBadRequest(err, TOPIC_UNAVAILABLE)) throw err;
      log.warn('telegram: forum topic unavailable, sent to the main topic', { chat, thread, error: String(err) });
      return sendMessage(chat, text, markup);
    }
  }

  async function send(message: Send | Edit, chat: number): Promise<{ ref?: string }> {
    const parts = splitText(message.text);
    const markup = markupOf(message);
    const thread = message.kind === 'send' ? topicOf(message.thread) : undefined;
    const state = progress.get(message) ?? { done: 0 };
    progress.set(message, state);
    for (; state.done < parts.length; state.done++) {
      const last = state.done === parts.length - 1;
      state.ref = String(await sendMessage(chat, parts[state.done]!, last ? markup : undefined, thread));
    }
    return { ref: state.ref };
  }

  /** Replaces the text and buttons of a sent message; when it cannot be edited any more, sends anew. */
  async function edit(message: Edit, chat: number): Promise<{ ref?: string }> {
    const id = Number(message.messageRef);
    if (!Number.isSafeInteger(id) || id <= 0) return send(message, chat);
    const text = splitText(message.text)[0]!;
    const markup = markupOf(message);
    const other = markup ? { reply_markup: markup } : {};
    try {
      try {
        await api.editMessageText(chat, id, toHtml(text), { parse_mode: 'HTML', ...other });
      } catch (err) {
        if (!isBadRequest(err, BAD_ENTITIES)) throw err;
        log.warn('telegram: HTML refused, edited as plain text', { error: String(err) });
        await api.editMessageText(chat, id, toPlain(text), other);
      }
    } catch (err) {
      if (isBadRequest(err, NOT_MODIFIED)) return { ref: message.messageRef };
      if (isBadRequest(err, CANNOT_EDIT)) return send(message, chat);
      throw err;
    }
    return { ref: message.messageRef };
  }

  /**
   * Takes the keyboard off a pressed message. With a note and the message's text known (from the
   * press), the text is rewritten unchanged (its formatting passed back as entities) with the note
   * under it; otherwise only the keyboard goes. A message that is gone, or already without keys, is done.
   */
  async function retire(message: Retire, chat: number): Promise<{ ref?: string }> {
    const id = Number(message.messageRef);
    if (!Number.isSafeInteger(id) || id <= 0) {
      throw new DeliveryError(`not a Telegram message id: ${message.messageRef}`, { permanent: true });
    }
    const shown = pressed?.get(chat, id);
    try {
      const text = shown && message.note ? `${shown.text}\n\n${message.note}` : undefined;
      if (shown && text !== undefined && text.length <= MAX_MESSAGE_CHARS) {
        await api.editMessageText(chat, id, text, { entities: shown.entities, reply_markup: NO_KEYBOARD });
      } else {
        await api.editMessageReplyMarkup(chat, id, { reply_markup: NO_KEYBOARD });
      }
    } catch (err) {
      if (isBadRequest(err, NOT_MODIFIED) || isBadRequest(err, CANNOT_EDIT)) return { ref: message.messageRef };
      throw err;
    }
    return { ref: message.messageRef };
  }

  /** sendDocument, uploading the bytes (multipart) with the caption under the file. */
  async function sendDocument(message: Doc, chat: number): Promise<{ ref?: string }> {
    const bytes = await documentBytes(files, message.file);
    const name = uploadName(message.file.name);
    const caption = message.text.trim() === '' ? undefined : splitText(message.text, MAX_CAPTION)[0]!;
    // A fresh InputFile per request: grammY marks the one it uploaded.
    const upload = (other: Parameters<Api['sendDocument']>[2]) => api.sendDocument(chat, new InputFile(bytes, name), other);
    if (caption === undefined) return { ref: String((await upload({})).message_id) };
    try {
      return { ref: String((await upload({ caption: toHtml(caption), parse_mode: 'HTML' })).message_id) };
    } catch (err) {
      if (!isBadRequest(err, BAD_ENTITIES)) throw err;
      log.warn('telegram: HTML caption refused, sent as plain text', { error: String(err) });
      return { ref: String((await upload({ caption: toPlain(caption) })).message_id) };
    }
  }

  return {
    platform: 'telegram',
    limits,
    async send(message) {
      const chat = Number(message.to.id);
      if (!/^-?\d+$/.test(message.to.id) || !Number.isSafeInteger(chat)) {
        throw new DeliveryError(`not a Telegram chat id: ${message.to.id}`, { permanent: true });
      }
      try {
        switch (message.kind) {
          case 'send':
            return await send(message, chat);
          case 'edit':
            return await edit(message, chat);
          case 'retire':
            return await retire(message, chat);
          case 'document':
            return await sendDocument(message, chat);
        }
      } catch (err) {
        throw toDeliveryError(err);
      }
    },
  };
}
