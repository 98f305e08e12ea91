export type StoreErrorCode =
  /** A store file cannot be parsed or has an unexpected shape; it is left untouched. */
  | 'corrupt'
  /** A file was written by a newer version of the program (higher schemaVersion). */
  | 'newer-schema'
  /** A file belongs to another database or is of another kind than expected at that path. */
  | 'foreign-file'
  /** addActivity with an id that already exists. */
  | 'duplicate'
  /** The database is open in another process (or already in this one); see lock.ts. */
  | 'locked'
  /** A write on a store opened with { readOnly: true }. */
  | 'read-only'
  /** The store was used before open() or after close(). */
  | 'not-open'
  /** A write was refused because the record is not acceptable (e.g. changing an activity id). */
  | 'invalid'
  /** A write could not be made durable (disk full, read-only file system); nothing changed. */
  | 'io'
  /** A transaction kept meeting concurrent changes of the records it read; nothing changed. */
  | 'conflict';

export class StoreError extends Error {
  constructor(
    public readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
