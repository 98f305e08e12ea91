/** Letters OCR takes for digits inside a number ("2O26", "l0", "1O"). */
const DIGIT_LOOKALIKES: Record<string, string> = { O: '0', o: '0', I: '1', l: '1', '|': '1' };

/** A token of digits and look-alikes, mostly digits: "2O26" → "2026", "l0" → "10". */
function fixDigits(token: string): string {
  const digits = token.replace(/\D/g, '').length;
  if (digits === 0 || digits * 2 < token.length) return token;
  return token.replace(/[OoIl|]/g, (c) => DIGIT_LOOKALIKES[c] ?? c);
}

/** Roman numerals with a 1 or l for an I ("Angkatan V1" → "VI", "X1V" → "XIV", "/I11/" → "/III/"). */
function isMisreadRoman(token: string): boolean {
  return /^[IVX1l]+$/.test(token) && /[1l]/.test(token) && (/[VX]/.test(token) || token.startsWith('I'));
}

function fixToken(token: string): string {
  if (isMisreadRoman(token)) return token.replace(/[1l]/g, 'I');
  return /^[0-9OoIl|]+$/.test(token) ? fixDigits(token) : token;
}

/** One line of certificate text, tidied: single spaces, OCR look-alikes fixed in numbers and numerals. */
export function tidyLine(line: string): string {
  return line
    .replace(/[\u00a0\t]+/g, ' ')
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”„]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/(?<![\p{L}\p{N}|])[\p{L}\p{N}|]+(?![\p{L}\p{N}|])/gu, fixToken)
    // A speck read as a full stop between two words ("Webinar.Transformasi"); "S.Kom." and "go.id" stay.
    .replace(/(\p{L}{3,})\.(\p{Lu}\p{Ll}{2,})/gu, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim()
    // The frame or a table's rules read as "|", "-" or ":" at either end of a line.
    .replace(/^(?:[|!_~.:;,'"-]+\s+)+/, '')
    .replace(/(?:\s+[|!_~.:;,'"-]+)+$/, '');
}

/** A line worth reading: a word of three letters or a number, and not mostly punctuation ("oo . : . | ."). */
function meaningful(line: string): boolean {
  const visible = line.replace(/\s/g, '');
  const alnum = (visible.match(/[\p{L}\p{N}]/gu) ?? []).length;
  return alnum * 2 >= visible.length && /\p{L}{3}|\p{N}/u.test(line);
}

/** A certificate line is far shorter; longer ones (a hostile PDF) are cut so every pattern stays cheap. */
const MAX_LINE = 400;
const MAX_LINES = 500;

/** The text as tidy lines, without empty lines and OCR noise. */
export function certificateLines(text: string): string[] {
  return text
    .split(/\r?\n/, MAX_LINES * 4)
    .map((line) => tidyLine(line.slice(0, MAX_LINE)))
    .filter(meaningful)
    .slice(0, MAX_LINES);
}
