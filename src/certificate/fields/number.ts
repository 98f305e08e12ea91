/** A letterhead's address line ("Jl. Medan Merdeka Barat No. 9") has a "No." that is no certificate number. */
const ADDRESS = /\b(?:jl|jln|jalan|telp|telepon|tel|fax|faks|kode\s+pos|e-?mail|website|gedung|lantai|kel|kec|kelurahan|kecamatan)\b/i;

/** Most telling first: every line is tried with "Nomor" before any with a bare "No.". */
const NUMBER_CUES = [
  /\b(?:nomor|nomer)(?:\s+(?:sertifikat|seri|registrasi|register|piagam))?\s*[:.]?\s*/i,
  /\bno\s*\.?\s*(?:sertifikat|seri|reg(?:istrasi)?)\s*[:.]?\s*/i,
  /\bcertificate\s+(?:no|number|nr)\.?\s*[:.]?\s*/i,
  /\b(?:no|nr)\s*[.:]\s*/i,
];

/** A segment of a misread roman month ("!11", "I1I") with a letter among the ones: every stroke an I. */
function fixRomanSegment(segment: string): string {
  return /^[IVX1l!|]{1,4}$/.test(segment) && /[IVX!|]/.test(segment) ? segment.replace(/[1l!|]/g, 'I') : segment;
}

const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/**
 * Indonesian letter numbers put the month in roman numerals before the year ("…/II/2026"), which OCR
 * reads as "11". Ones only, right before a year, and as many as the certificate's month: that month.
 */
function fixRomanMonth(value: string, month: number | undefined): string {
  const roman = month ? ROMAN_MONTHS[month - 1] : undefined;
  if (!roman || !/^I+$/.test(roman)) return value;
  const segments = value.split('/');
  const i = segments.length - 2;
  if (i < 1 || !/^\d{4}$/.test(segments[i + 1] ?? '') || segments[i] !== '1'.repeat(roman.length)) return value;
  segments[i] = roman;
  return segments.join('/');
}

/**
 * The certificate number ("Nomor: 800/1234/BPSDM/2026", "No. 045/…", "Certificate No: UM-2026-0417").
 * `month` (1-12, of the certificate's date) settles a roman month misread as ones.
 */
export function findNumber(lines: string[], month?: number): string | undefined {
  for (const cue of NUMBER_CUES) {
    for (const line of lines) {
      if (ADDRESS.test(line)) continue;
      const m = cue.exec(line);
      if (!m) continue;
      // OCR spaces out separators: "800 / 1234 / BPSDM" is one number.
      const rest = line.slice(m.index + m[0].length).replace(/\s*([/.\-])\s*/g, '$1');
      const value = (rest.split(' ')[0] ?? '').replace(/[.,;:]+$/, '').split('/').map(fixRomanSegment).join('/');
      if (/\d/.test(value) && value.length >= 2 && value.length <= 60) return fixRomanMonth(value, month);
    }
  }
  return undefined;
}
