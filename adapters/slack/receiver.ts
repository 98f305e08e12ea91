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

  /** Refuses new requests from now on. */
  refuse(): void {
    this.accepting = false;
  }

  stop(...args: unknown[]): Promise<unknown> {
    this.accepting = false;
    return this.inner.stop(...args);
  }
}

/**
 * Bolt's receiver for the configured mode: Socket Mode with an app token, else HTTP at `path` with
 * signature verification on. A request refused while stopping gets 503 (HTTP) or no ack (socket), so
 * Slack delivers it again later, and is not logged as an error.
 */
export function boltReceiver(opts: { signingSecret: string; appToken?: string; path: string; logger: Logger }): Receiver {
  const { logger } = opts;
  if (opts.appToken) {
    return new SocketModeReceiver({
      appToken: opts.appToken,
      logger,
      processEventErrorHandler: async (args) =>
        args.error instanceof StoppingError ? false : defaultProcessEventErrorHandler(args),
    });
  }
  return new HTTPReceiver({
    signingSecret: opts.signingSecret,
    endpoints: opts.path,
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
}
