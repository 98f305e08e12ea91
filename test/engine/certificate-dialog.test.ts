import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { CertificateReader, CertificateReadResult } from '../../src/engine/report/certificate.js';
import { otherName } from '../../src/engine/report/certificate.js';
import { pdfFile as pdfFileIn, WEBINAR } from './certificate-stand-in.js';
import { forUser, makeWorld, NIP, ScriptDriver, stepIds, texts, type World } from '../helpers/script-driver.js';

/**
 * The report dialogue with a certificate reader injected through EngineDeps (no OCR here: the reader is a
 * stand-in returning what src/certificate returns for a webinar e-certificate; the real reader is tested
 * end to end in certificate-goal.test.ts).
 */

let w: World;
let chat: ScriptDriver;
let reads: number;

async function setUp(reader: CertificateReader | undefined): Promise<void> {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
  await w.link('andi', NIP.andi);
  await w.link('budi', NIP.atasan);
  reads = 0;
  const counted: CertificateReader | undefined = reader && ((bytes, hint) => (reads++, reader(bytes, hint)));
  chat = new ScriptDriver(new Engine({ ...w.deps, ...(counted ? { readCertificate: counted } : {}) }));
}
afterEach(async () => {
  await chat.end();
  await w.close();
});

const fixed = (result: CertificateReadResult): CertificateReader => async () => result;

const pdfFile = (label: string) => pdfFileIn(w.dir, label);

const state = async (user = 'siti') => (await w.store.getState(`console:${user}`))?.data as Record<string, unknown> | undefined;

describe('a certificate fills the report (issue 13)', () => {
  it('"lapor" then the PDF goes straight to the summary, every read value marked "(dari sertifikat)"; Kirim sends it', async () => {
    await setUp(fixed(WEBINAR));
    await chat.say('siti', 'lapor');
    const out = await chat.file('siti', 'sertifikat.pdf', await pdfFile('a'));
    const text = texts(out);
    expect(text).toContain('Dari sertifikat saya isi:');
    expect(text).toContain('Bentuk: Seminar (dari sertifikat)');
    expect(text).toContain('Nama kegiatan: Webinar Transformasi Digital (dari sertifikat)');
    expect(text).toContain('Penyelenggara: BPSDM Provinsi Kalimantan Timur (dari sertifikat)');
    expect(text).toContain('Tanggal: 10 Maret 2026 – 11 Maret 2026 (dari sertifikat)');
    expect(text).toContain('Durasi: 2 hari (dari sertifikat)');
    expect(text).toContain('JP di sertifikat: 8 JP (dari sertifikat)');
    expect(text).toContain('No. sertifikat: 800/123/BPSDM/2026 (dari sertifikat)');
    expect(text).toContain('Bukti dukung: ');
    // No international hint: national, but not claimed as read from the certificate.
    expect(text).toContain('Lingkup: Nasional\n');
    expect(stepIds(out)).toEqual(['r:summary:send', 'r:summary:edit', 'r:summary:cancel']);
    const sent = await chat.press('siti', 'Kirim ke atasan');
    const [stored] = await w.store.activitiesOf(NIP.siti, 2026);
    expect(stored).toMatchObject({ title: 'Webinar Transformasi Digital', certificateNumber: '800/123/BPSDM/2026', jp: 8, status: 'pending' });
    expect(stored!.evidence?.mime).toBe('application/pdf');
    const request = texts(forUser(sent, 'budi'));
    expect(request).toContain('Nama kegiatan: Webinar Transformasi Digital (dari sertifikat)');
    expect(request).toContain('No. sertifikat: 800/123/BPSDM/2026 (dari sertifikat)');
    expect(request).not.toContain('⚠️');
  });

  it('a PDF with no dialogue open starts a report from it', async () => {
    await setUp(fixed(WEBINAR));
    const out = await chat.file('siti', 'sertifikat.pdf', await pdfFile('b'));
    expect(stepIds(out)).toEqual(['r:summary:send', 'r:summary:edit', 'r:summary:cancel']);
    expect(reads).toBe(1);
  });

  it('the first sentence wins over the certificate: what the user said is kept, the rest is filled', async () => {
    await setUp(fixed(WEBINAR));
    await chat.say('siti', 'lapor webinar tentang Literasi Digital');
    const out = await chat.file('siti', 'sertifikat.pdf', await pdfFile('c'));
    expect(texts(out)).toContain('Nama kegiatan: Literasi Digital (dari pesan Anda)');
    expect(texts(out)).toContain('Penyelenggara: BPSDM Provinsi Kalimantan Timur (dari sertifikat)');
  });

  it('Ubah fixes a value read from the certificate, and the mark goes', async () => {
    await setUp(fixed(WEBINAR));
    await chat.file('siti', 'sertifikat.pdf', await pdfFile('d'));
    await chat.press('siti', 'Ubah');
    await chat.press('siti', 'Penyelenggara');
    const summary = texts(await chat.say('siti', 'BPSDM Kaltim'));
    expect(summary).toContain('Penyelenggara: BPSDM Kaltim\n');
    const sent = await chat.press('siti', 'Kirim ke atasan');
    expect(texts(forUser(sent, 'budi'))).toContain('Penyelenggara: BPSDM Kaltim\n');
  });

  it('the certificate at the evidence step fills the number and JP left empty', async () => {
    await setUp(fixed(WEBINAR));
    await chat.say('siti', 'lapor webinar');
    await chat.say('siti', 'Webinar Transformasi Digital');
    await chat.say('siti', 'BPSDM Provinsi');
    await chat.press('siti', 'Nasional');
    await chat.say('siti', '10 Maret 2026');
    await chat.say('siti', '11 Maret 2026');
    await chat.press('siti', '2 hari');
    await chat.press('siti', 'Tidak ada');
    await chat.press('siti', 'Lewati');
    const summary = texts(await chat.file('siti', 'sertifikat.pdf', await pdfFile('e')));
    expect(summary).toContain('No. sertifikat: 800/123/BPSDM/2026 (dari sertifikat)');
    expect(summary).toContain('JP di sertifikat: 8 JP (dari sertifikat)');
    // What the user typed stays theirs.
    expect(summary).toContain('Penyelenggara: BPSDM Provinsi\n');
  });

  it('English: the marks and notes speak English', async () => {
    await setUp(fixed(WEBINAR));
    await chat.say('siti', '/bahasa en');
    const out = texts(await chat.file('siti', 'certificate.pdf', await pdfFile('f')));
    expect(out).toContain('From the certificate I filled in:');
    expect(out).toContain('Webinar Transformasi Digital (from the certificate)');
  });
});

