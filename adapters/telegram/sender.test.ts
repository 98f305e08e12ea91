import { Api } from 'grammy';
import type { MessageEntity } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/delivery/outbox.js';
import type { Button, OutboundMessage } from '../../src/chat/events.js';
import { DeliveryError } from '../../src/delivery/types.js';
import { PressedMessages } from './pressed.js';
import { createTelegramSender, TELEGRAM_LIMITS, telegramSenderFor } from './sender.js';
import { FAKE_TOKEN, FakeBotApi } from './testing/fake-bot-api.js';
import { memoryLogger } from './testing/harness.js';

const CHAT = 7001;
const to = { platform: 'telegram' as const, id: String(CHAT) };
const send = (text: string, buttons?: Button[][]): OutboundMessage => ({ kind: 'send', to, text, ...(buttons ? { buttons } : {}) });

let tg: FakeBotApi;
let outbox: Outbox;
let log: ReturnType<typeof memoryLogger>;
let pressed: PressedMessages;
beforeEach(async () => {
  tg = await new FakeBotApi().start();
  log = memoryLogger();
  pressed = new PressedMessages();
  const sender = telegramSenderFor(new Api(FAKE_TOKEN, { apiRoot: tg.url }), log, { globalPerSecond: 30, perChatPerSecond: 30 }, pressed);
  outbox = new Outbox([sender], { retries: 3, minBackoffMs: 10, maxBackoffMs: 50 });
});
afterEach(async () => tg.close());

