import { createHash } from 'node:crypto';
import { EVIDENCE_LIMITS, EvidenceError, evidenceOf } from './evidence.js';
import type { Store } from './store.js';
import type { Evidence } from './types.js';

/**
 * Keeps a supporting document in the store, content-addressed (the same bytes are kept once). The content
 * decides its type: it is kept with the mime type its bytes say, whatever the sender's app claimed;
 * throws EvidenceError when the bytes are of no accepted type or too big. `name` is kept as given.
 */
export async function keepEvidence(store: Store, bytes: Uint8Array, name: string): Promise<Evidence> {
  const verdict = evidenceOf(bytes);
  if (!verdict.ok) throw new EvidenceError(verdict.reason);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const path = await store.putEvidence({ hash, mime: verdict.type, ext: EVIDENCE_LIMITS.types[verdict.type], bytes });
  return { hash, name, mime: verdict.type, size: bytes.byteLength, path };
}
