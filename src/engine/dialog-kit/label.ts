/**
 * User text cut to fit a button label: at most `max` code points (never half of a surrogate pair, which
 * no chat platform accepts), ending in "…" when cut.
 */
export function shortLabel(text: string, max = 40): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, max - 1).join('').trimEnd()}…`;
}
