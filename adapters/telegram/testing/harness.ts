import { Outbox } from '../../../src/delivery/outbox.js';
import { Relay } from '../../../src/delivery/relay.js';
import { Engine } from '../../../src/engine/engine.js';
import type { Logger } from '../../../src/platform/adapter.js';
import type { InboundEvent, OutboundMessage } from '../../../src/chat/events.js';
import { makeWorld, type World } from '../../../test/helpers/script-driver.js';
import { createTelegramAdapter, type TelegramAdapter } from '../index.js';
import { FAKE_TOKEN, FakeBotApi } from './fake-bot-api.js';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  msg: string;
  extra?: Record<string, unknown>;
}

export function memoryLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (msg, extra) => lines.push({ level: 'info', msg, extra }),
    warn: (msg, extra) => lines.push({ level: 'warn', msg, extra }),
    error: (msg, extra) => lines.push({ level: 'error', msg, extra }),
  };
}

export interface TelegramWorld {
  w: World;
  tg: FakeBotApi;
  adapter: TelegramAdapter;
  log: ReturnType<typeof memoryLogger>;
  engine: Engine;
  /** Every event the adapter handed to the engine, in order. */
  events: InboundEvent[];
  /** Every message the engine answered those events with, in order. */
  outputs: OutboundMessage[];
  /** What the adapter reported to ctx.fatal. */
  fatals: unknown[];
  /**
   * Stops the adapter, relay and outbox, reopens the store and starts them anew, as a process restart
   * does: nothing kept in memory (the adapter's recent update ids) survives it.
   */
  restart(): Promise<void>;
  /** Waits until the update is in the adapter's hands, then until it is handled and its replies sent. */
  step(update: Promise<number>): Promise<void>;
  close(): Promise<void>;
}

export interface TelegramWorldOptions {
  /** Webhook mode: the adapter serves a webhook on a free loopback port and the fake POSTs updates to it. */
  webhook?: { secret?: string };
  /** How long stop() waits for the confirming getUpdates. */
  confirmTimeoutMs?: number;
  /** How long one update in hand holds back the polling offset. */
  pollHoldMs?: number;
}

/** The public address the webhook tests register (the fake posts to the adapter's port, like a reverse proxy). */
export const WEBHOOK_URL = 'https://bangkom.example.go.id/telegram/webhook';

/**
 * The real adapter, engine, outbox and store, talking HTTP to a fake Bot API server. The per-chat rate
 * limit is raised: a whole dialogue typed at machine speed would otherwise be paced at Telegram's one
 * message per second per chat (sender.test.ts checks the real limits and their burst).
 */
export async function startTelegramWorld(opts: TelegramWorldOptions = {}): Promise<TelegramWorld> {
  const w = await makeWorld();
  const tg = await new FakeBotApi().start();
  const env: NodeJS.ProcessEnv = { TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: tg.url };
  if (opts.webhook) {
    Object.assign(env, { TELEGRAM_WEBHOOK_URL: WEBHOOK_URL, TELEGRAM_WEBHOOK_PORT: '0' });
    if (opts.webhook.secret) env.TELEGRAM_WEBHOOK_SECRET = opts.webhook.secret;
  }
  const log = memoryLogger();
  const config = { db: w.dbPath, profile: 'lan-2018', tz: 'Asia/Jakarta' };
  const events: InboundEvent[] = [];
  const outputs: OutboundMessage[] = [];
  const fatals: unknown[] = [];

  /** The process side: engine, outbox, relay and adapter on the world's (current) store. */
  const boot = async () => {
    const outbox = new Outbox([], { retries: 3, minBackoffMs: 10, maxBackoffMs: 50 });
    const engine = new Engine(w.deps);
    const handleTurn = engine.handleTurn.bind(engine);
    engine.handleTurn = async (event, opts) => {
      events.push(event);
      const result = await handleTurn(event, opts);
      outputs.push(...result.messages);
      return result;
    };
    const relay = new Relay(w.store, outbox, log, { platforms: ['telegram'], rescanMs: 200 });
    const ctx = { engine, outbox, store: w.store, config, dataDir: w.dir, log, relay, fatal: (err: unknown) => void fatals.push(err) };
    const adapter = await createTelegramAdapter(ctx, env, {
      limits: { globalPerSecond: 200, perChatPerSecond: 200 },
      pollRetryMs: 20,
      webhookHost: '127.0.0.1',
      ...(opts.confirmTimeoutMs !== undefined ? { confirmTimeoutMs: opts.confirmTimeoutMs } : {}),
      ...(opts.pollHoldMs !== undefined ? { pollHoldMs: opts.pollHoldMs } : {}),
    });
    outbox.addSender(adapter.sender);
    await adapter.start();
    relay.start();
    if (opts.webhook) tg.webhookOrigin = `http://127.0.0.1:${adapter.webhookPort}`;
    return {
      engine,
      adapter,
      async stop() {
        await adapter.stop();
        await relay.stop();
        await outbox.close();
      },
    };
  };
  let running = await boot();

  return {
    w,
    tg,
    get adapter() {
      return running.adapter;
    },
    get engine() {
      return running.engine;
    },
    log,
    events,
    outputs,
    fatals,
    async restart() {
      await running.stop();
      await w.restart();
      running = await boot();
    },
    async step(update) {
      await update;
      await running.adapter.idle();
    },
    async close() {
      await running.stop();
      await tg.close();
      await w.close();
    },
  };
}
