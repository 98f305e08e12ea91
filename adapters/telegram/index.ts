import { randomBytes } from 'node:crypto';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Api, Bot, GrammyError } from 'grammy';
import type { AdapterContext, PlatformAdapter } from '../../src/platform/adapter.js';
import type { RateLimits } from '../../src/delivery/types.js';
import { EVIDENCE_LIMITS } from '../../src/domain/evidence.js';
import { setCommands } from './commands.js';
import { telegramConfig } from './config.js';
import { telegramFileFetcher } from './files.js';
import { GroupNotices, groupChatAddressingBot, groupNoticeText } from './groups.js';
import { pressedMessageOf, toInboundEvent } from './inbound.js';
import { PressedMessages } from './pressed.js';
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
  /** How long stop() waits for Telegram to take the confirmation of the handled updates (default 2 s). */
  confirmTimeoutMs?: number;
}

/** The updates the assistant asks Telegram for, in both modes. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** Update ids remembered to drop an update delivered twice. */
const REMEMBERED_UPDATES = 1000;

const CONFIRM_TIMEOUT_MS = 2000;

/** A signal that aborts a Bot API call after `ms` (grammY types its signals with the abort-controller shim's type). */
const shortSignal = (ms: number) => AbortSignal.timeout(ms) as unknown as Parameters<Api['getUpdates']>[1];

/** Why polling stopped for good, in words an operator can act on. */
function pollingStoppedReason(err: unknown): string {
  const code = err instanceof GrammyError ? err.error_code : undefined;
  if (code === 401) return 'Telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN';
  if (code === 409) {
    return 'another process is receiving updates for this bot (409 Conflict: a second instance polling, or a webhook set)';
  }
  return 'polling failed and will not be retried';
}

/**
 * Telegram over long polling (grammY runner), or over a webhook when TELEGRAM_WEBHOOK_URL is set.
 * Updates of one user are handled in order, different users concurrently; an update delivered twice is
 * handled once; every reply, also those addressed to other users, leaves through the outbox. Only
 * private chats reach the engine: in a group the bot, when addressed, says so politely (once an hour).
 *
 * The engine's messages are handed to the outbox without waiting for their delivery: the outbox keeps
 * the order of messages into one chat across deliver() calls (its per-chat queue is FIFO and deliver()
 * enqueues at once), and deliver() is called in the order of one user's updates, so the next update of
 * a user is never held up by a slow or rate-limited delivery, least of all one to another user (an
 * approval request to the atasan). The deliveries are tracked: idle() and stop() wait for them.
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
  const pressed = new PressedMessages();
  const sender = telegramSenderFor(new Api(token, client), ctx.log, opts.limits ?? TELEGRAM_LIMITS, pressed);
  const fetchFile = telegramFileFetcher(bot.api, apiRoot, token, EVIDENCE_LIMITS.maxBytes);
  const recent = new RecentUpdates(REMEMBERED_UPDATES);
  const groups = new GroupNotices();

  const inFlight = new Set<Promise<unknown>>();
  const track = (task: Promise<unknown>) => {
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };
  /** Hands messages to the outbox and returns at once (see above); failures are reported by the outbox. */
  const deliver = (messages: Parameters<typeof ctx.outbox.deliver>[0]) => {
    if (messages.length === 0) return;
    track(ctx.outbox.deliver(messages).catch((err: unknown) => ctx.log.error('telegram: delivery failed', { error: String(err) })));
  };
  let lastUpdateId: number | undefined;
  bot.use((c, next) => {
    const id = c.update.update_id;
    if (!recent.firstTime(id)) {
      ctx.log.info('telegram: repeated update ignored', { update_id: id });
      return;
    }
    lastUpdateId = Math.max(lastUpdateId ?? 0, id);
    const task = next().catch((err: unknown) => ctx.log.error('telegram: update failed', { update_id: id, error: String(err) }));
    track(task);
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
      // What the pressed message shows, so that retiring its keyboard keeps its text (see sender.ts).
      const shown = event.kind === 'press' ? pressedMessageOf(c.update) : undefined;
      if (shown) pressed.remember(shown);
      deliver(await ctx.engine.handle(event));
      return;
    }
    const group = groupChatAddressingBot(c.update, c.me);
    if (group !== undefined && groups.due(group, ctx.engine.deps.clock.now().getTime())) {
      deliver([{ kind: 'send', to: { platform: 'telegram', id: String(group) }, text: groupNoticeText(c.me.username) }]);
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
    // The runner retries network failures and 5xx for ever; it gives up only on 401 and 409, which no
    // waiting mends: the assistant is told (ctx.fatal) so that it shuts down instead of running deaf.
    runner.task()?.catch((err: unknown) => {
      ctx.log.error('telegram: polling stopped for good', { reason: pollingStoppedReason(err), error: String(err) });
      ctx.fatal?.(err);
    });
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
      // Tell Telegram which updates are handled, so that a restart does not handle them again. Briefly:
      // the client's own timeout (60 s) is far beyond the shutdown's few seconds; if Telegram is slow, the
      // last updates are merely delivered again after a restart.
      if (handle && lastUpdateId !== undefined) {
        await bot.api
          .getUpdates({ offset: lastUpdateId + 1, limit: 1, timeout: 0 }, shortSignal(opts.confirmTimeoutMs ?? CONFIRM_TIMEOUT_MS))
          .catch((err: unknown) => ctx.log.warn('telegram: could not confirm handled updates', { error: String(err) }));
      }
    },
  };
}
