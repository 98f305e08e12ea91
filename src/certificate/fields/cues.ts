export interface CueHit {
  /** Index of the line holding the cue. */
  line: number;
  /** What follows the cue on that line, trimmed of ":" and spaces. */
  rest: string;
}

/** The first line (in text order, from line `from`) where one of the cues occurs, and what follows the last cue on it. */
export function findCue(lines: string[], cues: RegExp[], from = 0): CueHit | undefined {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    let end = -1;
    for (const cue of cues) {
      const re = new RegExp(cue.source, cue.flags.includes('g') ? cue.flags : `${cue.flags}g`);
      for (const m of line.matchAll(re)) end = Math.max(end, (m.index ?? 0) + m[0].length);
    }
    if (end >= 0) return { line: i, rest: line.slice(end).replace(/^[\s:;,.-]+/, '').trim() };
  }
  return undefined;
}

/** Cuts a value where the sentence moves on ("… yang diselenggarakan oleh …", "… pada tanggal …"). */
export function cutAt(value: string, stops: RegExp): string {
  const m = stops.exec(value);
  return (m ? value.slice(0, m.index) : value).replace(/[\s,;:]+$/, '').trim();
}

/** Quotes and stray punctuation around a value. */
export function unquote(value: string): string {
  return value.replace(/^["'\s:]+|["'\s,;:]+$/g, '').trim();
}
