import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/chat/events.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { Relay } from '../../src/delivery/relay.js';
import type { PlatformSender } from '../../src/delivery/types.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';

const silent = { info() {}, warn() {}, error() {} };
const to = (id: string) => ({ platform: 'console' as const, id });

let dir: string;
let full: boolean;
let store: LowdbStore;
let sent: OutboundMessage[];
let outbox: Outbox;
let relay: Relay | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bangkom-relay-'));
  full = false;
  store = new LowdbStore(join(dir, 'db.json'), {
    writeFault: () => (full ? Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }) : undefined),
  });
  await store.open();
  sent = [];
  const sender: PlatformSender = { platform: 'console', limits: { globalPerSecond: 1000, perChatPerSecond: 1000 }, send: async (m) => (sent.push(m), {}) };
  outbox = new Outbox([sender]);
});
afterEach(async () => {
  full = false;
  await relay?.stop();
  await outbox.close();
  await relay?.idle();
  relay = undefined;
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const until = async (ok: () => boolean | Promise<boolean>, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('Relay', () => {
  it('sends each chat its messages in commit order and marks each one delivered', async () => {
    await store.enqueueOutbound([{ kind: 'send', to: to('a'), text: '1' }]);
    await store.enqueueOutbound([{ kind: 'send', to: to('a'), text: '2' }, { kind: 'send', to: to('b'), text: '3' }]);
    relay = new Relay(store, outbox, silent, { platforms: ['console'] });
    relay.start();
    await until(async () => (await store.pendingOutbound()).length === 0);
    const textsTo = (id: string) => sent.filter((m) => m.to.id === id).map((m) => (m.kind === 'send' ? m.text : ''));
    expect(textsTo('a')).toEqual(['1', '2']);
    expect(textsTo('b')).toEqual(['3']);
  });

  it('a mark that cannot be written (disk full) does not send the message again; it is marked once the disk has room', async () => {
    await store.enqueueOutbound([{ kind: 'send', to: to('atasan'), text: 'Permohonan persetujuan' }]);
    full = true;
    relay = new Relay(store, outbox, silent, { platforms: ['console'], rescanMs: 50 });
    relay.start();
    await new Promise((r) => setTimeout(r, 600)); // a dozen rescans
    expect(sent).toHaveLength(1);
    expect(await store.pendingOutbound()).toHaveLength(1);

    full = false;
    await until(async () => (await store.pendingOutbound()).length === 0);
    expect(sent).toHaveLength(1);
  });

  it('a scan limited to a batch reads on once the first batch is marked', async () => {
    await store.enqueueOutbound(Array.from({ length: 7 }, (_, i): OutboundMessage => ({ kind: 'send', to: to(`u${i}`), text: String(i) })));
    relay = new Relay(store, outbox, silent, { platforms: ['console'], batch: 3, rescanMs: 60_000 });
    relay.start();
    await until(async () => (await store.pendingOutbound()).length === 0);
    expect(sent.map((m) => (m.kind === 'send' ? m.text : '')).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6']);
  });
});

describe('Relay lease (several processes on one store, issue 11)', () => {
  it('only the lease holder sends; when the holder dies (stops renewing) another takes over within the lease time', async () => {
    await store.enqueueOutbound([{ kind: 'send', to: to('a'), text: 'satu' }]);
    // A process that held the lease and died: nobody renews it.
    expect(await store.holdLease('relay', 'dead-process', 400)).toBe(true);
    const started = Date.now();
    relay = new Relay(store, outbox, silent, { platforms: ['console'], lease: { owner: 'standby', ttlMs: 400 } });
    relay.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(sent).toHaveLength(0);
    await until(async () => (await store.pendingOutbound()).length === 0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(sent.map((m) => (m.kind === 'send' ? m.text : ''))).toEqual(['satu']);
  });

  it('a clean stop hands the lease over at once', async () => {
    const first = new Relay(store, outbox, silent, { platforms: ['console'], lease: { owner: 'first', ttlMs: 60_000 } });
    first.start();
    await first.idle();
    await until(async () => !(await store.holdLease('relay', 'second', 60_000)));
    await first.stop();
    expect(await store.holdLease('relay', 'second', 60_000)).toBe(true);
  });
});
