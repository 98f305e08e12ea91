import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueInvite } from '../../src/domain/invites.js';
import { NIP } from '../../test/helpers/script-driver.js';
import { startTelegramWorld, type TelegramWorld } from './testing/harness.js';

const SITI = 42;
let t: TelegramWorld;
beforeEach(async () => {
  t = await startTelegramWorld();
  const invite = await issueInvite(t.w.store, NIP.siti, t.w.clock.now());
  await t.step(t.tg.text(SITI, `daftar ${invite.code}`));
});
afterEach(async () => t.close());

/** Walks a webinar report up to the question for the supporting document. */
async function toEvidenceStep(): Promise<void> {
  for (const text of ['lapor webinar', 'Webinar Etika ASN', 'BKN']) await t.step(t.tg.text(SITI, text));
  await t.step(t.tg.press(SITI, 'Nasional'));
  await t.step(t.tg.text(SITI, '2026-03-10'));
  for (const label of ['Sama dengan tanggal mulai', '1 hari', 'Tidak ada', 'Lewati']) await t.step(t.tg.press(SITI, label));
  expect(t.tg.lastText(SITI)).toMatch(/bukti dukung/i);
}

const repliesAfter = (n: number) => t.tg.messages(SITI).slice(n).map((m) => m.text).join('\n');

describe('Telegram certificates (getFile, size and type checks, storage by content hash)', () => {
  it('refuses an oversized document and a document of the wrong type without downloading them', async () => {
    await toEvidenceStep();
    let before = t.tg.messages(SITI).length;
    await t.step(t.tg.document(SITI, { name: 'scan.pdf', mime: 'application/pdf', bytes: new Uint8Array(10), size: 30 * 1024 * 1024 }));
    expect(repliesAfter(before)).toContain('File terlalu besar');
    before = t.tg.messages(SITI).length;
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    await t.step(t.tg.document(SITI, { name: 'sertifikat.docx', mime: docx, bytes: new Uint8Array(10) }));
    expect(repliesAfter(before)).toContain('Jenis file tidak didukung');
    expect(t.tg.callsOf('getFile')).toHaveLength(0);
  });

  it('refuses a file that turns out bigger than Telegram said, reading at most 10 MB + 1 byte of it', async () => {
    await toEvidenceStep();
    const before = t.tg.messages(SITI).length;
    const bytes = new Uint8Array(10 * 1024 * 1024 + 4096);
    await t.step(t.tg.document(SITI, { name: 'scan.pdf', mime: 'application/pdf', bytes, size: 1000 }));
    expect(t.tg.callsOf('getFile')).toHaveLength(1);
    expect(repliesAfter(before)).toContain('File terlalu besar');
  });

  it('fetches the largest size of a photo and stores it under evidence/ by its SHA-256', async () => {
    await toEvidenceStep();
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
    await t.step(t.tg.photo(SITI, jpeg));
    expect(t.tg.callsOf('getFile').map((c) => c.payload.file_id)).toEqual(['photo1']);
    expect(t.tg.messages(SITI).map((m) => m.text).join('\n')).toContain('Bukti dukung "foto.jpg" tersimpan');
    await t.step(t.tg.press(SITI, 'Kirim ke atasan'));
    const [activity] = await t.w.store.activitiesOf(NIP.siti);
    const hash = createHash('sha256').update(jpeg).digest('hex');
    expect(activity?.evidence).toMatchObject({ name: 'foto.jpg', mime: 'image/jpeg', hash, path: join(t.w.dir, 'evidence', `${hash}.jpg`) });
    expect(await readFile(activity!.evidence!.path)).toEqual(Buffer.from(jpeg));
  });

  it('trusts the content over the claimed type: IMG_0847.PNG sent as image/jpeg holding a PNG is kept as a PNG (issue 10 item 5)', async () => {
    await toEvidenceStep();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
    await t.step(t.tg.document(SITI, { name: 'IMG_0847.PNG', mime: 'image/jpeg', bytes: png, thumbnail: true }));
    expect(t.tg.messages(SITI).map((m) => m.text).join('\n')).toContain('Bukti dukung "IMG_0847.PNG" tersimpan');
    await t.step(t.tg.press(SITI, 'Kirim ke atasan'));
    const [activity] = await t.w.store.activitiesOf(NIP.siti);
    const hash = createHash('sha256').update(png).digest('hex');
    expect(activity?.evidence).toMatchObject({ name: 'IMG_0847.PNG', mime: 'image/png', path: join(t.w.dir, 'evidence', `${hash}.png`) });
  });

  it('refuses a .pdf holding an executable, storing nothing', async () => {
    await toEvidenceStep();
    const before = t.tg.messages(SITI).length;
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]);
    await t.step(t.tg.document(SITI, { name: 'sertifikat.pdf', mime: 'application/pdf', bytes: exe }));
    expect(t.tg.callsOf('getFile')).toHaveLength(1);
    expect(repliesAfter(before)).toContain('Jenis file tidak didukung');
    expect(await readdir(join(t.w.dir, 'evidence')).catch(() => [])).toEqual([]);
  });

  it('a file sent when no report is open would start one (issue 13); one that is no certificate by its content is refused and opens nothing', async () => {
    await t.step(t.tg.document(SITI, { name: 'sertifikat.pdf', mime: 'application/pdf', bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46]) }));
    expect(t.tg.lastText(SITI)).toContain('File ini tidak bisa saya pakai sebagai sertifikat');
    expect(await t.w.store.getState(`telegram:${SITI}`)).toBeUndefined();
  });
});
