export const MAX_TEXT = 4000;

export type TextProblem = 'empty' | 'too-long' | 'unreadable';

/** Refuses text the engine should not try to understand; everything else passes unchanged. */
export function textProblem(text: string): TextProblem | undefined {
  if (text.trim().length === 0) return 'empty';
  if (text.length > MAX_TEXT) return 'too-long';
  // Control characters (other than tab/newline) or replacement characters mean binary or broken encoding.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/.test(text)) return 'unreadable';
  return undefined;
}
