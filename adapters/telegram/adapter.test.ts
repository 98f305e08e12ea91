import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueInvite } from '../../src/domain/invites.js';
import { NIP } from '../../test/helpers/script-driver.js';
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
const press = (user: number, label: string) => t.step(t.tg.press(user, label));

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
    await press(SITI, 'Nasional');
    await say(SITI, '2026-03-10');
    await press(SITI, 'Sama dengan tanggal mulai');
    await press(SITI, '1 hari');
    await press(SITI, 'Tidak ada');
    await press(SITI, 'Lewati');
    const pdf = new TextEncoder().encode('%PDF-1.4\n% sertifikat webinar\n');
    await t.step(t.tg.document(SITI, { name: 'sertifikat.pdf', mime: 'application/pdf', bytes: pdf }));
    expect(t.tg.messages(SITI).map((m) => m.text).join('\n')).toContain('Bukti dukung "sertifikat.pdf" tersimpan');
    await press(SITI, 'Kirim ke atasan');
    expect(t.tg.lastText(SITI)).toContain('menunggu persetujuan atasan');

    const [activity] = await t.w.store.activitiesOf(NIP.siti);
    expect(activity?.evidence?.name).toBe('sertifikat.pdf');
    expect(await readFile(activity!.evidence!.path)).toEqual(Buffer.from(pdf));

    const request = t.tg.messages(BUDI).at(-1)!;
    expect(request.text).toContain('Siti Rahmawati');
    expect(request.text).toContain('Webinar <Literasi> & Digital');
    expect(request.parse_mode).toBe('HTML');
    expect(request.raw).toContain('Webinar &lt;Literasi&gt; &amp; Digital');
    expect(request.keyboard.flat().map((k) => k.callback_data)).toEqual([
      `ap:${activity!.id}:a`,
      `ap:${activity!.id}:r`,
      `ap:${activity!.id}:v`,
    ]);

    // Andi (linked, not Siti's atasan) forges a press of the approve button with the request's data.
    await link(ANDI, NIP.andi);
    await t.step(t.tg.pressData(ANDI, `ap:${activity!.id}:a`, request.message_id));
    expect(t.tg.lastText(ANDI)).toContain('tidak berwenang');
    expect((await t.w.store.getActivity(activity!.id))?.status).toBe('pending');
    expect(request.keyboard.flat()).toHaveLength(3);

    await press(BUDI, 'Setujui');
    expect(t.tg.lastText(BUDI)).toContain('Catatan persetujuan (opsional)');
    await press(BUDI, 'Lewati');

    expect(t.tg.lastText(SITI)).toContain('disetujui oleh Budi Santoso');
    expect((await t.w.store.getActivity(activity!.id))?.status).toBe('approved');
    expect(request.edits).toBeGreaterThan(0);
    expect(request.keyboard).toEqual([]);
    const presses = t.tg.callsOf('answerCallbackQuery');
    expect(presses).toHaveLength(9);
    expect(new Set(presses.map((p) => p.payload.callback_query_id)).size).toBe(9);

    await say(SITI, 'berapa JP saya tahun ini?');
    expect(t.tg.lastText(SITI)).toContain('JP Anda tahun 2026: 4 JP disetujui, 0 JP menunggu persetujuan');
    expect(t.tg.lastText(SITI)).toContain('Kurang 16 JP lagi');
    expect(t.log.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('stop() finishes the update in hand, delivers its reply, and confirms it to Telegram', async () => {
    t.tg.latency.set('sendMessage', 300);
    const id = await t.tg.text(SITI, 'halo');
    await t.adapter.stop();
    expect(t.tg.lastText(SITI)).toContain('belum terhubung');
    const confirm = t.tg.callsOf('getUpdates').at(-1)!;
    expect(confirm.payload).toMatchObject({ offset: id + 1, timeout: 0 });
  });
});
