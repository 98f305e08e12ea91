import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import type { HttpRoutes } from '../../src/http/server.js';
import type { AdapterContext, PlatformAdapter } from '../../src/platform/adapter.js';
import type { RateLimits } from '../../src/delivery/types.js';
import { EVIDENCE_LIMITS } from '../../src/domain/evidence.js';
import { boltLogger } from './bolt-logger.js';
import { slackConfig } from './config.js';
import { SlackDirectory } from './directory.js';
import { SlackHandlers } from './handlers.js';
import { PressedMessages } from './pressed.js';
import { RecentKeys } from './recent.js';
import { boltReceiver, TrackedReceiver, watchSocketMode } from './receiver.js';
import { createSlackSender } from './sender.js';
import { WorkInHand } from './work.js';

export { createSlackSender } from './sender.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAdapter extends PlatformAdapter {
  readonly mode: 'http' | 'socket';
  /** The bound HTTP port once started in HTTP mode (PORT=0 picks a free one). */
  readonly port: number | undefined;
  /** The bound interface address once started in HTTP mode (HOST; `::` for every interface). */
  readonly address: string | undefined;
  /** Resolves when every request received so far is handled and its replies delivered (or failed). */
  idle(): Promise<void>;
}

export interface SlackAdapterOptions {
  /** Sending limits (tests lift the one-per-second-per-channel pace). */
  limits?: RateLimits;
}

/**
 * Slack through Bolt: DM messages, file shares, slash commands and Block Kit button presses become engine
 * events; every reply leaves through the outbox. HTTP mode on PORT at /slack/events (Events API and
 * interactivity, signatures verified by Bolt) — on the assistant's one HTTP server when ctx.http is given —
 * or Socket Mode when SLACK_APP_TOKEN is set.
 */
export async function createSlackAdapter(
  ctx: AdapterContext,
  env: NodeJS.ProcessEnv,
  opts: SlackAdapterOptions = {},
): Promise<SlackAdapter> {
  const config = slackConfig(env);
  const logger = boltLogger(ctx.log);
  const work = new WorkInHand();
  const inner = boltReceiver({ ...config, path: SLACK_EVENTS_PATH, logger });
  const receiver = new TrackedReceiver(inner, work);
  const app = new App({
    token: config.botToken,
    receiver,
    logger,
    logLevel: LogLevel.WARN,
    deferInitialization: true,
    convoStore: false,
    clientOptions: {
      ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
      retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 2000 },
      timeout: 10_000,
    },
  });

  const pressed = new PressedMessages();
  const handlers = new SlackHandlers({
    work,
    pressed,
    engine: ctx.engine,
    outbox: ctx.outbox,
    store: ctx.store,
    log: ctx.log,
    directory: new SlackDirectory(app.client, ctx.log),
    download: {
      token: config.botToken,
      maxBytes: EVIDENCE_LIMITS.maxBytes,
      extraOrigins: config.apiUrl ? [new URL(config.apiUrl).origin] : [],
      resolveUrl: async (file) => (await app.client.files.info({ file })).file?.url_private_download,
    },
  });

  // Slack delivers an event again when it missed our ack (X-Slack-Retry-Num); handle each event_id once.
  // A repeat that arrives while the first is still being handled is answered once that one is committed
  // (answered at once, a crash before the commit would lose the event); later repeats at once (the store's
  // inbound dedupe also knows them after a restart).
  const seenEvents = new RecentKeys(5000);
  const handlingEvents = new Map<string, Promise<void>>();
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== 'string') return next();
    const inHand = handlingEvents.get(eventId);
    if (inHand) return inHand.catch(() => undefined);
    if (!seenEvents.add(eventId)) return;
    const task = next().finally(() => handlingEvents.delete(eventId));
    handlingEvents.set(eventId, task);
    await task;
  });
  app.event('message', async ({ event, body }) => handlers.onMessage(event, (body as { event_id?: string }).event_id));
  app.event('user_change', async ({ event, body }) => handlers.onUserChange(event, (body as { event_id?: string }).event_id));
  app.action({ type: 'block_actions' }, async ({ ack, body }) => {
    await ack();
    await handlers.onPress(body);
  });
  app.command(/.*/, async ({ ack, body }) => {
    await ack();
    await handlers.onCommand(body);
  });
  app.error(async (error) => ctx.log.error('slack: unhandled error', { error: String(error) }));

  let server: Server | undefined;
  let started = false;
  let stopping: Promise<void> | undefined;
  const mode = config.appToken ? 'socket' : 'http';
  if (mode === 'socket') {
    // Socket Mode reconnects by itself; when Slack refuses it for good (a revoked app token, a disabled
    // workspace, or no answer for half an hour) the assistant is told, instead of running deaf.
    watchSocketMode(inner, {
      phase: () => (stopping ? 'stopping' : started ? 'running' : 'starting'),
      onFatal: (err) => {
        ctx.log.error('slack: Socket Mode stopped for good (check SLACK_APP_TOKEN and the network)', { error: String(err) });
        ctx.fatal?.(err);
      },
    });
  }
  let shared: HttpRoutes | undefined;
  const bound = (): Pick<AddressInfo, 'port' | 'address'> | undefined => {
    if (shared) return shared.port === undefined ? undefined : { port: shared.port, address: shared.address ?? '' };
    const address = server?.address();
    return address && typeof address === 'object' ? address : undefined;
  };
  const boundPort = () => bound()?.port;

  const adapter: SlackAdapter = {
    platform: 'slack',
    mode,
    sender: createSlackSender({ token: config.botToken, apiUrl: config.apiUrl, pressed, files: ctx.store, ...(opts.limits ? { limits: opts.limits } : {}) }),
    get port() {
      return boundPort();
    },
    get address() {
      return bound()?.address;
    },
    async start() {
      // auth.test: a wrong token fails here, not on the first message.
      await app.init().catch((err: unknown) => {
        throw new Error(`Slack: auth.test failed (check SLACK_BOT_TOKEN and the network): ${String(err)}`);
      });
      if (mode === 'http' && ctx.http) {
        // On the assistant's one HTTP server (PORT, HOST), beside the dashboard.
        receiver.serveOn(ctx.http, SLACK_EVENTS_PATH);
        shared = ctx.http;
      } else {
        const listen = config.host === undefined ? config.port : { port: config.port, host: config.host };
        const result = await receiver.start(...(mode === 'http' ? [listen] : []));
        if (mode === 'http') server = result as Server;
      }
      started = true;
      ctx.log.info('slack: receiving', mode === 'http' ? { mode, host: bound()?.address, port: boundPort(), path: SLACK_EVENTS_PATH } : { mode });
    },
    idle: async () => {
      await work.idle();
      await ctx.relay?.idle();
    },
    stop() {
      stopping ??= (async () => {
        receiver.refuse();
        const closing = started
          ? receiver.stop().catch((err: unknown) => ctx.log.warn('slack: stopping the receiver failed', { error: String(err) }))
          : Promise.resolve();
        await work.idle();
        server?.closeAllConnections();
        await closing;
      })();
      return stopping;
    },
  };
  return adapter;
}
