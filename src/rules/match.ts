import { CATALOG } from './catalog.js';
import type { FormInfo } from './types.js';

/** Lower case, no accents, every run of non-letters/digits turned into one space. */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

interface Term {
  form: FormInfo;
  /** Normalized phrase. */
  phrase: string;
}

const TERMS: Term[] = CATALOG.flatMap((form) => {
  const raw = [form.key, form.label, form.labelEn, ...form.synonyms];
  const phrases = new Set(raw.map(normalize).filter((p) => p.length > 0));
  return [...phrases].map((phrase) => ({ form, phrase }));
});

/** Edit distance ≤ 1 (one insertion, deletion, substitution or swap of neighbours). */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * Score of one term against normalized text, 0 when it does not occur.
 * Whole-word phrase match scores by phrase length (longer = more specific) with a bonus when the
 * whole text is the phrase; then spaceless match ("elearning"); then a one-letter typo in a long word.
 */
function score(text: string, compact: string, words: string[], phrase: string): number {
  if (text === phrase) return 1000 + phrase.length;
  if (` ${text} `.includes(` ${phrase} `)) return 500 + phrase.length;
  const phraseCompact = phrase.replace(/ /g, '');
  if (phraseCompact.length >= 5 && compact.includes(phraseCompact)) return 200 + phrase.length;
  if (!phrase.includes(' ') && phrase.length >= 6 && words.some((w) => w.length >= 5 && withinOneEdit(w, phrase))) {
    return 100 + phrase.length;
  }
  return 0;
}

/**
 * Forms named in free text ("saya ikut webinar kemarin" → seminar), best match first.
 * Case-insensitive; matches keys, labels and synonyms; ties keep catalog order.
 */
export function findForms(text: string): FormInfo[] {
  const norm = normalize(text);
  if (!norm) return [];
  const compact = norm.replace(/ /g, '');
  const words = norm.split(' ');
  const best = new Map<string, { form: FormInfo; score: number; order: number }>();
  TERMS.forEach((term) => {
    const s = score(norm, compact, words, term.phrase);
    if (s === 0) return;
    const prev = best.get(term.form.key);
    if (!prev || s > prev.score) {
      best.set(term.form.key, { form: term.form, score: s, order: CATALOG.indexOf(term.form) });
    }
  });
  return [...best.values()]
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((m) => ({ ...m.form, synonyms: [...m.form.synonyms] }));
}

/** The form whose key, label or a synonym is exactly the text (after normalization), if any. */
export function exactForm(text: string): FormInfo | undefined {
  const norm = normalize(text);
  const term = TERMS.find((t) => t.phrase === norm);
  return term ? { ...term.form, synonyms: [...term.form.synonyms] } : undefined;
}
