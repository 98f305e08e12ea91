import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { EVIDENCE_LIMITS, EvidenceError, evidenceOf } from '../domain/evidence.js';
import type { Evidence } from '../domain/types.js';
import { writeFileAtomic } from './atomic-file.js';

/** Directory of the evidence files of the database at `dbPath`: `<dir of db file>/evidence`. */
export function evidenceDirFor(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'evidence');
}

/**
 * Stores a supporting document under `<dataDir>/evidence/<sha256><ext>`, content-addressed: the same
 * bytes always give the same file, written once, atomically. The content decides its type (evidenceOf):
 * it is stored with the mime type and extension its bytes say, whatever the sender's app claimed
 * (`_claimedMime` is not trusted); throws EvidenceError when the bytes are of no accepted type or too
 * big. `name` is kept as the sender named it. The returned `path` is `<dataDir>/evidence/<file>` as given.
 */
export async function saveEvidence(dataDir: string, bytes: Uint8Array, name: string, _claimedMime?: string): Promise<Evidence> {
  const verdict = evidenceOf(bytes);
  if (!verdict.ok) throw new EvidenceError(verdict.reason);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const file = await writeEvidenceFile(path.join(dataDir, 'evidence'), hash, EVIDENCE_LIMITS.types[verdict.type], bytes);
  return { hash, name, mime: verdict.type, size: bytes.byteLength, path: file };
}

/** Writes `<dir>/<hash><ext>` atomically unless it is there already; returns its path. */
export async function writeEvidenceFile(dir: string, hash: string, ext: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, `${hash}${ext}`);
  const existing = await stat(file).catch(() => undefined);
  if (!existing || existing.size !== bytes.byteLength) await writeFileAtomic(file, bytes);
  return file;
}
