import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRAINING_FORMS } from '../../src/engine/report/understand-forms.js';
import { makeWorld, NIP, stepIds, texts, type World } from '../helpers/script-driver.js';

/** The world's clock: Sunday 22 November 2026, 10:00 in Jakarta. */
let w: World;
beforeEach(async () => {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
});
afterEach(async () => w.close());

const state = async () => (await w.store.getState('console:siti'))!;
const answered = async () => (await state()).data.answered as string[];

describe('the first sentence fills what it states (issue 13)', () => {
  it('"saya ikut webinar kemarin tentang SPBE dari Kominfo": only the scope, certificate JP, number and file are asked; the summary marks what was understood', async () => {
    const first = await w.chat.say('siti', 'saya ikut webinar kemarin tentang SPBE dari Kominfo');
    expect(texts(first)).toContain('Dari pesan Anda saya catat: nama kegiatan, penyelenggara, tanggal, durasi.');
    expect(stepIds(first)).toEqual(['r:scope:nasional', 'r:scope:internasional']);
    const data = (await state()).data;
    expect(data).toMatchObject({ type: 'seminar', title: 'SPBE', organizer: 'Kominfo', start: '2026-11-21', end: '2026-11-21', days: 1 });
    // Asked in the usual order: scope, then (dates and days known) the certificate's JP.
    expect(texts(await w.chat.press('siti', 'Nasional'))).toContain('Apakah sertifikat mencantumkan jumlah JP?');
    await w.chat.press('siti', 'Tidak ada');
    await w.chat.press('siti', 'Lewati');
    const summary = texts(await w.chat.press('siti', 'Lewati'));
    expect(summary).toContain('Bentuk: Seminar (dari pesan Anda)');
    expect(summary).toContain('Nama kegiatan: SPBE (dari pesan Anda)');
    expect(summary).toContain('Penyelenggara: Kominfo (dari pesan Anda)');
    expect(summary).toContain('Tanggal: 21 November 2026 (dari pesan Anda)');
    expect(summary).toContain('Lingkup: Nasional\n');
    // LAN B.1 no. 7: seminar nasional 4 JP per day, 1 day.
    expect(summary).toContain('*4 JP*');
    await w.chat.press('siti', 'Kirim ke atasan');
    const [stored] = await w.store.activitiesOf(NIP.siti, 2026);
    expect(stored).toMatchObject({ title: 'SPBE', organizer: 'Kominfo', jp: 4, input: { start: '2026-11-21', end: '2026-11-21', days: 1 } });
  });

  it('"lapor bimtek 3 hari di Jakarta 10-12 Maret": bimbingan teknis with its dates; the JP of the programme is still asked (LAN B.1 no. 11)', async () => {
    const first = await w.chat.say('siti', 'lapor bimtek 3 hari di Jakarta 10-12 Maret');
    expect(texts(first)).toContain('Bimbingan teknis. Apa nama/judul kegiatannya?');
    expect((await state()).data).toMatchObject({ type: 'bimbingan-teknis', start: '2026-03-10', end: '2026-03-12' });
    await w.chat.say('siti', 'Bimtek Pengelolaan Arsip');
    await w.chat.say('siti', 'ANRI');
    const next = await w.chat.press('siti', 'Nasional');
    expect(texts(next)).toMatch(/JP/);
    expect(await answered()).toContain('end');
    expect(await answered()).not.toContain('amount');
  });

  it('"coaching 2 sesi bulan ini": two sessions from the 1st of this month (LAN B.2 no. 5, 2 JP per session)', async () => {
    await w.chat.say('siti', 'coaching 2 sesi bulan ini');
    await w.chat.say('siti', 'Coaching kinerja');
    await w.chat.say('siti', 'Kepala Bidang');
    await w.chat.press('siti', 'Nasional');
    await w.chat.press('siti', 'Lewati');
    const summary = texts(await w.chat.press('siti', 'Lewati'));
    expect(summary).toContain('Tanggal: 1 November 2026 – 22 November 2026 (dari pesan Anda)');
    expect(summary).toContain('2 sesi (dari pesan Anda)');
    expect(summary).toContain('*4 JP*');
  });

  it('"e-learning ASN Unggul 6 JP": the JP is taken (LAN B.2 no. 8, measured in JP of online access)', async () => {
    await w.chat.say('siti', 'e-learning ASN Unggul 6 JP');
    expect((await state()).data).toMatchObject({ type: 'e-learning', jp: 6 });
    expect(await answered()).toContain('amount');
  });

  it('"workshop internasional 2 hari": the scope is not asked; the 2 days are taken once the dates cover them (LAN B.1 no. 8: 7 JP per day international)', async () => {
    await w.chat.say('siti', 'workshop internasional 2 hari');
    await w.chat.say('siti', 'Workshop Data');
    const afterOrganizer = await w.chat.say('siti', 'UNDP');
    expect(texts(afterOrganizer)).toMatch(/Tanggal mulai/);
    await w.chat.say('siti', '10 Maret 2026');
    const afterEnd = await w.chat.say('siti', '11 Maret 2026');
    expect(texts(afterEnd)).toContain('Apakah sertifikat mencantumkan jumlah JP?');
    await w.chat.press('siti', 'Tidak ada');
    await w.chat.press('siti', 'Lewati');
    const summary = texts(await w.chat.press('siti', 'Lewati'));
    expect(summary).toContain('Lingkup: Internasional (dari pesan Anda)');
    expect(summary).toContain('2 hari (dari pesan Anda)');
    expect(summary).toContain('*14 JP*');
  });

  it('stated days that the dates do not cover are asked, not taken', async () => {
    await w.chat.say('siti', 'workshop 3 hari');
    await w.chat.say('siti', 'Workshop Data');
    await w.chat.say('siti', 'UNDP');
    await w.chat.press('siti', 'Nasional');
    await w.chat.say('siti', '10 Maret 2026');
    const afterEnd = await w.chat.say('siti', '11 Maret 2026');
    expect(texts(afterEnd)).toMatch(/[Bb]erapa hari/);
  });

  it('a date still to come in the first sentence is refused with the reason and asked', async () => {
    const first = await w.chat.say('siti', 'lapor webinar 10 Desember 2026 tentang Smart ASN');
    expect(texts(first)).toContain('masih di masa depan');
    expect((await state()).data.start).toBeUndefined();
    expect((await state()).data.title).toBe('Smart ASN');
  });
});