describe('Telegram sender through the outbox', () => {
  it('renders *bold* as HTML and escapes what users typed', async () => {
    const report = await outbox.deliver([send('Judul: <b>A & B</b> *penting*', [[{ id: 'x:1', label: 'Oke' }]])]);
    expect(report).toEqual({ sent: 1, failed: [] });
    const [m] = tg.messages(CHAT);
    expect(m).toMatchObject({ parse_mode: 'HTML', text: 'Judul: <b>A & B</b> penting' });
    expect(m!.raw).toBe('Judul: &lt;b&gt;A &amp; B&lt;/b&gt; <b>penting</b>');
    expect(m!.keyboard).toEqual([[{ text: 'Oke', callback_data: 'x:1' }]]);
  });

  it('waits out a 429 for retry_after seconds, then delivers once', async () => {
    tg.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const report = await outbox.deliver([send('halo')]);
    expect(report.sent).toBe(1);
    const [first, second] = tg.callsOf('sendMessage');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(tg.messages(CHAT).map((m) => m.text)).toEqual(['halo']);
  });

  it('retries server errors, but not a user who blocked the bot', async () => {
    tg.fail('sendMessage', { error_code: 502, description: 'Bad Gateway' }, { times: 2 });
    expect((await outbox.deliver([send('satu')])).sent).toBe(1);
    expect(tg.callsOf('sendMessage')).toHaveLength(3);

    tg.blocked.add(CHAT);
    const report = await outbox.deliver([send('dua')]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.error).toContain('403');
    expect(tg.callsOf('sendMessage')).toHaveLength(4);
  });

  it('splits a long text at line breaks, buttons on the last part, no part repeated after a failure', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i + 1}. Siti Rahmawati — Webinar Literasi Digital — 4 JP`);
    tg.fail('sendMessage', { error_code: 500, description: 'Internal Server Error' }, { skip: 1 });
    const report = await outbox.deliver([send(lines.join('\n'), [[{ id: 'more', label: 'Lagi' }]])]);
    expect(report.sent).toBe(1);
    const parts = tg.messages(CHAT);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.every((p) => p.text.length <= 4096)).toBe(true);
    expect(parts.map((p) => p.text).join('\n')).toBe(lines.join('\n'));
    expect(parts.map((p) => p.keyboard.length)).toEqual([...parts.slice(1).map(() => 0), 1]);
  });

  it('edits in place, treats "not modified" as done, and sends anew when the message is gone', async () => {
    await outbox.deliver([send('Permohonan', [[{ id: 'ap:1:a', label: 'Setujui' }]])]);
    const ref = String(tg.messages(CHAT)[0]!.message_id);
    const edit = (messageRef: string): OutboundMessage => ({ kind: 'edit', to, messageRef, text: 'Tercatat: disetujui' });

    expect((await outbox.deliver([edit(ref)])).sent).toBe(1);
    expect(tg.messages(CHAT)).toMatchObject([{ text: 'Tercatat: disetujui', keyboard: [], edits: 1 }]);
    expect((await outbox.deliver([edit(ref)])).failed).toEqual([]);
    expect(tg.messages(CHAT)).toHaveLength(1);

    expect((await outbox.deliver([edit('999999')])).sent).toBe(1);
    expect(tg.messages(CHAT).map((m) => m.text)).toEqual(['Tercatat: disetujui', 'Tercatat: disetujui']);
  });

  it('falls back to plain text when Telegram refuses the HTML; drops buttons it would refuse', async () => {
    tg.fail('sendMessage', { error_code: 400, description: "Bad Request: can't parse entities: unexpected end tag" });
    const tooLong = 'x'.repeat(65);
    await outbox.deliver([send('Total *4 JP*', [[{ id: tooLong, label: 'Rusak' }, { id: 'ok', label: 'Baik' }]])]);
    expect(tg.messages(CHAT)).toMatchObject([{ text: 'Total 4 JP', parse_mode: undefined, keyboard: [[{ callback_data: 'ok' }]] }]);
    expect(log.lines.map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringContaining('plain text'), expect.stringContaining('buttons left out')]));
  });

  it('an edit never drops a button silently either', async () => {
    await outbox.deliver([send('Permohonan', [[{ id: 'ap:1:1:a', label: 'Setujui' }]])]);
    const ref = String(tg.messages(CHAT)[0]!.message_id);
    const buttons = [[{ id: 'y'.repeat(65), label: 'Rusak' }, { id: 'ap:1:2:a', label: 'Setujui' }]];
    expect((await outbox.deliver([{ kind: 'edit', to, messageRef: ref, text: 'Permohonan (revisi)', buttons }])).sent).toBe(1);
    expect(tg.messages(CHAT)[0]!.keyboard).toEqual([[{ text: 'Setujui', callback_data: 'ap:1:2:a' }]]);
    expect(log.lines).toEqual([expect.objectContaining({ level: 'warn', msg: expect.stringContaining('buttons left out'), extra: { dropped: ['y'.repeat(65)], kind: 'edit' } })]);
  });

  it('retires a pressed keyboard: the text stays (bold kept), the choice is noted under it', async () => {
    await outbox.deliver([send('Kegiatan *nasional* atau internasional?', [[{ id: 'r:n:scope:nas', label: 'Nasional' }]])]);
    const shown = tg.messages(CHAT)[0]!;
    expect(shown.entities).toEqual([{ type: 'bold', offset: 9, length: 8 }]);
    pressed.remember({ chat: CHAT, messageId: shown.message_id, text: shown.text, entities: shown.entities as MessageEntity[] });
    const retire: OutboundMessage = { kind: 'retire', to, messageRef: String(shown.message_id), note: '✓ Nasional' };
    expect(await outbox.deliver([retire])).toEqual({ sent: 1, failed: [] });
    expect(shown).toMatchObject({ text: 'Kegiatan nasional atau internasional?\n\n✓ Nasional', keyboard: [], edits: 1 });
    expect(shown.entities).toEqual([{ type: 'bold', offset: 9, length: 8 }]);
    // Delivered again (a retry after a lost answer): Telegram says "not modified", which is done.
    expect(await outbox.deliver([retire])).toEqual({ sent: 1, failed: [] });
    expect(tg.messages(CHAT)).toHaveLength(1);
  });

  it('without the pressed text only the keyboard goes; a message that is gone is nothing to retire', async () => {
    await outbox.deliver([send('Pilih', [[{ id: 'x:1', label: 'Satu' }]])]);
    const shown = tg.messages(CHAT)[0]!;
    expect(await outbox.deliver([{ kind: 'retire', to, messageRef: String(shown.message_id), note: '✓ Satu' }])).toEqual({ sent: 1, failed: [] });
    expect(shown).toMatchObject({ text: 'Pilih', keyboard: [], edits: 1 });
    expect(tg.callsOf('editMessageReplyMarkup')).toHaveLength(1);

    expect(await outbox.deliver([{ kind: 'retire', to, messageRef: '999999' }])).toEqual({ sent: 1, failed: [] });
    expect(tg.callsOf('sendMessage')).toHaveLength(1);
    expect((await outbox.deliver([{ kind: 'retire', to, messageRef: 'D1/2.3' }])).failed).toHaveLength(1);
  });

  it('sends into a forum topic (every part of a long text); a topic gone or closed gets it in the main topic', async () => {
    const FORUM = -1002271335705;
    tg.topics.set(FORUM, new Set([7]));
    const group = { platform: 'telegram' as const, id: String(FORUM) };
    const long = Array.from({ length: 200 }, (_, i) => `Baris ${i + 1}: hanya melayani lewat chat pribadi.`).join('\n');
    expect((await outbox.deliver([{ kind: 'send', to: group, text: long, thread: '7' }])).sent).toBe(1);
    const parts = [...tg.messages(FORUM)];
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((m) => m.thread)).toEqual(parts.map(() => 7));

    // Telegram's answer for a topic that does not exist (tdlib/telegram-bot-api#472) comes from the fake here.
    expect((await outbox.deliver([{ kind: 'send', to: group, text: 'Topik 8', thread: '8' }])).sent).toBe(1);
    tg.fail('sendMessage', { error_code: 400, description: 'Bad Request: TOPIC_CLOSED' }, { chatId: FORUM });
    expect((await outbox.deliver([{ kind: 'send', to: group, text: 'Topik 7 ditutup', thread: '7' }])).sent).toBe(1);
    expect(tg.messages(FORUM).slice(parts.length).map((m) => [m.text, m.thread])).toEqual([
      ['Topik 8', undefined],
      ['Topik 7 ditutup', undefined],
    ]);
    expect(log.lines.filter((l) => l.msg.includes('forum topic unavailable'))).toHaveLength(2);

    // A thread that is no topic id is not passed on.
    expect((await outbox.deliver([{ kind: 'send', to: group, text: 'x', thread: '1700000000.0001' }])).sent).toBe(1);
    expect(tg.callsOf('sendMessage').at(-1)!.payload).not.toHaveProperty('message_thread_id');
  });

  it('refuses a recipient that is not a Telegram chat id without calling Telegram', async () => {
    const report = await outbox.deliver([{ kind: 'send', to: { platform: 'telegram', id: 'budi' }, text: 'halo' }]);
    expect(report.failed).toHaveLength(1);
    expect(tg.callsOf('sendMessage')).toHaveLength(0);
  });
});

describe('createTelegramSender (stand-alone, for `bangkom remind`)', () => {
  it('sends without a running bot, with Telegram limits, leaving retries to the outbox', async () => {
    const sender = createTelegramSender({ token: FAKE_TOKEN, apiRoot: `${tg.url}/`, log });
    expect(sender.platform).toBe('telegram');
    expect(sender.limits).toEqual(TELEGRAM_LIMITS);
    expect(await sender.send(send('Pengingat *bangkom*'))).toEqual({ ref: String(tg.messages(CHAT)[0]!.message_id) });
    expect(tg.messages(CHAT)[0]).toMatchObject({ text: 'Pengingat bangkom', parse_mode: 'HTML' });
    expect(tg.callsOf('getMe')).toEqual([]);

    tg.fail('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    const err = await sender.send(send('lagi')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).opts).toEqual({ status: 502 });
    expect(tg.callsOf('sendMessage')).toHaveLength(2);
    expect(() => createTelegramSender({ token: 'nonsense' })).toThrow(/BotFather/);
  });

  it("Telegram's limits let an atasan's decision (two edits and a reply into one chat) out at once", async () => {
    const sender = createTelegramSender({ token: FAKE_TOKEN, apiRoot: tg.url, log });
    // The two requests reached the atasan long ago (sent here directly, outside the outbox's window).
    const { ref: one } = await sender.send(send('Permohonan 1', [[{ id: 'ap:1:a', label: 'Setujui' }]]));
    const { ref: two } = await sender.send(send('Permohonan 2', [[{ id: 'ap:2:a', label: 'Setujui' }]]));
    const box = new Outbox([sender]);
    const started = Date.now();
    const report = await box.deliver([
      { kind: 'edit', to, messageRef: one!, text: 'Tercatat: disetujui' },
      { kind: 'edit', to, messageRef: two!, text: 'Tercatat: disetujui' },
      send('Laporan disetujui.'),
    ]);
    expect(report).toEqual({ sent: 3, failed: [] });
    expect(Date.now() - started).toBeLessThan(500);
    expect(tg.messages(CHAT).map((m) => [m.text, m.edits])).toEqual([
      ['Tercatat: disetujui', 1],
      ['Tercatat: disetujui', 1],
      ['Laporan disetujui.', 0],
    ]);
  });
});

