/** Reads "2", "1,5", "2 hari", "8 JP" as a positive number; undefined when it is not one. */
export function parsePositiveNumber(text: string): number | undefined {
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*(?:[a-z]+)?\s*$/i.exec(text);
  if (!m?.[1]) return undefined;
  const n = Number(m[1].replace(',', '.'));
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export type DurationAnswer = { jp: number } | { minutes: number };

/** "8", "8 JP" → JP; "3 jam", "1 jam 30 menit", "90 menit", "2 hours" → minutes. */
export function parseJpOrDuration(text: string): DurationAnswer | undefined {
  const s = text.trim().toLowerCase().replace(',', '.');
  const duration = /^(?:(\d+(?:\.\d+)?)\s*(?:jam|j|hours?|hrs?|h))?\s*(?:(\d+)\s*(?:menit|mnt|min(?:utes?)?|m))?$/.exec(s);
  if (duration && (duration[1] || duration[2])) {
    const minutes = Number(duration[1] ?? 0) * 60 + Number(duration[2] ?? 0);
    return minutes > 0 ? { minutes } : undefined;
  }
  const jp = /^(\d+(?:\.\d+)?)\s*(?:jp)?$/.exec(s);
  if (jp?.[1]) {
    const n = Number(jp[1]);
    return n > 0 ? { jp: n } : undefined;
  }
  return undefined;
}
