import { SCHEMA_VERSION } from '../domain/types.js';
import { StoreError } from './errors.js';

/** Freezes an object graph in place (plain data only) and returns it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** A private, frozen copy of caller data: later changes by the caller cannot reach the store. */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Refuses data written by a newer program; accepts current and (future: migrated) older versions. */
export function checkSchemaVersion(version: unknown, what: string): number {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new StoreError('corrupt', `${what} has no valid schemaVersion (found ${JSON.stringify(version)}).`);
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      'newer-schema',
      `${what} has schemaVersion ${version}, newer than this program supports (${SCHEMA_VERSION}); ` +
        'upgrade bangkom-bot before opening this database.',
    );
  }
  return version;
}

export interface HeaderSpec {
  file: string;
  kind: string;
  /** Base name of the main db file a sibling belongs to; undefined for the main file itself. */
  db?: string;
}

/** Validates the top object of a store file and returns it. */
export function checkHeader(json: unknown, spec: HeaderSpec): Record<string, unknown> {
  if (!isObject(json)) throw new StoreError('corrupt', `Store file ${spec.file} does not hold a JSON object.`);
  checkSchemaVersion(json.schemaVersion, `Store file ${spec.file}`);
  if (json.kind !== spec.kind) {
    throw new StoreError(
      'foreign-file',
      `Store file ${spec.file} is of kind ${JSON.stringify(json.kind)}, expected ${JSON.stringify(spec.kind)}; ` +
        'is --db pointing at the right file?',
    );
  }
  if (spec.db !== undefined && json.db !== spec.db) {
    throw new StoreError(
      'foreign-file',
      `Store file ${spec.file} belongs to database ${JSON.stringify(json.db)}, not ${JSON.stringify(spec.db)}.`,
    );
  }
  return json;
}

/** Checks each record read against its schema; one that fails is handed to `setAside` and left out. */
export interface RecordScreen {
  problem: (v: unknown) => string | undefined;
  setAside: (record: unknown, problem: string) => void;
}

/**
 * Reads an array of records keyed by `keyOf` into a Map; refuses a file whose entries are not keyed
 * objects, and leaves out (through `screen`) a record that is not valid.
 */
export function readRecords<V>(
  json: Record<string, unknown>,
  field: string,
  file: string,
  keyOf: (v: V) => unknown,
  check?: (v: V) => void,
  screen?: RecordScreen,
): Map<string, V> {
  const list = json[field];
  if (!Array.isArray(list)) throw new StoreError('corrupt', `Store file ${file} has no "${field}" array.`);
  const map = new Map<string, V>();
  for (const item of list as unknown[]) {
    if (!isObject(item)) throw new StoreError('corrupt', `Store file ${file}: an entry of "${field}" is not an object.`);
    const key = keyOf(item as V);
    if (typeof key !== 'string' || key === '') {
      throw new StoreError('corrupt', `Store file ${file}: an entry of "${field}" has no key.`);
    }
    check?.(item as V);
    const problem = screen?.problem(item);
    if (problem) {
      screen!.setAside(item, problem);
      continue;
    }
    map.set(key, deepFreeze(item as V));
  }
  return map;
}
