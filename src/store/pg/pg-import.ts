import pg from 'pg';
import { recordProblem, type RecordKind } from '../../domain/records.js';
import type { OutboundRecord, Store } from '../../domain/store.js';
import type { Account, Activity, ConversationState, Employee, Evidence, Invite, Plan, ReminderMark } from '../../domain/types.js';
import { StoreError } from '../errors.js';
import { migrate } from './migrations.js';
import { EVIDENCE_PATH_PREFIX } from './pg-access.js';

/** Every record of a store, by kind (what LowdbStore.exportAll returns). */
export interface StoreRecords {
  employees: readonly Employee[];
  invites: readonly Invite[];
  plans: readonly Plan[];
  accounts: readonly Account[];
  activities: readonly Activity[];
  states: readonly ConversationState[];
  marks: readonly ReminderMark[];
  outbound: readonly OutboundRecord[];
  inbound: readonly { key: string; at: string }[];
}

export const COPY_KINDS = [
  'employees',
  'accounts',
  'invites',
  'activities',
  'plans',
  'states',
  'marks',
  'outboundPending',
  'outboundFailed',
  'inbound',
  'evidence',
] as const;
export type CopyKind = (typeof COPY_KINDS)[number];
export type CopyCounts = Record<CopyKind, number>;

/**
 * Every table that holds data: all of the schema's but bangkom_schema, read from the catalog so that a table a
 * later migration adds (dashboard sign-ins, plans) counts too. A target with a row in any of them is not empty.
 */
async function dataTables(db: pg.PoolClient): Promise<string[]> {
  const { rows } = await db.query<{ t: string }>(
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'bangkom_schema' ORDER BY tablename",
  );
  return rows.map((r) => r.t);
}

/** The target holds data and `force` was not given. */
export class TargetNotEmpty extends Error {
  constructor(readonly rows: Record<string, number>) {
    super(`The target database is not empty (${Object.entries(rows).map(([t, n]) => `${t}: ${n}`).join(', ')}).`);
  }
}

/** An assistant process is running on the target (it holds the outbox relay's lease): clearing it is refused. */
export class TargetInUse extends Error {
  constructor(readonly leases: string[]) {
    super(`An assistant is running on the target database (lease ${leases.join(', ')}).`);
  }
}

/** After the copy the target does not hold what the source does; the copy was rolled back. */
export class CountMismatch extends Error {
  constructor(
    readonly source: CopyCounts,
    readonly target: CopyCounts,
  ) {
    super(`Counts differ after the copy: ${COPY_KINDS.filter((k) => source[k] !== target[k]).map((k) => `${k} ${source[k]} → ${target[k]}`).join(', ')}.`);
  }
}

export interface ImportOptions {
  /** Clear every data table of the target first, instead of refusing a non-empty one. */
  force?: boolean;
  /** The bytes of a certificate file of the source (Store.readEvidence of the source store). */
  readEvidence: Store['readEvidence'];
}

export interface ImportResult {
  /** What the source holds, and what the target holds once the copy is committed: equal (checked before the commit). */
  source: CopyCounts;
  target: CopyCounts;
  /** Certificate files the source's records name but whose bytes it no longer has: records copied as they are. */
  missingEvidence: Evidence[];
}

/** Records per INSERT; each chunk is one jsonb parameter of a few MB. */
const CHUNK = 5000;
/** Certificate files read from the source at a time. */
const EVIDENCE_READS = 8;
/** Certificate files written by one INSERT: at most this many, of at most this many bytes together (or one bigger file). */
const EVIDENCE_GROUP_FILES = 200;
const EVIDENCE_GROUP_BYTES = 16 * 1024 * 1024;
/** Key of the advisory lock two copies into one database take, so that they do not interleave. */
const COPY_LOCK = 0x62636f70; // "bcop"

