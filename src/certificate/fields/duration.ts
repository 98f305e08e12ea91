/** A number, perhaps spelled out after it: "32 (tiga puluh dua)", "1,5". */
const N = '(\\d+(?:[.,]\\d+)?)\\s*(?:\\([\\p{L}\\s]+\\)\\s*)?';
const JP_UNIT = '(?:j\\s?p\\s?l?|jam\\s+pelajaran)\\b';

const JP_AFTER = new RegExp(`(?<![\\d.,/])${N}${JP_UNIT}`, 'giu');
/** "JP: 32", "Jumlah JP = 32", "jam pelajaran : 32". */
const JP_BEFORE = new RegExp(`${JP_UNIT}\\s*[:=]\\s*(\\d+(?:[.,]\\d+)?)`, 'giu');
/** Words that put a JP figure in a sentence about the whole activity, not a table row. */
const JP_CUE = /(setara|sebanyak|selama|dengan|jumlah|total|bobot|senilai|equivalent|for)\s*(?:\S+\s+)?$/i;
/** The "Jumlah"/"Total" row of a JP table: the line starts with the word and ends with the figure. */
/** OCR may leave specks or a table's rules between the word and the figure ("Jumlah: | - 32"). */
const TOTAL_ROW = new RegExp(`^(?:jumlah|total|jml\\.?)(?:\\s+(?:jp|jpl|jam\\s+pelajaran))?[^\\p{L}\\p{N}]*(\\d+(?:[.,]\\d+)?)\\s*(?:${JP_UNIT})?[^\\p{L}\\p{N}]*$`, 'iu');
const TABLE_HEADER = /\b(jp|jpl)\b|jam\s*pelajaran/i;

const MINUTES = new RegExp(`(?<![\\d.,:])${N}(?:menit|minutes?|mins?)\\b`, 'giu');
/** Clock hours, not "jam pelajaran" and not a time of day ("jam 09.00"). */
const HOURS = new RegExp(`(?<![\\d.,:])${N}(?:jam|hours?|hrs?)\\b(?!\\s+pelajaran)`, 'giu');
const DAYS = new RegExp(`(?<![\\d.,:])${N}(?:hari|days?)\\b(?!\\s+kerja)`, 'giu');

const toNumber = (s: string | undefined): number => Number((s ?? '').replace(',', '.'));
/** A JP figure one activity can have (the report's bound, MAX_ACTIVITY_JP): a larger one is a misreading. */
const MAX_JP = 1000;
const inRange = (jp: number): boolean => jp > 0 && jp <= MAX_JP;

export interface Duration {
  jp?: number;
  durationMinutes?: number;
  days?: number;
}

/** The JP of the activity: a table's total row, else a figure in a sentence, else the first figure. */
function findJp(lines: string[]): number | undefined {
  let headerSeen = false;
  for (const line of lines) {
    const total = TOTAL_ROW.exec(line);
    if (total && (headerSeen || TABLE_HEADER.test(line)) && inRange(toNumber(total[1]))) return toNumber(total[1]);
    if (TABLE_HEADER.test(line)) headerSeen = true;
  }
  const figures: { value: number; cued: boolean }[] = [];
  for (const line of lines) {
    for (const m of line.matchAll(JP_AFTER)) figures.push({ value: toNumber(m[1]), cued: JP_CUE.test(line.slice(0, m.index)) });
    for (const m of line.matchAll(JP_BEFORE)) figures.push({ value: toNumber(m[1]), cued: true });
  }
  const valid = figures.filter((f) => inRange(f.value));
  return (valid.find((f) => f.cued) ?? valid[0])?.value;
}

/** "2 jam 30 menit" = 150, "selama 90 menit" = 90, "2 hours" = 120: the first stated duration. */
function findMinutes(lines: string[]): number | undefined {
  for (const line of lines) {
    const hours = [...line.matchAll(HOURS)][0];
    const minutes = [...line.matchAll(MINUTES)][0];
    if (!hours && !minutes) continue;
    const total = toNumber(hours?.[1] ?? '0') * 60 + toNumber(minutes?.[1] ?? '0');
    if (total > 0 && total <= 10_000) return Math.round(total);
  }
  return undefined;
}

function findDays(lines: string[]): number | undefined {
  for (const line of lines) {
    for (const m of line.matchAll(DAYS)) {
      const days = toNumber(m[1]);
      if (Number.isInteger(days) && days > 0 && days <= 366) return days;
    }
  }
  return undefined;
}

export function findDuration(lines: string[]): Duration {
  const jp = findJp(lines);
  const durationMinutes = findMinutes(lines);
  const days = findDays(lines);
  return {
    ...(jp !== undefined ? { jp } : {}),
    ...(durationMinutes !== undefined ? { durationMinutes } : {}),
    ...(days !== undefined ? { days } : {}),
  };
}
