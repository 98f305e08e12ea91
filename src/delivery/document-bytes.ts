import { createHash } from 'node:crypto';
import type { OutgoingFile } from '../chat/events.js';
import type { Store } from '../domain/store.js';
import { DeliveryError } from './types.js';

/** Where a sender reads the bytes of an outbound document: the store that kept them (keepDocument). */
export type KeptFiles = Pick<Store, 'readEvidence'>;

/**
 * The bytes of a document about to be sent, read from the store at send time. A file that is gone, or
 * whose bytes are not the ones referenced (another hash), can never be sent: permanent. A read that fails
 * (the database is away) is transient, as is a sender given no store at all (a wiring slip: the message
 * stays in the outbox for a sender that has one).
 */
export async function documentBytes(files: KeptFiles | undefined, file: OutgoingFile): Promise<Uint8Array> {
  if (!files) throw new DeliveryError(`document ${file.name}: this sender was given no store to read documents from`);
  let bytes: Uint8Array | undefined;
  try {
    bytes = await files.readEvidence({ hash: file.hash, path: file.path });
  } catch (err) {
    throw new DeliveryError(`document ${file.name}: the store could not read it: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!bytes) throw new DeliveryError(`document ${file.name}: its file is gone from the store`, { permanent: true });
  if (createHash('sha256').update(bytes).digest('hex') !== file.hash) {
    throw new DeliveryError(`document ${file.name}: the stored bytes do not match its hash`, { permanent: true });
  }
  return bytes;
}
