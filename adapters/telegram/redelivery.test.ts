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
