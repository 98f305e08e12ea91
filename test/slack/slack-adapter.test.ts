import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueInvite } from '../../src/domain/invites.js';
import { imOf } from '../fakes/slack-web-api.js';
import { NIP } from '../helpers/script-driver.js';
import { revisionOf } from '../../src/engine/approval/request-message.js';
import { actionIds, contextOf, SlackWorld, textOf, U, unstamped } from './harness.js';

let s: SlackWorld;
beforeEach(async () => {
  s = await SlackWorld.start();
});
afterEach(async () => {
  await s.close();
  expect(s.logs.filter((l) => l.startsWith('error'))).toEqual([]);
});

const PDF = new TextEncoder().encode('%PDF-1.4\n% sertifikat webinar\n%%EOF\n');

async function linkByEmail(user: string, email: string) {
  s.slack.emails.set(user, email);
  return s.say(user, 'halo');
}

/** Siti reports a one-day webinar with a PDF certificate up to the summary, then sends it. */
async function reportWebinar() {
  await s.say(U.siti, 'lapor webinar');
  await s.say(U.siti, 'Webinar Literasi Digital');
  await s.say(U.siti, 'BPSDM Provinsi');
  await s.press(U.siti, 'Nasional');
  await s.say(U.siti, '2026-03-10');
  await s.press(U.siti, 'Sama dengan tanggal mulai');
  await s.press(U.siti, '1 hari');
  await s.press(U.siti, 'Tidak ada');
  await s.press(U.siti, 'Lewati');
  const url = s.slack.addFile('sertifikat.pdf', PDF, 'application/pdf');
  const saved = await s.shareFile(U.siti, {
    id: 'F0CERT',
    name: 'sertifikat.pdf',
    title: 'sertifikat.pdf',
    mimetype: 'application/pdf',
    filetype: 'pdf',
    size: PDF.byteLength,
    url_private: url,
    url_private_download: url,
  });
  expect(textOf(saved)).toContain('Bukti dukung "sertifikat.pdf" tersimpan');
  expect(textOf(saved)).toContain('Ringkasan laporan');
  return s.press(U.siti, 'Kirim ke atasan');
}

