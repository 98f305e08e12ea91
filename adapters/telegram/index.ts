import { createHmac, randomBytes } from 'node:crypto';
import { sequentialize } from '@grammyjs/runner';
import { Api, Bot, GrammyError } from 'grammy';
import type { AdapterContext, PlatformAdapter } from '../../src/platform/adapter.js';
import type { RateLimits } from '../../src/delivery/types.js';
import { EVIDENCE_LIMITS } from '../../src/domain/evidence.js';
import { setCommands } from './commands.js';
import { telegramConfig } from './config.js';
import { telegramFileFetcher } from './files.js';
import { GroupNotices, groupChatAddressingBot, groupNoticeText, groupTopicOf } from './groups.js';
import { pressedMessageOf, toInboundEvent } from './inbound.js';
import { PressedMessages } from './pressed.js';
import { RecentUpdates } from './recent.js';
import { CLIENT_TIMEOUT_S, TELEGRAM_LIMITS, telegramSenderFor } from './sender.js';
import { auxiliaryCalls } from './transformers.js';
import { startPolling as pollUpdates, type Polling } from './polling.js';
import { listenForWebhook, type WebhookServer } from './webhook.js';

export interface TelegramAdapter extends PlatformAdapter {
  /** Resolves when every update received so far is handled and its replies delivered (or failed). */
  idle(): Promise<void>;
  /** In webhook mode, once started: the port the webhook server listens on (PORT=0 picks a free one). */
  readonly webhookPort: number | undefined;
  /** In webhook mode, once started: the interface address it listens on (HOST; `::` for every interface). */
  readonly webhookAddress: string | undefined;
}

export interface TelegramAdapterOptions {
  /** Sending limits; Telegram's published ones by default. */
  limits?: RateLimits;
  /** Pause between getUpdates attempts while Telegram is unreachable (default 3 s). */
  pollRetryMs?: number;
  /** How long one update still being handled holds back the confirmation of the others (default 30 s). */
  pollHoldMs?: number;
  /** Interface the webhook server binds, instead of HOST (default: all interfaces). */
  webhookHost?: string;
  /** How long stop() waits for Telegram to take the confirmation of the handled updates (default 2 s). */
  confirmTimeoutMs?: number;
}

/**
 * The updates the assistant asks Telegram for, in both modes. `my_chat_member` (a user blocking the bot)
 * arrives only when asked for by name.
 */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/** Update ids remembered to drop an update delivered twice. */
const REMEMBERED_UPDATES = 1000;

const CONFIRM_TIMEOUT_MS = 2000;


