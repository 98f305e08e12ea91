import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutgoingFile } from '../../src/chat/events.js';
import { documentBytes, type KeptFiles } from '../../src/delivery/document-bytes.js';
import { evidenceName } from '../../src/domain/evidence.js';

/**
 * The terminal chat's download: a document sent to a console user becomes a file they can open, under
 * `dir`, named as it was sent. The store's own copy is named by its hash (and on PostgreSQL is no file at
 * all), so a path to it would not help. Asked again, the same bytes land on the same file; a file of that
 * name with other bytes is left alone and the copy is named `… (2).pdf`. Returns the copy's path.
 */
export async function saveDocument(files: KeptFiles, file: OutgoingFile, dir: string): Promise<string> {
  const bytes = await documentBytes(files, file);
  await mkdir(dir, { recursive: true });
  const name = evidenceName(file.name) || 'dokumen';
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 100; n++) {
    const target = path.join(dir, n === 1 ? name : `${stem} (${n})${ext}`);
    const existing = await readFile(target).catch(() => undefined);
    if (existing && Buffer.compare(existing, bytes) === 0) return target;
    if (existing) continue;
    await writeFile(target, bytes, { flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
      // Written meanwhile by another session: the same bytes are as good as ours.
      if (err.code !== 'EEXIST' || Buffer.compare(await readFile(target), bytes) !== 0) throw err;
    });
    return target;
  }
  throw new Error(`no free file name for ${name} in ${dir}`);
}
