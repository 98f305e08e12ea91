import { runInteractive } from '../../adapters/console/interactive.js';
import type { AppConfig } from '../config.js';
import { Outbox } from '../delivery/outbox.js';
import { createLogger } from './logger.js';
import { openApp } from './open.js';
import type { AdapterContext, PlatformAdapter } from './platform.js';
import { platformFactories } from './platforms.js';

const SHUTDOWN_LIMIT_MS = 8000;

/**
 * `npm start`: every chat platform whose tokens are set, in one process on one store;
 * with no tokens at all, the terminal chat so anyone can try it.
 */
export async function runAssistant(config: AppConfig, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const factories = platformFactories(env);
  const app = await openApp(config);
  if (factories.length === 0) {
    try {
      await runInteractive(app, process.stdin, process.stdout);
    } finally {
      await app.close();
    }
    return;
  }

  const log = createLogger();
  // Listen from the first moment: a platform may hang in start-up (its API unreachable) and a stop
  // request then must still release the store.
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const outbox = new Outbox([], {
    onFailure: (f) => log.error('message not delivered', { to: f.message.to, error: f.error }),
  });
  const ctx: AdapterContext = { engine: app.engine, outbox, store: app.store, config, dataDir: app.deps.dataDir, log };
  const started: PlatformAdapter[] = [];
  let background: { stop(): Promise<void> } | undefined;

  const startAll = async () => {
    const adapters: PlatformAdapter[] = [];
    for (const factory of factories) {
      const adapter = await factory(ctx);
      outbox.addSender(adapter.sender);
      adapters.push(adapter);
    }
    background = await startBackground(ctx);
    for (const adapter of adapters) {
      await adapter.start();
      started.push(adapter);
    }
    log.info('bangkom-bot running', { platforms: started.map((a) => a.platform) });
  };

  let signal: string | undefined;
  let failure: unknown;
  try {
    signal = await Promise.race([startAll().then(() => undefined), stopSignal]);
  } catch (err) {
    // A platform that cannot start (bad token, port taken) must not leave the others running or the store locked.
    failure = err;
    log.error('could not start', { error: err instanceof Error ? err.message : String(err) });
  }
  if (!failure && !signal) signal = await stopSignal;
  if (signal) log.info('stopping', { signal });

  const deadline = setTimeout(() => {
    log.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS);
  deadline.unref();
  await background?.stop();
  await Promise.allSettled(started.map((a) => a.stop()));
  await app.engine.idle();
  await outbox.idle();
  await app.close();
  clearTimeout(deadline);
  if (failure) throw failure;
  log.info('stopped');
  // A platform still retrying its start-up keeps timers alive; everything of ours is closed by now.
  process.exit(0);
}

/** Work that runs beside the adapters (the reminder schedule). */
async function startBackground(ctx: AdapterContext): Promise<{ stop(): Promise<void> }> {
  const { startReminderSchedule } = await import('../reminders/schedule.js');
  return startReminderSchedule(ctx);
}
