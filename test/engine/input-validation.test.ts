import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInteractive } from '../../adapters/console/interactive.js';
import type { App } from '../../src/app/open.js';
import { Engine } from '../../src/engine/engine.js';
import type { ReportData } from '../../src/engine/report/data.js';
import { parseCount, parseJpOrDuration, parseStatedJp } from '../../src/engine/report/parse-amount.js';
import { jalurFromText, STEPS } from '../../src/engine/report/steps.js';
import { summaryLines } from '../../src/engine/report/summary.js';
import { Turn } from '../../src/engine/turn.js';
import { activity } from '../helpers/activity.js';
import { buttonIds, makeWorld, NIP, texts, type World } from '../helpers/script-driver.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld(); // "today" is 22 November 2026 (Asia/Jakarta)
  await w.link('siti', NIP.siti);
});
afterEach(async () => w.close());

const state = async () => (await w.store.getState('console:siti'))!;

/** Starts "lapor <hint>" and answers up to the amount question; returns that question. */
async function toAmount(hint: string, start = '10/03/2026', end = start) {
  await w.chat.say('siti', `lapor ${hint}`);
  await w.chat.say('siti', 'Judul kegiatan');
  await w.chat.say('siti', 'Penyelenggara');
  if ((await state()).step === 'scope') await w.chat.say('siti', 'nasional');
  await w.chat.say('siti', start);
  const question = await w.chat.say('siti', end);
  expect((await state()).step).toBe('amount');
  return question;
}

/** A Turn for siti, to call a step's handlers directly. */
async function sitiTurn(): Promise<Turn> {
  const account = await w.store.getAccount('console', 'siti');
  const employee = await w.store.getEmployee(NIP.siti);
  return new Turn(w.deps, { platform: 'console', id: 'siti' }, 'id', account, employee);
}

describe('days are limited by the dates (item 1)', () => {
  it('a one-day seminar refuses "30" with the span, and whole days only; the step and data stay', async () => {
    await toAmount('webinar');
    const out = texts(await w.chat.say('siti', '30'));
    expect(out).toContain('Tanggalnya hanya 1 hari');
    expect((await state()).step).toBe('amount');
    expect((await state()).data.days).toBeUndefined();
    for (const bad of ['1,5', '0', '-1', '0,5 hari']) {
      expect(texts(await w.chat.say('siti', bad))).toContain('bilangan bulat');
      expect((await state()).data.days).toBeUndefined();
    }
    await w.chat.say('siti', '1 hari');
    expect((await state()).data.days).toBe(1);
    expect((await state()).step).toBe('certjp');
  });

  it('a two-day seminar accepts 1 or 2 days, not 3', async () => {
    await toAmount('webinar', '10 Maret 2026', '11 Maret 2026');
    expect(texts(await w.chat.say('siti', '3 hari'))).toContain('Tanggalnya hanya 2 hari');
    await w.chat.say('siti', '2');
    expect((await state()).data.days).toBe(2);
  });

  it('a pressed value passes the same check as a typed one', async () => {
    const turn = await sitiTurn();
    const data: ReportData = { type: 'seminar', start: '2026-03-10', end: '2026-03-10', answered: [] };
    expect(await STEPS.amount.press!(turn, data, '30')).toEqual({ ok: false, error: turn.t.daysOverSpan(1) });
    expect(await STEPS.amount.press!(turn, data, '1.5')).toMatchObject({ ok: false });
    expect(data.days).toBeUndefined();
    expect(await STEPS.amount.press!(turn, data, '1')).toEqual({ ok: true });
    expect(data.days).toBe(1);
  });

  it('English: the span is stated in English', async () => {
    await w.chat.say('siti', '/bahasa en');
    await toAmount('webinar');
    expect(texts(await w.chat.say('siti', '30'))).toContain('The dates cover only 1 day');
  });
});

