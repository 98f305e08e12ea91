import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { webinarToSummary } from '../helpers/report-flow.js';
import { buttonIds, forUser, makeWorld, NIP, texts, type World } from '../helpers/script-driver.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
});
afterEach(async () => w.close());

async function submitWebinar(user = 'siti', title = 'Webinar Literasi Digital', date = '2026-03-10') {
  await webinarToSummary(w.chat, user, { title, start: date });
  return w.chat.press(user, 'Kirim ke atasan');
}

const onlyActivity = async () => (await w.store.activitiesOf(NIP.siti))[0]!;

describe('atasan approval', () => {
  it('submit → atasan gets details with Setujui/Tolak/Kembalikan → approve → employee told the new total', async () => {
    await w.link('budi', NIP.atasan);
    const sent = await submitWebinar();
    const request = forUser(sent, 'budi');
    expect(request).toHaveLength(1);
    expect(request[0]!.text).toContain('Siti Rahmawati');
    expect(request[0]!.text).toContain('Bukti dukung: tidak ada');
    expect(request[0]!.text).toContain('1 hari × 4 JP = 4 JP');
    const id = (await onlyActivity()).id;
    expect(buttonIds(request)).toEqual([`ap:${id}:1:a`, `ap:${id}:1:r`, `ap:${id}:1:v`]);

    const note = await w.chat.press('budi', 'Setujui');
    expect(texts(note)).toContain('Catatan persetujuan (opsional)');
    const decided = await w.chat.say('budi', 'Bagus, lanjutkan');
    const toSiti = forUser(decided, 'siti');
    expect(texts(toSiti)).toContain('disetujui oleh Budi Santoso');
    expect(texts(toSiti)).toContain('Bagus, lanjutkan');
    expect(texts(toSiti)).toContain('Total JP disetujui tahun 2026: 4 JP dari target 20 JP');
    const stored = await onlyActivity();
    expect(stored.status).toBe('approved');
    expect(stored.history.map((h) => [h.status, h.by])).toEqual([
      ['pending', NIP.siti],
      ['approved', NIP.atasan],
    ]);
    expect(texts(await w.chat.say('siti', 'jp saya'))).toContain('*4 JP* disetujui, 0 JP menunggu');
  });

  it('Tolak requires a reason: quick-reason button decides in one press and the reason reaches the employee', async () => {
    await w.link('budi', NIP.atasan);
    await submitWebinar();
    const ask = await w.chat.press('budi', 'Tolak');
    expect(texts(ask)).toContain('Alasan penolakan');
    expect(texts(await w.chat.say('budi', 'lewati'))).toContain('Alasan wajib diisi');
    expect((await onlyActivity()).status).toBe('pending');
    const done = await w.chat.press('budi', 'JP tidak sesuai');
    expect(texts(forUser(done, 'siti'))).toContain('Alasan/catatan: JP tidak sesuai');
    const stored = await onlyActivity();
    expect(stored.status).toBe('rejected');
    expect(stored.history.at(-1)).toMatchObject({ status: 'rejected', by: NIP.atasan, reason: 'JP tidak sesuai' });
  });

  it('Kembalikan → employee edits and re-sends; the history keeps every step', async () => {
    await w.link('budi', NIP.atasan);
    await submitWebinar();
    await w.chat.press('budi', 'Kembalikan (revisi)');
    const returned = await w.chat.say('budi', 'Tanggal salah, mohon diperbaiki');
    const toSiti = forUser(returned, 'siti');
    expect(texts(toSiti)).toContain('dikembalikan untuk revisi');
    const id = (await onlyActivity()).id;
    expect(buttonIds(toSiti)).toEqual([`rv:${id}`]);

    const summary = await w.chat.press('siti', 'Ubah laporan');
    expect(texts(summary)).toContain('Ringkasan laporan');
    await w.chat.press('siti', 'Ubah');
    await w.chat.press('siti', 'Tanggal');
    await w.chat.say('siti', '2026-03-12');
    await w.chat.say('siti', '2026-03-13');
    await w.chat.press('siti', '2 hari');
    const resent = await w.chat.press('siti', 'Kirim ke atasan');
    expect(texts(resent)).toContain('dikirim ulang');
    expect(forUser(resent, 'budi')).toHaveLength(1);
    const stored = await onlyActivity();
    expect(stored).toMatchObject({ id, status: 'pending', jp: 8 });
    expect(stored.input.start).toBe('2026-03-12');
    expect(stored.history.map((h) => h.status)).toEqual(['pending', 'returned', 'pending']);
    expect(await w.store.activitiesOf(NIP.siti)).toHaveLength(1);
  });

  it('refuses a forged press by someone who is not the atasan, and nothing changes', async () => {
    await w.link('budi', NIP.atasan);
    await w.link('andi', NIP.andi);
    await submitWebinar();
    const id = (await onlyActivity()).id;
    for (const action of [`ap:${id}:1:a`, `ad:${id}:1:a:-`, `ad:${id}:1:r:0`]) {
      expect(texts(await w.chat.press('andi', action))).toContain('tidak berwenang');
    }
    expect(texts(await w.chat.press('siti', `ad:${id}:1:a:-`))).toContain('tidak berwenang');
    expect((await onlyActivity()).status).toBe('pending');
  });

  it('a second press on a decided report answers "sudah diputuskan" with who and when', async () => {
    await w.link('budi', NIP.atasan);
    await submitWebinar();
    const id = (await onlyActivity()).id;
    await w.chat.press('budi', `ad:${id}:1:a:-`);
    const again = await w.chat.press('budi', `ap:${id}:1:r`);
    expect(texts(again)).toContain('sudah diputuskan (disetujui) oleh Budi Santoso pada 22-11-2026 10:00');
    expect((await onlyActivity()).history).toHaveLength(2);
  });

  it('two presses at the same moment (atasan and admin) produce exactly one decision', async () => {
    await w.link('budi', NIP.atasan);
    await w.link('rina', NIP.admin);
    await submitWebinar();
    const id = (await onlyActivity()).id;
    const engine = new Engine(w.deps);
    const press = (user: string, action: string) =>
      engine.handle({ kind: 'press', from: { platform: 'console', id: user }, action });
    const [a, b] = await Promise.all([press('budi', `ad:${id}:1:a:-`), press('rina', `ad:${id}:1:r:1`)]);
    const decisions = [a, b].filter((out) => out.some((m) => m.kind !== 'retire' && m.text.startsWith('Tercatat')));
    expect(decisions).toHaveLength(1);
    const stored = await onlyActivity();
    expect(stored.history).toHaveLength(2);
    expect(['approved', 'rejected']).toContain(stored.status);
  });

  it('an atasan who links late receives every waiting request at once', async () => {
    const sent = await submitWebinar('siti', 'Webinar A', '2026-03-10');
    expect(texts(sent)).toContain('Atasan Anda (Budi Santoso) belum terhubung');
    await submitWebinar('siti', 'Webinar B', '2026-03-11');
    await w.link('budi', NIP.atasan);
    const list = await w.chat.say('budi', 'persetujuan');
    expect(texts(list)).toContain('2 laporan menunggu');
    expect(texts(list)).toContain('Webinar A');
    expect(texts(list)).toContain('Webinar B');
  });

  it('an employee with no atasan in the roster goes to the admins', async () => {
    await w.link('rina', NIP.admin);
    await w.link('dewi', NIP.orphan);
    const sent = await submitWebinar('dewi');
    expect(texts(forUser(sent, 'dewi'))).toContain('dikirim ke admin');
    expect(forUser(sent, 'rina')[0]?.text).toContain('Dewi Lestari');
  });

  it('a user linked on two platforms gets the request once, where they wrote last', async () => {
    await w.link('budi', NIP.atasan);
    w.clock.advanceHours(1);
    await w.store.linkAccount({ platform: 'telegram', userId: '4242', nip: NIP.atasan, linkedAt: w.clock.now().toISOString(), lastSeenAt: w.clock.now().toISOString() });
    const sent = await submitWebinar();
    const requests = sent.filter((l) => l.text?.startsWith('Permohonan persetujuan'));
    expect(requests).toHaveLength(1);
    expect(requests[0]!.to).toBe('4242');
  });
});