describe('Slack adapter over HTTP', () => {
  it('answers the url_verification challenge and refuses bad or old signatures without processing', async () => {
    const challenge = await s.post(JSON.stringify({ type: 'url_verification', token: 't', challenge: 'ch4ll3nge' }), 'application/json');
    expect(challenge.status).toBe(200);
    expect(await challenge.text()).toContain('ch4ll3nge');

    const forged = await s.postEvent(s.dmEvent(U.andi, 'halo'), { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const old = await s.postEvent(s.dmEvent(U.andi, 'halo'), { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(old.status).toBe(401);
    await s.adapter.idle();
    expect(s.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('links by "daftar CODE" in the DM and by /start CODE, and an unlinked user is told how', async () => {
    expect(textOf(await s.say(U.andi, 'halo'))).toContain('belum terhubung');
    const invite = await issueInvite(s.w.store, NIP.andi, s.w.clock.now());
    const linked = await s.say(U.andi, `daftar ${invite.code}`);
    expect(textOf(linked)).toContain('Selamat datang, Andi Wijaya');
    expect((await s.w.store.getAccount('slack', U.andi))?.nip).toBe(NIP.andi);

    const other = await issueInvite(s.w.store, NIP.orphan, s.w.clock.now());
    expect(textOf(await s.command('U0DEWI', '/start', other.code))).toContain('Selamat datang, Dewi Lestari');
    expect((await s.w.store.getAccount('slack', 'U0DEWI'))?.nip).toBe(NIP.orphan);

    // Dewi never wrote in the DM: whose DM a pressed message is in is asked of Slack (conversations.open).
    expect(actionIds((await s.command('U0DEWI', '/bangkom', 'lapor')).at(-1)).map(unstamped)).toContain('r:jalur:klasikal');
    const jalur = s.button('U0DEWI', 'r:jalur:klasikal');
    expect(textOf(await s.press('U0DEWI', 'r:jalur:klasikal'))).toContain('klasikal');
    expect(s.slack.callsTo('conversations.open').map((c) => c.args.users)).toEqual(['U0DEWI']);
    const pressed = s.slack.message(jalur.channel, jalur.ts);
    expect(actionIds(pressed)).toEqual([]);
    expect(contextOf(pressed)).toBe('✓ Pelatihan klasikal');
  });

  it('links a user whose Slack profile email is in the roster on the first message, asking users.info once', async () => {
    const first = await linkByEmail(U.budi, 'Budi@Example.go.id');
    expect(textOf(first)).toContain('Halo Budi Santoso, akun Slack Anda terhubung otomatis');
    expect((await s.w.store.getAccount('slack', U.budi))?.nip).toBe(NIP.atasan);
    await s.say(U.budi, 'bantuan');
    expect(s.slack.callsTo('users.info').map((c) => c.args.user)).toEqual([U.budi]);
    expect(s.slack.callsTo('users.info')[0]!.token).toBe(s.slack.token);
  });

  it('a whole report with a certificate file, approval by Block Kit buttons, and the JP question', async () => {
    await linkByEmail(U.siti, 'siti@example.go.id');
    await linkByEmail(U.budi, 'budi@example.go.id');
    const sent = await reportWebinar();
    expect(textOf(sent)).toContain('menunggu persetujuan');

    const [activity] = await s.w.store.activitiesOf(NIP.siti);
    expect(activity).toMatchObject({ status: 'pending', jp: 4, title: 'Webinar Literasi Digital' });
    expect(activity!.evidence?.name).toBe('sertifikat.pdf');
    expect(new Uint8Array(await readFile(activity!.evidence!.path))).toEqual(PDF);
    expect(s.slack.downloads).toEqual([{ path: expect.stringContaining('sertifikat.pdf'), authorization: `Bearer ${s.slack.token}` }]);

    // Every pressed message of the dialogue lost its buttons (chat.update) and shows the choice under its text.
    const retired = s.slack.posted.filter((m) => m.channel === imOf(U.siti) && m.updates > 0);
    expect(retired.map((m) => contextOf(m))).toEqual(['✓ Nasional', '✓ Sama dengan tanggal mulai', '✓ 1 hari', '✓ Tidak ada', '✓ Lewati', '✓ Kirim ke atasan']);
    expect(retired.flatMap((m) => actionIds(m))).toEqual([]);
    const scope = retired[0];
    expect(scope?.blocks.map((b) => b.type)).toEqual(['section', 'context']);
    expect(scope?.text).toMatch(/nasional .*internasional/i);
    expect(scope?.updates).toBe(1);
    expect(s.slack.callsTo('conversations.history')).toEqual([]);

    const request = s.slack.posted.filter((m) => m.channel === imOf(U.budi)).at(-1)!;
    expect(request.text).toContain('Siti Rahmawati');
    expect(request.blocks[0]!.type).toBe('section');
    expect(request.blocks.slice(1).every((b) => b.type === 'actions')).toBe(true);
    const rev = revisionOf(activity!);
    expect(actionIds(request)).toEqual([`ap:${activity!.id}:${rev}:a`, `ap:${activity!.id}:${rev}:r`, `ap:${activity!.id}:${rev}:v`]);

    const note = await s.press(U.budi, 'Setujui');
    expect(textOf(note)).toContain('Catatan persetujuan (opsional)');
    expect(actionIds(request)).toEqual([]);

    const decided = await s.collect(U.siti, async () => {
      await s.press(U.budi, `ad:${activity!.id}:${rev}:a:-`);
    });
    expect(textOf(decided)).toContain('disetujui oleh Budi Santoso');
    const stored = (await s.w.store.getActivity(activity!.id))!;
    expect(stored.status).toBe('approved');
    expect(stored.history.map((h) => [h.status, h.by])).toEqual([
      ['pending', NIP.siti],
      ['approved', NIP.atasan],
    ]);
    // The decided request and the note question carry no buttons any more.
    expect(s.slack.posted.filter((m) => m.channel === imOf(U.budi)).flatMap((m) => actionIds(m))).toEqual([]);
    // A second press on the decided request (a stale client, a double click): the engine says it is decided.
    const stale = { channel: request.channel, ts: request.ts, text: request.text, action: `ap:${activity!.id}:${rev}:r`, label: 'Tolak' };
    const again = await s.collect(U.budi, async () => void (await s.postInteraction(s.pressPayload(U.budi, stale))));
    expect(textOf(again)).toContain('sudah diputuskan');
    expect((await s.w.store.getActivity(activity!.id))!.history).toHaveLength(2);
    expect(actionIds(request)).toEqual([]);

    expect(textOf(await s.say(U.siti, 'berapa JP saya tahun ini?'))).toContain('*4 JP* disetujui');
  });

  it('refuses a forged press by someone who is not the atasan; the store and the request stay as they were', async () => {
    await linkByEmail(U.siti, 'siti@example.go.id');
    await linkByEmail(U.budi, 'budi@example.go.id');
    const invite = await issueInvite(s.w.store, NIP.andi, s.w.clock.now());
    await s.say(U.andi, `daftar ${invite.code}`);
    await reportWebinar();
    const [activity] = await s.w.store.activitiesOf(NIP.siti);
    const request = s.button(U.budi, 'Setujui');

    const refused = await s.collect(U.andi, async () => {
      await s.postInteraction(s.pressPayload(U.andi, request));
      await s.postInteraction(s.pressPayload(U.andi, { ...request, action: `ad:${activity!.id}:${revisionOf(activity!)}:a:-`, label: 'Lewati' }));
    });
    expect(refused.map((m) => m.text)).toEqual([expect.stringContaining('tidak berwenang'), expect.stringContaining('tidak berwenang')]);
    expect(await s.w.store.getActivity(activity!.id)).toEqual(activity);
    const shown = s.slack.message(request.channel, request.ts)!;
    expect(shown.updates).toBe(0);
    expect(actionIds(shown)).toHaveLength(3);
  });

  it("keeps one user's requests in arrival order while the Slack lookups before the engine take their time", async () => {
    const invite = await issueInvite(s.w.store, NIP.orphan, s.w.clock.now());
    await s.command('U0DEWI', '/start', invite.code);
    await s.command('U0DEWI', '/bangkom', 'lapor');
    // Dewi never wrote in the DM: her press waits for conversations.open, her typed "batal" needs no lookup.
    s.slack.delay('conversations.open', 300);
    const jalur = s.button('U0DEWI', 'r:jalur:klasikal');
    const replies = await s.collect('U0DEWI', async () => {
      await s.postInteraction(s.pressPayload('U0DEWI', jalur));
      await s.postEvent(s.dmEvent('U0DEWI', 'batal'));
    });
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(/bentuk kegiatan/i), expect.stringMatching(/dibatalkan/i)]);
    expect(actionIds(s.slack.message(jalur.channel, jalur.ts))).toEqual([]);
  });

  it("a user's next message is not held up by a slow delivery to another user; the relay still delivers it", async () => {
    const handleTurn = s.engine.handleTurn.bind(s.engine);
    s.engine.handleTurn = async (event, opts) => {
      if (event.kind !== 'text' || event.text !== 'kirim') return handleTurn(event, opts);
      const messages = [
        { kind: 'send' as const, to: { platform: 'slack' as const, id: U.budi }, text: 'Permohonan persetujuan' },
        { kind: 'send' as const, to: event.from, text: 'Terkirim' },
      ];
      // Committed like a turn's messages: the relay sends them from the store's outbox.
      return { messages, committed: true, ids: await s.w.store.enqueueOutbound(messages) };
    };
    s.slack.delayChannel(imOf(U.budi), 1200);
    const started = Date.now();
    await s.postEvent(s.dmEvent(U.siti, 'kirim'));
    await s.postEvent(s.dmEvent(U.siti, 'halo'));
    while (s.slack.posted.filter((m) => m.channel === imOf(U.siti)).length < 2) {
      if (Date.now() - started > 1000) throw new Error('the replies to Siti waited for the delivery to Budi');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(s.slack.posted.map((m) => [m.channel, m.text])).toEqual([
      [imOf(U.siti), 'Terkirim'],
      [imOf(U.siti), expect.stringContaining('belum terhubung')],
    ]);
    await s.adapter.stop();
    await s.relay.idle(); // the relay's delivery, which the assistant's shutdown waits for within its drain time
    expect(s.slack.posted.filter((m) => m.channel === imOf(U.budi)).map((m) => m.text)).toEqual(['Permohonan persetujuan']);
  });

  it('handles a retried delivery of the same event_id once', async () => {
    await linkByEmail(U.siti, 'siti@example.go.id');
    const event = s.dmEvent(U.siti, 'jp saya');
    const replies = await s.collect(U.siti, async () => {
      expect((await s.postEvent(event, { eventId: 'Ev0RETRY' })).status).toBe(200);
      const retry = await s.postEvent(event, { eventId: 'Ev0RETRY', headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
      expect(retry.status).toBe(200);
    });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('JP');
  });

  it('ignores its own messages, edits and other subtypes, and survives malformed requests', async () => {
    await linkByEmail(U.siti, 'siti@example.go.id');
    const ignored = await s.collect(U.siti, async () => {
      await s.postEvent(s.dmEvent(U.siti, 'jp saya', { bot_id: 'BBOTBANGKOM' }));
      await s.postEvent(s.dmEvent(U.siti, 'jp saya', { subtype: 'message_changed' }));
      await s.postEvent(s.dmEvent(U.siti, 'jp saya', { subtype: 'channel_join' }));
      await s.postEvent({ type: 'message', channel: 42, user: ['x'] });
      await s.postInteraction({ type: 'block_actions', user: {}, actions: 'nope' });
      await s.post('payload=%7Bnot-json', 'application/x-www-form-urlencoded');
      const sentAt = Date.now();
      expect((await s.postInteraction({ type: 'view_submission', user: { id: U.siti }, view: {} })).status).toBe(200);
      expect(Date.now() - sentAt).toBeLessThan(2000);
    });
    expect(ignored).toEqual([]);
    expect(textOf(await s.say(U.siti, 'jp saya'))).toContain('JP');
  });

  it('acks a press at once, works after the ack, and on stop finishes the work in hand before closing', async () => {
    await linkByEmail(U.siti, 'siti@example.go.id');
    await s.say(U.siti, 'lapor');
    const jalur = s.button(U.siti, 'r:jalur:nonklasikal');
    s.slack.delay('chat.update', 600);
    const before = s.slack.posted.length;
    const sentAt = Date.now();
    expect((await s.postInteraction(s.pressPayload(U.siti, jalur))).status).toBe(200);
    expect(Date.now() - sentAt).toBeLessThan(400);
    const port = s.adapter.port;
    await s.adapter.stop();
    // The work in hand is committed; its reply leaves through the relay.
    await s.relay.idle();
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(600);
    expect(s.slack.posted.slice(before)).toHaveLength(1);
    expect(actionIds(s.slack.message(jalur.channel, jalur.ts))).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
