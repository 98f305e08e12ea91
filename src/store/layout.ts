import path from 'node:path';

/** Default number of activity shards for a new database (recorded in the main file; see README of the store). */
export const DEFAULT_ACTIVITY_SHARDS = 128;
/** Default number of conversation-state shards for a new database. */
export const DEFAULT_STATE_SHARDS = 16;

/**
 * Every file of one database, all derived from the configured db path, so that two stores with
 * different --db never share a file. For `data/db.json`:
 *
 *   data/db.json                      meta (schemaVersion, layout) + employees + invites
 *   data/db.accounts.json             platform accounts (touchAccount is written lazily)
 *   data/db.states/NN.json            conversation states, sharded by hash of the key
 *   data/db.activities/NNN.json       activities, sharded by hash of the NIP
 *   data/db.marks/<period>.json       reminder marks, one file per period
 *   data/db.outbound.json             outbound messages committed and not yet delivered (the outbox)
 *   data/db.inbound.json              inbound event ids handled lately (dedupe of re-deliveries)
 *   data/db.journal/NNNNNNNN.log      write-ahead journal: commits not yet checkpointed into the files above
 *   data/db.lock                      advisory lock held while a (writable) store is open
 */
export interface StoreLayout {
  main: string;
  accounts: string;
  statesDir: string;
  activitiesDir: string;
  marksDir: string;
  outbound: string;
  inbound: string;
  journalDir: string;
  /** The outbox spool of earlier versions, taken into the outbox at open. */
  legacySpool: string;
  /** Records found invalid when opening, set aside (JSON lines) instead of being served or dropped. */
  setAside: string;
  lock: string;
}

export function layoutFor(dbPath: string): StoreLayout {
  const main = path.resolve(dbPath);
  const base = main.toLowerCase().endsWith('.json') ? main.slice(0, -'.json'.length) : main;
  return {
    main,
    accounts: `${base}.accounts.json`,
    statesDir: `${base}.states`,
    activitiesDir: `${base}.activities`,
    marksDir: `${base}.marks`,
    outbound: `${base}.outbound.json`,
    inbound: `${base}.inbound.json`,
    journalDir: `${base}.journal`,
    legacySpool: `${base}.outbox.json`,
    setAside: `${base}.set-aside.jsonl`,
    lock: `${base}.lock`,
  };
}

/** 32-bit FNV-1a over UTF-16 code units. Stable forever: shard assignment depends on it. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function shardOf(key: string, shards: number): number {
  return fnv1a(key) % shards;
}

export function shardFile(dir: string, shard: number, shards: number): string {
  const width = String(shards - 1).length;
  return path.join(dir, `${String(shard).padStart(width, '0')}.json`);
}

/** File of the reminder marks of one period; unusual period strings are hashed into a safe name. */
export function marksFile(dir: string, period: string): string {
  const name = /^[A-Za-z0-9_-]{1,64}$/.test(period) ? period : `x-${fnv1a(period).toString(16).padStart(8, '0')}`;
  return path.join(dir, `${name}.json`);
}