describe('ambiguity is asked, never guessed (issue 13)', () => {
  it('"lapor pelatihan" asks which of the "Pelatihan …" forms, with another-form as a way out', async () => {
    const first = await w.chat.say('siti', 'lapor pelatihan');
    expect(texts(first)).toContain('Bentuk kegiatannya yang mana?');
    expect(stepIds(first)).toEqual([...TRAINING_FORMS.map((k) => `r:form:${k}`), 'r:form:other']);
    expect((await state()).data.type).toBeUndefined();
    const title = await w.chat.press('siti', 'Pelatihan teknis');
    expect(texts(title)).toContain('Pelatihan teknis. Apa nama/judul kegiatannya?');
  });

  it('"Bentuk lain" leaves the choice for the whole list of forms, paged', async () => {
    await w.chat.say('siti', 'lapor pelatihan');
    const list = await w.chat.press('siti', 'Bentuk lain');
    expect(stepIds(list)).toContain('r:form:tugas-belajar');
    expect(stepIds(list)).not.toContain('r:form:other');
    expect(stepIds(list)).toContain('r:form:page:1');
    // Kept for the next message: a word that names no form asks the whole list again, not the choice.
    const again = await w.chat.say('siti', 'entahlah');
    expect(stepIds(again)).not.toContain('r:form:other');
    expect(stepIds(again)).toContain('r:form:tugas-belajar');
  });

  it('"seminar dan workshop" names two forms: both are offered', async () => {
    const first = await w.chat.say('siti', 'lapor seminar dan workshop');
    expect(stepIds(first)).toEqual(['r:form:seminar', 'r:form:workshop', 'r:form:other']);
  });

  it('"pelatihan" typed at the form question asks the choice too', async () => {
    await w.chat.say('siti', 'lapor');
    await w.chat.press('siti', 'Pelatihan klasikal');
    const choice = await w.chat.say('siti', 'pelatihan');
    expect(stepIds(choice)).toContain('r:form:pelatihan-teknis');
    expect(stepIds(choice)).toContain('r:form:other');
  });
});

