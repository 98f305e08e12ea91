import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueInvite } from '../../src/domain/invites.js';
import { NIP } from '../../test/helpers/script-driver.js';
import { toInboundEvent } from './inbound.js';
import { RecentUpdates } from './recent.js';
import { startTelegramWorld, type TelegramWorld } from './testing/harness.js';

const chat = { id: 42, type: 'private' as const, first_name: 'Siti' };
const from = { id: 42, is_bot: false, first_name: 'Siti' };

describe('toInboundEvent', () => {
  it('takes the largest photo size and fetches it only when asked', async () => {
    const asked: string[] = [];
    const update = {
      update_id: 1,
      message: {
        message_id: 5, date: 1, chat, from,
        photo: [
          { file_id: 'small', file_unique_id: 's', width: 90, height: 60, file_size: 1_000 },
          { file_id: 'big', file_unique_id: 'b', width: 1280, height: 853, file_size: 90_000 },
          { file_id: 'mid', file_unique_id: 'm', width: 320, height: 213, file_size: 9_000 },
        ],
      },
    } as Update;
    const event = toInboundEvent(update, async (id) => (asked.push(id), new Uint8Array([1])));
    expect(event).toMatchObject({ kind: 'file', from: { platform: 'telegram', id: '42' }, file: { name: 'foto.jpg', mime: 'image/jpeg', size: 90_000 } });
    expect(asked).toEqual([]);
    if (event?.kind === 'file') await event.file.fetch();
    expect(asked).toEqual(['big']);
  });

  it('ignores groups, bots, edits and service messages; stickers, locations and contacts become unreadable text', () => {
    const none = async () => new Uint8Array();
    const msg = (extra: object) => ({ update_id: 1, message: { message_id: 5, date: 1, chat, from, ...extra } }) as Update;
    expect(toInboundEvent(msg({ chat: { id: -100, type: 'supergroup', title: 'Kantor' }, text: 'lapor' }), none)).toBeUndefined();
    expect(toInboundEvent(msg({ from: { ...from, is_bot: true }, text: 'halo' }), none)).toBeUndefined();
    const unreadable = { kind: 'unsupported', from: { platform: 'telegram', id: '42' } };
    expect(toInboundEvent(msg({ sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } }), none)).toEqual(unreadable);
    expect(toInboundEvent(msg({ location: { latitude: -6.2, longitude: 106.8 } }), none)).toEqual(unreadable);
    expect(toInboundEvent(msg({ contact: { phone_number: '+62', first_name: 'Budi' } }), none)).toEqual(unreadable);
    expect(toInboundEvent(msg({ pinned_message: { message_id: 1, date: 1, chat } }), none)).toBeUndefined();
    expect(toInboundEvent({ update_id: 2, edited_message: { message_id: 5, date: 1, edit_date: 2, chat, from, text: 'x' } } as Update, none)).toBeUndefined();
    expect(toInboundEvent(msg({ voice: { file_id: 'v', file_unique_id: 'v', duration: 3 } }), none)).toMatchObject({ kind: 'file', file: { mime: 'audio/ogg' } });
  });
});

describe('RecentUpdates', () => {
  it('knows the last N ids and forgets older ones', () => {
    const recent = new RecentUpdates(3);
    expect([1, 2, 3, 2].map((id) => recent.firstTime(id))).toEqual([true, true, true, false]);
    expect(recent.firstTime(4)).toBe(true);
    expect(recent.firstTime(1)).toBe(true);
    expect(recent.firstTime(4)).toBe(false);
    expect(recent.size).toBe(3);
  });
});

