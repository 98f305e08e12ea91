import { createHmac } from 'node:crypto';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.js';
import type { Logger } from '../../src/platform/adapter.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { Relay } from '../../src/delivery/relay.js';
import { Engine } from '../../src/engine/engine.js';
import { FakeSlackWebApi, imOf, type FakeMessage, type SlackBlockJson } from '../fakes/slack-web-api.js';
import { makeWorld, type World } from '../helpers/script-driver.js';

export const SIGNING_SECRET = 'test-signing-secret-8f2c';
export const U = { siti: 'U0SITI', budi: 'U0BUDI', andi: 'U0ANDI' } as const;

export interface SignedOptions {
  secret?: string;
  timestamp?: number;
  headers?: Record<string, string>;
}

export interface PressTarget {
  channel: string;
  ts: string;
  text: string;
  action: string;
  label: string;
  /** The message's blocks as shown, which Slack sends along with a press. */
  blocks?: SlackBlockJson[];
}

/** A report dialogue's button id without its per-report stamp: `r:<nonce>:jalur:klasikal` → `r:jalur:klasikal`. */
export const unstamped = (id: string) => id.replace(/^r:[^:]+:(?=[^:]+:)/, 'r:');

let eventSeq = 0;

/**
 * The Slack adapter with a real engine on a temp store, in HTTP mode on an ephemeral port, talking to a
 * fake Web API; requests are signed exactly as Slack signs them.
 */
/** The process side of a SlackWorld: engine, outbox, relay and adapter on the world's (current) store. */
interface Running {
  adapter: SlackAdapter;
  engine: Engine;
  relay: Relay;
  outbox: Outbox;
}