const INSERTS: Record<keyof StoreRecords, string> = {
  employees: `INSERT INTO employees (nip, atasan_nip, unit, role, email, record)
    SELECT r->>'nip', r->>'atasanNip', r->>'unit', r->>'role', r->>'email', r FROM jsonb_array_elements($1::jsonb) AS r`,
  invites: `INSERT INTO invites (code, record) SELECT r->>'code', r FROM jsonb_array_elements($1::jsonb) AS r`,
  accounts: `INSERT INTO accounts (platform, user_id, nip, linked_at, record)
    SELECT r->>'platform', r->>'userId', r->>'nip', r->>'linkedAt', r FROM jsonb_array_elements($1::jsonb) AS r`,
  activities: `INSERT INTO activities (id, nip, year, status, created_at, record)
    SELECT r->>'id', r->>'nip', (r->>'year')::integer, r->>'status', r->>'createdAt', r FROM jsonb_array_elements($1::jsonb) AS r`,
  plans: `INSERT INTO plans (nip, year, record) SELECT r->>'nip', (r->>'year')::integer, r FROM jsonb_array_elements($1::jsonb) AS r`,
  states: `INSERT INTO states (key, record) SELECT r->>'key', r FROM jsonb_array_elements($1::jsonb) AS r`,
  marks: `INSERT INTO reminder_marks (kind, period, nip, record)
    SELECT r->>'kind', r->>'period', r->>'nip', r FROM jsonb_array_elements($1::jsonb) AS r`,
  // The source's seq is kept: the relay sends in the same order (the store keeps seq in its column only).
  outbound: `INSERT INTO outbound (seq, id, platform, status, record)
    SELECT (r->>'seq')::bigint, r->>'id', r#>>'{message,to,platform}', r->>'status', r - 'seq' FROM jsonb_array_elements($1::jsonb) AS r`,
  inbound: `INSERT INTO inbound (key, at) SELECT r->>'key', (r->>'at')::timestamptz FROM jsonb_array_elements($1::jsonb) AS r`,
};

const KIND_OF: Record<keyof StoreRecords, RecordKind> = {
  employees: 'employee',
  invites: 'invite',
  accounts: 'account',
  activities: 'activity',
  plans: 'plan',
  states: 'state',
  marks: 'mark',
  outbound: 'outbound',
  inbound: 'inbound',
};

const isEvidence = (v: unknown): v is Evidence =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Evidence).hash === 'string' &&
  /^[0-9a-f]{64}$/.test((v as Evidence).hash) &&
  typeof (v as Evidence).path === 'string' &&
  typeof (v as Evidence).mime === 'string' &&
  typeof (v as Evidence).size === 'number';

/**
 * `value` with every certificate in it replaced by `change(it)`: dialogue data holds one where the report
 * in progress keeps it (`evidence`), and again in the answers kept before an edit (`snapshot.evidence`).
 */
function mapEvidence(value: unknown, change: (e: Evidence) => Evidence, depth = 0): unknown {
  if (isEvidence(value)) return change(value);
  if (depth > 20 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => mapEvidence(v, change, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapEvidence(v, change, depth + 1)]));
}

/** What a record would be copied as: valid, or the reason it is not (a copy refuses rather than drops). */
function checkAll(records: StoreRecords): void {
  for (const kind of Object.keys(KIND_OF) as (keyof StoreRecords)[]) {
    for (const record of records[kind]) {
      const problem = recordProblem(KIND_OF[kind], record);
      if (problem) throw new StoreError('invalid', `A ${KIND_OF[kind]} record of the source is not valid (${problem}); nothing was copied.`);
    }
  }
}

const sourceCounts = (r: StoreRecords, evidence: number): CopyCounts => ({
  employees: r.employees.length,
  accounts: r.accounts.length,
  invites: r.invites.length,
  activities: r.activities.length,
  plans: r.plans.length,
  states: r.states.length,
  marks: r.marks.length,
  outboundPending: r.outbound.filter((m) => m.status === 'pending').length,
  outboundFailed: r.outbound.filter((m) => m.status === 'failed').length,
  inbound: r.inbound.length,
  evidence,
});

