import { webhookCallback, type Bot } from 'grammy';
import { HttpServer, type HttpHandler, type HttpRoutes } from '../../src/http/server.js';
import type { Logger } from '../../src/platform/adapter.js';

export interface WebhookServer {
  /** The bound port (useful when listening on port 0). */
  port: number;
  /** The bound interface address (`::` or `0.0.0.0` when listening on every interface). */
  address: string;
  /**
   * Stops accepting: new requests are answered 503 (Telegram keeps the update and delivers it again
   * later). Resolves once the requests already being received are handed to the bot.
   */
  stop(): Promise<void>;
  /** Closes the server of its own and every connection still open (a shared server is the assistant's to close). */
  close(): Promise<void>;
}

export interface WebhookServerOptions {
  /** Only this path is served (the path of TELEGRAM_WEBHOOK_URL); anything else is 404. */
  path: string;
  /** The assistant's one HTTP server: the webhook becomes a route on it, and port and host are not used. */
  http?: HttpRoutes;
  port: number;
  /** Interface to bind; all interfaces when undefined. */
  host?: string;
  /** Compared with X-Telegram-Bot-Api-Secret-Token on every request; 401 when it differs or is missing. */
  secret: string;
  log: Logger;
}

const isTimeout = (err: unknown) => err instanceof Error && /timed? ?out/i.test(err.message);

/** How long stop() waits for requests still being received. */
const RECEIVE_GRACE_MS = 2_000;

/**
 * Serves Telegram's webhook with grammY's webhookCallback (node:http adapter). An update is answered
 * 200 once its turn is committed (see index.ts): a crash before that makes Telegram deliver it again.
 * Only POST to the webhook's path; the rest of the server answers 404.
 */
export async function listenForWebhook(bot: Bot, opts: WebhookServerOptions): Promise<WebhookServer> {
  // Past the timeout Telegram gets an error and delivers the update again later; the inbound dedupe drops it
  // if its turn committed meanwhile.
  const callback = webhookCallback(bot, 'http', { secretToken: opts.secret, onTimeout: 'throw', timeoutMilliseconds: 20_000 });
  let accepting = true;
  const receiving = new Set<Promise<void>>();
  const handler: HttpHandler = (req, res) => {
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
    if (!accepting) return void res.writeHead(503, { 'retry-after': '5' }).end();
    const request = callback(req, res).catch((err: unknown) => {
      opts.log.warn('telegram: webhook request refused', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) res.writeHead(isTimeout(err) ? 503 : 400).end();
      else res.end();
    });
    receiving.add(request);
    void request.finally(() => receiving.delete(request));
  };
  // On the assistant's one HTTP server when given; else (an adapter on its own) on a server of its own.
  let own: HttpServer | undefined;
  const routes: HttpRoutes = opts.http ?? (own = new HttpServer((err) => opts.log.error('telegram: webhook server error', { error: String(err) })));
  const unroute = routes.route(opts.path, handler);
  if (own) {
    try {
      await own.listen({
        port: opts.port,
        ...(opts.host !== undefined ? { host: opts.host } : {}),
        inUse: `Telegram webhook: port ${opts.port} is already in use (Slack's HTTP mode also listens on PORT); set TELEGRAM_WEBHOOK_PORT to another port`,
      });
    } catch (err) {
      unroute();
      throw err;
    }
  }
  const stop = async () => {
    if (accepting) {
      accepting = false;
      own?.stopAccepting();
    }
    // A request whose body never finishes must not hold the shutdown: it is cut off by close().
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, RECEIVE_GRACE_MS).unref());
    while (receiving.size > 0) {
      if ((await Promise.race([Promise.allSettled([...receiving]).then(() => false), deadline.then(() => true)])) === true) break;
    }
  };
  return {
    port: routes.port!,
    address: routes.address!,
    stop,
    async close() {
      await stop();
      // On the shared server the path stays served (answering 503) until the assistant closes the server.
      if (own) {
        unroute();
        await own.close();
      }
    },
  };
}
