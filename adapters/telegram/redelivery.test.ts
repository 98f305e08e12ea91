import { afterEach, describe, expect, it } from 'vitest';
import { issueInvite } from '../../src/domain/invites.js';
import { NIP } from '../../test/helpers/script-driver.js';
import { startTelegramWorld, type TelegramWorld } from './testing/harness.js';

let t: TelegramWorld | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/**
 * Telegram delivers an update again when the bot stopped before confirming it (polling) or answering it
 * (webhook). After a restart nothing in memory remembers it: the store's inbound dedupe must. The field
 * trial that found this: a re-delivered title answer was taken as the organiser.
 */
describe.each([
  ['long polling', {}],
  ['webhook', { webhook: { secret: 'rahasia-webhook' } }],
] as const)('Telegram %s: an update delivered again after a restart', (_mode, opts) => {
  it('is handled once: no reply, no state change; the dialogue goes on from where it was', async () => {
    t = await startTelegramWorld(opts);
    const invite = await issueInvite(t.w.store, NIP.siti, t.w.clock.now());
    await t.step(t.tg.text(42, `daftar ${invite.code}`));
    await t.step(t.tg.text(42, 'lapor webinar'));
    const title = await t.tg.text(42, 'Webinar Etika ASN');
    await t.adapter.idle();
    expect(t.tg.lastText(42)).toContain('penyelenggara');
    const replies = t.tg.messages(42).length;
    const state = await t.w.store.getState('telegram:42');
    const pending = (await t.w.store.pendingOutbound()).length;

    await t.restart();
    const handledBefore = t.events.length;
    await t.step(t.tg.redeliver(title));

    expect(t.events.length - handledBefore).toBe(1); // it reached the engine, which recognised it
    expect(t.tg.messages(42)).toHaveLength(replies);
    expect(await t.w.store.getState('telegram:42')).toEqual(state);
    expect((await t.w.store.pendingOutbound()).length).toBe(pending);

    await t.step(t.tg.text(42, 'Kementerian PANRB'));
    expect(t.tg.messages(42)).toHaveLength(replies + 1);
    expect(t.tg.lastText(42)).not.toContain('penyelenggara');
  });
});

describe('Telegram webhook: a repeat that arrives while the first delivery is still being handled', () => {
  it('is answered only once the first is committed, and handled once', async () => {
    t = await startTelegramWorld({ webhook: { secret: 'rahasia-webhook' } });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handleTurn = t.engine.handleTurn.bind(t.engine);
    t.engine.handleTurn = async (event, opts) => {
      await gate;
      return handleTurn(event, opts);
    };
    const update = { update_id: 7777, message: { ...t.tg.envelope(42), text: 'halo' } };
    const first = t.tg.postWebhook(update);
    const again = t.tg.postWebhook(update);
    let answered = 0;
    void first.then(() => answered++);
    void again.then(() => answered++);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(0); // neither is answered before the turn is committed
    release();
    expect((await first).status).toBe(200);
    expect((await again).status).toBe(200);
    await t.adapter.idle();
    expect(t.events).toHaveLength(1);
    expect(await t.w.store.inboundSeen('telegram:update:7777')).toBe(true);
    expect(t.tg.messages(42)).toHaveLength(1);
  });
});
