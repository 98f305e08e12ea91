import type { PoolClient } from 'pg';
import { StoreError } from '../errors.js';

/**
 * The PostgreSQL schema, as versioned migrations applied in order at open. Each is plain SQL run in one
 * transaction; a database whose version is newer than the last one here is refused. Records are kept
 * whole as jsonb (the same plain data the lowdb files hold), with the fields every question filters or
 * sorts on copied into indexed columns: every lookup of the engine and the CLI is an index lookup.
 */
/** certificateNumberKey (src/domain/certificate-key.ts) in SQL: the indexed expression and the query's must be the same text. */
export const CERTIFICATE_NUMBER_KEY_SQL = "lower(regexp_replace(record->>'certificateNumber', '\\s', '', 'g'))";

export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'records, outbox, inbound marks, evidence, leases',
    sql: `
      CREATE TABLE employees (
        nip text PRIMARY KEY,
        atasan_nip text,
        unit text NOT NULL,
        role text NOT NULL,
        email text,
        record jsonb NOT NULL
      );
      CREATE INDEX employees_atasan ON employees (atasan_nip);
      CREATE INDEX employees_unit ON employees (unit);
      CREATE INDEX employees_admins ON employees (nip) WHERE role = 'admin';
      CREATE INDEX employees_email ON employees (lower(email)) WHERE email IS NOT NULL;

      CREATE TABLE accounts (
        platform text NOT NULL,
        user_id text NOT NULL,
        nip text NOT NULL,
        linked_at text NOT NULL,
        record jsonb NOT NULL,
        PRIMARY KEY (platform, user_id)
      );
      CREATE INDEX accounts_nip ON accounts (nip, linked_at);

      CREATE TABLE invites (code text PRIMARY KEY, record jsonb NOT NULL);

      CREATE TABLE activities (
        id text PRIMARY KEY,
        nip text NOT NULL,
        year integer NOT NULL,
        status text NOT NULL,
        created_at text NOT NULL,
        record jsonb NOT NULL
      );
      CREATE INDEX activities_nip ON activities (nip, created_at, id);
      CREATE INDEX activities_year ON activities (year);
      CREATE INDEX activities_status ON activities (status);

      CREATE TABLE states (key text PRIMARY KEY, record jsonb NOT NULL);

      CREATE TABLE reminder_marks (
        kind text NOT NULL,
        period text NOT NULL,
        nip text NOT NULL,
        record jsonb NOT NULL,
        PRIMARY KEY (kind, period, nip)
      );

      CREATE TABLE outbound (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        platform text NOT NULL,
        status text NOT NULL,
        record jsonb NOT NULL
      );
      CREATE INDEX outbound_pending ON outbound (platform, seq) WHERE status = 'pending';
      CREATE INDEX outbound_failed ON outbound (seq) WHERE status = 'failed';

      CREATE TABLE inbound (key text PRIMARY KEY, at timestamptz NOT NULL);
      CREATE INDEX inbound_at ON inbound (at);

      CREATE TABLE evidence (hash text PRIMARY KEY, mime text NOT NULL, size integer NOT NULL, bytes bytea NOT NULL);

      CREATE TABLE leases (name text PRIMARY KEY, owner text NOT NULL, expires_at timestamptz NOT NULL);

      CREATE TABLE set_aside (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        source text NOT NULL,
        problem text NOT NULL,
        record jsonb NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'activity indexes for runs over pages of employees',
    // The year index alone is too coarse: for "these 1,000 NIPs in this year" the planner ANDed it with the
    // NIPs and read 200,000 entries of a 1,000,000-activity table per page (measured with bench/scale.ts).
    sql: `
      CREATE INDEX activities_nip_year ON activities (nip, year, created_at, id);
      CREATE INDEX activities_pending_nip ON activities (nip) WHERE status = 'pending';
      CREATE INDEX activities_upload_due ON activities (nip)
        WHERE status = 'approved' AND NOT (record ? 'myAsnUploadedAt') AND NOT (record ? 'source');
      DROP INDEX activities_year;
    `,
  },
  {
    version: 3,
    name: 'dashboard sign-in links and sessions',
    sql: `
      CREATE TABLE dashboard_tokens (id text PRIMARY KEY, expires_at timestamptz NOT NULL, record jsonb NOT NULL);
      CREATE INDEX dashboard_tokens_expires ON dashboard_tokens (expires_at);
    `,
  },
  {
    version: 4,
    name: 'yearly plans',
    // One row per employee and year; the HR plan document and the rekap ask for a year's plans.
    sql: `
      CREATE TABLE plans (nip text NOT NULL, year integer NOT NULL, record jsonb NOT NULL, PRIMARY KEY (nip, year));
      CREATE INDEX plans_year ON plans (year);
    `,
  },
  {
    version: 5,
    name: 'certificate lookups: by file hash and by number',
    sql: `
      CREATE INDEX activities_evidence_hash ON activities ((record->'evidence'->>'hash'), year) WHERE record ? 'evidence';
      CREATE INDEX activities_certificate_number ON activities ((${CERTIFICATE_NUMBER_KEY_SQL}), year)
        WHERE record ? 'certificateNumber';
    `,
  },
];

export const SCHEMA_LATEST = MIGRATIONS.at(-1)!.version;
/** pg_advisory_lock key of migrations: two processes starting together migrate once. */
const MIGRATION_LOCK = 0x62616e67; // "bang"

/** Creates or migrates the schema; refuses a database whose schema is newer than this program's. */
export async function migrate(client: PoolClient): Promise<{ from: number; to: number }> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS bangkom_schema (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM bangkom_schema');
    const from = rows[0]?.v ?? 0;
    if (from > SCHEMA_LATEST) {
      throw new StoreError(
        'newer-schema',
        `The database has schema version ${from}, newer than this program supports (${SCHEMA_LATEST}); ` +
          'upgrade bangkom-bot before using this database.',
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= from) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO bangkom_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }
    return { from, to: Math.max(from, SCHEMA_LATEST) };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
  }
}