describe('warnings about the certificate (issue 13)', () => {
  it('another participant\'s name warns the employee and the atasan', async () => {
    await setUp(fixed({ ...WEBINAR, fields: { ...WEBINAR.fields, participant: 'Andi Wijaya' } }));
    const out = texts(await chat.file('siti', 'sertifikat.pdf', await pdfFile('g')));
    expect(out).toContain('Nama peserta di sertifikat ("Andi Wijaya") tidak sama dengan nama Anda');
    expect(out).toContain('⚠️ Nama peserta di sertifikat: "Andi Wijaya" (bukan nama pelapor).');
    const sent = await chat.press('siti', 'Kirim ke atasan');
    expect(texts(forUser(sent, 'budi'))).toContain('⚠️ Nama peserta di sertifikat: "Andi Wijaya" (bukan nama pelapor).');
  });

  it('the same certificate file already in another employee\'s report is flagged to the atasan, not to the employee', async () => {
    await setUp(fixed(WEBINAR));
    const path = await pdfFile('same');
    await chat.file('andi', 'sertifikat.pdf', path);
    await chat.press('andi', 'Kirim ke atasan');
    const siti = await chat.file('siti', 'sertifikat.pdf', path);
    expect(texts(siti)).not.toContain('Andi');
    const sent = await chat.press('siti', 'Kirim ke atasan');
    expect(texts(forUser(sent, 'budi'))).toContain(
      '⚠️ File sertifikat ini juga dipakai dalam laporan Andi Wijaya (NIP 19880724 201403 1 003): "Webinar Transformasi Digital".',
    );
  });

  it('the same certificate number typed in another employee\'s report is flagged to the atasan', async () => {
    await setUp(undefined);
    for (const user of ['andi', 'siti']) {
      await chat.say(user, 'lapor webinar');
      await chat.say(user, 'Webinar Literasi');
      await chat.say(user, 'BPSDM');
      await chat.press(user, 'Nasional');
      await chat.say(user, '10 Maret 2026');
      await chat.press(user, 'Sama dengan tanggal mulai');
      await chat.press(user, '1 hari');
      await chat.press(user, 'Tidak ada');
      await chat.say(user, `No. 12/${user === 'andi' ? 'ABC' : 'abc'}/2026`);
      await chat.press(user, 'Lewati');
      const sent = await chat.press(user, 'Kirim ke atasan');
      const request = texts(forUser(sent, 'budi'));
      if (user === 'andi') expect(request).not.toContain('⚠️');
      else expect(request).toContain('⚠️ Nomor sertifikat ini juga dipakai dalam laporan Andi Wijaya');
    }
  });
});

