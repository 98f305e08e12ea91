/** Round to two decimals, only to remove floating-point noise (7 × 1.2 = 8.4, not 8.399999…). */
export function round2(n: number): number {
  const r = Math.round((n + Math.sign(n) * Number.EPSILON) * 100) / 100;
  return Object.is(r, -0) ? 0 : r;
}

/** A number with at most two decimals: "8,4" in Indonesian, "8.4" in English; no digit grouping. */
export function formatNumber(n: number, lang: 'id' | 'en' = 'id'): string {
  const s = String(round2(n));
  return lang === 'id' ? s.replace('.', ',') : s;
}

/** "12 JP", "8,4 JP", "2,25 JP" (Indonesian) or "8.4 JP" (English). Never rounded to whole JP. */
export function formatJp(n: number, lang: 'id' | 'en' = 'id'): string {
  return `${formatNumber(n, lang)} JP`;
}
