/**
 * The control words a user may type instead of an answer, one list per meaning, shared by every dialogue and
 * prompt (the report dialogue and its steps, the atasan's reason/note prompt, the intents and the router).
 *
 * A word is recognised only when it is the whole message (after `normalizeWord`): "batal" cancels,
 * "batal ikut webinar" is an ordinary answer.
 */
export type ControlWord = 'cancel' | 'back' | 'skip';

export const CONTROL_WORDS = {
  /** Stop what is in progress: the report being filled in, or the atasan's decision at its reason prompt. */
  cancel: [
    'batal',
    'batalkan',
    'batalin',
    'tidak jadi',
    'tdk jadi',
    'gak jadi',
    'ga jadi',
    'nggak jadi',
    'enggak jadi',
    'berhenti',
    'cancel',
    'abort',
    'stop',
  ],
  /**
   * One step back. Not "sebelumnya"/"previous": those are the labels of the form list's page buttons
   * ("‹ Sebelumnya", "‹ Previous"), so a typed one must not leave the form question.
   */
  back: ['kembali', 'balik', 'mundur', 'back', 'go back'],
  /** Leave an optional answer empty (certificate JP/number, evidence, the approval note). */
  skip: ['lewati', 'lewatkan', 'lompati', 'skip', '-'],
} as const satisfies Record<ControlWord, readonly string[]>;

const MEANING: ReadonlyMap<string, ControlWord> = new Map(
  (Object.entries(CONTROL_WORDS) as [ControlWord, readonly string[]][]).flatMap(([meaning, words]) =>
    words.map((word) => [word, meaning] as const),
  ),
);

/** Marks wrapped around a word, as in "*batal*" copied from the help text or "'batal'" in quotes. */
const WRAP = `*_~\`"'“”‘’`;
const LEADING = new RegExp(`^[\\s${WRAP}]+`);
/** Trailing punctuation and marks: "Batal.", "batalkan!", "kembali?", "*lewati*". Not "-" (a skip word itself). */
const TRAILING = new RegExp(`[\\s.!?,;:…${WRAP}]+$`);

/**
 * How typed control words are compared: trimmed, lower case, single spaces, without a leading "/" (also
 * "/batal@botname"), wrapping marks or trailing punctuation.
 */
export function normalizeWord(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^\/([^\s@]+)@\w+$/, '/$1')
    .replace(/^\//, '')
    .replace(LEADING, '')
    .replace(TRAILING, '')
    .replace(/\s+/g, ' ');
}

/** The meaning of a message that is exactly one control word, else undefined. */
export function controlWord(text: string): ControlWord | undefined {
  return MEANING.get(normalizeWord(text));
}

/** True for a message typed as a slash command ("/batal", "/lapor"). */
export const isSlashCommand = (text: string): boolean => text.trim().startsWith('/');
