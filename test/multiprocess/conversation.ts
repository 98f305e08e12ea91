import type { ProxiedCall } from './api-proxy.js';

/**
 * What a chat should receive, and a check of what it did receive. A chat's messages come from several
 * independent sources (an atasan's own dialogue, and the request of each employee, in whatever order
 * the employees submit), so the expectation is a set of streams, each in order: what arrived must be
 * an interleaving of them, every expected message exactly once, and nothing else.
 */
export type Expected =
  /** A new message whose visible text matches; `name` binds its message_id for later edits and presses. */
  | { op: 'send'; text: RegExp; name?: string; buttons?: string[] }
  /**
   * The keyboard of a pressed message taken off (the engine's retire): either the text rewritten with the
   * choice noted under it ("✓ label") or only the keyboard removed. Which one depends on whether the
   * process that sends knows the pressed message's text (see the report of this test).
   */
  | { op: 'retire'; target: string; label: string }
  /** A sent message's text replaced. */
  | { op: 'edit'; target: string; text: RegExp };

/** One Bot API call that changed a chat: a sendMessage or an edit, as the fake received it. */
export interface Observed {
  method: string;
  chat: number;
  /** The visible text (HTML tags removed, entities decoded). */
  text: string;
  /** Button labels, row by row flattened. */
  buttons: string[];
  /** The message sent (its id from the fake's answer) or edited (from the call). */
  messageId?: number;
  ok?: boolean;
  by: string;
}

const CHANGES = new Set(['sendMessage', 'editMessageText', 'editMessageReplyMarkup']);

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };
export const visible = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot);/g, (e) => ENTITIES[e]!);

/** The calls of `log` that changed chats, by chat, in the order the fake received them. */
export function observedByChat(log: readonly ProxiedCall[]): Map<number, Observed[]> {
  const byChat = new Map<number, Observed[]>();
  for (const c of log) {
    if (!CHANGES.has(c.method)) continue;
    const chat = Number(c.payload.chat_id);
    const text = typeof c.payload.text === 'string' ? (c.payload.parse_mode === 'HTML' ? visible(c.payload.text) : c.payload.text) : '';
    const rows = (c.payload.reply_markup?.inline_keyboard ?? []) as { text: string }[][];
    const messageId = c.method === 'sendMessage' ? c.messageId : Number(c.payload.message_id);
    const o: Observed = { method: c.method, chat, text, buttons: rows.flat().map((k) => k.text), by: c.by, ...(c.ok !== undefined ? { ok: c.ok } : {}), ...(messageId !== undefined ? { messageId } : {}) };
    byChat.set(chat, [...(byChat.get(chat) ?? []), o]);
  }
  return byChat;
}

function fits(e: Expected, o: Observed, names: Map<string, number>): boolean {
  switch (e.op) {
    case 'send':
      return o.method === 'sendMessage' && e.text.test(o.text) && (e.buttons ?? []).every((b) => o.buttons.includes(b));
    case 'edit':
      return o.method === 'editMessageText' && names.get(e.target) === o.messageId && e.text.test(o.text);
    case 'retire':
      if (names.get(e.target) !== o.messageId || o.buttons.length > 0) return false;
      return o.method === 'editMessageReplyMarkup' || (o.method === 'editMessageText' && o.text.endsWith(`\n\n✓ ${e.label}`));
  }
}

const describe = (e: Expected) =>
  e.op === 'send' ? `send ${e.text}` : e.op === 'edit' ? `edit of ${e.target} to ${e.text}` : `retire of ${e.target} (${e.label})`;

/**
 * Checks that `observed` is an interleaving of `streams`: each observed call is the next expected one
 * of some stream, every stream is used up. Returns the problems (none when the chat got exactly that).
 */
export function matchChat(chat: number, observed: readonly Observed[], streams: readonly (readonly Expected[])[]): string[] {
  const heads = streams.map(() => 0);
  const names = new Map<string, number>();
  const problems: string[] = [];
  for (const o of observed) {
    const i = streams.findIndex((s, k) => heads[k]! < s.length && fits(s[heads[k]!]!, o, names));
    if (i < 0) {
      const next = streams.flatMap((s, k) => (heads[k]! < s.length ? [describe(s[heads[k]!]!)] : []));
      problems.push(`chat ${chat}: unexpected ${o.method} #${o.messageId} by ${o.by}: ${JSON.stringify(o.text.slice(0, 400))}; expected one of: ${next.join(' | ') || 'nothing more'}`);
      continue;
    }
    const e = streams[i]![heads[i]!]!;
    if (e.op === 'send' && e.name && o.messageId !== undefined) names.set(e.name, o.messageId);
    heads[i]!++;
  }
  streams.forEach((s, k) => {
    for (const e of s.slice(heads[k]!)) problems.push(`chat ${chat}: missing ${describe(e)}`);
  });
  return problems;
}

/** A RegExp matching exactly `s`. */
export const exactly = (s: string) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
/** A RegExp matching what starts with `s`. */
export const startsWith = (s: string) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
