import { randomBytes } from 'node:crypto';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Api, Bot } from 'grammy';
import type { AdapterContext, PlatformAdapter } from '../../src/app/platform.js';
import type { RateLimits } from '../../src/delivery/types.js';
import { EVIDENCE_LIMITS } from '../../src/store/evidence.js';
import { setCommands } from './commands.js';
import { telegramConfig } from './config.js';
import { telegramFileFetcher } from './files.js';
import { GroupNotices, groupChatAddressingBot, groupNoticeText } from './groups.js';
import { toInboundEvent } from './inbound.js';
import { RecentUpdates } from './recent.js';
import { CLIENT_TIMEOUT_S, TELEGRAM_LIMITS, telegramSenderFor } from './sender.js';
import { auxiliaryCalls } from './transformers.js';
import { listenForWebhook, type WebhookServer } from './webhook.js';

export interface TelegramAdapter extends PlatformAdapter {
  /** Resolves when every update received so far is handled and its replies delivered (or failed). */
  idle(): Promise<void>;
  /** In webhook mode, once started: the port the webhook server listens on (PORT=0 picks a free one). */
  readonly webhookPort: number | undefined;
}

export interface TelegramAdapterOptions {
  /** Sending limits; Telegram's published ones by default. */
  limits?: RateLimits;
  /** Pause between getUpdates attempts while Telegram is unreachable (default 3 s). */
  pollRetryMs?: number;
  /** Interface the webhook server binds (default: all interfaces). */
  webhookHost?: string;
}

/** The updates the assistant asks Telegram for, in both modes. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** Update ids remembered to drop an update delivered twice. */
const REMEMBERED_UPDATES = 1000;

/**
 * Telegram over long polling (grammY runner), or over a webhook when TELEGRAM_WEBHOOK_URL is set.
 * Updates of one user are handled in order, different users concurrently; an update delivered twice is
 * handled once; every reply, also those addressed to other users, leaves through the outbox. Only
 * private chats reach the engine: in a group the bot, when addressed, says so politely (once an hour).
 */
export async function createTelegramAdapter(
  ctx: AdapterContext,
  env: NodeJS.ProcessEnv,
  opts: TelegramAdapterOptions = {},
): Promise<TelegramAdapter> {
  const { token, apiRoot, webhook } = telegramConfig(env);
  const client = { apiRoot, timeoutSeconds: CLIENT_TIMEOUT_S };
  const bot = new Bot(token, { client });
  bot.api.config.use(auxiliaryCalls(ctx.log));
  const sender = telegramSenderFor(new Api(token, client), ctx.log, opts.limits ?? TELEGRAM_LIMITS);
  const fetchFile = telegramFileFetcher(bot.api, apiRoot, token, EVIDENCE_LIMITS.maxBytes);
  const recent = new RecentUpdates(REMEMBERED_UPDATES);
  const groups = new GroupNotices();

  const inFlight = new Set<Promise<unknown>>();
  let lastUpdateId: number | undefined;
  bot.use((c, next) => {
    const id = c.update.update_id;
    if (!recent.firstTime(id)) {
      ctx.log.info('telegram: repeated update ignored', { update_id: id });
      return;
    }
    lastUpdateId = Math.max(lastUpdateId ?? 0, id);
    const task = next().catch((err: unknown) => ctx.log.error('telegram: update failed', { update_id: id, error: String(err) }));
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
    // A webhook request is answered at once and the update handled after it (still in order per user,
    // see sequentialize below): Telegram never waits on the engine, so it never redelivers for slowness.
    return webhook ? undefined : task;
  });
  bot.on('callback_query', async (c, next) => {
    const answered = c.answerCallbackQuery().catch((err: unknown) => ctx.log.warn('telegram: answerCallbackQuery failed', { error: String(err) }));
    await next();
    await answered;
  });
  bot.use(sequentialize((c) => c.from?.id.toString()));
  bot.use(async (c) => {
    const event = toInboundEvent(c.update, fetchFile);
    if (event) {
      await ctx.outbox.deliver(await ctx.engine.handle(event));
      return;
    }
    const group = groupChatAddressingBot(c.update, c.me);
    if (group !== undefined && groups.due(group, ctx.engine.deps.clock.now().getTime())) {
      await ctx.outbox.deliver([{ kind: 'send', to: { platform: 'telegram', id: String(group) }, text: groupNoticeText(c.me.username) }]);
    }
  });
  bot.catch((err) => ctx.log.error('telegram: update failed', { update_id: err.ctx.update.update_id, error: String(err.error) }));

  let runner: RunnerHandle | undefined;
  let server: WebhookServer | undefined;
  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  async function startWebhook(hook: NonNullable<typeof webhook>): Promise<void> {
    // Telegram requires a secret for every request it makes; without a configured one, a fresh one per start.
    const secret = hook.secret ?? randomBytes(32).toString('base64url');
    const listening = await listenForWebhook(bot, { path: hook.path, port: hook.port, host: opts.webhookHost, secret, log: ctx.log });
    try {
      await bot.api.setWebhook(hook.url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
    } catch (err) {
      await listening.close();
      throw err;
    }
    server = listening;
    ctx.log.info('telegram: receiving by webhook', {
      bot: bot.botInfo.username,
      url: hook.url,
      port: listening.port,
      secret: hook.secret ? 'TELEGRAM_WEBHOOK_SECRET' : 'generated',
    });
  }

  async function startPolling(): Promise<void> {
    await bot.api.deleteWebhook();
    runner = run(bot, {
      runner: {
        fetch: { allowed_updates: [...ALLOWED_UPDATES] },
        silent: true,
        retryInterval: opts.pollRetryMs ?? 3000,
        maxRetryTime: Infinity,
      },
    });
    runner.task()?.catch((err: unknown) => ctx.log.error('telegram: polling stopped', { error: String(err) }));
    ctx.log.info('telegram: receiving by long polling', { bot: bot.botInfo.username });
  }

  return {
    platform: 'telegram',
    sender,
    idle,
    get webhookPort() {
      return server?.port;
    },
    async start() {
      await bot.init();
      ctx.engine.deps.botUsername ??= bot.botInfo.username;
      void setCommands(bot.api).catch((err: unknown) => ctx.log.warn('telegram: setMyCommands failed', { error: String(err) }));
      if (webhook) await startWebhook(webhook);
      else await startPolling();
    },
    async stop() {
      const listening = server;
      if (listening) {
        // The webhook stays set: Telegram keeps new updates until the assistant is back.
        await listening.stop();
        await idle();
        await listening.close();
        server = undefined;
        return;
      }
      const handle = runner;
      runner = undefined;
      await handle?.stop();
      await idle();
      // Tell Telegram which updates are handled, so that a restart does not handle them again.
      if (handle && lastUpdateId !== undefined) {
        await bot.api
          .getUpdates({ offset: lastUpdateId + 1, limit: 1, timeout: 0 })
          .catch((err: unknown) => ctx.log.warn('telegram: could not confirm handled updates', { error: String(err) }));
      }
    },
  };
}
