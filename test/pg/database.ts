import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { sharedServerUrl } from './shared-server.js';
import './target.js';

/** An empty database of its own for one test file or test, on the run's PostgreSQL. */
export interface FreshDatabase {
  name: string;
  url: string;
  /** Drops the database, ending any connection still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

let adminUrl: Promise<string> | undefined;

/** The superuser (or, with BANGKOM_TEST_DATABASE_URL, the given user's) URL of the run's server; starts it on first use. */
export function pgUrl(): Promise<string> {
  adminUrl ??= (async () => {
    const target = inject('bangkomPg');
    if (target === undefined) throw new Error('No test PostgreSQL: vitest.config.ts must list test/pg/global-setup.ts in globalSetup.');
    return target.kind === 'external' ? target.url : sharedServerUrl(target.stateDir);
  })();
  adminUrl.catch(() => (adminUrl = undefined));
  return adminUrl;
}

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: await pgUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function urlOf(server: string, database: string): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

let made = 0;

export async function freshDatabase(): Promise<FreshDatabase> {
  // Lower-case letters, digits and _ only, so it needs no quoting; unique across workers and runs.
  const name = `bangkom_test_${process.pid}_${++made}_${randomBytes(4).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = urlOf(await pgUrl(), name);
  let dropped: Promise<void> | undefined;
  return {
    name,
    url,
    drop: () => (dropped ??= asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}
