import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_LATEST } from '../../src/store/pg/migrations.js';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { freshDatabase } from '../pg/database.js';
import { makeEmployee, nipOf, runStoreConformance } from './conformance.js';

runStoreConformance('postgres', async () => {
  const db = await freshDatabase();
  const store = new PgStore(db.url);
  await store.open();
  return { store, cleanup: () => db.drop() };
});

describe('postgres store specifics', () => {
  it('creates the schema at first open, and a second process opening the same database migrates nothing twice', async () => {
    const db = await freshDatabase();
    const [a, b] = [new PgStore(db.url), new PgStore(db.url)];
    try {
      await Promise.all([a.open(), b.open()]);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ version: number }>('SELECT version FROM bangkom_schema ORDER BY version');
      await client.end();
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      await a.upsertEmployees([makeEmployee(nipOf(1))]);
      expect(await b.getEmployee(nipOf(1))).toBeDefined();
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });

  it('refuses a database whose schema is newer than this program, with a clear message', async () => {
    const db = await freshDatabase();
    const store = new PgStore(db.url);
    try {
      await store.open();
      await store.close();
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query("INSERT INTO bangkom_schema (version, name) VALUES ($1, 'from the future')", [SCHEMA_LATEST + 1]);
      await client.end();
      await expect(new PgStore(db.url).open()).rejects.toMatchObject({
        code: 'newer-schema',
        message: expect.stringContaining('upgrade bangkom-bot'),
      });
    } finally {
      await db.drop();
    }
  });

  it('an unreachable server is a clear store error, not a crash', async () => {
    const store = new PgStore('postgres://nobody@127.0.0.1:1/none');
    await expect(store.open()).rejects.toMatchObject({ code: 'io', message: expect.stringContaining('Cannot connect to PostgreSQL') });
  });
});
