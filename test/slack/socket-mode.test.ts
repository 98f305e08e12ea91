import { SocketModeReceiver, type Receiver } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { watchSocketMode } from '../../adapters/slack/receiver.js';
import { FakeSlackSocket } from '../fakes/slack-socket.js';
import { imOf } from '../fakes/slack-web-api.js';
import { actionIds, contextOf, SlackWorld, textOf, U } from './harness.js';

type Phase = 'starting' | 'running' | 'stopping';
const settledWithin = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

/** A stand-in for @slack/socket-mode's client: retrieveWSSURL retries itself from a timer, as the real one does. */
interface FakeClient {
  calls: number;
  retrieveWSSURL(): Promise<string>;
}

function fakeClient(outcomes: ('retry' | Error)[]): FakeClient {
  const client: FakeClient = {
    calls: 0,
    async retrieveWSSURL(this: FakeClient): Promise<string> {
      const outcome = outcomes[client.calls++] ?? 'wss://ok';
      if (outcome instanceof Error) throw outcome;
      if (outcome === 'retry') return new Promise((resolve) => setTimeout(() => void this.retrieveWSSURL().then(resolve), 5));
      return outcome;
    },
  };
  return client;
}

describe('watchSocketMode (Socket Mode lost for good → fatal)', () => {
  it('a refusal at the first start rejects start(); once running, a refusal is reported once and the loop parked', async () => {
    let phase: Phase = 'starting';
    const fatals: unknown[] = [];
    const client = fakeClient([new Error('invalid_auth'), new Error('account_inactive'), new Error('again')]);
    expect(watchSocketMode({ client } as unknown as Receiver, { phase: () => phase, onFatal: (e) => void fatals.push(e) })).toBe(true);
    await expect(client.retrieveWSSURL()).rejects.toThrow('invalid_auth');
    expect(fatals).toEqual([]);

    phase = 'running';
    expect(await settledWithin(client.retrieveWSSURL(), 50)).toBe(false);
    expect(fatals).toEqual([new Error('account_inactive')]);
    expect(await settledWithin(client.retrieveWSSURL(), 20)).toBe(false);
    expect(fatals).toHaveLength(1);
  });

  it("a refusal inside the client's own retry loop is reported even while starting; nothing while stopping", async () => {
    const fatals: unknown[] = [];
    const client = fakeClient(['retry', new Error('team_disabled')]);
    watchSocketMode({ client } as unknown as Receiver, { phase: () => 'starting', onFatal: (e) => void fatals.push(e) });
    expect(await settledWithin(client.retrieveWSSURL(), 100)).toBe(false);
    expect(fatals).toEqual([new Error('team_disabled')]);

    const quiet: unknown[] = [];
    const stopping = fakeClient([new Error('invalid_auth')]);
    watchSocketMode({ client: stopping } as unknown as Receiver, { phase: () => 'stopping', onFatal: (e) => void quiet.push(e) });
    expect(await settledWithin(stopping.retrieveWSSURL(), 20)).toBe(false);
    expect(quiet).toEqual([]);
  });

  it("finds the hook on Bolt's own Socket Mode receiver, and nothing on a receiver without a socket client", () => {
    const receiver = new SocketModeReceiver({ appToken: 'xapp-1-A0-1-abc' });
    expect(watchSocketMode(receiver, { phase: () => 'running', onFatal: () => undefined })).toBe(true);
    expect(watchSocketMode({} as Receiver, { phase: () => 'running', onFatal: () => undefined })).toBe(false);
  });
});

