/**
 * User text cut to fit a button label: at most `max` code points (never half of a surrogate pair, which
 * no chat platform accepts), ending in "…" when cut.
 */
export function shortLabel(text: string, max = 40): string {
  // Most labels are plain: no surrogate pair means a code point per UTF-16 unit (a reminder run cuts 100,000s).
  if (!/[\uD800-\uDFFF]/.test(text)) return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, max - 1).join('').trimEnd()}…`;
}
