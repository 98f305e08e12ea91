/**
 * Where the tests' PostgreSQL is, handed from the global setup to every worker with provide/inject:
 * a server someone else runs (BANGKOM_TEST_DATABASE_URL), or the run's own embedded server, started on
 * first use by whichever worker needs it first (see shared-server.ts).
 */
export type PgTarget = { kind: 'external'; url: string } | { kind: 'embedded'; stateDir: string };

declare module 'vitest' {
  export interface ProvidedContext {
    bangkomPg: PgTarget;
  }
}

export function externalUrl(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error('BANGKOM_TEST_DATABASE_URL is not a URL; expected postgresql://user:password@host:port/database');
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(`BANGKOM_TEST_DATABASE_URL must be a postgresql:// URL, not ${url.protocol}//…`);
  }
  return url.toString();
}
