import type { ChatMessage, FakeBotApi } from '../../adapters/telegram/testing/fake-bot-api.js';

type Json = Record<string, any>;

/**
 * Telegram updates shaped as Telegram posts them to a webhook, numbered here (the test delivers them
 * itself, to one process or to both, instead of through the fake's single registered webhook).
 */
export class Updates {
  private nextId = 700_000;

  constructor(private readonly tg: FakeBotApi) {}

  /** A private-chat text message from `userId`. */
  text(userId: number, text: string): Json {
    return { update_id: this.nextId++, message: { ...this.tg.envelope(userId), text } };
  }

  /**
   * A press of the button labelled `label` on `message` (a message the bot sent to `userId`, as the fake
   * holds it): the callback query carries the message as it stands, as Telegram's does.
   */
  press(userId: number, message: ChatMessage, label: string): Json {
    const key = message.keyboard.flat().find((k) => k.text === label);
    if (!key) throw new Error(`no button "${label}" on message ${message.message_id} of chat ${userId}: ${JSON.stringify(message.keyboard)}`);
    const shown: Json = { message_id: message.message_id, date: 1, chat: { id: userId, type: 'private' }, text: message.text };
    if (message.entities.length > 0) shown.entities = message.entities;
    if (message.keyboard.length > 0) shown.reply_markup = { inline_keyboard: message.keyboard };
    const id = this.nextId++;
    return {
      update_id: id,
      callback_query: {
        id: `cq${id}`,
        from: { id: userId, is_bot: false, first_name: `User${userId}`, language_code: 'id' },
        chat_instance: `ci${userId}`,
        data: key.callback_data,
        message: shown,
      },
    };
  }
}
