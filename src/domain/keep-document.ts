import { createHash } from 'node:crypto';
import path from 'node:path';
import type { OutgoingFile } from '../chat/events.js';
import { evidenceName } from './evidence.js';
import type { Store } from './store.js';

/** Telegram bots upload at most 50 MB; no document the assistant makes comes near it. */
export const DOCUMENT_MAX_BYTES = 50 * 1024 * 1024;

const EXT_OF_MIME: Record<string, string> = {
  'application/pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'text/csv': '.csv',
  'application/json': '.json',
};

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;

/**
 * Keeps a document the assistant sends (a Kartu Data PDF) in the store, content-addressed like the
 * certificates (putEvidence), and returns the reference an outbound `document` message carries: the
 * outbox never holds the bytes, and any process on the store can read them when it sends. `name` is what
 * the recipient sees (cleaned of folders and control characters); `mime` is the document's type.
 */
export async function keepDocument(
  store: Pick<Store, 'putEvidence'>,
  bytes: Uint8Array,
  name: string,
  mime: string,
): Promise<OutgoingFile> {
  if (bytes.byteLength === 0) throw new Error('keepDocument: the document is empty');
  if (bytes.byteLength > DOCUMENT_MAX_BYTES) throw new Error(`keepDocument: the document is over ${DOCUMENT_MAX_BYTES} bytes`);
  const type = mime.trim().toLowerCase();
  if (!MIME.test(type)) throw new Error(`keepDocument: not a mime type: ${mime}`);
  const ext = EXT_OF_MIME[type] ?? (/^\.[a-z0-9]{1,8}$/.test(path.extname(name).toLowerCase()) ? path.extname(name).toLowerCase() : '');
  const hash = createHash('sha256').update(bytes).digest('hex');
  const kept = await store.putEvidence({ hash, mime: type, ext, bytes });
  return { name: evidenceName(name) || `dokumen${ext}`, mime: type, hash, path: kept, size: bytes.byteLength };
}
