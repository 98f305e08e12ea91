/** A line from the text layer or from OCR, placed on its page (fractions of the page; top counts pages). */
export interface PositionedLine {
  text: string;
  top: number;
  left: number;
}

/** Lines whose tops differ by less than this share a row (about 5 pt on an A4 page). */
const ROW_TOLERANCE = 0.008;

/**
 * The lines of a page read from two sources (a text layer written over a background image, and the
 * image's OCR) in reading order: top to bottom, and lines on one row joined left to right, so that a
 * label in the image ("Nama") and its value in the text layer (": Budi") form one line again.
 */
export function inReadingOrder(lines: PositionedLine[]): string[] {
  const rows: PositionedLine[][] = [];
  for (const line of [...lines].sort((a, b) => a.top - b.top)) {
    const row = rows.at(-1);
    const first = row?.[0];
    if (row && first && line.top - first.top < ROW_TOLERANCE) row.push(line);
    else rows.push([line]);
  }
  return rows.map((row) => row.sort((a, b) => a.left - b.left).map((line) => line.text).join(' '));
}
