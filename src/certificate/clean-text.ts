/**
 * Text a PDF or OCR gives, made safe to store and show: lone UTF-16 surrogates, control characters (C0
 * but newline and tab, DEL, C1), replacement characters and bidirectional controls are removed. A PDF's
 * text layer may carry any of them (a NUL from a broken font map would otherwise make every state write fail).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(LONE_SURROGATE, '').replace(CONTROLS, '');
}