/** The lease of the one process that long-polls Telegram for a database. */
const POLL_LEASE = 'telegram-polling';
const POLL_LEASE_MS = 30_000;

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
  const sender = telegramSenderFor(new Api(token, client), ctx.log, opts.limits ?? TELEGRAM_LIMITS, pressed, ctx.store);
  const fetchFile = telegramFileFetcher(bot.api, apiRoot, token, EVIDENCE_LIMITS.maxBytes);
  const recent = new RecentUpdates(REMEMBERED_UPDATES);
  const groups = new GroupNotices();

  const inFlight = new Set<Promise<unknown>>();
  const track = (task: Promise<unknown>) => {
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };
  /**
   * Replies of a turn the store could not commit (they say so): sent directly, since they are not in
   * the store's outbox. Everything else leaves through the relay, from the outbox.
   */
  const sendDirect = (messages: Parameters<typeof ctx.outbox.deliver>[0]) => {
    if (messages.length === 0) return;
    track(ctx.outbox.deliver(messages).catch((err: unknown) => ctx.log.error('telegram: delivery failed', { error: String(err) })));
  };
  /** Updates being handled, by update_id: a repeat that arrives meanwhile is answered once the first is committed. */
  const handling = new Map<number, Promise<unknown>>();
  bot.use((c, next) => {
    const id = c.update.update_id;
    const inHand = handling.get(id);
    if (inHand) {
      ctx.log.info('telegram: repeated update; answered once the first delivery is handled', { update_id: id });
      return inHand.then(() => undefined);
    }
    if (!recent.firstTime(id)) {
      ctx.log.info('telegram: repeated update ignored', { update_id: id });
      return;
    }
    const task = next()
      .catch((err: unknown) => ctx.log.error('telegram: update failed', { update_id: id, error: String(err) }))
      .finally(() => handling.delete(id));
    handling.set(id, task);
    track(task);
    // Answered (webhook) or confirmed (polling) only once the update's turn is committed: a crash before
    // that makes Telegram deliver it again, and the store's inbound dedupe drops one already committed.
    return task;
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
      const result = await ctx.engine.handleTurn(event, { inboundKey: `telegram:update:${c.update.update_id}` });
      if (!result.committed) sendDirect(result.messages);
      return;
    }
    const group = groupChatAddressingBot(c.update, c.me);
    if (group !== undefined && groups.due(group, ctx.engine.deps.clock.now().getTime())) {
      const thread = groupTopicOf(c.update);
      const to = { platform: 'telegram' as const, id: String(group) };
      await ctx.store.enqueueOutbound([{ kind: 'send', to, text: groupNoticeText(c.me.username), ...(thread ? { thread } : {}) }]);
    }
  });
  bot.catch((err) => ctx.log.error('telegram: update failed', { update_id: err.ctx.update.update_id, error: String(err.error) }));

  let polling: Polling | undefined;
  let server: WebhookServer | undefined;
  let pollLease: NodeJS.Timeout | undefined;
  const pollOwner = `telegram-poller:${randomBytes(4).toString('hex')}`;
  /** The updates in hand are handled (their turns committed). stop() waits for this, not for delivery. */
  const handled = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
  /** Handled, and what the relay sends delivered. */
  const idle = async () => {
    await handled();
    await ctx.relay?.idle();
  };

  async function startWebhook(hook: NonNullable<typeof webhook>): Promise<void> {
    // Telegram requires a secret for every request it makes. Without a configured one it is derived from the
    // bot token: every process behind a load balancer registers and checks the same one (a fresh one per
    // start would leave every process but the last refusing Telegram's requests).
    const secret = hook.secret ?? derivedWebhookSecret(token);
    const host = opts.webhookHost ?? hook.host;
    const listening = await listenForWebhook(bot, {
      path: hook.path,
      port: hook.port,
      ...(host !== undefined ? { host } : {}),
      ...(ctx.http ? { http: ctx.http } : {}),
      secret,
      log: ctx.log,
    });
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
      secret: hook.secret ? 'TELEGRAM_WEBHOOK_SECRET' : 'derived from the bot token',
    });
  }

  async function startPolling(): Promise<void> {
    // Telegram allows one poller per bot: several processes on one database must use the webhook.
    if (!(await ctx.store.holdLease(POLL_LEASE, pollOwner, POLL_LEASE_MS))) {
      throw new Error(
        'another assistant process on this database already receives Telegram by long polling, and Telegram allows ' +
          'one poller per bot: run several processes in webhook mode (TELEGRAM_WEBHOOK_URL), or stop the other process',
      );
    }
    pollLease = setInterval(() => {
      void ctx.store.holdLease(POLL_LEASE, pollOwner, POLL_LEASE_MS).then(
        (held) => {
          if (held) return;
          ctx.log.error('telegram: another process took over long polling; stopping', {});
          ctx.fatal?.(new Error('telegram: the long-polling lease passed to another process'));
        },
        (err: unknown) => ctx.log.warn('telegram: could not renew the long-polling lease', { error: String(err) }),
      );
    }, POLL_LEASE_MS / 3);
    pollLease.unref();
    await bot.api.deleteWebhook();
    polling = pollUpdates({
      api: bot.api,
      allowedUpdates: ALLOWED_UPDATES,
      retryMs: opts.pollRetryMs ?? 3000,
      ...(opts.pollHoldMs !== undefined ? { holdMs: opts.pollHoldMs } : {}),
      handle: (update) => bot.handleUpdate(update),
      onError: (err) => ctx.log.warn('telegram: polling error', { error: String(err) }),
      onConfirmFailed: (err) => ctx.log.warn('telegram: could not confirm handled updates', { error: String(err) }),
      onHoldReleased: (id) => ctx.log.warn('telegram: an update takes long; confirmed before its turn is stored so the others go on', { update_id: id }),
      // 401 and 409 are not mended by waiting: the assistant is told so that it shuts down instead of running deaf.
      onFatal: (err) => {
        ctx.log.error('telegram: polling stopped for good', { reason: pollingStoppedReason(err), error: String(err) });
        ctx.fatal?.(err);
      },
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
    get webhookAddress() {
      return server?.address;
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
        await handled();
        await listening.close();
        server = undefined;
        return;
      }
      const handle = polling;
      polling = undefined;
      await handle?.stop(opts.confirmTimeoutMs ?? CONFIRM_TIMEOUT_MS);
      if (pollLease) {
        clearInterval(pollLease);
        pollLease = undefined;
        await ctx.store.releaseLease(POLL_LEASE, pollOwner).catch(() => undefined);
      }
      await handled();
    },
  };
}

/** The webhook secret when TELEGRAM_WEBHOOK_SECRET is unset: the same in every process, not the token itself. */
export function derivedWebhookSecret(token: string): string {
  return createHmac('sha256', token).update('bangkom-bot telegram webhook secret').digest('base64url');
}
