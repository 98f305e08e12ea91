import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { CertificateReader, CertificateReadResult } from '../../src/engine/report/certificate.js';
import { pdfFile as pdfFileIn, WEBINAR } from './certificate-stand-in.js';
import { makeWorld, NIP, ScriptDriver, texts, type World } from '../helpers/script-driver.js';

/** Defects of issue 13's review, in the report dialogue; the reader is a stand-in returning what src/certificate returns. */

let w: World;
let chat: ScriptDriver;

async function setUp(reader: CertificateReader): Promise<void> {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
  await w.link('budi', NIP.atasan);
  chat = new ScriptDriver(new Engine({ ...w.deps, readCertificate: reader }));
}
afterEach(async () => {
  await chat.end();
  await w.close();
});

const pdfFile = (label: string) => pdfFileIn(w.dir, label);

/** A reader answering each file in turn with the next reading. */
const inTurn = (...readings: CertificateReadResult[]): CertificateReader => {
  let n = 0;
  return async () => readings[Math.min(n++, readings.length - 1)]!;
};

const withFields = (fields: Partial<Record<keyof typeof WEBINAR.fields, unknown>>): CertificateReadResult =>
  ({ ...WEBINAR, fields: { ...(WEBINAR.ok ? WEBINAR.fields : {}), ...fields } }) as CertificateReadResult;

describe('review defect 2: characters a text layer may carry do not break the turn, and are not stored', () => {
  it.each([
    ['NUL in the title (broken font map)', { title: 'Webinar\u0000 Transformasi Digital' }, 'Nama kegiatan'],
    ['BEL and ESC in the organiser', { organizer: 'BPSDM\u0007 Kaltim\u001b[31m' }, 'Penyelenggara'],
    ['a lone surrogate in the title', { title: 'Webinar \uD800 Digital' }, 'Nama kegiatan'],
    ['code-like text in the title, refused as typed text is', { title: '<script>alert(1)</script> Webinar' }, 'Nama kegiatan'],
    ['a replacement character in the number', { number: '800/\uFFFD/2026' }, 'No. sertifikat'],
  ])('%s: that field is asked, the rest is filled', async (_case, fields, label) => {
    await setUp(inTurn(withFields(fields)));
    await chat.say('siti', 'lapor');
    const out = texts(await chat.file('siti', 'sertifikat.pdf', await pdfFile('a')));
    expect(out).toContain('Dari sertifikat saya isi:');
    expect(out).not.toContain(`${label}:`);
    const stored = JSON.stringify((await w.store.getState('console:siti'))?.data ?? {});
    expect(stored).not.toMatch(/\\u0000|\\u0007|\\u001b|\\ud800|\uFFFD|<script>/i);
  });
});

describe('review defect 4: another file replaces the certificate, and what the first one filled', () => {
  it('Ubah → Bukti dukung → another file: its values, marked, and its name check', async () => {
    const second = withFields({
      participant: 'Andi Wijaya',
      title: 'Pelatihan Kepemimpinan Pengawas',
      organizer: 'LAN RI',
      startDate: '2026-04-06',
      endDate: '2026-04-08',
      jp: undefined,
      number: '99/LAN/2026',
    });
    await setUp(inTurn(withFields({ participant: 'Budi Santoso' }), second));
    await chat.say('siti', 'lapor');
    const first = texts(await chat.file('siti', 'sertifikat.pdf', await pdfFile('a')));
    expect(first).toContain('"Budi Santoso"');
    await chat.press('siti', 'Ubah');
    await chat.press('siti', 'Bukti dukung');
    const read = texts(await chat.file('siti', 'sertifikat2.pdf', await pdfFile('b')));
    expect(read).toContain('Nama peserta di sertifikat ("Andi Wijaya")');
    // The first certificate's JP is not this one's: asked.
    expect(read).toContain('Berapa JP kegiatan ini');
    const out = texts(await chat.say('siti', '24'));
    expect(out).toContain('Nama kegiatan: Pelatihan Kepemimpinan Pengawas (dari sertifikat)');
    expect(out).toContain('Penyelenggara: LAN RI (dari sertifikat)');
    expect(out).toContain('No. sertifikat: 99/LAN/2026 (dari sertifikat)');
    expect(out).toContain('6 April 2026');
    expect(out).not.toContain('Transformasi Digital');
    expect(out).toContain('⚠️ Nama peserta di sertifikat: "Andi Wijaya" (bukan nama pelapor).');
    expect(out).not.toContain('Budi Santoso');
  });

  it('what the user typed stays theirs when the certificate is replaced', async () => {
    await setUp(inTurn(WEBINAR, withFields({ title: 'Webinar Lain Sama Sekali' })));
    await chat.say('siti', 'lapor webinar tentang Literasi Digital');
    await chat.file('siti', 'sertifikat.pdf', await pdfFile('a'));
    await chat.press('siti', 'Ubah');
    await chat.press('siti', 'Bukti dukung');
    const out = texts(await chat.file('siti', 'sertifikat2.pdf', await pdfFile('b')));
    expect(out).toContain('Nama kegiatan: Literasi Digital (dari pesan Anda)');
  });
});

