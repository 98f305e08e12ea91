import type { MessageEntity } from 'grammy/types';
import type { PressedMessage } from './inbound.js';

/**
 * The messages whose buttons were pressed recently, as each press reported them (text and formatting),
 * so that the sender can retire a keyboard and show the choice under the text without changing the
 * text. Filled by the inbound translation of every press; bounded, oldest forgotten first.
 */
export class PressedMessages {
  private readonly shown = new Map<string, { text: string; entities: MessageEntity[] }>();

  constructor(private readonly capacity = 2000) {}

  remember(m: PressedMessage): void {
    const key = `${m.chat}:${m.messageId}`;
    this.shown.delete(key);
    this.shown.set(key, { text: m.text, entities: m.entities });
    if (this.shown.size > this.capacity) this.shown.delete(this.shown.keys().next().value!);
  }

  get(chat: number, messageId: number): { text: string; entities: MessageEntity[] } | undefined {
    return this.shown.get(`${chat}:${messageId}`);
  }
}