describe('any question takes an answer that says more (issue 13)', () => {
  it('"10-11 Maret, 2 hari" at the start date fills the end and the days', async () => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Webinar Literasi Digital');
    await w.chat.say('siti', 'BPSDM Provinsi');
    await w.chat.press('siti', 'Nasional');
    const next = await w.chat.say('siti', '10-11 Maret, 2 hari');
    expect(texts(next)).toContain('Apakah sertifikat mencantumkan jumlah JP?');
    expect((await state()).data).toMatchObject({ start: '2026-03-10', end: '2026-03-11', days: 2 });
  });

  it('a typed end date with the days fills the days ("11 Maret 2026, 2 hari")', async () => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Webinar Literasi Digital');
    await w.chat.say('siti', 'BPSDM Provinsi');
    await w.chat.press('siti', 'Nasional');
    await w.chat.say('siti', '10 Maret 2026');
    await w.chat.say('siti', '11 Maret 2026, 2 hari');
    expect((await state()).data).toMatchObject({ end: '2026-03-11', days: 2 });
    expect(await answered()).toContain('amount');
  });

  it('an answer of the date alone is still refused as before (too old)', async () => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Judul');
    await w.chat.say('siti', 'Penyelenggara');
    await w.chat.press('siti', 'Nasional');
    expect(texts(await w.chat.say('siti', '10/03/80'))).toContain('Tanggal itu terlalu lama');
  });

  it('a whole sentence at the first question fills the report like a first sentence', async () => {
    await w.chat.say('siti', 'lapor');
    const next = await w.chat.say('siti', 'webinar kemarin tentang SPBE dari Kominfo');
    expect(stepIds(next)).toEqual(['r:scope:nasional', 'r:scope:internasional']);
    expect((await state()).data).toMatchObject({ type: 'seminar', title: 'SPBE', organizer: 'Kominfo' });
  });
});

describe('Ubah fixes an understood value', () => {
  it('a changed title loses its mark', async () => {
    await w.chat.say('siti', 'saya ikut webinar kemarin tentang SPBE dari Kominfo');
    await w.chat.press('siti', 'Nasional');
    await w.chat.press('siti', 'Tidak ada');
    await w.chat.press('siti', 'Lewati');
    await w.chat.press('siti', 'Lewati');
    await w.chat.press('siti', 'Ubah');
    await w.chat.press('siti', 'Nama kegiatan');
    const summary = texts(await w.chat.say('siti', 'Sistem Pemerintahan Berbasis Elektronik'));
    expect(summary).toContain('Nama kegiatan: Sistem Pemerintahan Berbasis Elektronik\n');
    expect(summary).toContain('Penyelenggara: Kominfo (dari pesan Anda)');
  });

  it('changed dates ask the days again instead of taking the understood ones', async () => {
    await w.chat.say('siti', 'saya ikut webinar kemarin tentang SPBE dari Kominfo');
    await w.chat.press('siti', 'Nasional');
    await w.chat.press('siti', 'Tidak ada');
    await w.chat.press('siti', 'Lewati');
    await w.chat.press('siti', 'Lewati');
    await w.chat.press('siti', 'Ubah');
    await w.chat.press('siti', 'Tanggal');
    await w.chat.say('siti', '10 Maret 2026');
    const days = await w.chat.say('siti', '11 Maret 2026');
    expect(texts(days)).toMatch(/[Bb]erapa hari/);
  });
});

describe('English second', () => {
  it('marks understood values in English', async () => {
    await w.chat.say('siti', '/bahasa en');
    const first = await w.chat.say('siti', 'I attended a webinar about SPBE by Kominfo yesterday');
    expect(texts(first)).toContain('From your message I noted:');
    await w.chat.press('siti', 'National');
    await w.chat.press('siti', 'None');
    await w.chat.press('siti', 'Skip');
    const summary = texts(await w.chat.press('siti', 'Skip'));
    expect(summary).toContain('SPBE (from your message)');
  });
});