describe('files that cannot be read: the dialogue goes on (issue 13)', () => {
  it('an encrypted PDF is kept as evidence with a clear note; the question asked stays asked, and the evidence is not asked again', async () => {
    await setUp(fixed({ ok: false, reason: 'encrypted' }));
    await chat.say('siti', 'lapor webinar');
    const out = await chat.file('siti', 'rahasia.pdf', await pdfFile('h'));
    expect(texts(out)).toContain('File "rahasia.pdf" terkunci kata sandi');
    expect(texts(out)).toMatch(/judul kegiatannya/);
    expect((await state())?.evidence).toMatchObject({ name: 'rahasia.pdf' });
    await chat.say('siti', 'Webinar Literasi');
    await chat.say('siti', 'BPSDM');
    await chat.press('siti', 'Nasional');
    await chat.say('siti', '10 Maret 2026');
    await chat.press('siti', 'Sama dengan tanggal mulai');
    await chat.press('siti', '1 hari');
    await chat.press('siti', 'Tidak ada');
    const summary = texts(await chat.press('siti', 'Lewati'));
    expect(summary).toContain('Ringkasan laporan:');
    expect(summary).toContain('rahasia.pdf');
  });

  it('a reader that fails is an unreadable file, not a failed turn', async () => {
    await setUp(async () => {
      throw new Error('worker crashed');
    });
    await chat.say('siti', 'lapor');
    const out = await chat.file('siti', 'x.pdf', await pdfFile('i'));
    expect(texts(out)).toContain('tidak bisa saya baca sebagai sertifikat');
    expect(stepIds(out)).toEqual(['r:jalur:pendidikan', 'r:jalur:klasikal', 'r:jalur:nonklasikal']);
  });

  it('an unrelated text (no report field in it) says so and goes on', async () => {
    await setUp(fixed({ ok: true, source: 'pdf-text', text: 'Daftar belanja bulanan kantor', fields: {} }));
    await chat.say('siti', 'lapor');
    const out = texts(await chat.file('siti', 'belanja.pdf', await pdfFile('j')));
    expect(out).toContain('tidak ada isian laporan yang bisa saya ambil');
  });

  it('without a reader the file is only kept, as before', async () => {
    await setUp(undefined);
    await chat.say('siti', 'lapor');
    const out = await chat.file('siti', 'x.pdf', await pdfFile('k'));
    expect(texts(out)).toContain('Bukti dukung "x.pdf" tersimpan.');
    expect(stepIds(out)).toEqual(['r:jalur:pendidikan', 'r:jalur:klasikal', 'r:jalur:nonklasikal']);
  });

  it('a file of a refused type sent with no report open is refused, without offering *Lewati*, and changes nothing', async () => {
    await setUp(fixed(WEBINAR));
    const path = join(w.dir, 'x.exe');
    await writeFile(path, Buffer.from('MZ not a certificate'));
    const out = await chat.file('siti', 'x.exe', path);
    expect(texts(out)).toContain('File ini tidak bisa saya pakai sebagai sertifikat: kirim PDF, JPG, PNG, atau WEBP (maksimal 10 MB).');
    expect(await state()).toBeUndefined();
    expect(reads).toBe(0);
  });
});

describe('participant names (titles and order aside)', () => {
  it.each([
    ['SITI RAHMAWATI, S.Kom.', 'Siti Rahmawati', undefined],
    ['Dr. Siti Rahmawati, M.T.', 'Siti Rahmawati', undefined],
    ['Siti', 'Siti Rahmawati', undefined],
    ['Andi Wijaya', 'Siti Rahmawati', 'Andi Wijaya'],
    ['Siti Aminah', 'Siti Rahmawati', 'Siti Aminah'],
  ])('%s vs %s', (printed, employee, expected) => {
    expect(otherName(printed, employee)).toBe(expected);
  });
});
