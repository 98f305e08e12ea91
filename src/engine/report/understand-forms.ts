import { findForms, listForms, type FormInfo, type Jalur } from '../../rules/index.js';
import { normalize } from '../../rules/match.js';

export type FormReading =
  | { kind: 'form'; form: FormInfo }
  /** The text names several forms, or only a word that several forms share ("pelatihan"): ask, never pick. */
  | { kind: 'choice'; keys: string[] }
  | { kind: 'jalur'; jalur: Jalur }
  | { kind: 'none' };

interface Hit {
  key: string;
  from: number;
  to: number;
}

const PHRASES = listForms().flatMap((form) =>
  [...new Set([form.key, form.label, form.labelEn, ...form.synonyms].map(normalize).filter(Boolean))].map((p) => ({
    key: form.key,
    words: p.split(' '),
  })),
);

/** Every place a form's key, label or synonym occurs as whole words (also spelled without its spaces). */
function hits(words: string[]): Hit[] {
  const out: Hit[] = [];
  for (const { key, words: pw } of PHRASES) {
    const compact = pw.join('');
    for (let i = 0; i < words.length; i++) {
      if (pw.every((w, k) => words[i + k] === w)) out.push({ key, from: i, to: i + pw.length });
      else if (compact.length >= 5 && pw.length > 1 && words[i] === compact) out.push({ key, from: i, to: i + 1 });
      else if (compact.length >= 5 && pw.length === 1) {
        let joined = '';
        for (let j = i; j < words.length && joined.length < compact.length; j++) {
          joined += words[j];
          if (joined === compact && j > i) out.push({ key, from: i, to: j + 1 });
        }
      }
    }
  }
  return out;
}

/** Words that only say "a training": with no specific form named, several forms fit. */
const GENERIC = new Set(['pelatihan', 'diklat', 'training', 'latihan']);

/** Forms people mean by "pelatihan" alone: those whose Indonesian name is "Pelatihan …". */
export const TRAINING_FORMS: readonly string[] = listForms()
  .filter((f) => /^pelatihan\b/i.test(f.label))
  .map((f) => f.key);

const JALUR_WORDS: [RegExp, Jalur][] = [
  [/\b(?:non ?klasikal|non classroom)\b/, 'nonklasikal'],
  [/\b(?:klasikal|classroom)\b/, 'klasikal'],
  [/\bpendidikan formal\b|\beducation\b/, 'pendidikan'],
];

/**
 * The form the text names. A phrase inside a longer one does not count apart ("online course" is e-learning,
 * not also kursus); two different forms named ("seminar dan workshop") are a choice, as is a generic word
 * alone ("pelatihan"). A one-letter typo is forgiven as findForms does (a single long word).
 */
export function readForm(text: string): FormReading {
  const norm = normalize(text);
  if (!norm) return { kind: 'none' };
  const words = norm.split(' ');
  const all = hits(words);
  const outer = all.filter((h) => !all.some((o) => o !== h && o.from <= h.from && o.to >= h.to && o.to - o.from > h.to - h.from));
  const keys = [...new Set(outer.sort((a, b) => a.from - b.from).map((h) => h.key))];
  if (keys.length === 1) return { kind: 'form', form: listForms().find((f) => f.key === keys[0])! };
  if (keys.length > 1) return { kind: 'choice', keys };
  if (words.length === 1) {
    const typo = findForms(norm);
    if (typo.length === 1) return { kind: 'form', form: typo[0]! };
  }
  for (const [re, jalur] of JALUR_WORDS) if (re.test(norm)) return { kind: 'jalur', jalur };
  if (words.some((w) => GENERIC.has(w))) return { kind: 'choice', keys: [...TRAINING_FORMS] };
  return { kind: 'none' };
}

/**
 * Whether a message opens with a form's name ("coaching 2 sesi bulan ini", "workshop internasional 2 hari",
 * "pelatihan 3 hari"): such a sentence is a report, not a question.
 */
export function opensWithForm(text: string): boolean {
  return startsAHit(normalize(text).split(' ').slice(0, 4));
}

/** A form phrase (or the generic "pelatihan") that starts at the first word. */
function startsAHit(words: string[]): boolean {
  return hits(words).some((h) => h.from === 0) || GENERIC.has(words[0] ?? '');
}
