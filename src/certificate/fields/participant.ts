import { findCue, unquote } from './cues.js';

const AWARDED_TO = [
  /\b(?:diberikan|dianugerahkan|disampaikan|dipersembahkan)\s+ke\s?pada\b/i,
  /\b(?:awarded|presented|given|granted)\s+to\b/i,
  /\bcertify\s+that\b/i,
];
/** "Nama : Budi"; OCR may put specks or rules between the label and the colon ("Nama - : | Budi"). */
const NAME_LINE = /^(?:nama(?:\s+(?:lengkap|peserta))?|name|participant)[^\p{L}\p{N}]*?:[^\p{L}\p{N}]*(\p{L}.*)$/iu;
/** Lines that follow the cue but are not a name. */
const NOT_A_NAME = /^(?:atas|sebagai|telah|yang|for|has|who|nip|nik|nomor|no\.|jabatan|instansi|unit|pangkat|as\b|in\b)/i;

function asName(value: string): string | undefined {
  const name = unquote(value.replace(NAME_LINE, '$1'));
  if (name.length < 3 || name.length > 80 || NOT_A_NAME.test(name)) return undefined;
  // A name has a word of three letters; OCR noise ("So EE so") has none.
  if ((name.match(/\d/g) ?? []).length > 2 || !/\p{L}{3}/u.test(name)) return undefined;
  return name;
}

/** The participant: after "diberikan kepada" (same or next line), or on a "Nama :" line. */
export function findParticipant(lines: string[]): string | undefined {
  const cue = findCue(lines, AWARDED_TO);
  if (cue) {
    const name = asName(cue.rest) ?? asName(lines[cue.line + 1] ?? '');
    if (name) return name;
  }
  for (const line of lines) {
    const m = NAME_LINE.exec(line);
    const name = m ? asName(m[1] ?? '') : undefined;
    if (name) return name;
  }
  return undefined;
}
