import type { CallbackQuery, Message, MessageEntity, Update } from 'grammy/types';
import type { InboundEvent, UserRef } from '../../src/chat/events.js';

/** Loads a Telegram file's bytes by file_id. */
export type FetchFile = (fileId: string) => Promise<Uint8Array>;

interface FileInfo {
  id: string;
  name: string;
  mime?: string;
  size?: number;
}

const user = (id: number): UserRef => ({ platform: 'telegram', id: String(id) });

/** Message kinds a person sends on purpose that carry neither text nor a file. */
const UNREADABLE_KINDS = ['sticker', 'location', 'venue', 'contact', 'poll', 'dice', 'game', 'story', 'paid_media', 'checklist'] as const;

/**
 * One Telegram update as a neutral event, or undefined when it is nothing the assistant answers:
 * anything outside a private chat (see groups.ts), from a bot, or a service message. A user blocking the
 * bot (`my_chat_member`, status `kicked`) is the `blocked` event. Stickers,
 * locations, contacts and the like become an unreadable text, so they are never left unanswered.
 * The file's bytes are fetched only when the engine asks.
 */
export function toInboundEvent(update: Update, fetchFile: FetchFile): InboundEvent | undefined {
  const member = update.my_chat_member;
  if (member) {
    // The bot's own membership in a private chat: `kicked` is the user blocking it. `member` (unblocked)
    // needs nothing: the user's next message clears the mark. Groups: see groups.ts.
    if (member.chat.type !== 'private' || member.new_chat_member.status !== 'kicked') return undefined;
    return { kind: 'blocked', from: user(member.chat.id) };
  }
  const query = update.callback_query;
  if (query) {
    if (typeof query.data !== 'string' || !query.message || query.message.chat.type !== 'private') return undefined;
    const label = pressedLabel(query);
    return {
      kind: 'press',
      from: user(query.from.id),
      action: query.data,
      messageRef: String(query.message.message_id),
      ...(label ? { label } : {}),
    };
  }
  const m = update.message;
  if (!m || m.chat.type !== 'private' || !m.from || m.from.is_bot) return undefined;
  if (typeof m.text === 'string') return { kind: 'text', from: user(m.from.id), text: m.text };
  const file = fileOf(m);
  if (!file) {
    if (UNREADABLE_KINDS.some((k) => k in m)) return { kind: 'unsupported', from: user(m.from.id) };
    return undefined;
  }
  return {
    kind: 'file',
    from: user(m.from.id),
    file: {
      name: file.name,
      ...(file.mime ? { mime: file.mime } : {}),
      ...(file.size !== undefined ? { size: file.size } : {}),
      fetch: () => fetchFile(file.id),
    },
  };
}

/**
 * The file of a message. Photos come as several sizes: the largest is the evidence. Audio and video
 * are passed on too, so that the engine can say which file types it accepts.
 */
function fileOf(m: Message): FileInfo | undefined {
  if (m.document) {
    const d = m.document;
    return { id: d.file_id, name: d.file_name || 'dokumen', mime: d.mime_type, size: d.file_size };
  }
  if (m.photo && m.photo.length > 0) {
    const p = m.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return { id: p.file_id, name: 'foto.jpg', mime: 'image/jpeg', size: p.file_size };
  }
  const media = m.video ?? m.animation ?? m.audio;
  if (media) {
    const name = 'file_name' in media && media.file_name ? media.file_name : 'media';
    return { id: media.file_id, name, mime: media.mime_type ?? 'video/mp4', size: media.file_size };
  }
  if (m.voice) return { id: m.voice.file_id, name: 'pesan-suara.ogg', mime: m.voice.mime_type ?? 'audio/ogg', size: m.voice.file_size };
  if (m.video_note) return { id: m.video_note.file_id, name: 'video.mp4', mime: 'video/mp4', size: m.video_note.file_size };
  return undefined;
}

/** The label of the pressed button, from the keyboard Telegram sends along with the pressed message. */
function pressedLabel(query: CallbackQuery): string | undefined {
  const message = query.message;
  if (!message || !('reply_markup' in message) || !message.reply_markup) return undefined;
  for (const key of message.reply_markup.inline_keyboard.flat()) {
    if ('callback_data' in key && key.callback_data === query.data) return key.text;
  }
  return undefined;
}

/** What a pressed message showed (text and formatting), as the callback query reports it. */
export interface PressedMessage {
  /** The private chat (= the presser's user id). */
  chat: number;
  messageId: number;
  text: string;
  entities: MessageEntity[];
}

/** The pressed message of a callback query in a private chat, when Telegram sent its text along. */
export function pressedMessageOf(update: Update): PressedMessage | undefined {
  const message = update.callback_query?.message;
  if (!message || message.chat.type !== 'private' || !('text' in message) || !message.text) return undefined;
  return { chat: message.chat.id, messageId: message.message_id, text: message.text, entities: message.entities ?? [] };
}
