import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Button } from '../../src/chat/events.js';

/** Telegram's limit on one message's text (after entity parsing), with room to spare. */
export const MAX_TEXT = 4000;
const MAX_CALLBACK_BYTES = 64;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The engine's light markup (`*bold*`) as Telegram HTML, everything else escaped, so that names and
 * titles typed by users (with `<`, `&`, `_`, `*`) can never break the message.
 */
export function toHtml(text: string): string {
  return escapeHtml(text).replace(/\*(\S(?:[^*\n]*?\S)?)\*/g, '<b>$1</b>');
}

/** The text without markup, for the rare case Telegram refuses the HTML. */
export function toPlain(text: string): string {
  return text.replace(/\*(\S(?:[^*\n]*?\S)?)\*/g, '$1');
}

/** Splits a long text into parts Telegram accepts, at line breaks where possible, else at spaces. */
export function splitText(text: string, max = MAX_TEXT): string[] {
  const body = text.trim() === '' ? '…' : text;
  const parts: string[] = [];
  let rest = body;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = isHighSurrogate(rest.charCodeAt(max - 1)) ? max - 1 : max;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  parts.push(rest);
  return parts;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * Button rows as an inline keyboard (callback_data = the button id). Buttons Telegram would refuse
 * (empty id, id over 64 bytes) are left out so that the text still arrives; `dropped` names them.
 */
export function keyboard(rows: Button[][] | undefined): { markup?: InlineKeyboardMarkup; dropped: string[] } {
  const dropped: string[] = [];
  const inline: InlineKeyboardButton[][] = [];
  for (const row of rows ?? []) {
    const keys: InlineKeyboardButton[] = [];
    for (const b of row) {
      const bytes = Buffer.byteLength(b.id, 'utf8');
      if (bytes === 0 || bytes > MAX_CALLBACK_BYTES) dropped.push(b.id);
      else keys.push({ text: b.label.trim() || b.id, callback_data: b.id });
    }
    if (keys.length > 0) inline.push(keys);
  }
  return { ...(inline.length > 0 ? { markup: { inline_keyboard: inline } } : {}), dropped };
}

/** Telegram's limit on a document's caption (after entity parsing). */
export const MAX_CAPTION = 1024;

/**
 * A document's name as uploaded: grammY writes it unquoted into the multipart header, and the Bot API
 * server reads it up to a `;`, strips quotes and URL-decodes it, so those characters (and control
 * characters, which grammY refuses) become `_`. Spaces and letters of any script stay.
 */
export function uploadName(name: string): string {
  const clean = name.replace(/[;"\\%\p{Cc}]/gu, '_').trim();
  return clean || 'dokumen';
}
