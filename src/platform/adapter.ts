import type { AppConfig } from '../config.js';
import type { Outbox } from '../delivery/outbox.js';
import type { Engine } from '../engine/engine.js';
import type { Platform } from '../chat/events.js';
import type { Store } from '../domain/store.js';
import type { PlatformSender } from '../delivery/types.js';
import type { HttpRoutes } from '../http/server.js';

import type { Logger } from '../domain/log.js';
export type { Logger } from '../domain/log.js';

/** What a running platform adapter gets: the engine to feed, and the outbox every reply goes through. */
export interface AdapterContext {
  engine: Engine;
  outbox: Outbox;
  store: Store;
  config: AppConfig;
  /** Where evidence files are stored (`<db dir>/evidence`). */
  dataDir: string;
  log: Logger;
  /**
   * The relay sending what the store's outbox holds (set by the assistant before the adapters start):
   * an adapter's idle() waits for it too, so "idle" means handled and delivered.
   */
  relay?: { idle(): Promise<void> };
  /**
   * The assistant's one HTTP server (PORT, HOST): an adapter that receives over HTTP adds its route here.
   * Without it (an adapter started on its own, in tests) the adapter listens on a server of its own.
   */
  http?: HttpRoutes;
  /**
   * The platform cannot go on and will not recover by itself (Telegram polling stopped for good on 401 or
   * 409, Slack Socket Mode gave up): the assistant shuts down cleanly (the store is flushed, its lock
   * released; undelivered messages stay in its outbox) and exits non-zero, so a supervisor restarts it or someone
   * looks. Call it at most once per failure; later calls (and calls during a shutdown) are ignored.
   */
  fatal(err: unknown): void;
}

/** A chat platform inside the running assistant (`npm start`). */
export interface PlatformAdapter {
  platform: Platform;
  sender: PlatformSender;
  /** Starts receiving (polling, webhook or socket); resolves once it is receiving. */
  start(): Promise<void>;
  /** Stops accepting new events and resolves when the events in hand are handled and their replies sent. */
  stop(): Promise<void>;
}
