/** Round to two decimals, only to remove floating-point noise (7 × 1.2 = 8.4, not 8.399999…). */
export function round2(n: number): number {
  const r = Math.round((n + Math.sign(n) * Number.EPSILON) * 100) / 100;
  return Object.is(r, -0) ? 0 : r;
}

const FORMATS = {
  id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2, useGrouping: true }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: true }),
} as const;

/** A number with at most two decimals, grouped the way of the language: "1.234,5" in Indonesian, "1,234.5" in English. */
export function formatNumber(n: number, lang: 'id' | 'en' = 'id'): string {
  return FORMATS[lang].format(round2(n));
}

/** "12 JP", "8,4 JP", "1.234,5 JP" (Indonesian) or "8.4 JP", "1,234.5 JP" (English). Never rounded to whole JP. */
export function formatJp(n: number, lang: 'id' | 'en' = 'id'): string {
  return `${formatNumber(n, lang)} JP`;
}
