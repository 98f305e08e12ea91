import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/chat/events.js';
import { Engine } from '../../src/engine/engine.js';
import { FLOOD_LIMITS, FloodGuard } from '../../src/engine/flood-guard.js';
import { catalog } from '../../src/engine/i18n/index.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';

let w: World;
let engine: Engine;
let start: number;
let update = 0;
beforeEach(async () => {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
  engine = new Engine(w.deps);
  start = w.clock.now().getTime();
});
afterEach(async () => w.close());

function sayAt(seconds: number, text: string, id = 'siti') {
  w.clock.set(new Date(start + seconds * 1000).toISOString());
  const event: InboundEvent = { kind: 'text', from: { platform: 'console', id }, text };
  return engine.handleTurn(event, { inboundKey: `console:${++update}` });
}

describe('a flooding account (issue 10 item 2: bound the reply backlog), fake clock', () => {
  it(`${FLOOD_LIMITS.max} messages a minute are answered; past that one notice, then silence; a minute later answered again`, async () => {
    const replies: number[] = [];
    for (let i = 0; i < 200; i++) replies.push((await sayAt(i * 0.1, 'berapa JP saya')).messages.length);
    expect(replies.slice(0, FLOOD_LIMITS.max).every((n) => n > 0)).toBe(true);
    const rest = replies.slice(FLOOD_LIMITS.max);
    expect(rest.filter((n) => n > 0)).toEqual([1]);
    const pending = await w.store.pendingOutbound();
    expect(pending.filter((r) => r.message.kind === 'send' && r.message.text === catalog('id').tooManyMessages)).toHaveLength(1);
    expect(pending.length).toBeLessThanOrEqual(FLOOD_LIMITS.max * 2 + 1);

    const later = await sayAt(200 * 0.1 + 61, 'berapa JP saya');
    expect(later.messages.map((m) => (m.kind === 'send' ? m.text : ''))[0]).toContain('JP');
  });

  it('the dropped events are recorded as handled (a redelivery stays a duplicate) and change nothing else', async () => {
    for (let i = 0; i <= FLOOD_LIMITS.max; i++) await sayAt(0, 'halo');
    await sayAt(0, 'lapor');
    expect(await w.store.getState('console:siti')).toBeUndefined();
    const again = await engine.handleTurn({ kind: 'text', from: { platform: 'console', id: 'siti' }, text: 'lapor' }, { inboundKey: `console:${update}` });
    expect(again.duplicate).toBe(true);
  });

  it('other accounts are not slowed by one that floods', async () => {
    await w.link('andi', NIP.andi);
    for (let i = 0; i < 100; i++) await sayAt(0, 'halo');
    expect((await sayAt(0, 'berapa JP saya', 'andi')).messages).toHaveLength(1);
  });
});

describe('FloodGuard windows (pure)', () => {
  const cases: [string, number[], ('handle' | 'tell' | 'silent')[]][] = [
    ['three a second within a limit of three', [0, 100, 200], ['handle', 'handle', 'handle']],
    ['the fourth in the window is told, the fifth silent', [0, 1, 2, 3, 4], ['handle', 'handle', 'handle', 'tell', 'silent']],
    ['after the pause, handled again', [0, 1, 2, 3, 2000], ['handle', 'handle', 'handle', 'tell', 'handle']],
  ];
  it.each(cases)('%s', (_name, times, expected) => {
    const guard = new FloodGuard({ max: 3, windowMs: 1000, lockMs: 1000 });
    expect(times.map((t) => guard.admit('a', t))).toEqual(expected);
  });
});