async function boot(w: World, slack: FakeSlackWebApi, log: Logger, logs: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Running> {
  const outbox = new Outbox([], { retries: 3, minBackoffMs: 20, maxBackoffMs: 200 });
  const relay = new Relay(w.store, outbox, log, { platforms: ['slack'], rescanMs: 200 });
  const ctx = {
    relay,
    engine: new Engine(w.deps),
    outbox,
    store: w.store,
    config: { db: w.dbPath, profile: 'lan-2018', tz: 'Asia/Jakarta' },
    dataDir: w.dir,
    log,
    fatal: (err: unknown) => logs.push(`fatal ${String(err)}`),
  };
  const env = { SLACK_BOT_TOKEN: slack.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.url, PORT: '0', ...extraEnv };
  const adapter = await createSlackAdapter(ctx, env, { limits: { globalPerSecond: 200, perChatPerSecond: 200 } });
  outbox.addSender(adapter.sender);
  await adapter.start();
  relay.start();
  return { adapter, engine: ctx.engine, relay, outbox };
}

export class SlackWorld {
  private constructor(
    readonly w: World,
    readonly slack: FakeSlackWebApi,
    private running: Running,
    readonly logs: string[],
    private readonly log: Logger,
    private readonly extraEnv: NodeJS.ProcessEnv,
  ) {}

  get adapter(): SlackAdapter {
    return this.running.adapter;
  }

  get engine(): Engine {
    return this.running.engine;
  }

  get relay(): Relay {
    return this.running.relay;
  }

  /**
   * `env`: more settings for the adapter (e.g. HOST, SLACK_APP_TOKEN), on top of the fake's token, secret
   * and PORT=0; `prepare`: runs on the fake Web API before the adapter starts (e.g. a Socket Mode fake).
   */
  static async start(opts: { env?: NodeJS.ProcessEnv; prepare?: (slack: FakeSlackWebApi) => Promise<void> } = {}): Promise<SlackWorld> {
    const w = await makeWorld();
    const slack = await FakeSlackWebApi.start();
    await opts.prepare?.(slack);
    const logs: string[] = [];
    const log: Logger = {
      info: () => undefined,
      warn: (msg, extra) => logs.push(`warn ${msg} ${JSON.stringify(extra ?? {})}`),
      error: (msg, extra) => logs.push(`error ${msg} ${JSON.stringify(extra ?? {})}`),
    };
    const env = opts.env ?? {};
    try {
      return new SlackWorld(w, slack, await boot(w, slack, log, logs, env), logs, log, env);
    } catch (err) {
      await slack.close();
      await w.close();
      throw err;
    }
  }

  /** Stops the adapter, relay and outbox, reopens the store and starts them anew, as a process restart does. */
  async restart(): Promise<void> {
    await this.stopRunning();
    await this.w.restart();
    this.running = await boot(this.w, this.slack, this.log, this.logs, this.extraEnv);
  }

  private async stopRunning(): Promise<void> {
    await this.running.adapter.stop();
    await this.running.relay.stop();
    await this.running.outbox.close();
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.adapter.port}/slack/events`;
  }

  async close(): Promise<void> {
    await this.stopRunning();
    await this.w.close();
    await this.slack.close();
  }

  /** POSTs `body` signed with `v0:timestamp:body` (HMAC-SHA256), as Slack does. */
  post(body: string, contentType: string, opts: SignedOptions = {}): Promise<Response> {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', opts.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return fetch(this.endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': contentType,
        'X-Slack-Request-Timestamp': String(timestamp),
        'X-Slack-Signature': signature,
        ...opts.headers,
      },
      body,
    });
  }

  /** An Events API `event_callback` around `event`. */
  postEvent(event: Record<string, unknown>, opts: SignedOptions & { eventId?: string } = {}): Promise<Response> {
    const envelope = {
      token: 'legacy-verification-token',
      team_id: 'T0BANGKOM',
      api_app_id: 'A0BANGKOM',
      event,
      type: 'event_callback',
      event_id: opts.eventId ?? `Ev${Date.now()}${++eventSeq}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: 'T0BANGKOM', user_id: 'UBOTBANGKOM', is_bot: true, is_enterprise_install: false }],
    };
    return this.post(JSON.stringify(envelope), 'application/json', opts);
  }

  /** Interactivity: `payload=<json>` form-encoded. */
  postInteraction(payload: Record<string, unknown>, opts: SignedOptions = {}): Promise<Response> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', opts);
  }

  dmEvent(user: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++eventSeq).padStart(6, '0')}`;
    return { type: 'message', channel: imOf(user), channel_type: 'im', user, text, ts, event_ts: ts, client_msg_id: `c${eventSeq}`, ...extra };
  }

  /** The user writes in their DM; resolves with the messages then posted into that DM. */
  async say(user: string, text: string): Promise<FakeMessage[]> {
    return this.collect(user, async () => expectOk(await this.postEvent(this.dmEvent(user, text))));
  }

  async shareFile(user: string, file: Record<string, unknown>): Promise<FakeMessage[]> {
    const event = this.dmEvent(user, '', { subtype: 'file_share', files: [file] });
    return this.collect(user, async () => expectOk(await this.postEvent(event)));
  }

  /** A slash command, form-encoded as Slack sends it; resolves with the messages then posted into the user's DM. */
  async command(user: string, command: string, text: string): Promise<FakeMessage[]> {
    const body = new URLSearchParams({ command, text, user_id: user, channel_id: 'C0GENERAL', team_id: 'T0BANGKOM', trigger_id: 't' });
    return this.collect(user, async () => expectOk(await this.post(body.toString(), 'application/x-www-form-urlencoded')));
  }

  /**
   * Finds the newest message in the user's DM showing a button with this label or id (a report
   * dialogue's id may be given without its per-report stamp, e.g. `r:jalur:klasikal`).
   */
  button(user: string, labelOrId: string): PressTarget {
    for (const m of [...this.slack.posted].reverse()) {
      if (m.channel !== imOf(user)) continue;
      for (const block of m.blocks) {
        if (block.type !== 'actions') continue;
        const hit = block.elements?.find((e) => e.value === labelOrId || unstamped(e.value ?? '') === labelOrId || e.text?.text === labelOrId);
        if (hit) {
          return { channel: m.channel, ts: m.ts, text: m.text, action: hit.value ?? hit.action_id!, label: hit.text.text, blocks: m.blocks };
        }
      }
    }
    throw new Error(`no button "${labelOrId}" shown to ${user}`);
  }

  pressPayload(user: string, t: PressTarget): Record<string, unknown> {
    return {
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase(), team_id: 'T0BANGKOM' },
      api_app_id: 'A0BANGKOM',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: t.ts, channel_id: t.channel, is_ephemeral: false },
      trigger_id: `trig${++eventSeq}`,
      team: { id: 'T0BANGKOM', domain: 'bangkom' },
      channel: { id: t.channel, name: 'directmessage' },
      message: { type: 'message', user: 'UBOTBANGKOM', bot_id: 'BBOTBANGKOM', text: t.text, ts: t.ts, ...(t.blocks ? { blocks: t.blocks } : {}) },
      response_url: 'https://hooks.slack.invalid/actions/x',
      actions: [
        {
          type: 'button',
          action_id: t.action,
          block_id: 'b1',
          text: { type: 'plain_text', text: t.label, emoji: true },
          value: t.action,
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    };
  }

  /** The user presses a button shown to them; resolves with the messages then posted into their DM. */
  async press(user: string, labelOrId: string): Promise<FakeMessage[]> {
    const target = this.button(user, labelOrId);
    return this.collect(user, async () => expectOk(await this.postInteraction(this.pressPayload(user, target))));
  }

  /** Runs `act`, waits until the adapter has handled it and delivered the replies; the new messages in `user`'s DM. */
  async collect(user: string, act: () => Promise<void>): Promise<FakeMessage[]> {
    const before = this.slack.posted.length;
    await act();
    await this.adapter.idle();
    return this.slack.posted.slice(before).filter((m) => m.channel === imOf(user));
  }
}

function expectOk(res: Response): void {
  if (res.status !== 200) throw new Error(`Slack request answered ${res.status}`);
}

export const textOf = (messages: FakeMessage[]) => messages.map((m) => m.text).join('\n---\n');
export const actionIds = (m: FakeMessage | undefined) =>
  (m?.blocks ?? []).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => e.action_id!) : []));

/** The text of a message's context blocks (where a retired message notes the choice). */
export const contextOf = (m: FakeMessage | undefined) =>
  (m?.blocks ?? []).flatMap((b) => (b.type === 'context' ? (b.elements ?? []).map((e) => String(e.text)) : [])).join('\n');