describe('review defect 3: counts taken without their question are bounded as when asked', () => {
  it.each([
    {
      name: 'review: a certificate dated "2 Januari 2026 - 20 November 2026" (323 days) does not count its span as days: the days are asked',
      fields: { startDate: '2026-01-02', endDate: '2026-11-20', jp: undefined },
      asked: 'Berapa hari kegiatannya?',
    },
    {
      name: 'review: a certificate stating "selama 300 hari" over 300 days (300 × 4 = 1200 JP) is told the bound and asked',
      fields: { startDate: '2026-01-02', endDate: '2026-10-28', jp: undefined, days: 300 },
      asked: 'Jumlah itu terlalu besar',
    },
  ])('$name', async ({ fields, asked }) => {
    await setUp(inTurn(withFields(fields)));
    await chat.say('siti', 'lapor');
    const out = texts(await chat.file('siti', 'sertifikat.pdf', await pdfFile('a')));
    expect(out).toContain(asked);
    expect(out).not.toContain('Durasi:');
    const data = (await w.store.getState('console:siti'))?.data as { days?: number; answered: string[] };
    expect(data.days).toBeUndefined();
    expect(data.answered).not.toContain('amount');
  });

  it.each([
    { name: 'review: first sentence "webinar 10 Maret 2026 sampai 30 September 2026 selama 200 hari" (800 JP) stays under the bound', text: 'lapor webinar SPBE dari Kominfo 10 Maret 2026 sampai 30 September 2026 selama 200 hari', taken: true },
    { name: 'review: first sentence "tugas belajar 9999 semester" (4 digits, 199,980 JP) is told the bound', text: 'lapor tugas belajar 9999 semester', taken: false },
    { name: 'review: first sentence "coaching 5000 sesi" is told the bound or capped, never 10,000 JP', text: 'lapor coaching 5000 sesi', taken: false },
  ])('$name', async ({ text, taken }) => {
    await setUp(inTurn(WEBINAR));
    const out = texts(await chat.say('siti', text));
    const data = (await w.store.getState('console:siti'))?.data as { answered: string[] };
    expect(data.answered.includes('amount')).toBe(taken);
    if (!taken) expect(out).toContain('Jumlah itu terlalu besar');
  });
});

describe('review defect 6: an international hint is shown at the scope question, not taken as the answer', () => {
  it.each([
    { name: 'review: organiser "Pusdiklat Kementerian Luar Negeri" hinted internasional', hint: 'Luar Negeri' },
    { name: 'review: a title with "ASEAN"', hint: 'ASEAN' },
    { name: 'corpus: "International Webinar" in the title', hint: 'International Webinar' },
  ])('$name', async ({ hint }) => {
    await setUp(inTurn(withFields({ international: true, internationalHint: hint })));
    await chat.say('siti', 'lapor');
    const out = texts(await chat.file('siti', 'sertifikat.pdf', await pdfFile('a')));
    expect(out).toContain('Kegiatan nasional (dalam negeri) atau internasional (luar negeri)?');
    expect(out).toContain(`Sertifikat menyebut: "${hint}". Mohon pilih lingkupnya.`);
    const data = (await w.store.getState('console:siti'))?.data as { scope?: string; answered: string[] };
    expect(data.answered).not.toContain('scope');
    const summary = texts(await chat.press('siti', 'Internasional'));
    expect(summary).toContain('Lingkup: Internasional\n');
  });
});
