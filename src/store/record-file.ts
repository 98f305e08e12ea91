import { Low } from 'lowdb';
import { SCHEMA_VERSION } from '../domain/types.js';
import { AtomicJsonFile } from './atomic-file.js';
import { checkHeader, readRecords, type RecordScreen } from './codec.js';

export interface RecordFileSpec<V> {
  file: string;
  /** `kind` written in and expected from the file's top object. */
  kind: string;
  /** Name of the array of records in the file, e.g. `activities`. */
  field: string;
  /** Base name of the owning main db file. */
  db: string;
  /** Extra constant header fields (e.g. the shard number). */
  header?: Record<string, unknown>;
  keyOf: (v: V) => unknown;
  /** Called for each record read; throw a StoreError to refuse the file. */
  check?: (v: V, file: string) => void;
  /** Leaves invalid records out of memory (see domain/records.ts). */
  screen?: RecordScreen;
}

/**
 * One lowdb database file holding one collection of records, kept in memory as a Map by key.
 * On disk: `{ schemaVersion, kind, db, ...header, [field]: V[] }`.
 */
export class RecordFile<V> {
  readonly spec: RecordFileSpec<V>;
  readonly adapter: AtomicJsonFile<Map<string, V>>;
  readonly low: Low<Map<string, V>>;

  constructor(spec: RecordFileSpec<V>) {
    this.spec = spec;
    this.adapter = new AtomicJsonFile<Map<string, V>>(spec.file, {
      decode: (json) => {
        const top = checkHeader(json, { file: spec.file, kind: spec.kind, db: spec.db });
        const check = spec.check;
        return readRecords<V>(top, spec.field, spec.file, spec.keyOf, check && ((v) => check(v, spec.file)), spec.screen);
      },
      encode: (map) => ({
        schemaVersion: SCHEMA_VERSION,
        kind: spec.kind,
        db: spec.db,
        ...spec.header,
        [spec.field]: [...map.values()],
      }),
    });
    this.low = new Low(this.adapter, new Map<string, V>());
  }

  get map(): Map<string, V> {
    return this.low.data;
  }

  load(): Promise<void> {
    return this.low.read();
  }

  /** Durably writes the current content (coalesced with concurrent saves of the same file). */
  save(): Promise<void> {
    return this.low.write();
  }

  idle(): Promise<void> {
    return this.adapter.idle();
  }
}
