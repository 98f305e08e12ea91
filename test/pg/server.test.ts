import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, pgUrl, type FreshDatabase } from './database.js';

/** Proves the tests get a real PostgreSQL server (several connections, advisory locks), not an in-process stand-in. */
const clients: pg.Client[] = [];
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

let a: FreshDatabase;
let b: FreshDatabase;

beforeAll(async () => {
  [a, b] = await Promise.all([freshDatabase(), freshDatabase()]);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  await Promise.all([a?.drop(), b?.drop()]);
});

describe('the test PostgreSQL', () => {
  it('is a PostgreSQL server', async () => {
    const admin = await connect(await pgUrl());
    const { rows } = await admin.query<{ version: string }>('SELECT version()');
    expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
  });

  it('gives each fresh database its own empty schema', async () => {
    expect(a.url).not.toBe(b.url);
    const [inA, inB] = await Promise.all([connect(a.url), connect(b.url)]);
    await inA.query('CREATE TABLE only_in_a (id int PRIMARY KEY)');
    await inA.query('INSERT INTO only_in_a VALUES (1)');

    const seen = async (client: pg.Client) =>
      (await client.query<{ found: string | null; db: string }>("SELECT to_regclass('only_in_a')::text AS found, current_database() AS db")).rows[0];
    expect(await seen(inA)).toEqual({ found: 'only_in_a', db: a.name });
    expect(await seen(inB)).toEqual({ found: null, db: b.name });
  });

  it('refuses an advisory lock to a second connection while the first holds it', async () => {
    const [first, second] = await Promise.all([connect(a.url), connect(a.url)]);
    const tryLock = async (client: pg.Client) =>
      (await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock(11, 42) AS got')).rows[0]?.got;

    expect(await tryLock(first)).toBe(true);
    expect(await tryLock(second)).toBe(false);
    await first.query('SELECT pg_advisory_unlock(11, 42)');
    expect(await tryLock(second)).toBe(true);
  });

  it('drops a fresh database, even with a connection still open to it', async () => {
    const doomed = await freshDatabase();
    const open = await connect(doomed.url);
    // pg reports the forced end as 'error' events (57P01, then "terminated unexpectedly"); a pool would too.
    const ended = new Promise<unknown>((resolve) => open.on('error', resolve));
    await open.query('SELECT 1');
    await doomed.drop();
    await expect(ended).resolves.toMatchObject({ code: '57P01' }); // terminating connection due to administrator command

    const admin = await connect(await pgUrl());
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [doomed.name]);
    expect(rowCount).toBe(0);
    await expect(connect(doomed.url)).rejects.toMatchObject({ code: '3D000' });
  });
});
