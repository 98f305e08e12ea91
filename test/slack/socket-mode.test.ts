import { SocketModeReceiver, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { watchSocketMode } from '../../adapters/slack/receiver.js';

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
