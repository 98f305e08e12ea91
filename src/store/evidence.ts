import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { checkEvidence, EVIDENCE_LIMITS, EvidenceError, evidenceType, sniffEvidence } from '../domain/evidence.js';
import type { Evidence } from '../domain/types.js';
import { writeFileAtomic } from './atomic-file.js';

/** Directory of the evidence files of the database at `dbPath`: `<dir of db file>/evidence`. */
export function evidenceDirFor(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'evidence');
}

/**
 * Stores a supporting document under `<dataDir>/evidence/<sha256><ext>`, content-addressed:
 * the same bytes always give the same file, written once, atomically. Throws EvidenceError when
 * checkEvidence refuses the file, or (`bad-type`) when the content is not the type its name and mime
 * type claim (sniffEvidence). The returned `path` is `<dataDir>/evidence/<file>` as given.
 */
export async function saveEvidence(dataDir: string, bytes: Uint8Array, name: string, mime: string): Promise<Evidence> {
  const type = evidenceType(name, mime);
  const check = checkEvidence(name, mime, bytes.byteLength);
  if (!check.ok || !type) throw new EvidenceError(check.ok ? 'bad-type' : check.reason);
  if (sniffEvidence(bytes) !== type) throw new EvidenceError('bad-type');
  const hash = createHash('sha256').update(bytes).digest('hex');
  const file = path.join(dataDir, 'evidence', `${hash}${EVIDENCE_LIMITS.types[type]}`);
  const existing = await stat(file).catch(() => undefined);
  if (!existing || existing.size !== bytes.byteLength) await writeFileAtomic(file, bytes);
  return { hash, name, mime: type, size: bytes.byteLength, path: file };
}
