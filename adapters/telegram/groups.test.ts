import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupNotices, groupChatAddressingBot, groupTopicOf } from './groups.js';
import { BOT_ID } from './testing/fake-bot-api.js';
import { startTelegramWorld, type TelegramWorld } from './testing/harness.js';

const bot = { id: BOT_ID, username: 'Bangkom_Test_Bot' };
const group = { id: -77, type: 'group' as const, title: 'Bidang SDM' };
const from = { id: 42, is_bot: false, first_name: 'Siti' };
const said = (text: string, extra: object = {}, chat: object = group) =>
  ({ update_id: 1, message: { message_id: 9, date: 1, chat, from, text, ...extra } }) as Update;
const command = (text: string) => said(text, { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] });

describe('groupChatAddressingBot', () => {
  it('sees commands for this bot, @mentions, replies to the bot and being added; nothing else', () => {
    expect(groupChatAddressingBot(command('/lapor'), bot)).toBe(-77);
    expect(groupChatAddressingBot(command('/lapor@bangkom_test_bot webinar'), bot)).toBe(-77);
    expect(groupChatAddressingBot(command('/lapor@other_bot'), bot)).toBeUndefined();
    expect(groupChatAddressingBot(said('halo @bangkom_test_bot', { entities: [{ type: 'mention', offset: 5, length: 17 }] }), bot)).toBe(-77);
    expect(groupChatAddressingBot(said('halo @someone_else', { entities: [{ type: 'mention', offset: 5, length: 13 }] }), bot)).toBeUndefined();
    const botMessage = { message_id: 3, date: 1, chat: group, from: { id: BOT_ID, is_bot: true, first_name: 'Bangkom' }, text: 'x' };
    expect(groupChatAddressingBot(said('oke', { reply_to_message: botMessage }), bot)).toBe(-77);
    expect(groupChatAddressingBot(said('', { new_chat_members: [{ id: BOT_ID, is_bot: true, first_name: 'Bangkom' }] }), bot)).toBe(-77);
    expect(groupChatAddressingBot(said('lapor webinar'), bot)).toBeUndefined();
    const jp = { entities: [{ type: 'bot_command', offset: 0, length: 3 }] };
    expect(groupChatAddressingBot(said('/jp', jp, { id: 42, type: 'private', first_name: 'Siti' }), bot)).toBeUndefined();
    expect(groupChatAddressingBot(said('/jp', { ...jp, from: { id: 9, is_bot: true, first_name: 'Other' } }), bot)).toBeUndefined();
  });

  it('groupTopicOf: the topic of a forum topic message only', () => {
    const forum = { id: -1002271335705, type: 'supergroup' as const, title: 'Forum', is_forum: true };
    expect(groupTopicOf(said('/lapor', { message_thread_id: 2, is_topic_message: true }, forum))).toBe('2');
    expect(groupTopicOf(said('/lapor', {}, forum))).toBeUndefined();
    expect(groupTopicOf(said('/lapor', { message_thread_id: 2 }))).toBeUndefined();
  });

  it('GroupNotices lets a group hear the notice once per interval', () => {
    const notices = new GroupNotices(1000);
    expect([notices.due(-1, 0), notices.due(-1, 999), notices.due(-2, 999), notices.due(-1, 1000)]).toEqual([true, false, true, true]);
  });
});

describe('Telegram adapter in group chats', () => {
  let t: TelegramWorld;
  beforeEach(async () => {
    t = await startTelegramWorld();
  });
  afterEach(async () => t.close());

  it('answers politely, only when addressed, at most once an hour per group, and never hands group messages to the engine', async () => {
    const GROUP = -500;
    await t.step(t.tg.groupText(42, GROUP, 'lapor webinar'));
    expect(t.tg.messages(GROUP)).toEqual([]);

    await t.step(t.tg.groupText(42, GROUP, '/lapor@bangkom_test_bot'));
    expect(t.tg.messages(GROUP)).toHaveLength(1);
    expect(t.tg.lastText(GROUP)).toContain('hanya melayani lewat chat pribadi');
    expect(t.tg.lastText(GROUP)).toContain('https://t.me/bangkom_test_bot');

    await t.step(t.tg.groupText(43, GROUP, 'tolong @bangkom_test_bot, berapa JP saya?'));
    await t.step(t.tg.groupText(43, GROUP, '/jp@other_bot'));
    expect(t.tg.messages(GROUP)).toHaveLength(1);

    const SUPERGROUP = -1001234567890;
    await t.step(t.tg.groupText(42, SUPERGROUP, '/jp'));
    expect(t.tg.messages(SUPERGROUP)).toHaveLength(1);
    await t.step(t.tg.groupText(1, -600, '', { new_chat_members: [{ id: BOT_ID, is_bot: true, first_name: 'Bangkom', username: 'bangkom_test_bot' }] }));
    expect(t.tg.lastText(-600)).toContain('chat pribadi');

    t.w.clock.advanceHours(1);
    const reply = { reply_to_message: { message_id: 1, date: 1, chat: { id: GROUP, type: 'group' }, from: { id: BOT_ID, is_bot: true, first_name: 'Bangkom' }, text: 'x' } };
    await t.step(t.tg.groupText(44, GROUP, 'baik, terima kasih', reply));
    expect(t.tg.messages(GROUP)).toHaveLength(2);

    expect(t.events).toEqual([]);
    expect([42, 43, 44].flatMap((u) => t.tg.messages(u))).toEqual([]);
  });

  it('answers in the forum topic where it was asked, not in "General" (issue 10 item 9)', async () => {
    const FORUM = -1002271335705;
    await t.step(t.tg.topicText(42, FORUM, 7, '/lapor@bangkom_test_bot'));
    expect(t.tg.callsOf('sendMessage').map((c) => c.payload.message_thread_id)).toEqual([7]);
    expect(t.tg.messages(FORUM)).toMatchObject([{ thread: 7, text: expect.stringContaining('chat pribadi') }]);

    // "General" of a forum: no message_thread_id, so none is sent back.
    await t.step(t.tg.groupText(42, -1002271335706, '/jp'));
    // A reply in a supergroup without topics carries a message_thread_id that is no topic (no is_topic_message).
    const replyThread = { message_thread_id: 55, reply_to_message: { message_id: 55, date: 1, chat: { id: -1002271335707, type: 'supergroup' }, text: 'x' } };
    await t.step(t.tg.groupText(42, -1002271335707, '/jp@bangkom_test_bot', replyThread));
    const calls = t.tg.callsOf('sendMessage').slice(1);
    expect(calls.map((c) => [c.payload.chat_id, 'message_thread_id' in c.payload])).toEqual([
      [-1002271335706, false],
      [-1002271335707, false],
    ]);
    expect(t.events).toEqual([]);
  });
});
