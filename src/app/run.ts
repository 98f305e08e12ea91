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
  const outbox = new Outbox([], {
    onFailure: (f) => log.error('message not delivered', { to: f.message.to, error: f.error }),
  });
  const ctx: AdapterContext = { engine: app.engine, outbox, store: app.store, config, dataDir: app.deps.dataDir, log };
  const adapters: PlatformAdapter[] = [];
  for (const factory of factories) {
    const adapter = await factory(ctx);
    outbox.addSender(adapter.sender);
    adapters.push(adapter);
  }
  const background = await startBackground(ctx);
  await Promise.all(adapters.map((a) => a.start()));
  log.info('bangkom-bot running', { platforms: adapters.map((a) => a.platform) });

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info('stopping', { signal });
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });

  const deadline = setTimeout(() => {
    log.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS);
  deadline.unref();
  await background.stop();
  await Promise.all(adapters.map((a) => a.stop()));
  await app.engine.idle();
  await outbox.idle();
  await app.close();
  clearTimeout(deadline);
  log.info('stopped');
}

/** Work that runs beside the adapters (the reminder schedule). */
async function startBackground(ctx: AdapterContext): Promise<{ stop(): Promise<void> }> {
  const { startReminderSchedule } = await import('../reminders/schedule.js');
  return startReminderSchedule(ctx);
}
