import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlackWebApi } from './slack-web-api.js';

/** What the app sent back over the socket for an envelope: `{"envelope_id": …, "payload": …}`. */
export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

/** A Socket Mode envelope as Slack sends it. */
export interface Envelope {
  envelope_id: string;
  type: 'events_api' | 'interactive' | 'slash_commands';
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export const APP_ID = 'A0BANGKOM';
const TEAM = 'T0BANGKOM';

/**
 * A loopback stand-in for Slack's Socket Mode side: the fake Web API's apps.connections.open hands out
 * `ws://127.0.0.1:…/link/?ticket=…` URLs (one ticket per call, as Slack does); a client that connects
 * with a ticket it was given gets `hello`; envelopes sent to it are matched with the acks it sends back.
 */
export class FakeSlackSocket {
  /** Every ack the app sent, in order. */
  readonly acks: SocketAck[] = [];
  /** Connections that opened with a valid ticket. */
  connections = 0;
  private readonly tickets = new Set<string>();
  private readonly waiting = new Map<string, (ack: SocketAck) => void>();
  private socket: WebSocket | undefined;
  private connectedWaiters: ((socket: WebSocket) => void)[] = [];
  private seq = 0;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly appToken: string,
  ) {
    wss.on('connection', (socket, req) => this.accept(socket, req.url ?? '/'));
  }

  /** Starts the socket server and teaches `web` to open connections to it for `appToken`. */
  static async start(web: FakeSlackWebApi, appToken = 'xapp-1-A0BANGKOM-1-fake'): Promise<FakeSlackSocket> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: '/link/' });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const fake = new FakeSlackSocket(http, wss, appToken);
    web.openSocketsWith(appToken, () => fake.issueUrl());
    return fake;
  }

  /** The socket the app holds open now, once it is there. */
  connected(): Promise<WebSocket> {
    if (this.socket && this.socket.readyState === this.socket.OPEN) return Promise.resolve(this.socket);
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  /** True when the app's socket is open. */
  get open(): boolean {
    return this.socket !== undefined && this.socket.readyState === this.socket.OPEN;
  }

  /** Resolves when the app's socket has closed (at once when none is open). */
  async closed(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState === socket.CLOSED) return;
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  }

  /** Sends an envelope to the connected app; resolves with its ack, or undefined when none came within `ms`. */
  async deliver(envelope: Envelope, ms = 3000): Promise<SocketAck | undefined> {
    const socket = await this.connected();
    const acked = new Promise<SocketAck | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelope.envelope_id);
        resolve(undefined);
      }, ms);
      this.waiting.set(envelope.envelope_id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    socket.send(JSON.stringify(envelope));
    return acked;
  }

  /** An Events API envelope around `event` (a message event, say), shaped like Slack's. */
  eventsApi(event: Record<string, unknown>, opts: { eventId?: string; retryAttempt?: number } = {}): Envelope {
    const now = Math.floor(Date.now() / 1000);
    const channel = typeof event.channel === 'string' ? event.channel : '';
    return {
      envelope_id: randomUUID(),
      payload: {
        token: 'legacy-verification-token',
        team_id: TEAM,
        context_team_id: TEAM,
        context_enterprise_id: null,
        api_app_id: APP_ID,
        event,
        type: 'event_callback',
        event_id: opts.eventId ?? `Ev0SOCK${++this.seq}`,
        event_time: now,
        authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: 'UBOTBANGKOM', is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: false,
        event_context: `1-${String(event.type)}-${TEAM}-${channel}`,
      },
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: opts.retryAttempt ?? 0,
      retry_reason: opts.retryAttempt ? 'timeout' : '',
    };
  }

  /** An interactivity envelope (a block_actions press, say), shaped like Slack's. */
  interactive(payload: Record<string, unknown>): Envelope {
    return { envelope_id: randomUUID(), payload, type: 'interactive', accepts_response_payload: false };
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private issueUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/link/?ticket=${ticket}&app_id=${APP_ID}`;
  }

  private accept(socket: WebSocket, url: string): void {
    const ticket = new URL(url, 'ws://localhost').searchParams.get('ticket') ?? '';
    // Slack accepts a ticket once; anything else is closed at once.
    if (!this.tickets.delete(ticket)) return void socket.close(4001, 'invalid ticket');
    this.connections++;
    this.socket = socket;
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = JSON.parse(data.toString()) as Partial<SocketAck>;
      if (typeof message.envelope_id !== 'string') return;
      const ack = message as SocketAck;
      this.acks.push(ack);
      this.waiting.get(ack.envelope_id)?.(ack);
      this.waiting.delete(ack.envelope_id);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'applink-fake-1', build_number: 118, approximate_connection_time: 18060 },
        connection_info: { app_id: APP_ID },
      }),
    );
    const waiters = this.connectedWaiters;
    this.connectedWaiters = [];
    for (const resolve of waiters) resolve(socket);
  }
}
