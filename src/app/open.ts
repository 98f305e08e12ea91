import { dirname } from 'node:path';
import { clockFor, type AppConfig } from '../config.js';
import type { EngineDeps } from '../engine/deps.js';
import { Engine } from '../engine/engine.js';
import { openLowdbStore } from '../store/lowdb-store.js';
import { openPgStore } from '../store/pg/pg-store.js';
import type { Store } from '../domain/store.js';
import type { Logger } from '../domain/log.js';
import { createLogger } from '../platform/logger.js';
import { getProfile } from '../rules/index.js';
import { createCertificateReader } from '../certificate/index.js';

export interface App {
  config: AppConfig;
  store: Store;
  deps: EngineDeps;
  engine: Engine;
  close(): Promise<void>;
}

/** Opens the store and builds the engine for the resolved configuration. */
export interface OpenOptions extends Partial<Pick<EngineDeps, 'botUsername' | 'dashboardUrl'>> {
  /** A snapshot without the lock (reports while the assistant runs); every write is refused. */
  readOnly?: boolean;
  /** Structured log for the engine and the store (default: none). */
  log?: Logger;
}

export async function openApp(config: AppConfig, opts: OpenOptions = {}): Promise<App> {
  const { readOnly, ...extra } = opts;
  const log = opts.log ?? createLogger();
  getProfile(config.profile);
  // PostgreSQL needs no lock and no read-only snapshot: every process works on the live database.
  const store = config.databaseUrl
    ? await openPgStore(config.databaseUrl, { log })
    : await openLowdbStore(config.db, { ...(readOnly ? { readOnly: true } : {}), log });
  // Certificates sent in a report are read off the event loop (PDFs in a child process, OCR in a worker thread), started at the first file (none for a CLI report).
  const certificates = createCertificateReader({
    onError: (error) => log.error('certificate reader failed', { error: error instanceof Error ? error.message : String(error) }),
  });
  const deps: EngineDeps = {
    store,
    clock: clockFor(config),
    tz: config.tz,
    profile: config.profile,
    dataDir: dirname(config.db),
    readCertificate: (bytes, hint) => certificates.read(bytes, hint),
    ...extra,
    log,
  };
  const engine = new Engine(deps);
  return {
    config,
    store,
    deps,
    engine,
    async close() {
      await engine.idle();
      await certificates.close();
      await store.close();
    },
  };
}
