/** Words that suggest an international activity (luar negeri or an international organiser). */
const HINTS = /\b(?:internasional|international|luar\s+negeri|overseas|abroad|global\s+(?:summit|forum|conference)|asean|apec|oecd|undp|unicef|unesco|usaid|jica|koica|giz|world\s+bank|universiti|university\s+of|national\s+university\s+of)\b/i;
/** JP table rows ("3 Standar Internasional ISO 9001 6") list topics, not the activity. */
const TABLE_ROW = /^\d{1,2}\.?\s.*\s\d{1,3}$/;

export function findInternationalHint(lines: string[]): string | undefined {
  for (const line of lines) {
    if (TABLE_ROW.test(line)) continue;
    const m = HINTS.exec(line);
    if (m) return m[0];
  }
  return undefined;
}