describe('number answers must carry the right unit (item 2)', () => {
  it.each([
    ['2', 'day', 2],
    ['2 hari', 'day', 2],
    ['3 days', 'day', 3],
    ['3 sesi', 'session', 3],
    ['2 kali', 'session', 2],
    ['1 kegiatan', 'activity', 1],
    ['2 semester', 'semester', 2],
  ] as const)('parseCount reads %s as %s', (text, unit, value) => {
    expect(parseCount(text, unit)).toEqual({ ok: true, value });
  });

  it.each([
    ['90 menit', 'day', 'duration'],
    ['16 jam', 'day', 'duration'],
    ['2 minggu', 'day', 'invalid'],
    ['2 hari', 'session', 'invalid'],
    ['3 sesi', 'day', 'invalid'],
    ['1,5', 'session', 'not-whole'],
    ['1.5 semester', 'semester', 'not-whole'],
    ['0', 'activity', 'invalid'],
    ['dua', 'day', 'invalid'],
  ] as const)('parseCount refuses %s for %s (%s)', (text, unit, reason) => {
    expect(parseCount(text, unit)).toEqual({ ok: false, reason });
  });

  it('stated JP: a JP figure or "jam pelajaran"; hours and minutes are refused', () => {
    expect(parseStatedJp('16')).toEqual({ ok: true, value: 16 });
    expect(parseStatedJp('7,5 JP')).toEqual({ ok: true, value: 7.5 });
    expect(parseStatedJp('16 jam pelajaran')).toEqual({ ok: true, value: 16 });
    expect(parseStatedJp('16 jam')).toEqual({ ok: false, reason: 'duration' });
    expect(parseStatedJp('90 menit')).toEqual({ ok: false, reason: 'duration' });
    expect(parseStatedJp('2 minggu')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('JP-or-duration keeps reading hours and minutes, and refuses other units', () => {
    expect(parseJpOrDuration('8')).toEqual({ jp: 8 });
    expect(parseJpOrDuration('8 jam pelajaran')).toEqual({ jp: 8 });
    expect(parseJpOrDuration('1 jam 30 menit')).toEqual({ minutes: 90 });
    expect(parseJpOrDuration('2 minggu')).toBeUndefined();
    expect(parseJpOrDuration('2 hari')).toBeUndefined();
  });

  it('days: "16 jam" and "2 minggu" are refused with a days example, no "1,5" suggested', async () => {
    await toAmount('webinar');
    for (const bad of ['16 jam', '90 menit', '2 minggu']) {
      const out = texts(await w.chat.say('siti', bad));
      expect(out).toContain('jumlah hari dengan bilangan bulat');
      expect(out).not.toContain('1,5');
    }
    expect((await state()).data.days).toBeUndefined();
  });

  it('sessions must be whole numbers at the step, with "sesi"/"kali" allowed', async () => {
    const question = await toAmount('coaching');
    expect(texts(question)).toContain('Berapa sesi?');
    const out = texts(await w.chat.say('siti', '1,5'));
    expect(out).toContain('jumlah sesi dengan bilangan bulat');
    expect(out).not.toContain('1,5 ');
    expect(texts(await w.chat.say('siti', '90 menit'))).toContain('jumlah sesi');
    expect((await state()).data.count).toBeUndefined();
    await w.chat.say('siti', '2 kali');
    expect((await state()).data.count).toBe(2);
  });

  it('activities and semesters must be whole numbers too', async () => {
    await toAmount('magang');
    expect(texts(await w.chat.say('siti', '0,5'))).toContain('jumlah kegiatan dengan bilangan bulat');
    await w.chat.say('siti', '1 kegiatan');
    expect((await state()).data.count).toBe(1);
    await w.chat.say('siti', 'batal');

    await toAmount('tugas belajar');
    expect(texts(await w.chat.say('siti', '1,5'))).toContain('jumlah semester dengan bilangan bulat');
    expect(texts(await w.chat.say('siti', '2 tahun'))).toContain('jumlah semester');
    await w.chat.say('siti', '2 semester');
    expect((await state()).data.count).toBe(2);
  });

  it('a JP-measured form still takes a duration, but not "2 minggu"', async () => {
    await toAmount('kursus');
    expect(texts(await w.chat.say('siti', '2 minggu'))).toContain('Mohon ketik JP');
    expect((await state()).data.jp).toBeUndefined();
    await w.chat.say('siti', '90 menit');
    expect((await state()).data.durationMinutes).toBe(90);
  });

  it('the stated-JP question refuses hours clearly and takes "16 JP"', async () => {
    await toAmount('klasikal lainnya');
    expect((await state()).data.type).toBe('klasikal-lainnya');
    const out = texts(await w.chat.say('siti', '16 jam'));
    expect(out).toContain('bukan durasi jam/menit');
    expect(out).not.toContain('Tidak ada');
    expect((await state()).data.jp).toBeUndefined();
    await w.chat.say('siti', '16 JP');
    expect((await state()).data.jp).toBe(16);
  });

  it('the certificate-JP question refuses minutes clearly (pointing at "Tidak ada") and takes "3 JP"', async () => {
    await toAmount('webinar');
    await w.chat.say('siti', '1');
    expect((await state()).step).toBe('certjp');
    const out = texts(await w.chat.say('siti', '90 menit'));
    expect(out).toContain('bukan durasi jam/menit');
    expect(out).toContain('pilih *Tidak ada*');
    expect(texts(await w.chat.say('siti', 'nomor 5'))).toContain('Mohon ketik jumlah JP');
    expect((await state()).data.certJp).toBeUndefined();
    await w.chat.say('siti', '3 JP');
    expect((await state()).data.certJp).toBe(3);
  });
});

describe('jalur typed by name (item 3)', () => {
  it.each([
    ['nonklasikal', 'nonklasikal'],
    ['non klasikal', 'nonklasikal'],
    ['Non-klasikal', 'nonklasikal'],
    ['Pelatihan nonklasikal', 'nonklasikal'],
    ['pelatihan non-klasikal', 'nonklasikal'],
    ['non-classroom', 'nonklasikal'],
    ['Non-classroom training', 'nonklasikal'],
    ['klasikal', 'klasikal'],
    ['Pelatihan klasikal', 'klasikal'],
    ['classroom', 'klasikal'],
    ['Classroom training', 'klasikal'],
    ['pendidikan', 'pendidikan'],
    ['Education', 'pendidikan'],
  ] as const)('%s → %s', (text, jalur) => {
    expect(jalurFromText(text)).toBe(jalur);
  });

  it.each(['klasikal lainnya', 'seminar klasikal', 'nonklasikalx', 'webinar'])('%s is no jalur', (text) => {
    expect(jalurFromText(text)).toBeUndefined();
  });

  it('typing "non-klasikal" at the jalur step shows the nonklasikal forms', async () => {
    await w.chat.say('siti', 'lapor');
    const forms = await w.chat.say('siti', 'non-klasikal');
    expect((await state()).data.jalur).toBe('nonklasikal');
    expect(buttonIds(forms).some((id) => id.endsWith(':form:magang'))).toBe(true);
    expect(buttonIds(forms).some((id) => id.endsWith(':form:seminar'))).toBe(false);
  });
});

describe('start dates (item 4)', () => {
  it('refuses an implausibly old start date with the earliest date allowed, and reads 2-digit years', async () => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Judul');
    await w.chat.say('siti', 'Penyelenggara');
    await w.chat.press('siti', 'Nasional');
    for (const old of ['1/1/1900', '31 Desember 2024', '10/03/80']) {
      expect(texts(await w.chat.say('siti', old))).toContain('Tanggal itu terlalu lama');
    }
    expect(texts(await w.chat.say('siti', '1/1/1900'))).toContain('paling awal 1 Januari 2025');
    expect((await state()).data.start).toBeUndefined();
    expect(texts(await w.chat.say('siti', '10 Foo 2026'))).toContain('Format tanggal tidak dikenali');
    await w.chat.say('siti', '10/03/26');
    expect((await state()).data.start).toBe('2026-03-10');
    await w.chat.say('siti', '12 Agu 2026');
    expect((await state()).data.end).toBe('2026-08-12');
  });

  it('"sama" at the end date means the start date', async () => {
    await toAmount('webinar', '1 Jan 2025', 'Sama');
    expect((await state()).data.end).toBe('2025-01-01');
  });
});

describe('off-topic answers (item 5)', () => {
  it('an emoji-only title is refused politely and nothing is stored', async () => {
    await w.chat.say('siti', 'lapor webinar');
    const out = texts(await w.chat.say('siti', '😀👍'));
    expect(out).toContain('Mohon tulis dengan huruf');
    expect((await state()).data.title).toBeUndefined();
    expect(texts(await w.chat.say('siti', '...!!!'))).toContain('Mohon tulis dengan huruf');
    expect((await state()).step).toBe('title');
  });

  it('a slash command is no answer to a text step', async () => {
    const turn = await sitiTurn();
    const data: ReportData = { type: 'seminar', answered: [] };
    expect(await STEPS.title.text!(turn, data, '/lapor')).toEqual({ ok: false, error: turn.t.commandNotAnswer });
    expect(await STEPS.organizer.text!(turn, data, '/jp')).toEqual({ ok: false, error: turn.t.commandNotAnswer });
    expect(await STEPS.certno.text!(turn, data, '/skip')).toEqual({ ok: false, error: turn.t.commandNotAnswer });
    expect(data).toEqual({ type: 'seminar', answered: [] });
    expect(await STEPS.certno.text!(turn, data, '12345')).toEqual({ ok: true });
  });

  it('unmatched text at the scope question gets a short hint, not the question twice', async () => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Judul');
    const question = texts(await w.chat.say('siti', 'Penyelenggara'));
    const out = await w.chat.say('siti', 'nasi goreng');
    const all = texts(out);
    expect(all).toContain('Pilih salah satu tombol, atau ketik *nasional* atau *internasional*.');
    expect(all.split(question).length - 1).toBe(1);
    expect((await state()).data.scope).toBeUndefined();
    await w.chat.say('siti', 'luar negeri');
    expect((await state()).data.scope).toBe('internasional');
  });
});

describe('evidence content (item 6)', () => {
  async function toEvidence() {
    await toAmount('webinar', 'kemarin');
    await w.chat.press('siti', '1 hari');
    await w.chat.press('siti', 'Tidak ada');
    await w.chat.press('siti', 'Lewati');
    expect((await state()).step).toBe('evidence');
  }

  it('a file whose bytes are of no accepted type is refused and nothing is stored, whatever its name claims', async () => {
    await toEvidence();
    const fake = join(w.dir, 'sertifikat.pdf');
    await writeFile(fake, 'MZ\u0090\u0000 this is an executable');
    expect(texts(await w.chat.file('siti', 'sertifikat.pdf', fake))).toContain('Jenis file tidak didukung');
    expect((await state()).step).toBe('evidence');
    expect((await state()).data.evidence).toBeUndefined();
  });

  it('a file whose bytes are an accepted type other than its name claims is kept as what the bytes are (issue 10 item 5)', async () => {
    await toEvidence();
    const jpegAsPng = join(w.dir, 'foto.png');
    await writeFile(jpegAsPng, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    expect(texts(await w.chat.file('siti', 'foto.png', jpegAsPng))).toContain('Bukti dukung: ada (foto.png)');
    expect((await state()).data.evidence).toMatchObject({ name: 'foto.png', mime: 'image/jpeg' });
  });
});

describe('duplicate certificate numbers (item 7)', () => {
  async function withCertificate(status: 'pending' | 'approved' | 'returned' | 'rejected' | 'cancelled') {
    await w.store.addActivity(
      activity(NIP.siti, { type: 'seminar', start: '2026-02-02', jp: 4, title: `Seminar ${status}`, status, certificateNumber: 'SERT-9/2026' }),
    );
  }

  it.each(['rejected', 'cancelled'] as const)('a %s report does not make the number a duplicate', async (status) => {
    await withCertificate(status);
    await toAmount('webinar');
    await w.chat.say('siti', '1');
    await w.chat.press('siti', 'Tidak ada');
    expect(texts(await w.chat.say('siti', 'sert-9/2026'))).not.toContain('sudah dipakai');
  });

  it.each(['pending', 'approved', 'returned'] as const)('a %s report does, at entry and in the summary lines', async (status) => {
    await withCertificate(status);
    await toAmount('webinar');
    await w.chat.say('siti', '1');
    await w.chat.press('siti', 'Tidak ada');
    expect(texts(await w.chat.say('siti', 'sert-9/2026'))).toContain(`sudah dipakai di laporan Anda yang lain: "Seminar ${status}"`);
    const data = (await state()).data as unknown as ReportData;
    const lines = await summaryLines(await sitiTurn(), data, w.deps.profile);
    expect(lines[0]).toBe('Ringkasan laporan:');
    expect(lines.at(-1)).toContain(`sudah dipakai di laporan Anda yang lain: "Seminar ${status}"`);
  });

  it('the summary lines have no warning for a fresh number, nor for the report being revised itself', async () => {
    await withCertificate('returned');
    const own = (await w.store.activitiesOf(NIP.siti))[0]!;
    const turn = await sitiTurn();
    const base: ReportData = { type: 'seminar', start: '2026-03-10', end: '2026-03-10', days: 1, answered: [] };
    const fresh = await summaryLines(turn, { ...base, certNo: 'SERT-10/2026' }, w.deps.profile);
    expect(fresh.join('\n')).not.toContain('sudah dipakai');
    const revised = await summaryLines(turn, { ...base, certNo: 'SERT-9/2026', activityId: own.id }, w.deps.profile);
    expect(revised.join('\n')).not.toContain('sudah dipakai');
  });
});

describe('console chat buttons (item 9)', () => {
  it('"#N" presses a button of the last message; a plain number after a question without buttons is an answer', async () => {
    const app = { store: w.store, deps: w.deps, engine: new Engine(w.deps), close: async () => {} } as unknown as App;
    const lines = ['lapor kursus', 'Kursus Excel', 'LIA', '#1', '2 Juni 2026', '#1', '2', '#5', '/keluar'];
    const input = Readable.from(lines.map((l) => `${l}\n`));
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => (printed += d.toString()));
    await runInteractive(app, input, output);
    expect(printed).toContain('#angka = tekan tombol');
    expect(printed).toContain('[#1] Nasional');
    expect(printed).toContain('[#1] Sama dengan tanggal mulai');
    expect(printed).toContain('Tidak ada tombol #5; pilih #1 sampai #1.');
    const stored = await w.store.getState(`console:${NIP.siti}`);
    expect(stored?.data).toMatchObject({ scope: 'nasional', start: '2026-06-02', end: '2026-06-02', jp: 2 });
    expect(stored?.step).toBe('certno');
  });
});
