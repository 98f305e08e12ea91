import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramWorld } from '../../adapters/telegram/testing/harness.js';
import { openApp, type App } from '../../src/app/open.js';
import { createCertificateReader, type CertificateReader } from '../../src/certificate/index.js';
import { issueInvite } from '../../src/domain/invites.js';
import { importRoster } from '../../src/domain/roster.js';
import { hugePngHeader, pdfBomb } from '../certificate/fixtures/bad-files.js';
import { textPdf } from '../certificate/fixtures/render-pdf.js';
import { LANDSCAPE_A4 } from '../certificate/fixtures/model.js';
import { SlackWorld, textOf, U } from '../slack/harness.js';
import { forUser, NIP, ROSTER_CSV, ScriptDriver, stepIds, texts } from '../helpers/script-driver.js';
import { webinarCertificatePdf } from './certificate-pdf.js';

/**
 * Issue 13's goal, end to end with the real certificate reader (src/certificate, PDF text in its worker):
 * "lapor" → the PDF → the summary → Kirim ke atasan, with nothing typed but "lapor"; on the console
 * (the app as `bangkom chat --script` opens it), over the Telegram fake and over the Slack fake.
 */
let pdf: Uint8Array;
beforeAll(async () => {
  pdf = await webinarCertificatePdf();
});

/** What every transport's summary must show, each value read from the certificate. */
const SUMMARY_LINES = [
  'Bentuk: Seminar (dari sertifikat)',
  'Nama kegiatan: Webinar Literasi Digital Aparatur (dari sertifikat)',
  'Penyelenggara: BPSDM Provinsi Kalimantan Timur (dari sertifikat)',
  'Tanggal: 10 November 2026 – 11 November 2026 (dari sertifikat)',
  'Durasi: 2 hari (dari sertifikat)',
  'JP di sertifikat: 8 JP (dari sertifikat)',
  'No. sertifikat: 800/123/BPSDM/XI/2026 (dari sertifikat)',
];
/** Seed 004 / LAN B.1 no. 7: the JP stated on the certificate replaces the 2 days × 4 JP conversion. */
const JP_LINE = /JP dihitung: \*?8 JP\*?\n.*menggantikan konversi 2 hari × 4 JP/;

const STORED = {
  status: 'pending',
  title: 'Webinar Literasi Digital Aparatur',
  organizer: 'BPSDM Provinsi Kalimantan Timur',
  certificateNumber: '800/123/BPSDM/XI/2026',
  jp: 8,
  input: { type: 'seminar', scope: 'nasional', start: '2026-11-10', end: '2026-11-11', days: 2 },
  certificate: { fields: expect.arrayContaining(['form', 'title', 'organizer', 'dates', 'amount', 'certjp', 'certno']) },
};

