import { afterEach, describe, expect, it } from 'vitest';
import { issueInvite } from '../../src/domain/invites.js';
import { catalog } from '../../src/engine/i18n/index.js';
import { NIP } from '../../test/helpers/script-driver.js';
import { startTelegramWorld, type TelegramWorld } from './testing/harness.js';

const SITI = 6001;
const BUDI = 6002;
const t = catalog('id');
/** A catalog text as the user sees it: the *bold* marks become formatting. */
const seen = (text: string) => text.replace(/\*/g, '');
const ASK_NOTE = seen(t.askApproveNote);
const IN_PROGRESS = seen(t.decisionInProgress);

let tw: TelegramWorld | undefined;
afterEach(async () => {
  await tw?.close();
  tw = undefined;
});

async function link(userId: number, nip: string): Promise<void> {
  const invite = await issueInvite(tw!.w.store, nip, tw!.w.clock.now());
  await tw!.step(tw!.tg.text(userId, `/start ${invite.code}`));
  expect(tw!.tg.lastText(userId)).toContain('terhubung');
}

const say = (user: number, text: string) => tw!.step(tw!.tg.text(user, text));
const press = (user: number, label: string) => tw!.step(tw!.tg.press(user, label));
const count = (user: number, text: string) => tw!.tg.messages(user).filter((m) => m.text.includes(text)).length;

/**
 * Issue 10, defect 8: a double-tapped Setujui reaches the bot as two callback queries with the same data,
 * the second sent before the first was answered (so it still carries the keyboard). The first asks for the
 * approval note; the second says the decision is in progress and asks nothing; the note then approves once.
 */
describe.each([
  ['long polling', {}],
  ['webhook', { webhook: { secret: 'rahasia-webhook' } }],
] as const)('Telegram %s: Setujui double-tapped', (_mode, opts) => {
  it('asks for the note once, says the decision is in progress, and the note approves once', async () => {
    tw = await startTelegramWorld(opts);
    await link(SITI, NIP.siti);
    await link(BUDI, NIP.atasan);
    await say(SITI, 'lapor webinar');
    await say(SITI, 'Webinar Literasi Digital');
    await say(SITI, 'BPSDM Provinsi');
    await press(SITI, 'Nasional');
    await say(SITI, '2026-03-10');
    for (const label of ['Sama dengan tanggal mulai', '1 hari', 'Tidak ada', 'Lewati', 'Lewati', 'Kirim ke atasan']) await press(SITI, label);
    const [activity] = await tw.w.store.activitiesOf(NIP.siti);
    expect(activity?.status).toBe('pending');

    const { message: request, key } = tw.tg.button(BUDI, 'Setujui');
    expect(key.callback_data).toBe(`ap:${activity!.id}:1:a`);
    const before = tw.tg.messages(BUDI).length;
    // Both queries are built now, from the request as it stands: keyboard and all, as a quick second tap is.
    const first = tw.tg.pressData(BUDI, key.callback_data, request.message_id);
    const second = tw.tg.pressData(BUDI, key.callback_data, request.message_id);
    await tw.step(Promise.all([first, second]).then(([, id]) => id));

    const presses = tw.events.filter((e) => e.kind === 'press' && e.from.id === String(BUDI));
    expect(presses.map((e) => e.kind === 'press' && [e.action, e.label])).toEqual([
      [key.callback_data, 'Setujui'],
      [key.callback_data, 'Setujui'],
    ]);
    const answered = tw.tg.callsOf('answerCallbackQuery').map((c) => c.payload.callback_query_id as string);
    expect(new Set(answered).size).toBe(answered.length);
    expect(answered.length).toBeGreaterThanOrEqual(2);

    const replies = tw.tg.messages(BUDI).slice(before).map((m) => m.text);
    expect(replies.filter((text) => text.includes(ASK_NOTE))).toHaveLength(1);
    expect(replies.filter((text) => text.includes(IN_PROGRESS))).toHaveLength(1);
    expect(replies.indexOf(replies.find((text) => text.includes(ASK_NOTE))!)).toBeLessThan(
      replies.indexOf(replies.find((text) => text.includes(IN_PROGRESS))!),
    );
    expect((await tw.w.store.getActivity(activity!.id))?.status).toBe('pending');
    expect(await tw.w.store.getState(`telegram:${BUDI}#decision`)).toMatchObject({ step: 'a', data: { activityId: activity!.id } });
    // The request's keyboard is used up (it cannot be pressed a third time), the choice noted under it once.
    expect(request.keyboard).toEqual([]);
    expect(request.text.match(/✓ Setujui/g)).toHaveLength(1);

    await say(BUDI, 'Sudah sesuai');
    expect(tw.tg.lastText(BUDI)).toContain('Tercatat: disetujui');
    const stored = (await tw.w.store.getActivity(activity!.id))!;
    expect(stored.status).toBe('approved');
    expect(stored.history.map((h) => [h.status, h.by, h.reason])).toEqual([
      ['pending', NIP.siti, undefined],
      ['approved', NIP.atasan, 'Sudah sesuai'],
    ]);
    expect(count(SITI, 'disetujui oleh Budi Santoso')).toBe(1);
    expect(count(BUDI, ASK_NOTE)).toBe(1);
    expect(await tw.w.store.getState(`telegram:${BUDI}#decision`)).toBeUndefined();
    expect(await tw.w.store.failedOutbound()).toEqual([]);
  });
});