describe('Telegram adapter with odd input', () => {
  let t: TelegramWorld;
  beforeEach(async () => {
    t = await startTelegramWorld();
  });
  afterEach(async () => t.close());

  it('answers every button press, ignores junk updates, and keeps serving', async () => {
    await t.step(t.tg.push({ message: { message_id: 1, date: 1, chat: { id: 9, type: 'private' } } }));
    await t.step(t.tg.push({ message: { ...t.tg.envelope(9, { id: -5, type: 'group', title: 'Grup' }), text: 'lapor' } }));
    await t.step(t.tg.push({ callback_query: { id: 'q1', from: { id: 9, is_bot: false, first_name: 'A' }, chat_instance: 'c', inline_message_id: 'i' } }));
    await t.step(t.tg.push({ totally: 'unknown' }));
    expect(t.tg.callsOf('sendMessage')).toHaveLength(0);
    expect(t.tg.callsOf('answerCallbackQuery').map((c) => c.payload.callback_query_id)).toEqual(['q1']);

    await t.step(t.tg.pressData(9, 'ap:nope:a', 77));
    expect(t.tg.lastText(9)).toContain('belum terhubung');
    expect(t.tg.callsOf('answerCallbackQuery')).toHaveLength(2);
    expect(t.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('keeps polling through a Telegram outage and says so once in the log', async () => {
    t.tg.fail('getUpdates', { error_code: 502, description: 'Bad Gateway' }, { times: 3 });
    t.tg.fail('getUpdates', { error_code: 429, description: 'Too Many Requests: retry after 0', parameters: { retry_after: 0 } });
    await t.step(t.tg.text(9, 'halo'));
    expect(t.tg.lastText(9)).toContain('belum terhubung');
    expect(t.log.lines.filter((l) => l.msg.startsWith('telegram: polling')).map((l) => l.msg)).toEqual([
      'telegram: polling failed; retrying',
      'telegram: polling recovered',
    ]);
  });

  it("one user's messages are answered in the order sent, even when sent at once", async () => {
    const invite = await issueInvite(t.w.store, NIP.siti, t.w.clock.now());
    await t.step(t.tg.text(42, `daftar ${invite.code}`));
    await Promise.all([t.tg.text(42, 'lapor webinar'), t.tg.text(42, 'Webinar Etika ASN'), t.tg.text(42, 'batal')]);
    await t.adapter.idle();
    const replies = t.tg.messages(42).slice(1).map((m) => m.text);
    expect(replies).toHaveLength(3);
    expect(replies[0]).toContain('judul');
    expect(replies[1]).toContain('penyelenggara');
    expect(replies[2]).toMatch(/dibatalkan/i);
  });

  it('an update Telegram delivers twice is handled once: one reply, one state change', async () => {
    const invite = await issueInvite(t.w.store, NIP.siti, t.w.clock.now());
    await t.step(t.tg.text(42, `daftar ${invite.code}`, { times: 2 }));
    await t.step(t.tg.text(42, 'lapor webinar', { times: 2 }));
    await t.step(t.tg.text(42, 'Webinar Etika ASN'));
    // The second copy in one getUpdates answer is dropped by the poller before the engine sees it.
    expect(t.events.map((e) => (e.kind === 'text' ? e.text : e.kind))).toEqual([`daftar ${invite.code}`, 'lapor webinar', 'Webinar Etika ASN']);
    const replies = t.tg.messages(42).map((m) => m.text);
    expect(replies).toHaveLength(3);
    expect(replies[0]).toContain('terhubung');
    expect(replies[1]).toContain('judul');
    expect(replies[2]).toContain('penyelenggara');
  });

  it('a sticker, a location or a contact in private chat is answered, and an open report is not fed it', async () => {
    await t.step(t.tg.push({ message: { ...t.tg.envelope(42), sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } } }));
    expect(t.tg.lastText(42)).toContain('tidak bisa saya baca');

    const invite = await issueInvite(t.w.store, NIP.siti, t.w.clock.now());
    await t.step(t.tg.text(42, `daftar ${invite.code}`));
    await t.step(t.tg.text(42, 'lapor webinar'));
    await t.step(t.tg.push({ message: { ...t.tg.envelope(42), location: { latitude: -6.2, longitude: 106.8 } } }));
    expect(t.tg.lastText(42)).toContain('tidak bisa saya baca');
    await t.step(t.tg.push({ message: { ...t.tg.envelope(42), contact: { phone_number: '+628123', first_name: 'Budi' } } }));
    expect(t.tg.lastText(42)).toContain('tidak bisa saya baca');
    await t.step(t.tg.text(42, 'Webinar Etika ASN'));
    expect(t.tg.lastText(42)).toContain('penyelenggara');
    await t.step(t.tg.text(42, 'batal'));
    expect(t.tg.messages(42)).toHaveLength(7);
  });
});