async function targetCounts(db: pg.PoolClient): Promise<CopyCounts> {
  const { rows } = await db.query<Record<CopyKind, string>>(`SELECT
    (SELECT count(*) FROM employees) AS "employees",
    (SELECT count(*) FROM accounts) AS "accounts",
    (SELECT count(*) FROM invites) AS "invites",
    (SELECT count(*) FROM activities) AS "activities",
    (SELECT count(*) FROM plans) AS "plans",
    (SELECT count(*) FROM states) AS "states",
    (SELECT count(*) FROM reminder_marks) AS "marks",
    (SELECT count(*) FROM outbound WHERE status = 'pending') AS "outboundPending",
    (SELECT count(*) FROM outbound WHERE status = 'failed') AS "outboundFailed",
    (SELECT count(*) FROM inbound) AS "inbound",
    (SELECT count(*) FROM evidence) AS "evidence"`);
  const row = rows[0]!;
  return Object.fromEntries(COPY_KINDS.map((k) => [k, Number(row[k])])) as CopyCounts;
}

/** Empty, or cleared with `force` (unless an assistant runs on it); refused otherwise. */
async function prepareTarget(db: pg.PoolClient, force: boolean): Promise<void> {
  const tables = await dataTables(db);
  const { rows } = await db.query<Record<string, string>>(
    `SELECT ${tables.map((t) => `(SELECT count(*) FROM (SELECT 1 FROM ${t} LIMIT 1) AS x) AS ${t}`).join(', ')}`,
  );
  const filled = Object.fromEntries(Object.entries(rows[0]!).filter(([, n]) => Number(n) > 0).map(([t, n]) => [t, Number(n)]));
  if (Object.keys(filled).length === 0) return;
  if (!force) {
    const { rows: exact } = await db.query<Record<string, string>>(
      `SELECT ${Object.keys(filled).map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`,
    );
    throw new TargetNotEmpty(Object.fromEntries(Object.entries(exact[0]!).map(([t, n]) => [t, Number(n)])));
  }
  const { rows: live } = await db.query<{ name: string }>(
    "SELECT name FROM leases WHERE name LIKE 'relay:%' AND expires_at > clock_timestamp() ORDER BY name",
  );
  if (live.length > 0) throw new TargetInUse(live.map((l) => l.name));
  await db.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY`);
}

/**
 * Carries every distinct certificate file the records name into the target, where the PostgreSQL store
 * keeps them (table evidence, Evidence.path EVIDENCE_PATH_PREFIX + hash, as its putEvidence does). Many
 * files go in one INSERT and the next group is read while one is written (one file per statement made
 * the bytes, not the records, take most of a large copy); a group holds at most EVIDENCE_GROUP_BYTES, so
 * the files of a large store never sit in memory together. Returns where each hash is kept now, and the
 * files the source no longer has.
 */
async function copyEvidence(
  db: pg.PoolClient,
  files: Evidence[],
  readEvidence: Store['readEvidence'],
): Promise<{ paths: Map<string, string>; missing: Evidence[] }> {
  const groups: Evidence[][] = [];
  let bytes = Infinity;
  for (const e of files) {
    if (bytes + e.size > EVIDENCE_GROUP_BYTES || groups.at(-1)!.length >= EVIDENCE_GROUP_FILES) {
      groups.push([]);
      bytes = 0;
    }
    groups.at(-1)!.push(e);
    bytes += e.size;
  }
  const readGroup = async (group: Evidence[]): Promise<(Uint8Array | undefined)[]> => {
    const out: (Uint8Array | undefined)[] = [];
    for (let i = 0; i < group.length; i += EVIDENCE_READS) {
      out.push(...(await Promise.all(group.slice(i, i + EVIDENCE_READS).map((e) => readEvidence(e)))));
    }
    return out;
  };

  const paths = new Map<string, string>();
  const missing: Evidence[] = [];
  let next = groups.length > 0 ? readGroup(groups[0]!) : undefined;
  for (const [i, group] of groups.entries()) {
    const read = await next!;
    next = i + 1 < groups.length ? readGroup(groups[i + 1]!) : undefined;
    next?.catch(() => undefined); // awaited in the next round; a failure then is the copy's failure
    const values: unknown[] = [];
    const rows: string[] = [];
    for (const [j, e] of group.entries()) {
      const b = read[j];
      if (!b) {
        missing.push(e);
        continue;
      }
      const n = values.push(e.hash, e.mime, b.byteLength, Buffer.from(b.buffer, b.byteOffset, b.byteLength));
      rows.push(`($${n - 3}, $${n - 2}, $${n - 1}, $${n})`);
      paths.set(e.hash, `${EVIDENCE_PATH_PREFIX}${e.hash}`);
    }
    if (rows.length > 0) {
      await db.query(`INSERT INTO evidence (hash, mime, size, bytes) VALUES ${rows.join(', ')} ON CONFLICT (hash) DO NOTHING`, values);
    }
  }
  return { paths, missing };
}

/** The records with every certificate path pointing where the target keeps the file. */
function withEvidencePaths(records: StoreRecords, paths: Map<string, string>): StoreRecords {
  const moved = (e: Evidence): Evidence => (paths.has(e.hash) ? { ...e, path: paths.get(e.hash)! } : e);
  return {
    ...records,
    activities: records.activities.map((a) => (a.evidence ? { ...a, evidence: moved(a.evidence) } : a)),
    states: records.states.map((s) => ({ ...s, data: mapEvidence(s.data, moved) as ConversationState['data'] })),
    // A document waiting in the outbox (a Kartu Data PDF) names its file the same way.
    outbound: records.outbound.map((o) => (o.message.kind === 'document' ? { ...o, message: mapEvidence(o.message, moved) as OutboundRecord['message'] } : o)),
  };
}

/**
 * Copies `records` (and the certificate files they name) into the PostgreSQL database at `url`, in one
 * transaction: the schema is created or migrated first; a target holding any row is refused, or with
 * `force` cleared first. Records keep their ids, timestamps and the outbox order. Before the commit the
 * target's counts are compared with the source's; on a difference nothing is committed (CountMismatch).
 */
export async function importIntoPg(url: string, records: StoreRecords, opts: ImportOptions): Promise<ImportResult> {
  checkAll(records);
  const byHash = new Map<string, Evidence>();
  const note = (e: Evidence): Evidence => {
    if (!byHash.has(e.hash)) byHash.set(e.hash, e);
    return e;
  };
  for (const a of records.activities) if (a.evidence) note(a.evidence);
  for (const s of records.states) mapEvidence(s.data, note);
  for (const o of records.outbound) if (o.message.kind === 'document') mapEvidence(o.message, note);

  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => undefined);
  let db: pg.PoolClient;
  try {
    db = await pool.connect();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new StoreError('io', `Cannot connect to PostgreSQL (${(err as Error).message}).`);
  }
  try {
    await migrate(db);
    await db.query('BEGIN');
    try {
      await db.query('SELECT pg_advisory_xact_lock($1)', [COPY_LOCK]);
      await prepareTarget(db, opts.force ?? false);
      const { paths, missing } = await copyEvidence(db, [...byHash.values()], opts.readEvidence);
      const moved = withEvidencePaths(records, paths);
      for (const kind of Object.keys(INSERTS) as (keyof StoreRecords)[]) {
        const list = moved[kind];
        for (let i = 0; i < list.length; i += CHUNK) await db.query(INSERTS[kind], [JSON.stringify(list.slice(i, i + CHUNK))]);
      }
      // New messages are numbered after the copied ones.
      await db.query(
        "SELECT setval(pg_get_serial_sequence('outbound', 'seq'), GREATEST(max(seq), 1), max(seq) IS NOT NULL) FROM outbound",
      );
      const source = sourceCounts(records, paths.size);
      const target = await targetCounts(db);
      if (COPY_KINDS.some((k) => source[k] !== target[k])) throw new CountMismatch(source, target);
      await db.query('COMMIT');
      return { source, target, missingEvidence: missing };
    } catch (err) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    db.release();
    await pool.end().catch(() => undefined);
  }
}
