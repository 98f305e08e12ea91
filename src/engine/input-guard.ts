import { hasBrokenText } from '../domain/records.js';

export const MAX_TEXT = 4000;

/** Script tags, SQL statements and template injections: no title, name or answer looks like this. */
const CODE_LIKE = [
  /<\s*\/?\s*(script|iframe|img|svg|object)\b/i,
  /\b(drop|truncate|alter)\s+table\b/i,
  /\bunion\s+select\b/i,
  /['"]\s*\)?\s*;\s*--/,
  /\$\{[^}]*\}|\{\{[^}]*\}\}/,
];

export type TextProblem = 'empty' | 'too-long' | 'unreadable' | 'code';

/**
 * Refuses text the engine should not try to understand; everything else passes unchanged. `text` is typed
 * as a string, but it comes from an adapter: anything else (a number, null, an object) is unreadable.
 */
export function textProblem(text: string): TextProblem | undefined {
  if (typeof text !== 'string') return 'unreadable';
  if (text.trim().length === 0) return 'empty';
  if (text.length > MAX_TEXT) return 'too-long';
  // Control characters (other than tab/newline) or replacement characters mean binary or broken encoding.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/.test(text)) return 'unreadable';
  // A lone UTF-16 surrogate is broken encoding too; the store would refuse it (and the whole turn) anyway.
  if (hasBrokenText(text)) return 'unreadable';
  if (CODE_LIKE.some((re) => re.test(text))) return 'code';
  return undefined;
}
