import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webinarToSummary } from '../helpers/report-flow.js';
import { buttonIds, forUser, makeWorld, NIP, stepIds, texts, type World } from '../helpers/script-driver.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
  await w.link('budi', NIP.atasan);
});
afterEach(async () => w.close());

const toSummary = (user = 'siti', title = 'Webinar Literasi Digital') => webinarToSummary(w.chat, user, { title });

const only = async () => (await w.store.activitiesOf(NIP.siti))[0]!;

describe('used keyboards are retired and old ones refused', () => {
  it('every press retires the pressed message, noting the choice', async () => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Judul');
    const question = await w.chat.say('siti', 'Penyelenggara');
    const out = await w.chat.press('siti', 'Nasional');
    expect(out).toContainEqual({ to: 'siti', retire: question[0]!.ref, note: '✓ Nasional' });
  });

  it("a button from an earlier report's summary cannot cancel or send the current report", async () => {
    const first = await toSummary('siti', 'Laporan pertama');
    const oldCancel = buttonIds(first).find((id) => id.endsWith(':summary:cancel'))!;
    const oldSend = buttonIds(first).find((id) => id.endsWith(':summary:send'))!;
    await w.chat.press('siti', 'Kirim ke atasan');
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Laporan kedua');
    expect(texts(await w.chat.press('siti', oldCancel))).toContain('Tombol itu sudah tidak berlaku');
    expect(texts(await w.chat.press('siti', oldSend))).toContain('Tombol itu sudah tidak berlaku');
    expect((await w.store.getState('console:siti'))?.data.title).toBe('Laporan kedua');
    expect(await w.store.activitiesOf(NIP.siti)).toHaveLength(1);
  });
});

describe('summary and editing', () => {
  it('only a whole word sends: a sentence starting with "ya…" does not', async () => {
    await toSummary();
    const out = await w.chat.say('siti', 'yang tanggal mulainya salah, harusnya 2 september');
    expect(texts(out)).toContain('Pilih *Kirim ke atasan*');
    expect(await w.store.activitiesOf(NIP.siti)).toHaveLength(0);
    expect(texts(await w.chat.say('siti', 'kirim'))).toContain('Terkirim');
  });

  it('"kembali" in the middle of an Ubah puts every answer back and returns to a complete summary', async () => {
    await toSummary();
    await w.chat.press('siti', 'Ubah');
    await w.chat.press('siti', 'Bentuk');
    await w.chat.say('siti', 'workshop');
    const back = await w.chat.say('siti', 'kembali');
    expect(texts(back)).toContain('Bentuk: Seminar');
    expect(texts(back)).toContain('Durasi: 1 hari');
    expect(stepIds(back)).toContain('r:summary:send');
  });

  it('"kembali" right after "lapor webinar" offers the choice of form', async () => {
    await w.chat.say('siti', 'lapor webinar');
    const out = await w.chat.say('siti', 'kembali');
    expect(stepIds(out)).toContain('r:form:pelatihan-teknis');
    expect((await w.store.getState('console:siti'))?.step).toBe('form');
  });

  it('a slash command is never taken as an answer', async () => {
    await w.chat.say('siti', 'lapor webinar');
    const out = await w.chat.say('siti', '/lapor');
    expect(texts(out)).toContain('Laporan Anda masih berjalan');
    expect((await w.store.getState('console:siti'))?.data.title).toBeUndefined();
  });

  it('/bahasa en mid-report re-asks the current question in English', async () => {
    await w.chat.say('siti', 'lapor webinar');
    const out = texts(await w.chat.say('siti', '/bahasa en'));
    expect(out).not.toContain('Laporan Anda masih berjalan');
    expect(out).toMatch(/still open|in progress/i);
  });
});

describe('decisions', () => {
  it('the reason prompt has a Batal button that decides nothing and brings the request back', async () => {
    await toSummary();
    await w.chat.press('siti', 'Kirim ke atasan');
    const prompt = await w.chat.press('budi', 'Tolak');
    expect(buttonIds(prompt)).toContain(`adc:${(await only()).id}`);
    const cancelled = await w.chat.press('budi', 'Batal');
    expect(texts(cancelled)).toContain('Keputusan dibatalkan');
    expect(texts(cancelled)).toContain('Permohonan persetujuan');
    expect((await only()).status).toBe('pending');
    const later = await w.chat.say('budi', 'bantuan');
    expect(texts(later)).toContain('Yang bisa saya bantu');
    expect((await only()).status).toBe('pending');
  });

  it('a reason typed long after the prompt is an ordinary message', async () => {
    await toSummary();
    await w.chat.press('siti', 'Kirim ke atasan');
    await w.chat.press('budi', 'Tolak');
    w.clock.advanceHours(1);
    const out = await w.chat.say('budi', 'persetujuan');
    expect(texts(out)).toContain('1 laporan menunggu');
    expect((await only()).status).toBe('pending');
  });

  it('a resubmitted report is marked as a revision, and the old request buttons no longer decide', async () => {
    await toSummary();
    const first = forUser(await w.chat.press('siti', 'Kirim ke atasan'), 'budi');
    const oldApprove = buttonIds(first).find((id) => id.endsWith(':a'))!;
    await w.chat.press('budi', 'Kembalikan (revisi)');
    await w.chat.say('budi', 'Judul kurang lengkap');
    await w.chat.press('siti', 'Ubah laporan');
    await w.chat.press('siti', 'Ubah');
    await w.chat.press('siti', 'Nama kegiatan');
    await w.chat.say('siti', 'Webinar Literasi Digital Angkatan 2');
    const resent = forUser(await w.chat.press('siti', 'Kirim ke atasan'), 'budi');
    expect(texts(resent)).toContain('*revisi*');
    expect(texts(resent)).toContain('Alasan pengembalian sebelumnya: Judul kurang lengkap');
    const stale = await w.chat.press('budi', oldApprove);
    expect(texts(stale)).toContain('versi laporan yang lama');
    expect((await only()).status).toBe('pending');
  });

  it('editing the form of a returned report offers the forms of its own jalur', async () => {
    await toSummary();
    await w.chat.press('siti', 'Kirim ke atasan');
    await w.chat.press('budi', 'Kembalikan (revisi)');
    await w.chat.say('budi', 'Bentuknya salah');
    await w.chat.press('siti', 'Ubah laporan');
    await w.chat.press('siti', 'Ubah');
    const question = await w.chat.press('siti', 'Bentuk');
    expect(texts(question)).toContain('Bentuk kegiatannya apa? (Pelatihan klasikal)');
    expect(stepIds(question)).not.toContain('r:form:coaching');
  });

  it('"Ubah laporan" does not throw away a report in progress', async () => {
    await toSummary();
    await w.chat.press('siti', 'Kirim ke atasan');
    await w.chat.press('budi', 'Kembalikan (revisi)');
    await w.chat.say('budi', 'Mohon perbaiki tanggal');
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Laporan baru');
    const out = await w.chat.press('siti', `rv:${(await only()).id}`);
    expect(texts(out)).toContain('Selesaikan atau batalkan dulu');
    expect((await w.store.getState('console:siti'))?.data.title).toBe('Laporan baru');
  });

  it("an admin's own report goes to the other admins, never back to the author", async () => {
    await w.link('rina', NIP.admin);
    const sent = await toSummary('rina', 'Workshop Admin').then(() => w.chat.press('rina', 'Kirim ke atasan'));
    expect(sent.filter((l) => l.text?.startsWith('Permohonan persetujuan'))).toHaveLength(0);
    expect(texts(sent)).toContain('Tidak ada atasan atau admin lain');
  });
});