describe('console: the app as `bangkom chat --script` opens it reads the certificate (openApp wires the reader)', () => {
  let dir: string;
  let app: App;
  let chat: ScriptDriver;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bangkom-goal-'));
    app = await openApp({ db: join(dir, 'db.json'), profile: 'lan-2018', tz: 'Asia/Jakarta', fixedNow: new Date('2026-11-22T03:00:00Z') });
    await importRoster(app.store, ROSTER_CSV, app.deps.clock.now());
    chat = new ScriptDriver(app.engine);
    for (const [user, nip] of [['siti', NIP.siti], ['budi', NIP.atasan]] as const) {
      const invite = await issueInvite(app.store, nip, app.deps.clock.now());
      await chat.say(user, `daftar ${invite.code}`);
    }
  });
  afterAll(async () => {
    await chat.end();
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('"lapor" → the PDF → the summary → Kirim ke atasan: three messages, only "lapor" typed; the atasan sees what came from the certificate', async () => {
    const path = join(dir, 'sertifikat-webinar.pdf');
    await writeFile(path, pdf);
    const events = [];
    events.push(await chat.say('siti', 'lapor'));
    const started = Date.now();
    const summary = await chat.file('siti', 'sertifikat-webinar.pdf', path);
    expect(Date.now() - started).toBeLessThan(5000);
    events.push(summary);
    for (const line of SUMMARY_LINES) expect(texts(summary)).toContain(line);
    expect(texts(summary)).toMatch(JP_LINE);
    expect(stepIds(summary)).toEqual(['r:summary:send', 'r:summary:edit', 'r:summary:cancel']);
    const sent = await chat.press('siti', 'Kirim ke atasan');
    events.push(sent);
    expect(events).toHaveLength(3);
    const [stored] = await app.store.activitiesOf(NIP.siti, 2026);
    expect(stored).toMatchObject(STORED);
    const request = texts(forUser(sent, 'budi'));
    expect(request).toContain('Nama kegiatan: Webinar Literasi Digital Aparatur (dari sertifikat)');
    expect(request).not.toContain('⚠️');
  });

  it('the 11-message path still works beside it (lapor, title, organiser, scope, start, end, days, certificate JP, number, file, send)', async () => {
    await chat.say('siti', 'lapor webinar');
    await chat.say('siti', 'Webinar Etika ASN');
    await chat.say('siti', 'BKN');
    await chat.press('siti', 'Nasional');
    await chat.say('siti', '2026-03-10');
    await chat.press('siti', 'Sama dengan tanggal mulai');
    await chat.press('siti', '1 hari');
    await chat.say('siti', '2');
    await chat.say('siti', 'B-17/BKN/2026');
    await chat.press('siti', 'Lewati');
    const sent = await chat.press('siti', 'Kirim ke atasan');
    expect(texts(sent)).toContain('menunggu persetujuan');
    const etika = (await app.store.activitiesOf(NIP.siti, 2026)).find((a) => a.title === 'Webinar Etika ASN');
    expect(etika).toMatchObject({ jp: 2, certificateNumber: 'B-17/BKN/2026' });
    expect(etika?.certificate).toBeUndefined();
  });

  it('an encrypted PDF gets a clear answer within seconds and the report goes on', async () => {
    const path = join(dir, 'terkunci.pdf');
    const locked = await textPdf([{ ...LANDSCAPE_A4, lines: [{ text: 'SERTIFIKAT', x: 0, y: 60, size: 40, align: 'center' }] }], { userPassword: 'rahasia' });
    await writeFile(path, locked);
    const started = Date.now();
    const out = await chat.file('siti', 'terkunci.pdf', path);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(texts(out)).toContain('File "terkunci.pdf" terkunci kata sandi');
    expect(stepIds(out)).toEqual(['r:jalur:pendidikan', 'r:jalur:klasikal', 'r:jalur:nonklasikal']);
    await chat.say('siti', 'batal');
  });

  it('a 900-megapixel image gets a clear answer at once, from its header', async () => {
    const path = join(dir, 'foto-besar.png');
    await writeFile(path, hugePngHeader(30_000, 30_000));
    const started = Date.now();
    const out = await chat.file('siti', 'foto-besar.png', path);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(texts(out)).toContain('File "foto-besar.png" terlalu besar untuk dibaca.');
    await chat.say('siti', 'batal');
  });
});

