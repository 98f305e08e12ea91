import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { InboundEvent } from '../../src/chat/events.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
});
afterEach(async () => w.close());

const from = { platform: 'telegram' as const, id: '42' };
const text = (t: string): InboundEvent => ({ kind: 'text', from, text: t });

describe('a turn is one unit of work', () => {
  it('commits its messages to the store’s outbox with its state, under the returned ids', async () => {
    const engine = new Engine(w.deps);
    const result = await engine.handleTurn({ kind: 'text', from: { platform: 'console', id: 'siti' }, text: 'lapor webinar' });
    expect(result.committed).toBe(true);
    const pending = await w.store.pendingOutbound();
    expect(pending.map((r) => r.id)).toEqual(expect.arrayContaining(result.ids));
    expect(pending.filter((r) => result.ids.includes(r.id)).map((r) => r.message)).toEqual(result.messages);
    expect(await w.store.getState('console:siti')).toBeDefined();
  });

  it('an event delivered again after a restart (same inbound key) changes nothing and sends nothing', async () => {
    const first = await new Engine(w.deps).handleTurn(text('halo'), { inboundKey: 'telegram:update:1001' });
    expect(first.committed).toBe(true);
    expect(first.messages).toHaveLength(1);
    const before = (await w.store.pendingOutbound()).length;

    await w.restart();
    const again = await new Engine(w.deps).handleTurn(text('halo'), { inboundKey: 'telegram:update:1001' });
    expect(again).toMatchObject({ duplicate: true, committed: true, messages: [], ids: [] });
    expect((await w.store.pendingOutbound()).length).toBe(before);

    const other = await new Engine(w.deps).handleTurn(text('halo'), { inboundKey: 'telegram:update:1002' });
    expect(other.messages).toHaveLength(1);
  });
});
