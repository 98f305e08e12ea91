import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webinarToSummary } from '../helpers/report-flow.js';
import { buttonIds, forUser, makeWorld, NIP, texts, type World } from '../helpers/script-driver.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
  await w.link('budi', NIP.atasan);
  await w.link('andi', NIP.andi);
});
afterEach(async () => w.close());

const onlyActivity = async () => (await w.store.activitiesOf(NIP.siti))[0]!;

async function approvedWebinar() {
  await webinarToSummary(w.chat, 'siti', { title: 'Webinar SPBE', start: '2026-03-10' });
  await w.chat.press('siti', 'Kirim ke atasan');
  await w.chat.press('budi', 'Setujui');
  return forUser(await w.chat.say('budi', 'lewati'), 'siti');
}

describe('after an approval: the MyASN entry and "Sudah diunggah ke MyASN" (issue 12)', () => {
  it('the employee gets the entry field by field in MyASN order, with the button', async () => {
    const toSiti = await approvedWebinar();
    const text = texts(toSiti);
    const order = ['Jenis Diklat: Seminar', 'Nama Diklat: Webinar SPBE', 'Institusi Penyelenggara:', 'Nomor Sertifikat:', 'Tahun Diklat: 2026', 'Tanggal Mulai: 10-03-2026', 'Tanggal Selesai: 10-03-2026', 'Durasi (Jam): 4', 'Rumpun Diklat:'];
    const at = order.map((field) => text.indexOf(field));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(buttonIds(toSiti)).toEqual([`mu:${(await onlyActivity()).id}`]);
  });

  it('the press marks it once; pressing again says when; nobody else can mark it', async () => {
    await approvedWebinar();
    const id = (await onlyActivity()).id;
    expect(texts(await w.chat.press('andi', `mu:${id}`))).toContain('Laporan itu tidak ditemukan');
    expect((await onlyActivity()).myAsnUploadedAt).toBeUndefined();
    expect(texts(await w.chat.press('siti', 'Sudah diunggah ke MyASN'))).toContain('Tercatat: "Webinar SPBE" sudah diunggah ke MyASN');
    const marked = (await onlyActivity()).myAsnUploadedAt;
    expect(marked).toEqual(expect.any(String));
    expect(texts(await w.chat.press('siti', `mu:${id}`))).toContain('sudah tercatat diunggah ke MyASN');
    expect((await onlyActivity()).myAsnUploadedAt).toBe(marked);
  });

  it('a report not approved cannot be marked', async () => {
    await webinarToSummary(w.chat, 'siti', { title: 'Webinar SPBE', start: '2026-03-10' });
    await w.chat.press('siti', 'Kirim ke atasan');
    const id = (await onlyActivity()).id;
    expect(texts(await w.chat.press('siti', `mu:${id}`))).toContain('Hanya kegiatan yang sudah disetujui');
    expect((await onlyActivity()).myAsnUploadedAt).toBeUndefined();
  });
});