describe('Slack adapter in Socket Mode (SLACK_APP_TOKEN), against a local Socket Mode fake', () => {
  let s: SlackWorld | undefined;
  let socket: FakeSlackSocket | undefined;
  let turns = 0;
  afterEach(async () => {
    const logs = s?.logs ?? [];
    await s?.close();
    await socket?.close();
    s = socket = undefined;
    expect(logs.filter((l) => l.startsWith('error'))).toEqual([]);
  });

  async function start(): Promise<{ s: SlackWorld; socket: FakeSlackSocket }> {
    turns = 0;
    s = await SlackWorld.start({
      env: { SLACK_APP_TOKEN: 'xapp-1-A0BANGKOM-1-fake' },
      prepare: async (slack) => {
        socket = await FakeSlackSocket.start(slack, 'xapp-1-A0BANGKOM-1-fake');
      },
    });
    const handleTurn = s.engine.handleTurn.bind(s.engine);
    s.engine.handleTurn = async (event, opts) => {
      turns++;
      return handleTurn(event, opts);
    };
    return { s, socket: socket! };
  }

  it('opens its socket with the app token, acks a DM event and a button press by envelope_id, and replies through the Web API', async () => {
    const { s, socket } = await start();
    expect(s.adapter.mode).toBe('socket');
    expect(s.adapter.port).toBeUndefined();
    const opened = s.slack.callsTo('apps.connections.open');
    expect(opened.map((c) => c.token)).toEqual(['xapp-1-A0BANGKOM-1-fake']);
    expect(socket.connections).toBe(1);

    s.slack.emails.set(U.siti, 'siti@example.go.id');
    const hello = socket.eventsApi(s.dmEvent(U.siti, 'halo'));
    const helloReplies = await s.collect(U.siti, async () => {
      expect(await socket.deliver(hello)).toEqual({ envelope_id: hello.envelope_id, payload: {} });
    });
    expect(textOf(helloReplies)).toContain('akun Slack Anda terhubung otomatis');

    const lapor = socket.eventsApi(s.dmEvent(U.siti, 'lapor'));
    await s.collect(U.siti, async () => {
      expect((await socket.deliver(lapor))?.envelope_id).toBe(lapor.envelope_id);
    });
    const jalur = s.button(U.siti, 'r:jalur:klasikal');
    const press = socket.interactive(s.pressPayload(U.siti, jalur));
    const pressReplies = await s.collect(U.siti, async () => {
      expect(await socket.deliver(press)).toEqual({ envelope_id: press.envelope_id, payload: {} });
    });
    expect(textOf(pressReplies)).toMatch(/bentuk kegiatan/i);
    // The pressed message lost its buttons (chat.update) and shows the choice.
    const pressed = s.slack.message(jalur.channel, jalur.ts)!;
    expect(pressed.updates).toBe(1);
    expect(actionIds(pressed)).toEqual([]);
    expect(contextOf(pressed)).toBe('✓ Pelatihan klasikal');
    expect(s.slack.callsTo('chat.update').map((c) => c.args.channel)).toEqual([imOf(U.siti)]);

    expect(socket.acks.map((a) => a.envelope_id)).toEqual([hello.envelope_id, lapor.envelope_id, press.envelope_id]);
    expect(turns).toBe(3);
  });

  it('an event Slack delivers again in a new envelope (same event_id, retry_attempt 1) is acked and handled once', async () => {
    const { s, socket } = await start();
    const event = s.dmEvent(U.andi, 'halo');
    const first = socket.eventsApi(event, { eventId: 'Ev0SOCKRETRY' });
    const again = socket.eventsApi(event, { eventId: 'Ev0SOCKRETRY', retryAttempt: 1 });
    const replies = await s.collect(U.andi, async () => {
      expect((await socket.deliver(first))?.envelope_id).toBe(first.envelope_id);
      expect((await socket.deliver(again))?.envelope_id).toBe(again.envelope_id);
    });
    expect(replies.map((m) => m.text)).toEqual([expect.stringContaining('belum terhubung')]);
    expect(turns).toBe(1);
  });

  it('a stopping adapter acks nothing more (Slack delivers it again) and closes its socket', async () => {
    const { s, socket } = await start();
    await socket.connected();
    const stopping = s.adapter.stop();
    const late = socket.eventsApi(s.dmEvent(U.andi, 'halo'));
    expect(await socket.deliver(late, 500)).toBeUndefined();
    await stopping;
    await socket.closed();
    expect(socket.open).toBe(false);
    expect(socket.acks).toEqual([]);
    expect(turns).toBe(0);
    expect(s.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('apps.connections.open refusing the app token fails the start, saying so', async () => {
    await expect(
      SlackWorld.start({
        env: { SLACK_APP_TOKEN: 'xapp-1-A0BANGKOM-1-revoked' },
        prepare: async (slack) => {
          socket = await FakeSlackSocket.start(slack, 'xapp-1-A0BANGKOM-1-fake');
        },
      }),
    ).rejects.toThrow('invalid_auth');
    expect(socket!.connections).toBe(0);
  });
});
