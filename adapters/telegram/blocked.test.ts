import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { issueInvite } from '../../src/domain/invites.js';
import { NIP } from '../../test/helpers/script-driver.js';
import { BOT_ID, FAKE_TOKEN, FakeBotApi } from './testing/fake-bot-api.js';
import { startTelegramWorld, type TelegramWorld } from './testing/harness.js';

const SITI = 5342492667;
const bot = { id: BOT_ID, is_bot: true, first_name: 'Bangkom', username: 'bangkom_test_bot' };
const person = (id: number) => ({ id, is_bot: false, first_name: 'Siti', last_name: 'R', username: 'siti_r', language_code: 'id' });

/**
 * The bot's membership changing in a private chat, shaped like the recorded "Kick" / "Unkick" updates
 * in drui9/autogram api.md (a user blocking and unblocking a bot; ids and names replaced).
 */
const privateMemberUpdate = (userId: number, from: 'member' | 'kicked', to: 'member' | 'kicked') => ({
  my_chat_member: {
    chat: { id: userId, first_name: 'Siti', last_name: 'R', username: 'siti_r', type: 'private' },
    from: person(userId),
    date: 1737277000,
    old_chat_member: { user: bot, status: from, ...(from === 'kicked' ? { until_date: 0 } : {}) },
    new_chat_member: { user: bot, status: to, ...(to === 'kicked' ? { until_date: 0 } : {}) },
  },
});

/** The bot added to a forum supergroup, then removed from it: "Super Group add" in drui9/autogram api.md. */
const groupMemberUpdate = (from: string, to: string) => ({
  my_chat_member: {
    chat: { id: -1002162095988, title: 'Meteor Corp.', username: 'meteorCorp', is_forum: true, type: 'supergroup' },
    from: person(SITI),
    date: 1737277649,
    old_chat_member: { user: bot, status: from },
    new_chat_member: { user: bot, status: to, ...(to === 'kicked' ? { until_date: 0 } : {}) },
  },
});

let t: TelegramWorld | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function linkSiti(world: TelegramWorld): Promise<void> {
  const invite = await issueInvite(world.w.store, NIP.siti, world.w.clock.now());
  await world.step(world.tg.text(SITI, `/start ${invite.code}`));
  expect(world.tg.lastText(SITI)).toContain('terhubung');
}

const unreachableAt = async (world: TelegramWorld, id = SITI) => (await world.w.store.getAccount('telegram', String(id)))?.unreachableAt;

describe('Telegram: a user who blocks the bot (issue 10 item 7)', () => {
  it('asks for my_chat_member in getUpdates along with messages and presses', async () => {
    t = await startTelegramWorld();
    await linkSiti(t);
    expect(t.tg.callsOf('getUpdates')[0]!.payload.allowed_updates).toEqual(['message', 'callback_query', 'my_chat_member']);
    expect(t.tg.allowedUpdates).toEqual(['message', 'callback_query', 'my_chat_member']);
  });

  it('long polling: my_chat_member "kicked" in the private chat marks the account unreachable and sends nothing', async () => {
    t = await startTelegramWorld();
    await linkSiti(t);
    const sent = t.tg.callsOf('sendMessage').length;
    expect(await unreachableAt(t)).toBeUndefined();

    const id = await t.tg.push(privateMemberUpdate(SITI, 'member', 'kicked'));
    await t.adapter.idle();
    expect(t.tg.withheld).toEqual([]);
    expect(t.events.at(-1)).toEqual({ kind: 'blocked', from: { platform: 'telegram', id: String(SITI) } });
    expect(await unreachableAt(t)).toBe(t.w.clock.now().toISOString());
    expect(await t.w.store.inboundSeen(`telegram:update:${id}`)).toBe(true);
    expect(t.tg.callsOf('sendMessage')).toHaveLength(sent);

    // Unblocking needs nothing from the adapter: the mark stays until the user writes.
    const events = t.events.length;
    await t.step(t.tg.push(privateMemberUpdate(SITI, 'kicked', 'member')));
    expect(t.events).toHaveLength(events);
    expect(await unreachableAt(t)).toBe(t.w.clock.now().toISOString());
    await t.step(t.tg.text(SITI, 'halo'));
    expect(await unreachableAt(t)).toBeUndefined();
  });

  it('the same update delivered again after a restart is handled once', async () => {
    t = await startTelegramWorld();
    await linkSiti(t);
    const id = await t.tg.push(privateMemberUpdate(SITI, 'member', 'kicked'));
    await t.adapter.idle();
    const marked = await unreachableAt(t);
    expect(marked).toBeDefined();
    await t.step(t.tg.text(SITI, 'halo'));
    expect(await unreachableAt(t)).toBeUndefined();

    await t.restart();
    await t.step(t.tg.redeliver(id));
    expect(await unreachableAt(t)).toBeUndefined();
  });

  it('webhook: setWebhook asks for my_chat_member, and a posted "kicked" marks the account', async () => {
    t = await startTelegramWorld({ webhook: {} });
    expect(t.tg.callsOf('setWebhook').map((c) => c.payload.allowed_updates)).toEqual([['message', 'callback_query', 'my_chat_member']]);
    await linkSiti(t);
    await t.step(t.tg.push(privateMemberUpdate(SITI, 'member', 'kicked')));
    expect(t.tg.withheld).toEqual([]);
    expect(await unreachableAt(t)).toBe(t.w.clock.now().toISOString());
  });

  it('the bot added to or removed from a group changes no account and hands nothing to the engine', async () => {
    t = await startTelegramWorld();
    await linkSiti(t);
    const events = t.events.length;
    const sent = t.tg.callsOf('sendMessage').length;
    await t.step(t.tg.push(groupMemberUpdate('left', 'member')));
    await t.step(t.tg.push(groupMemberUpdate('member', 'kicked')));
    expect(t.tg.withheld).toEqual([]);
    expect(t.events).toHaveLength(events);
    expect(t.tg.callsOf('sendMessage')).toHaveLength(sent);
    expect(await unreachableAt(t)).toBeUndefined();
  });
});

describe('FakeBotApi delivers only the update types asked for, as Telegram does', () => {
  let tg: FakeBotApi | undefined;
  afterEach(async () => tg?.close());

  const memberUpdate = (type: 'my_chat_member' | 'chat_member') => ({ [type]: privateMemberUpdate(SITI, 'member', 'kicked').my_chat_member });

  it.each([
    ['my_chat_member, asked for by name', ['message', 'my_chat_member'], 'my_chat_member', true],
    ['my_chat_member, not in the list', ['message', 'callback_query'], 'my_chat_member', false],
    ['my_chat_member, empty list (all types but chat_member and reactions)', [], 'my_chat_member', true],
    ['chat_member, empty list', [], 'chat_member', false],
  ] as const)('%s', async (_case, allowed, type, delivered) => {
    tg = await new FakeBotApi().start();
    const api = new Api(FAKE_TOKEN, { apiRoot: tg.url });
    await api.getUpdates({ timeout: 0, allowed_updates: [...allowed] as never });
    void tg.push(memberUpdate(type));
    // Without allowed_updates, the previous setting holds.
    const got = await api.getUpdates({ timeout: 0 });
    expect(tg.allowedUpdates).toEqual(allowed);
    expect(got.map((u) => type in u)).toEqual(delivered ? [true] : []);
    expect(tg.withheld).toHaveLength(delivered ? 0 : 1);
  });
});