describe('Telegram and Slack fakes: the same four actions with the real reader', () => {
  let reader: CertificateReader;
  beforeAll(() => {
    reader = createCertificateReader();
  });
  afterAll(async () => reader.close());

  it('Telegram: "lapor", the PDF as a document, Kirim ke atasan', async () => {
    const t = await startTelegramWorld();
    try {
      // The harness's engine holds the world's deps: the reader is injected there, as openApp does.
      t.w.deps.readCertificate = (bytes, hint) => reader.read(bytes, hint);
      const SITI = 42;
      const invite = await issueInvite(t.w.store, NIP.siti, t.w.clock.now());
      await t.step(t.tg.text(SITI, `daftar ${invite.code}`));
      await t.step(t.tg.text(SITI, 'lapor'));
      await t.step(t.tg.document(SITI, { name: 'sertifikat.pdf', mime: 'application/pdf', bytes: pdf }));
      const summary = t.tg.lastText(SITI) ?? '';
      for (const line of SUMMARY_LINES) expect(summary).toContain(line);
      expect(summary).toMatch(JP_LINE);
      await t.step(t.tg.press(SITI, 'Kirim ke atasan'));
      expect(t.tg.messages(SITI).map((m) => m.text).join('\n')).toContain('menunggu persetujuan');
      const [stored] = await t.w.store.activitiesOf(NIP.siti, 2026);
      expect(stored).toMatchObject(STORED);
      expect(stored!.evidence).toMatchObject({ name: 'sertifikat.pdf', mime: 'application/pdf' });
    } finally {
      await t.close();
    }
  });

  it('Telegram: a PDF bomb gets its answer within the reader\'s time limit, and another user is answered meanwhile', async () => {
    const t = await startTelegramWorld();
    try {
      t.w.deps.readCertificate = (bytes, hint) => reader.read(bytes, hint);
      const [SITI, ANDI] = [42, 43];
      for (const [chatId, nip] of [[SITI, NIP.siti], [ANDI, NIP.andi]] as const) {
        const invite = await issueInvite(t.w.store, nip, t.w.clock.now());
        await t.step(t.tg.text(chatId, `daftar ${invite.code}`));
      }
      await t.step(t.tg.text(SITI, 'lapor'));
      const before = { siti: t.tg.messages(SITI).length, andi: t.tg.messages(ANDI).length };
      const bomb = pdfBomb(120);
      const started = Date.now();
      // The fake resolves a push once the bot confirms the update, i.e. once its turn is done: not awaited here.
      const bombDone = t.tg.document(SITI, { name: 'bom.pdf', mime: 'application/pdf', bytes: bomb });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const andiDone = t.tg.text(ANDI, 'berapa JP saya tahun ini?');
      while (t.tg.messages(ANDI).length === before.andi) await new Promise((resolve) => setTimeout(resolve, 20));
      const andiAnswered = Date.now() - started;
      await Promise.all([bombDone, andiDone]);
      await t.adapter.idle();
      const bombAnswered = Date.now() - started;
      expect(andiAnswered).toBeLessThan(3000);
      expect(bombAnswered).toBeGreaterThan(andiAnswered);
      expect(bombAnswered).toBeLessThan(15_000);
      const said = t.tg.messages(SITI).slice(before.siti).map((m) => m.text).join('\n');
      // Stopped at the reader's limit, or (on a fast machine) read to the end and found to say nothing of a report.
      expect(said).toMatch(/File "bom\.pdf" (terlalu lama dibaca|terlalu besar untuk dibaca)|Sertifikat "bom\.pdf" tersimpan sebagai bukti dukung, tapi tidak ada isian/);
      expect(t.tg.messages(SITI).at(-1)?.text).toContain("Jalur pengembangan kompetensinya apa?");
    } finally {
      await t.close();
    }
  }, 30_000);

  it('Slack: "lapor", the PDF shared in the DM, Kirim ke atasan', async () => {
    const s = await SlackWorld.start();
    try {
      s.w.deps.readCertificate = (bytes, hint) => reader.read(bytes, hint);
      const invite = await issueInvite(s.w.store, NIP.siti, s.w.clock.now());
      await s.say(U.siti, `daftar ${invite.code}`);
      await s.say(U.siti, 'lapor');
      const url = s.slack.addFile('sertifikat.pdf', pdf, 'application/pdf');
      const shown = await s.shareFile(U.siti, {
        id: 'F0GOAL',
        name: 'sertifikat.pdf',
        title: 'sertifikat.pdf',
        mimetype: 'application/pdf',
        filetype: 'pdf',
        size: pdf.byteLength,
        url_private: url,
        url_private_download: url,
      });
      for (const line of SUMMARY_LINES) expect(textOf(shown)).toContain(line);
      expect(textOf(shown)).toMatch(JP_LINE);
      const sent = await s.press(U.siti, 'Kirim ke atasan');
      expect(textOf(sent)).toContain('menunggu persetujuan');
      const [stored] = await s.w.store.activitiesOf(NIP.siti, 2026);
      expect(stored).toMatchObject(STORED);
    } finally {
      await s.close();
    }
  });
});
