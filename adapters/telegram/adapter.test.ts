import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueInvite } from '../../src/domain/invites.js';
import { NIP } from '../../test/helpers/script-driver.js';
import { revisionOf } from '../../src/engine/approval/request-message.js';
import type { ChatMessage, InlineKey } from './testing/fake-bot-api.js';
import { startTelegramWorld, type TelegramWorld } from './testing/harness.js';

const SITI = 5001;
const BUDI = 5002;
const ADMIN = 5003;
const ANDI = 5004;

let t: TelegramWorld;
beforeEach(async () => {
  t = await startTelegramWorld();
});
afterEach(async () => t.close());

async function link(userId: number, nip: string): Promise<void> {
  const invite = await issueInvite(t.w.store, nip, t.w.clock.now());
  await t.step(t.tg.text(userId, `/start ${invite.code}`));
  expect(t.tg.lastText(userId)).toContain('terhubung');
}

const say = (user: number, text: string) => t.step(t.tg.text(user, text));

async function until(ok: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Presses a shown button; the keyboard it sat on is used up at once (retired, or replaced by the engine). */
async function press(user: number, label: string): Promise<ChatMessage> {
  const { message } = t.tg.button(user, label);
  await t.step(t.tg.press(user, label));
  expect(message.keyboard, `keyboard of "${message.text}" after pressing "${label}"`).toEqual([]);
  return message;
}

/**
 * Every button the engine produced fits Telegram's 64-byte callback_data and reached Telegram: none was
 * left out by render.ts (which would also have logged a warning).
 */
function expectEveryButtonDelivered(): void {
  const produced = t.outputs.flatMap((m) => (m.kind === 'retire' ? [] : (m.buttons ?? []).flat().map((b) => b.id)));
  expect(produced.length).toBeGreaterThan(0);
  const tooLong = produced.filter((id) => Buffer.byteLength(id, 'utf8') > 64);
  expect(tooLong).toEqual([]);
  const shown = new Set(
    t.tg.calls.flatMap((c) => ((c.payload.reply_markup?.inline_keyboard ?? []) as InlineKey[][]).flat().map((k) => k.callback_data)),
  );
  expect(produced.filter((id) => !shown.has(id))).toEqual([]);
  expect(t.log.lines.filter((l) => l.msg.includes('buttons left out'))).toEqual([]);
}

describe('Telegram adapter, end to end over HTTP', () => {
  it('deep-link sign-up, report with a PDF, a forged press refused, atasan approves with buttons, the JP question', async () => {
    await link(ADMIN, NIP.admin);
    await say(ADMIN, `undang ${NIP.siti}`);
    const deepLink = /https:\/\/t\.me\/bangkom_test_bot\?start=(\w+)/.exec(t.tg.lastText(ADMIN) ?? '');
    expect(deepLink, t.tg.lastText(ADMIN)).not.toBeNull();
    await say(SITI, `/start ${deepLink![1]}`);
    expect(t.tg.lastText(SITI)).toContain('terhubung');
    await link(BUDI, NIP.atasan);

    await say(SITI, 'lapor webinar');
    await say(SITI, 'Webinar <Literasi> & Digital');
    await say(SITI, 'BPSDM Provinsi');
    const scopeQuestion = t.tg.button(SITI, 'Nasional').message.text;
    const scope = await press(SITI, 'Nasional');
    // The choice is noted under the unchanged question; the press's label came from the keyboard.
    expect(scope.text).toBe(`${scopeQuestion}\n\n✓ Nasional`);
    expect(t.events.at(-1)).toMatchObject({ kind: 'press', label: 'Nasional', messageRef: String(scope.message_id) });
    await say(SITI, '2026-03-10');
    await press(SITI, 'Sama dengan tanggal mulai');
    await press(SITI, '1 hari');
    await press(SITI, 'Tidak ada');
    await press(SITI, 'Lewati');
    const pdf = new TextEncoder().encode('%PDF-1.4\n% sertifikat webinar\n');
    await t.step(t.tg.document(SITI, { name: 'sertifikat.pdf', mime: 'application/pdf', bytes: pdf }));
    expect(t.tg.messages(SITI).map((m) => m.text).join('\n')).toContain('Bukti dukung "sertifikat.pdf" tersimpan');
    const summary = t.tg.button(SITI, 'Kirim ke atasan').message;
    const [summaryText, summaryEntities] = [summary.text, summary.entities];
    expect(summaryEntities.length).toBeGreaterThan(0);
    await press(SITI, 'Kirim ke atasan');
    expect(t.tg.lastText(SITI)).toContain('menunggu persetujuan');
    // The summary keeps its text and its bold parts (passed back as entities), the choice under it.
    expect(summary.text).toBe(`${summaryText}\n\n✓ Kirim ke atasan`);
    expect(summary.entities).toEqual(summaryEntities);

    const [activity] = await t.w.store.activitiesOf(NIP.siti);
    expect(activity?.evidence?.name).toBe('sertifikat.pdf');
    expect(await readFile(activity!.evidence!.path)).toEqual(Buffer.from(pdf));

    const request = t.tg.messages(BUDI).at(-1)!;
    const rev = revisionOf(activity!);
    expect(request.text).toContain('Siti Rahmawati');
    expect(request.text).toContain('Webinar <Literasi> & Digital');
    expect(request.parse_mode).toBe('HTML');
    expect(request.raw).toContain('Webinar &lt;Literasi&gt; &amp; Digital');
    expect(request.keyboard.flat().map((k) => k.callback_data)).toEqual([
      `ap:${activity!.id}:${rev}:a`,
      `ap:${activity!.id}:${rev}:r`,
      `ap:${activity!.id}:${rev}:v`,
    ]);

    // Andi (linked, not Siti's atasan) forges a press of the approve button with the request's data.
    await link(ANDI, NIP.andi);
    await t.step(t.tg.pressData(ANDI, `ap:${activity!.id}:${rev}:a`, request.message_id));
    expect(t.tg.lastText(ANDI)).toContain('tidak berwenang');
    expect((await t.w.store.getActivity(activity!.id))?.status).toBe('pending');
    expect(request.keyboard.flat()).toHaveLength(3);
    expect(request.edits).toBe(0);

    // Budi starts to return it, thinks again (the request comes back with fresh buttons), then approves.
    await press(BUDI, 'Kembalikan (revisi)');
    expect(t.tg.lastText(BUDI)).toContain('Apa yang perlu diperbaiki?');
    expect(request.text).toMatch(/✓ Kembalikan \(revisi\)$/);
    await press(BUDI, 'Batal');
    expect(t.tg.messages(BUDI).at(-1)!.keyboard.flat()).toHaveLength(3);
    const approved = await press(BUDI, 'Setujui');
    expect(t.tg.lastText(BUDI)).toContain('Catatan persetujuan (opsional)');
    await press(BUDI, 'Lewati');

    expect(t.tg.lastText(SITI)).toContain('disetujui oleh Budi Santoso');
    expect((await t.w.store.getActivity(activity!.id))?.status).toBe('approved');
    expect(approved.text).toContain('Tercatat: disetujui');
    // Nothing Budi was shown can be pressed any more.
    expect(t.tg.messages(BUDI).flatMap((m) => m.keyboard.flat())).toEqual([]);
    const presses = t.tg.callsOf('answerCallbackQuery');
    expect(presses).toHaveLength(11);
    expect(new Set(presses.map((p) => p.payload.callback_query_id)).size).toBe(11);

    await say(SITI, 'berapa JP saya tahun ini?');
    expect(t.tg.lastText(SITI)).toContain('JP Anda tahun 2026: 4 JP disetujui, 0 JP menunggu persetujuan');
    expect(t.tg.lastText(SITI)).toContain('Kurang 16 JP lagi');
    expectEveryButtonDelivered();
    expect(t.log.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('every button of the report dialogue (paths, forms, pages) fits in 64 bytes and reaches Telegram', async () => {
    await link(SITI, NIP.siti);
    let paged = false;
    for (const jalur of ['Pendidikan', 'Pelatihan klasikal', 'Pelatihan nonklasikal']) {
      await say(SITI, 'lapor');
      await press(SITI, jalur);
      let pages = 1;
      while (t.tg.messages(SITI).at(-1)!.keyboard.flat().some((k) => k.text === 'Lainnya ›')) {
        await press(SITI, 'Lainnya ›');
        pages++;
      }
      expect(pages, jalur).toBeLessThan(10);
      paged ||= pages > 1;
      await say(SITI, 'batal');
    }
    expect(paged).toBe(true);
    expectEveryButtonDelivered();
    expect(t.log.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });

  it("a user's next message is not held up by a slow delivery to another user; one chat keeps its order", async () => {
    const handleTurn = t.engine.handleTurn.bind(t.engine);
    t.engine.handleTurn = async (event, opts) => {
      if (event.kind !== 'text' || event.text !== 'kirim') return handleTurn(event, opts);
      const budi = { platform: 'telegram' as const, id: String(BUDI) };
      const messages = [
        { kind: 'send' as const, to: budi, text: 'Permohonan persetujuan' },
        { kind: 'send' as const, to: event.from, text: 'Terkirim' },
      ];
      // Committed like a turn's messages: the relay sends them from the store's outbox.
      return { messages, committed: true, ids: await t.w.store.enqueueOutbound(messages) };
    };
    t.tg.chatLatency.set(BUDI, 1500);
    const started = Date.now();
    await t.tg.text(SITI, 'kirim');
    await t.tg.text(SITI, 'halo');
    await until(() => (t.tg.lastText(SITI) ?? '').includes('belum terhubung'), 1400);
    expect(Date.now() - started).toBeLessThan(1400);
    expect(t.tg.messages(BUDI)).toEqual([]);
    expect(t.tg.messages(SITI).map((m) => m.text)).toEqual(['Terkirim', expect.stringContaining('belum terhubung')]);
    await t.adapter.idle();
    expect(t.tg.lastText(BUDI)).toBe('Permohonan persetujuan');
  });

  it('a 409 Conflict (another instance polling) stops polling for good and is reported as fatal', async () => {
    await say(SITI, 'halo');
    t.tg.conflict();
    await until(() => t.fatals.length > 0, 3000);
    expect(t.fatals).toHaveLength(1);
    expect(t.fatals[0]).toMatchObject({ error_code: 409 });
    const stopped = t.log.lines.filter((l) => l.msg === 'telegram: polling stopped for good');
    expect(stopped).toEqual([expect.objectContaining({ level: 'error', extra: expect.objectContaining({ reason: expect.stringContaining('409 Conflict') }) })]);
    expect(t.log.lines.filter((l) => l.msg.includes('retrying'))).toEqual([]);
    const polls = t.tg.callsOf('getUpdates').length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(t.tg.callsOf('getUpdates')).toHaveLength(polls);
  });

  it('stop() gives up confirming the handled updates after a short while when Telegram is slow', async () => {
    await t.close();
    t = await startTelegramWorld({ confirmTimeoutMs: 200 });
    await say(SITI, 'halo');
    t.tg.latency.set('getUpdates', 5000);
    const started = Date.now();
    await t.adapter.stop();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(t.log.lines.filter((l) => l.msg === 'telegram: could not confirm handled updates')).toHaveLength(1);
  });

  it('long polling confirms an update to Telegram only once its turn is committed; later updates go on meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handleTurn = t.engine.handleTurn.bind(t.engine);
    t.engine.handleTurn = async (event, opts) => {
      if (event.kind === 'text' && event.text === 'pelan') await gate;
      return handleTurn(event, opts);
    };
    const slow = t.tg.text(SITI, 'pelan');
    let slowId = 0;
    void slow.then((id) => (slowId = id));
    await until(() => t.tg.callsOf('getUpdates').length >= 2, 2000);
    void t.tg.text(BUDI, 'halo');
    await until(() => (t.tg.lastText(BUDI) ?? '').includes('belum terhubung'), 2000);
    // Budi's update is handled, but nothing from Siti's on was confirmed: a crash now re-delivers both.
    const offsets = t.tg.callsOf('getUpdates').map((c) => Number(c.payload.offset ?? 0));
    const firstId = Math.min(...offsets.filter((o) => o > 0));
    expect(Math.max(...offsets)).toBe(firstId);
    expect(slowId).toBe(0);

    release();
    expect(await slow).toBe(firstId);
    await until(() => t.tg.callsOf('getUpdates').some((c) => Number(c.payload.offset ?? 0) > firstId + 1), 2000);
  });

  it('one turn that takes longer than the hold stops holding back the confirmation of the others', async () => {
    await t.close();
    t = await startTelegramWorld({ pollHoldMs: 300 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handleTurn = t.engine.handleTurn.bind(t.engine);
    t.engine.handleTurn = async (event, opts) => {
      if (event.kind === 'text' && event.text === 'pelan') await gate;
      return handleTurn(event, opts);
    };
    void t.tg.text(SITI, 'pelan');
    await until(() => t.tg.callsOf('getUpdates').some((c) => Number(c.payload.offset ?? 0) > 0), 2000);
    const held = Number(t.tg.callsOf('getUpdates').at(-1)!.payload.offset);
    await t.tg.text(BUDI, 'halo'); // resolves once Telegram saw it confirmed (Siti's turn is still in hand)
    expect(t.tg.callsOf('getUpdates').at(-1)!.payload.offset).toBeGreaterThan(held + 1);
    expect(t.log.lines.filter((l) => l.msg.startsWith('telegram: an update takes long'))).toHaveLength(1);
    release();
  });

  it('stop() finishes the update in hand (its reply committed and sent by the relay), and confirms it to Telegram', async () => {
    t.tg.latency.set('sendMessage', 300);
    const id = await t.tg.text(SITI, 'halo');
    await t.adapter.stop();
    expect((await t.w.store.pendingOutbound()).length + t.tg.messages(SITI).length).toBeGreaterThanOrEqual(1);
    await t.adapter.idle(); // the relay's delivery, which the assistant's shutdown waits for within its drain time
    expect(t.tg.lastText(SITI)).toContain('belum terhubung');
    const confirm = t.tg.callsOf('getUpdates').at(-1)!;
    expect(confirm.payload).toMatchObject({ offset: id + 1, timeout: 0 });
  });
});
