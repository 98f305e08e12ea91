import type { Update } from 'grammy/types';
import { catalog } from '../../src/engine/i18n/index.js';

export interface BotIdentity {
  id: number;
  username: string;
}

const GROUP_TYPES = new Set(['group', 'supergroup']);

/**
 * The chat id of a group message that addresses the bot: a command (`/lapor`, `/lapor@thisbot`, not
 * `/x@otherbot`), an @mention, a reply to one of the bot's messages, or the bot being added to the group.
 * Anything else said in a group is none of the bot's business.
 */
export function groupChatAddressingBot(update: Update, bot: BotIdentity): number | undefined {
  const m = update.message;
  if (!m || !GROUP_TYPES.has(m.chat.type) || m.from?.is_bot) return undefined;
  if (m.new_chat_members?.some((u) => u.id === bot.id)) return m.chat.id;
  if (m.reply_to_message?.from?.id === bot.id) return m.chat.id;
  const text = m.text ?? m.caption ?? '';
  const me = bot.username.toLowerCase();
  for (const e of m.entities ?? m.caption_entities ?? []) {
    const part = text.slice(e.offset, e.offset + e.length).toLowerCase();
    if (e.type === 'mention' && part === `@${me}`) return m.chat.id;
    if (e.type === 'text_mention' && e.user.id === bot.id) return m.chat.id;
    if (e.type === 'bot_command' && e.offset === 0) {
      const target = part.split('@')[1];
      if (target === undefined || target === me) return m.chat.id;
    }
  }
  return undefined;
}

/**
 * The forum topic a group message was written in (its message_thread_id), so that the notice goes there
 * and not to "General". Only for topic messages: in a group without topics message_thread_id names a
 * reply thread, which sendMessage does not take; messages in "General" carry none.
 */
export function groupTopicOf(update: Update): string | undefined {
  const m = update.message;
  if (!m?.is_topic_message || !Number.isSafeInteger(m.message_thread_id) || m.message_thread_id! <= 0) return undefined;
  return String(m.message_thread_id);
}

/**
 * The polite refusal in a group (catalog key `groupOnlyPrivate`, in Indonesian: a group has no one
 * language), with a link to a private chat with the bot when its username is known.
 */
export function groupNoticeText(username: string | undefined): string {
  return catalog('id').groupOnlyPrivate(username ? `https://t.me/${username}` : undefined);
}

/** Remembers when each group was last answered, so that a busy group hears the notice at most once per interval. */
export class GroupNotices {
  private readonly last = new Map<number, number>();

  constructor(
    private readonly intervalMs = 60 * 60 * 1000,
    private readonly capacity = 10_000,
  ) {}

  /** True (and remembered) when the group may be answered now. */
  due(chatId: number, nowMs: number): boolean {
    const at = this.last.get(chatId);
    if (at !== undefined && nowMs - at < this.intervalMs) return false;
    this.last.delete(chatId);
    this.last.set(chatId, nowMs);
    if (this.last.size > this.capacity) this.last.delete(this.last.keys().next().value!);
    return true;
  }
}
