/** Words that suggest an international activity (luar negeri or an international organiser). */
const HINTS = /\b(?:internasional|international|luar\s+negeri|overseas|abroad|global\s+(?:summit|forum|conference)|asean|apec|oecd|undp|unicef|unesco|usaid|jica|koica|giz|world\s+bank|universiti|university\s+of|national\s+university\s+of)\b/i;
/** In the title only the kind of activity made international counts: there "ASEAN" or "Internasional" is usually the topic. */
const TITLE_HINTS = /\b(?:(?:konferensi|seminar|simposium|kongres|workshop|lokakarya|webinar|pelatihan|forum|kursus)\s+internasional|international\s+(?:conference|seminar|symposium|congress|workshop|webinar|training|forum|summit|course)|global\s+(?:summit|forum|conference))\b/i;
/** Indonesian bodies and topics named with those words: Kemlu trains at home; "Hukum Internasional" is a subject. */
const NOT_HINTS = [
  /\b(?:kementerian|kemen|pusdiklat|badan\s+diklat)\s+luar\s+negeri\b|\bkemlu\b|\bministry\s+of\s+foreign\s+affairs\b/gi,
  /\b(?:hukum|hubungan|standar|perdagangan|ekonomi|politik|bahasa|kerja\s*sama|studi|organisasi|bisnis|keuangan|akuntansi)\s+internasional\b/gi,
  /\binternational\s+(?:law|relations|standards?|trade|economics?|politics|business|finance|accounting|cooperation)\b/gi,
];
/** JP table rows ("3 Standar Internasional ISO 9001 6") list topics, not the activity. */
const TABLE_ROW = /^\d{1,2}\.?\s.*\s\d{1,3}$/;

const inTitle = (line: string, title: string | undefined): boolean =>
  !!title && (line.includes(title) || title.includes(line.trim()));

export function findInternationalHint(lines: string[], title?: string): string | undefined {
  for (const line of lines) {
    if (TABLE_ROW.test(line)) continue;
    const rest = NOT_HINTS.reduce((text, re) => text.replace(re, ' '), line);
    const m = (inTitle(line, title) ? TITLE_HINTS : HINTS).exec(rest);
    if (m) return m[0];
  }
  return undefined;
}
