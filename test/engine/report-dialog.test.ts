import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webinarToSummary as toSummary } from '../helpers/report-flow.js';
import { makeWorld, NIP, stepIds, texts, type World } from '../helpers/script-driver.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
});
afterEach(async () => w.close());

const webinarToSummary = (scope: 'Nasional' | 'Internasional' = 'Nasional') =>
  toSummary(w.chat, 'siti', { title: 'Webinar Transformasi Digital', scope, start: '10/03/2026', end: '11 Maret 2026', days: '2 hari' });

describe('report dialogue (lapor)', () => {
  it('asks jalur first with buttons, then pages the forms of that jalur', async () => {
    const start = await w.chat.say('siti', 'lapor');
    expect(stepIds(start)).toEqual(['r:jalur:pendidikan', 'r:jalur:klasikal', 'r:jalur:nonklasikal']);
    const forms = await w.chat.press('siti', 'Pelatihan nonklasikal');
    const ids = stepIds(forms);
    expect(ids).toContain('r:form:magang');
    expect(ids).not.toContain('r:form:seminar');
    expect(ids.at(-1)).toBe('r:form:page:1');
    const page2 = await w.chat.press('siti', 'Lainnya ›');
    expect(stepIds(page2)).toContain('r:form:e-learning');
    const title = await w.chat.press('siti', 'E-learning');
    expect(texts(title)).toMatch(/judul/i);
  });

  it('"lapor webinar" jumps to the seminar form and a whole report computes 8 JP for 2 days (LAN B.1 no. 7)', async () => {
    const summary = await webinarToSummary();
    const text = texts(summary);
    expect(text).toContain('Bentuk: Seminar');
    expect(text).toContain('10 Maret 2026 – 11 Maret 2026');
    expect(text).toContain('*8 JP*');
    expect(text).toContain('Lampiran B.1 no. 7');
    expect(stepIds(summary)).toEqual(['r:summary:send', 'r:summary:edit', 'r:summary:cancel']);
    const sent = await w.chat.press('siti', 'Kirim ke atasan');
    expect(texts(sent)).toContain('menunggu persetujuan');
    const stored = await w.store.activitiesOf(NIP.siti, 2026);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'pending', jp: 8, title: 'Webinar Transformasi Digital', year: 2026 });
    expect(await w.store.getState('console:siti')).toBeUndefined();
  });

  it('free text "saya ikut webinar kemarin" starts a report on the seminar form', async () => {
    const out = await w.chat.say('siti', 'saya ikut webinar kemarin');
    expect(texts(out)).toContain('Seminar. Apa nama/judul kegiatannya?');
  });

  it('skips the scope question for a form without an international column (LAN B.1 no. 1)', async () => {
    await w.chat.say('siti', 'lapor diklat PIM');
    await w.chat.say('siti', 'PKA Angkatan II');
    const next = await w.chat.say('siti', 'LAN RI');
    expect(texts(next)).toMatch(/Tanggal mulai/);
  });

  it('refuses impossible, future and reversed dates with the reason and keeps the step', async () => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Judul');
    await w.chat.say('siti', 'Penyelenggara');
    await w.chat.press('siti', 'Nasional');
    expect(texts(await w.chat.say('siti', '32 Februari 2026'))).toContain('tidak ada di kalender');
    expect(texts(await w.chat.say('siti', '30/02/2026'))).toContain('tidak ada di kalender');
    expect(texts(await w.chat.say('siti', 'besok lusa'))).toContain('Format tanggal tidak dikenali');
    expect(texts(await w.chat.say('siti', '1 Desember 2026'))).toContain('masa depan');
    expect(texts(await w.chat.say('siti', '10-3-2026'))).toContain('Tanggal selesai');
    const reversed = await w.chat.say('siti', '2026-03-09');
    expect(texts(reversed)).toContain('tidak boleh sebelum tanggal mulai (10 Maret 2026)');
    const state = await w.store.getState('console:siti');
    expect(state?.step).toBe('end');
    expect(state?.data.start).toBe('2026-03-10');
  });

  it('"kembali" goes one step back and "batal" cancels without storing anything', async () => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Judul pertama');
    const back = await w.chat.say('siti', 'kembali');
    expect(texts(back)).toContain('judul');
    const organizer = await w.chat.say('siti', 'Judul kedua');
    expect(texts(organizer)).toContain('penyelenggara');
    expect((await w.store.getState('console:siti'))?.data.title).toBe('Judul kedua');
    const cancelled = await w.chat.say('siti', 'batal');
    expect(texts(cancelled)).toContain('dibatalkan');
    expect(await w.store.getState('console:siti')).toBeUndefined();
    expect(await w.store.activitiesOf(NIP.siti)).toHaveLength(0);
  });

  it('"Ubah" changes one field and returns to the summary with the JP recomputed', async () => {
    await webinarToSummary();
    const pick = await w.chat.press('siti', 'Ubah');
    expect(stepIds(pick)).toContain('r:editpick:scope');
    await w.chat.press('siti', 'Lingkup');
    const summary = await w.chat.press('siti', 'Internasional');
    expect(texts(summary)).toContain('*12 JP*');
    expect(texts(summary)).toContain('2 hari × 6 JP = 12 JP');
  });

  it('a certificate JP figure replaces the day conversion (domain.md "Certificate JP")', async () => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Webinar');
    await w.chat.say('siti', 'Kemenpan');
    await w.chat.press('siti', 'Nasional');
    await w.chat.say('siti', '2026-05-04');
    await w.chat.press('siti', 'Sama dengan tanggal mulai');
    await w.chat.press('siti', '1 hari');
    await w.chat.say('siti', '3');
    await w.chat.press('siti', 'Lewati');
    const summary = await w.chat.press('siti', 'Lewati');
    expect(texts(summary)).toContain('*3 JP*');
  });

  it('accepts a duration in hours for a form measured in JP (1 JP = 45 menit)', async () => {
    await w.chat.say('siti', 'lapor kursus');
    await w.chat.say('siti', 'Kursus Bahasa Inggris');
    await w.chat.say('siti', 'LIA');
    await w.chat.press('siti', 'Nasional');
    await w.chat.say('siti', '2 Juni 2026');
    await w.chat.press('siti', 'Sama dengan tanggal mulai');
    expect(texts(await w.chat.say('siti', 'sebentar saja'))).toContain('3 jam');
    await w.chat.say('siti', '3 jam');
    await w.chat.press('siti', 'Lewati');
    const summary = await w.chat.press('siti', 'Lewati');
    expect(texts(summary)).toContain('180 menit');
    expect(texts(summary)).toContain('*4 JP*');
  });

  it('flags a certificate number already used in another report before submission', async () => {
    await webinarToSummary();
    await w.chat.press('siti', 'Kirim ke atasan');
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Webinar lain');
    await w.chat.say('siti', 'BPSDM');
    await w.chat.press('siti', 'Nasional');
    await w.chat.say('siti', '2026-04-01');
    await w.chat.press('siti', 'Sama dengan tanggal mulai');
    await w.chat.press('siti', '1 hari');
    await w.chat.press('siti', 'Tidak ada');
    await w.store.updateActivity((await w.store.activitiesOf(NIP.siti))[0]!.id, ['pending'], (a) => ({
      ...a,
      certificateNumber: 'SERT-001/2026',
    }));
    const flagged = await w.chat.say('siti', 'sert-001/2026');
    expect(texts(flagged)).toContain('sudah dipakai di laporan Anda yang lain: "Webinar Transformasi Digital"');
  });

  it('stores a PDF certificate by content hash and refuses wrong types and files over 10 MB', async () => {
    await w.chat.say('siti', 'lapor webinar');
    for (const answer of ['Webinar', 'BPSDM']) await w.chat.say('siti', answer);
    await w.chat.press('siti', 'Nasional');
    await w.chat.say('siti', 'kemarin');
    await w.chat.press('siti', 'Sama dengan tanggal mulai');
    await w.chat.press('siti', '1 hari');
    await w.chat.press('siti', 'Tidak ada');
    await w.chat.press('siti', 'Lewati');
    const exe = join(w.dir, 'virus.exe');
    await writeFile(exe, 'MZ');
    expect(texts(await w.chat.file('siti', 'virus.exe', exe))).toContain('Jenis file tidak didukung');
    const big = join(w.dir, 'big.pdf');
    await writeFile(big, Buffer.alloc(10 * 1024 * 1024 + 1));
    expect(texts(await w.chat.file('siti', 'big.pdf', big))).toContain('terlalu besar');
    const pdf = join(w.dir, 'sertifikat.pdf');
    await writeFile(pdf, '%PDF-1.4 sertifikat');
    const saved = await w.chat.file('siti', 'sertifikat.pdf', pdf);
    expect(texts(saved)).toContain('Bukti dukung: ada (sertifikat.pdf)');
    const state = await w.store.getState('console:siti');
    expect((state?.data.evidence as { hash: string }).hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('resumes mid-report after a restart, and drops a report idle for 24 hours with a note', async () => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Judul sebelum restart');
    await w.restart();
    const resumed = await w.chat.say('siti', 'BPSDM');
    expect(texts(resumed)).toContain('nasional (dalam negeri) atau internasional');
    w.clock.advanceHours(25);
    const dropped = await w.chat.press('siti', 'Nasional');
    expect(texts(dropped)).toContain('dibatalkan karena tidak ada aktivitas selama 24 jam');
    expect(await w.store.getState('console:siti')).toBeUndefined();
  });

  it('answers a stale button with a clear note and keeps the current question', async () => {
    await w.chat.say('siti', 'lapor webinar');
    const out = await w.chat.press('siti', 'r:scope:nasional');
    expect(texts(out)).toContain('Tombol itu sudah tidak berlaku');
    expect((await w.store.getState('console:siti'))?.step).toBe('title');
  });
});

describe('evidence download failure', () => {
  it('a file the platform cannot deliver gets a clear answer and the evidence step stays', async () => {
    await w.chat.say('siti', 'lapor webinar');
    for (const answer of ['Webinar', 'BPSDM']) await w.chat.say('siti', answer);
    await w.chat.press('siti', 'Nasional');
    await w.chat.say('siti', '2026-03-10');
    for (const label of ['Sama dengan tanggal mulai', '1 hari', 'Tidak ada', 'Lewati']) await w.chat.press('siti', label);
    const { Engine } = await import('../../src/engine/engine.js');
    const out = await new Engine(w.deps).handle({
      kind: 'file',
      from: { platform: 'console', id: 'siti' },
      file: { name: 'sertifikat.pdf', mime: 'application/pdf', size: 1000, fetch: () => Promise.reject(new Error('HTTP 403')) },
    });
    expect(out.map((m) => (m.kind === 'retire' ? '' : m.text)).join('\n')).toContain('File gagal diambil');
    expect((await w.store.getState('console:siti'))?.step).toBe('evidence');
  });
});
