import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { runInteractive } from '../../adapters/console/interactive.js';
import type { AppConfig } from '../config.js';
import { Outbox, type OutboxOptions } from '../delivery/outbox.js';
import { Relay } from '../delivery/relay.js';
import { reminderCronPatterns, startReminderSchedule } from '../reminders/schedule.js';
import { planDeadlineSetting } from '../engine/plan/year.js';
import { createLogger } from '../platform/logger.js';
import { openApp, type App } from './open.js';
import type { AdapterContext, Logger, PlatformAdapter } from '../platform/adapter.js';
import { platformFactories, type AdapterFactory } from './platforms.js';
import { httpConfig } from '../http/config.js';
import { HttpServer } from '../http/server.js';
import { mountDashboard } from '../dashboard/routes.js';
import { publicUrl, publicUrlSetting } from '../dashboard/public-url.js';

/** How long the relay's lease lasts unrenewed: a standby process takes over the outbox within this. */
export const RELAY_LEASE_MS = 10_000;

/** This process's name in leases: which process holds one is in the database (`leases.owner`). */
const processName = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** A stop request ends the process within this long, whatever hangs (Docker's default grace is 10 s). */
export const SHUTDOWN_LIMIT_MS = 8000;
/** How long the work in hand may still deliver its replies before the outbox is closed (the rest stays in the store's outbox). */
export const SHUTDOWN_DRAIN_MS = 3000;
/** The part of SHUTDOWN_LIMIT_MS kept for the last resort: release the store, exit 1. */
export const SHUTDOWN_RELEASE_MS = 1500;

/** Where stop requests come from (process: SIGTERM and SIGINT). */
export interface SignalSource {
  once(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/** Seams for tests; `npm start` uses the defaults. */
export interface RunOptions {
  /** Default: platformFactories(env). */
  factories?: AdapterFactory[];
  /** Default: JSON logs on stderr at LOG_LEVEL (from env). */
  log?: Logger;
  /** Default: process. */
  signals?: SignalSource;
  /** Default: process.exit. */
  exit?: (code: number) => void;
  shutdownLimitMs?: number;
  drainMs?: number;
  releaseMs?: number;
  outbox?: OutboxOptions;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Resolves with true when `p` settles within `ms`, false otherwise (p keeps running). */
async function within(ms: number, p: Promise<unknown>): Promise<boolean> {
  const timer = new AbortController();
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      delay(Math.max(0, ms), false, { signal: timer.signal }),
    ]);
  } finally {
    timer.abort();
  }
}

/**
 * `npm start`: every chat platform whose variables are set, in one process on one store; with no platform
 * variable at all, the terminal chat so anyone can try it. A partial platform configuration is refused
 * before anything is opened (see platformFactories).
 *
 * Stopping (SIGTERM, SIGINT, or a platform's ctx.fatal): the adapters stop accepting and finish what they
 * have in hand, the reminder schedule stops, the engine goes idle; replies still undelivered after
 * SHUTDOWN_DRAIN_MS (a platform outage) simply stay in the store's outbox, where every turn committed them,
 * and the next start sends them. Then the store is closed and its lock released. Exit 0 after a stop
 * request, 1 after a fatal platform failure. Whatever hangs, after SHUTDOWN_LIMIT_MS - SHUTDOWN_RELEASE_MS
 * the store is closed (lock released) and the process exits 1.
 */
export async function runAssistant(config: AppConfig, env: NodeJS.ProcessEnv = process.env, opts: RunOptions = {}): Promise<void> {
  const factories = opts.factories ?? platformFactories(env);
  // Checked before anything is opened, like every setting below: a bad one is a configuration error.
  const listen = httpConfig(env);
  // Checked here; the address itself is asked for once the server listens (PORT=0: the port it got).
  const publicSetting = publicUrlSetting(env);
  let boundPort: number | undefined;
  const dashboardUrl = () => publicUrl(env, boundPort);
  const planDeadline = planDeadlineSetting(env);
  if (!planDeadline.ok) throw new Error(planDeadline.problem);
  if (factories.length === 0) {
    const app = await openApp(config, { dashboardUrl });
    const http = new HttpServer();
    mountDashboard(http, { store: app.store, clock: app.deps.clock, tz: config.tz, profile: config.profile, publicUrl: publicSetting ?? 'http://localhost' });
    // The terminal chat is a demo: a port in use only costs it the dashboard.
    await http.listen(listen).then(
      () => {
        boundPort = http.port;
        process.stderr.write(`Dasbor: ${dashboardUrl()}/dasbor (kirim "dasbor" di chat untuk tautan masuk)\n`);
      },
      (err: unknown) => process.stderr.write(`Dasbor tidak dibuka: ${messageOf(err)}\n`),
    );
    try {
      await runInteractive(app, process.stdin, process.stdout);
    } finally {
      await http.close();
      await app.close();
    }
    return;
  }
  const patterns = reminderCronPatterns(env);
  const log = opts.log ?? createLogger(env.LOG_LEVEL || 'info');
  const signals: SignalSource = opts.signals ?? process;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const limitMs = opts.shutdownLimitMs ?? SHUTDOWN_LIMIT_MS;
  const releaseMs = Math.min(opts.releaseMs ?? SHUTDOWN_RELEASE_MS, limitMs);
  const drainMs = Math.min(opts.drainMs ?? SHUTDOWN_DRAIN_MS, limitMs - releaseMs);

  // Listen from the first moment, before the store is opened: a platform may hang in start-up (its API
  // unreachable) and a stop request then must still release the store.
  let resolveStop!: (why: { signal: string } | { fatal: unknown }) => void;
  const stopRequested = new Promise<{ signal: string } | { fatal: unknown }>((resolve) => (resolveStop = resolve));
  /** The first stop request wins (a fatal failure after a signal, or a second one, changes nothing). */
  let stopping = false;
  const requestStop = (why: { signal: string } | { fatal: unknown }) => {
    if (stopping) return;
    stopping = true;
    resolveStop(why);
  };
  const onTerm = () => requestStop({ signal: 'SIGTERM' });
  const onInt = () => requestStop({ signal: 'SIGINT' });
  signals.once('SIGTERM', onTerm);
  signals.once('SIGINT', onInt);

  const unlisten = () => {
    signals.off('SIGTERM', onTerm);
    signals.off('SIGINT', onInt);
  };
  let app: App;
  try {
    app = await openApp(config, { log, dashboardUrl });
  } catch (err) {
    unlisten();
    throw err;
  }
  const outbox = new Outbox([], {
    ...opts.outbox,
    onFailure: (f) => {
      const extra = { to: f.message.to, kind: f.message.kind, reason: f.reason, error: f.error };
      if (f.reason === 'gave-up') log.warn('message not delivered yet; it stays in the outbox and is tried again', extra);
      else log.error('message not delivered', extra);
    },
  });
  // The one HTTP server: the dashboard, and the routes of the adapters that receive over HTTP.
  const http = new HttpServer((err, path) => log.error('http: request failed', { path, error: messageOf(err) }));
  const unmountDashboard = mountDashboard(http, {
    store: app.store,
    clock: app.deps.clock,
    tz: config.tz,
    profile: config.profile,
    publicUrl: publicSetting ?? 'http://localhost',
    log,
    keepWarm: true,
  });
  if (listen.warning) log.warn(listen.warning, {});
  const ctx: AdapterContext = {
    engine: app.engine,
    outbox,
    http,
    store: app.store,
    config,
    dataDir: app.deps.dataDir,
    log,
    fatal: (err) => {
      if (stopping) return;
      log.error('fatal platform failure; stopping', { error: messageOf(err) });
      requestStop({ fatal: err });
    },
  };
  const created: PlatformAdapter[] = [];
  let schedule: { stop(): Promise<void> } | undefined;
  let relay: Relay | undefined;

  const startAll = async () => {
    await http.listen({
      port: listen.port,
      ...(listen.host !== undefined ? { host: listen.host } : {}),
      inUse: `HTTP: port ${listen.port} is already in use; set ${listen.portSetting} to a free port`,
    });
    boundPort = http.port;
    log.info('http: listening', { port: http.port, host: http.address, dashboard: `${dashboardUrl()}/dasbor` });
    for (const factory of factories) {
      const adapter = await factory(ctx);
      outbox.addSender(adapter.sender);
      created.push(adapter);
    }
    if (stopping) return;
    // Sends what the store's outbox holds: what earlier runs committed and did not deliver, then every commit.
    relay = new Relay(app.store, outbox, log, {
      platforms: created.map((a) => a.platform),
      // A revoked token: the messages stay in the outbox, and the assistant stops (exit 1) for an operator.
      onFatal: (_platform, error) => ctx.fatal(new Error(error)),
      // Several processes on one database: one sends, another takes over within seconds when it dies.
      lease: { owner: processName, ttlMs: RELAY_LEASE_MS },
    });
    ctx.relay = relay;
    schedule = startReminderSchedule(ctx, { patterns, owner: processName });
    for (const adapter of created) await adapter.start();
    // Started after the stop request won the race: the shutdown is under way, nothing more to begin.
    if (stopping) return;
    relay.start();
    log.info('bangkom-bot running', { platforms: created.map((a) => a.platform) });
  };

  let why: { signal: string } | { fatal: unknown } | undefined;
  let failure: unknown;
  const starting = startAll();
  // A start-up that fails after the stop request won the race is no longer anybody's concern.
  starting.catch(() => undefined);
  try {
    why = await Promise.race([starting.then(() => undefined), stopRequested]);
  } catch (err) {
    // A platform that cannot start (bad token, port taken) must not leave the others running or the store locked.
    failure = err;
    log.error('could not start', { error: messageOf(err) });
  }
  if (!failure && !why) why = await stopRequested;
  stopping = true; // also after a failed start: a late fatal() has nothing left to stop
  if (why && 'signal' in why) log.info('stopping', { signal: why.signal });

  let finished = false;

  // Last resort: something hangs (an adapter's stop, a request that never ends). Release the store (its
  // lock) and exit 1; what is undelivered is in the store's outbox already.
  const deadline = setTimeout(() => {
    if (finished) return;
    finished = true;
    log.error('shutdown took too long; releasing the store', { limitMs });
    void (async () => {
      await within(releaseMs / 2, outbox.close({ graceMs: 0 }));
      const closed = await within(releaseMs / 2, app.store.close());
      if (!closed) log.error('the store did not close in time; its lock may be left', {});
      exit(1);
    })();
  }, limitMs - releaseMs);

  try {
    const stops: Promise<unknown>[] = created.map((a) =>
      a.stop().catch((err: unknown) => log.error('stopping a platform failed', { platform: a.platform, error: messageOf(err) })),
    );
    if (schedule) stops.push(schedule.stop());
    const handled = Promise.allSettled(stops).then(() => app.engine.idle());
    // The replies of the work in hand go out while the platforms answer; in an outage, or with a request
    // hanging on the wire, they wait no longer than drainMs (plus the outbox's grace for requests on the
    // wire): they stay in the store's outbox and the next start sends them.
    await within(drainMs, handled.then(() => relay?.idle()));
    await relay?.stop();
    await outbox.close();
    // An adapter whose stop() hangs keeps this waiting: the deadline above ends the process then.
    await handled;
    // The marks of what was delivered meanwhile; a send still hanging is left pending (at least once).
    await within(releaseMs / 2, relay?.idle() ?? Promise.resolve());
    unmountDashboard();
    await within(releaseMs / 2, http.close());
  } catch (err) {
    log.error('shutdown: stopping failed', { error: messageOf(err) });
  }
  unlisten();
  if (finished) return;
  try {
    await app.close();
  } catch (err) {
    log.error('shutdown: closing the store failed', { error: messageOf(err) });
    failure ??= err;
  }
  if (finished) return;
  finished = true;
  clearTimeout(deadline);
  if (failure) throw failure;
  if (why && 'fatal' in why) {
    log.error('stopped after a fatal platform failure', { error: messageOf(why.fatal) });
    exit(1);
    return;
  }
  log.info('stopped');
  // A platform still retrying its start-up keeps timers alive; everything of ours is closed by now.
  exit(0);
}
