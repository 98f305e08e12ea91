import {
  defaultProcessEventErrorHandler,
  HTTPModuleFunctions,
  HTTPReceiver,
  SocketModeReceiver,
  type App,
  type Logger,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import type { HttpRoutes } from '../../src/http/server.js';
import { timestampProblem } from './request-timestamp.js';
import type { WorkInHand } from './work.js';

export class StoppingError extends Error {
  constructor() {
    super('the Slack adapter is stopping');
    this.name = 'StoppingError';
  }
}

/**
 * Wraps Bolt's receiver (HTTP or Socket Mode) so that every request Bolt processes counts as work in
 * hand from the moment it arrives (before its ack), so that no request goes unacknowledged, and so that a
 * stopping adapter refuses new requests (Slack delivers them again later) while it finishes the ones it has.
 */
export class TrackedReceiver implements Receiver {
  private accepting = true;
  #shared = false;

  constructor(
    readonly inner: Receiver,
    private readonly work: WorkInHand,
  ) {}

  init(app: App): void {
    const facade = Object.create(app) as App;
    facade.processEvent = (event: ReceiverEvent) => {
      if (!this.accepting) return Promise.reject(new StoppingError());
      let acked = false;
      const ack: ReceiverEvent['ack'] = async (response) => {
        acked = true;
        return event.ack(response);
      };
      // A request no listener acknowledged (a type this app does not handle) is acknowledged once Bolt is done.
      const done = app.processEvent({ ...event, ack }).then(() => (acked ? undefined : event.ack()));
      return this.work.track(done);
    };
    this.inner.init(facade);
  }

  start(...args: unknown[]): Promise<unknown> {
    this.accepting = true;
    return this.inner.start(...args);
  }

  /**
   * HTTP mode on the assistant's one HTTP server: Bolt's request listener (signature and timestamp checks
   * included) serves `path` there, instead of a server of Bolt's own. Call instead of start().
   */
  serveOn(routes: HttpRoutes, path: string): void {
    if (!(this.inner instanceof HTTPReceiver)) throw new Error('only the HTTP receiver can serve on the HTTP server');
    const inner = this.inner;
    this.accepting = true;
    this.#shared = true;
    routes.route(path, (req, res) => inner.requestListener(req, res));
  }

  /** Refuses new requests from now on. */
  refuse(): void {
    this.accepting = false;
  }

  stop(...args: unknown[]): Promise<unknown> {
    this.accepting = false;
    // On the shared server the path stays served, answering 503, until the assistant closes the server.
    if (this.#shared) return Promise.resolve();
    return this.inner.stop(...args);
  }
}

/**
 * Bolt's receiver for the configured mode: Socket Mode with an app token (asking `apiUrl`, when set, for
 * the socket), else HTTP at `path` with signature verification on. A request refused while stopping gets
 * 503 (HTTP) or no ack (socket), so Slack delivers it again later, and is not logged as an error.
 */
export function boltReceiver(opts: { signingSecret: string; appToken?: string; apiUrl?: string; path: string; logger: Logger }): Receiver {
  const { logger } = opts;
  if (opts.appToken) {
    return new SocketModeReceiver({
      appToken: opts.appToken,
      logger,
      // apps.connections.open goes to SLACK_API_URL too (the App's clientOptions do not reach this client).
      ...(opts.apiUrl ? { installerOptions: { clientOptions: { slackApiUrl: opts.apiUrl } } } : {}),
      processEventErrorHandler: async (args) =>
        args.error instanceof StoppingError ? false : defaultProcessEventErrorHandler(args),
    });
  }
  const receiver = new HTTPReceiver({
    signingSecret: opts.signingSecret,
    endpoints: opts.path,
    // An event is acknowledged once its turn is committed: a crash before that makes Slack deliver it again.
    processBeforeResponse: true,
    logger,
    processEventErrorHandler: async (args) => {
      if (!(args.error instanceof StoppingError)) return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
      if (!args.response.headersSent) {
        args.response.writeHead(503, { 'Retry-After': '5' });
        args.response.end();
      }
      return false;
    },
  });
  refuseSkewedTimestamps(receiver, opts.path, logger);
  return receiver;
}

/**
 * Refuses a POST to `path` whose X-Slack-Request-Timestamp is more than 5 minutes away from our clock in
 * either direction (401, as Bolt answers a bad signature), before Bolt reads it: Bolt refuses only old ones.
 */
function refuseSkewedTimestamps(receiver: HTTPReceiver, path: string, logger: Logger): void {
  const verified = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const target = new URL(req.url ?? '/', 'http://localhost').pathname;
    const problem = req.method === 'POST' && target === path ? timestampProblem(req.headers['x-slack-request-timestamp'], Date.now()) : undefined;
    if (!problem) return verified(req, res);
    logger.warn(`request refused: ${problem}`);
    req.resume();
    res.writeHead(401);
    res.end();
  };
}

/**
 * Reports a Socket Mode connection that is lost for good. @slack/socket-mode reconnects on its own, and
 * gives up only when apps.connections.open fails unrecoverably (invalid_auth, account_inactive, ... or
 * a network failure after the WebClient's own retries): it then throws from a reconnect timer, where
 * nobody can catch it (an unhandled rejection) and nothing reconnects any more. This wraps that call
 * on the receiver's client: a failure of the first start still rejects start() (reported as a start-up
 * failure); a later one, or one inside the client's own retry loop, goes to `onFatal` once, and the
 * loop is parked (never settles) instead of rejecting unhandled. While stopping, failures are quiet.
 * False when the receiver is not a Socket Mode one (or the client's internals changed).
 */
export function watchSocketMode(
  receiver: Receiver,
  opts: { phase: () => 'starting' | 'running' | 'stopping'; onFatal: (err: unknown) => void },
): boolean {
  const client = (receiver as { client?: unknown }).client as { retrieveWSSURL?: (...args: unknown[]) => Promise<unknown> } | undefined;
  const original = client?.retrieveWSSURL;
  if (!client || typeof original !== 'function') return false;
  let pending = 0;
  let reported = false;
  client.retrieveWSSURL = async function (this: unknown, ...args: unknown[]) {
    const nested = pending > 0;
    pending++;
    try {
      return await original.apply(this, args);
    } catch (err) {
      const phase = opts.phase();
      if (phase === 'starting' && !nested) throw err;
      if (phase !== 'stopping' && !reported) {
        reported = true;
        opts.onFatal(err);
      }
      return new Promise<never>(() => undefined);
    } finally {
      pending--;
    }
  };
  return true;
}
