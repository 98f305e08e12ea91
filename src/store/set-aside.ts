import { open } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from './atomic-file.js';

/** A record found invalid when the store was opened, with where it was and why. */
export interface SetAsideEntry {
  file: string;
  problem: string;
  record: unknown;
}

/**
 * Appends the entries to the set-aside file (JSON lines) and syncs it, before the store files they came
 * from are rewritten without them: an invalid record is never served, and never lost.
 */
export async function appendSetAside(file: string, entries: SetAsideEntry[], at: string): Promise<void> {
  const text = entries.map((e) => JSON.stringify({ at, file: e.file, problem: e.problem, record: e.record })).join('\n') + '\n';
  const handle = await open(file, 'a');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsyncDir(path.dirname(file));
}
