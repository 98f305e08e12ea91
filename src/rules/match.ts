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

/** Where a term occurs in the text: the word it starts at and how many letters it covers. */
interface Hit {
  /** 0 for a whole-word match, 1 for a one-letter typo (single-word input only). */
  fuzzy: 0 | 1;
  position: number;
  length: number;
}

/** Shortest compact phrase matched across word boundaries ("e learning" ↔ "elearning", "loka karya" ↔ "lokakarya"). */
const MIN_COMPACT = 5;
/** A typo is forgiven only when the whole input is one word at least this long ("semniar" → seminar). */
const MIN_FUZZY = 6;

/**
 * The first occurrence of a phrase in the text's words: as the same words, or spelled without the spaces
 * over consecutive whole words. Never inside a word ("blendedlearning" does not contain "elearning").
 */
function findPhrase(words: string[], phrase: string): Hit | undefined {
  const pw = phrase.split(' ');
  const compact = pw.join('');
  for (let i = 0; i < words.length; i++) {
    if (pw.every((w, k) => words[i + k] === w)) return { fuzzy: 0, position: i, length: compact.length };
    if (compact.length < MIN_COMPACT) continue;
    let joined = '';
    for (let j = i; j < words.length && joined.length < compact.length; j++) {
      joined += words[j];
      if (joined === compact) return { fuzzy: 0, position: i, length: compact.length };
    }
  }
  return undefined;
}

/** Better hit first: exact before typo, earlier in the text, then the longer (more specific) phrase. */
function compareHits(a: Hit, b: Hit): number {
  return a.fuzzy - b.fuzzy || a.position - b.position || b.length - a.length;
}

/**
 * Forms named in free text, best first ("saya ikut webinar kemarin" → seminar). Case-insensitive; matches
 * keys, labels and synonyms as whole words. The form named first in the sentence wins ("seminar tentang
 * coaching" → seminar), a longer phrase wins at the same place ("online course" over "course"), ties keep
 * catalog order. A one-letter typo is forgiven only when the whole input is a single word of at least
 * six letters, never inside a sentence ("Pelatihan Penataan Ruang" is not penataran).
 */
export function findForms(text: string): FormInfo[] {
  const norm = normalize(text);
  if (!norm) return [];
  const words = norm.split(' ');
  const single = words.length === 1 && norm.length >= MIN_FUZZY ? norm : undefined;
  const best = new Map<string, { form: FormInfo; hit: Hit; order: number }>();
  for (const term of TERMS) {
    let hit = findPhrase(words, term.phrase);
    if (!hit && single && !term.phrase.includes(' ') && term.phrase.length >= MIN_FUZZY && withinOneEdit(single, term.phrase)) {
      hit = { fuzzy: 1, position: 0, length: term.phrase.length };
    }
    if (!hit) continue;
    const prev = best.get(term.form.key);
    if (!prev || compareHits(hit, prev.hit) < 0) {
      best.set(term.form.key, { form: term.form, hit, order: CATALOG.indexOf(term.form) });
    }
  }
  return [...best.values()]
    .sort((a, b) => compareHits(a.hit, b.hit) || a.order - b.order)
    .map((m) => ({ ...m.form, synonyms: [...m.form.synonyms] }));
}

/** The form whose key, label or a synonym is exactly the text (after normalization), if any. */
export function exactForm(text: string): FormInfo | undefined {
  const norm = normalize(text);
  const term = TERMS.find((t) => t.phrase === norm);
  return term ? { ...term.form, synonyms: [...term.form.synonyms] } : undefined;
}
