import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/chat/events.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { Relay } from '../../src/delivery/relay.js';
import type { PlatformSender } from '../../src/delivery/types.js';
import type { Store } from '../../src/domain/store.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';

/**
 * Found by the multi-process test: on PostgreSQL, with commits from two processes waking the relay all
 * the time, a scan's read of the pending messages can start before a delivered message's mark commits
 * and come back after it. The relay had by then forgotten that message (it was no longer in flight) and
 * sent it a second time: a doubled reply without any crash. Here the read is held back on purpose.
 */
const silent = { info() {}, warn() {}, error() {} };
const to = (id: string) => ({ platform: 'console' as const, id });

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const until = async (ok: () => boolean | Promise<boolean>, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('Relay with a slow read of the outbox', () => {
  it('does not send again a message whose mark was committed while a scan was reading', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bangkom-relay-stale-'));
    const store = new LowdbStore(join(dir, 'db.json'));
    await store.open();
    cleanup.push(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });

    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const sent: OutboundMessage[] = [];
    const sender: PlatformSender = {
      platform: 'console',
      limits: { globalPerSecond: 1000, perChatPerSecond: 1000 },
      send: async (m) => {
        sent.push(m);
        if (sent.length === 1) await firstHeld;
        return {};
      },
    };
    const outbox = new Outbox([sender]);

    const [first] = await store.enqueueOutbound([{ kind: 'send', to: to('siti'), text: 'Siapa penyelenggaranya?' }]);
    let reads = 0;
    // Reads after the first one take their snapshot at once and answer only once `first` is marked delivered.
    const slowReads: Store = new Proxy(store, {
      get(target, p) {
        if (p === 'pendingOutbound') {
          return async (opts?: Parameters<Store['pendingOutbound']>[0]) => {
            const snapshot = await target.pendingOutbound(opts);
            if (++reads > 1) await until(async () => !(await target.pendingOutbound()).some((r) => r.id === first));
            return snapshot;
          };
        }
        const v = Reflect.get(target, p, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const relay = new Relay(slowReads, outbox, silent, { platforms: ['console'], rescanMs: 60_000 });
    cleanup.push(async () => {
      await relay.stop();
      await outbox.close();
      await relay.idle();
    });
    relay.start();
    await until(() => sent.length === 1);
    // Another turn commits while the first message is on the wire: the relay looks again, and its read is slow.
    await store.enqueueOutbound([{ kind: 'send', to: to('budi'), text: 'Permohonan persetujuan' }]);
    await until(() => reads >= 2);
    releaseFirst();
    await until(async () => (await store.pendingOutbound()).length === 0);
    await relay.idle();
    expect(sent.map((m) => (m.kind === 'send' ? m.text : m.kind))).toEqual(['Siapa penyelenggaranya?', 'Permohonan persetujuan']);
  });
});
