import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activity as makeActivity } from '../helpers/activity.js';
import { makeWorld, NIP, texts, type World } from '../helpers/script-driver.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
});
afterEach(async () => w.close());

const activity = (over: Parameters<typeof makeActivity>[1]) => makeActivity(NIP.siti, over);

describe('asking for JP', () => {
  it('answers approved, pending, target and shortfall, a breakdown by form, and the coaching cap note (LAN B.2 no. 5)', async () => {
    await w.store.addActivity(activity({ type: 'seminar', start: '2026-02-02', end: '2026-02-03', jp: 8 }));
    await w.store.addActivity(activity({ type: 'coaching', start: '2026-03-03', end: '2026-03-24', count: 3, jp: 6 }));
    await w.store.addActivity(activity({ type: 'kursus', start: '2026-05-05', jp: 10, status: 'pending' }));
    await w.store.addActivity(activity({ type: 'workshop', start: '2026-06-01', jp: 5, status: 'rejected' }));
    const out = texts(await w.chat.say('siti', 'berapa JP saya tahun ini?'));
    expect(out).toContain('JP Anda tahun 2026: *12 JP* disetujui, 10 JP menunggu persetujuan (target 20 JP)');
    expect(out).toContain('Kurang 8 JP lagi');
    expect(out).toContain('• Seminar: 8 JP');
    expect(out).toContain('• Coaching: 4 JP');
    expect(out).toMatch(/coaching: 3 sesi di Maret 2026, dihitung 2/i);
    const history = texts(await w.chat.say('siti', 'riwayat'));
    expect(history).toMatch(/Coaching: coaching \d+ — 6 JP \(dihitung 4 JP\) — disetujui/);
    expect(history).toMatch(/Seminar: seminar \d+ — 8 JP — disetujui/);
  });

  it('picks the year from "jp 2025" and "tahun lalu"; an activity counts in the year of its end date', async () => {
    await w.store.addActivity(activity({ type: 'workshop', start: '2025-12-31', end: '2026-01-01', jp: 10 }));
    await w.store.addActivity(activity({ type: 'seminar', start: '2025-06-10', jp: 4 }));
    expect(texts(await w.chat.say('siti', 'jp 2025'))).toContain('tahun 2025: *4 JP*');
    expect(texts(await w.chat.say('siti', 'tahun lalu'))).toContain('tahun 2025: *4 JP*');
    expect(texts(await w.chat.say('siti', 'total JP'))).toContain('tahun 2026: *10 JP*');
  });

  it('says the target is met at 20 JP', async () => {
    await w.store.addActivity(activity({ type: 'pelatihan-teknis', start: '2026-04-01', jp: 24 }));
    expect(texts(await w.chat.say('siti', '/jp'))).toContain('Target 20 JP sudah tercapai');
  });
});

describe('riwayat, status, bantuan, language, fallback', () => {
  it('riwayat lists the year with status; status shows pending ones', async () => {
    await w.store.addActivity(activity({ type: 'seminar', start: '2026-02-02', jp: 4, title: 'Seminar Integritas' }));
    await w.store.addActivity(activity({ type: 'kursus', start: '2026-05-05', jp: 10, status: 'pending', title: 'Kursus Excel' }));
    const history = texts(await w.chat.say('siti', 'riwayat'));
    expect(history).toContain('2 Februari 2026 — Seminar: Seminar Integritas — 4 JP — disetujui');
    expect(history).toContain('Kursus Excel — 10 JP — menunggu persetujuan');
    const status = texts(await w.chat.say('siti', 'status'));
    expect(status).toContain('Kursus Excel');
    expect(status).not.toContain('Seminar Integritas');
  });

  it('bantuan lists what the assistant can do, including lapor; unknown text gets a pointer to bantuan', async () => {
    expect(texts(await w.chat.say('siti', 'bantuan'))).toContain('*lapor*');
    expect(texts(await w.chat.say('siti', 'apa kabar hari ini?'))).toContain('bantuan');
    expect(texts(await w.chat.say('siti', 'Selamat pagi'))).toContain('Halo Siti Rahmawati!');
  });

  it('/bahasa en switches to English for this employee, /bahasa id back', async () => {
    expect(texts(await w.chat.say('siti', '/bahasa en'))).toMatch(/English/);
    expect(texts(await w.chat.say('siti', 'help'))).toMatch(/report/);
    expect((await w.store.getEmployee(NIP.siti))?.lang).toBe('en');
    await w.chat.say('siti', '/bahasa id');
    expect(texts(await w.chat.say('siti', 'bantuan'))).toContain('Yang bisa saya bantu');
  });

  it('a global command mid-report answers and then re-asks the current question', async () => {
    await w.chat.say('siti', 'lapor webinar');
    const out = texts(await w.chat.say('siti', '/jp'));
    expect(out).toContain('JP Anda tahun 2026');
    expect(out).toContain('Laporan Anda masih berjalan');
    expect((await w.store.getState('console:siti'))?.step).toBe('title');
  });
});

describe('linking', () => {
  it('unlinked users are told how to get a code; wrong, used and expired codes link nothing', async () => {
    expect(texts(await w.chat.say('tamu', 'berapa jp saya'))).toContain('daftar KODE');
    expect(texts(await w.chat.say('tamu', 'daftar ZZZZ9999'))).toContain('tidak dikenal');
    const { issueInvite } = await import('../../src/domain/invites.js');
    const used = await issueInvite(w.store, NIP.andi, w.clock.now());
    await w.chat.say('andi', `/start ${used.code}`);
    expect(texts(await w.chat.say('tamu', `daftar ${used.code}`))).toContain('sudah dipakai');
    const old = await issueInvite(w.store, NIP.orphan, w.clock.now());
    w.clock.advanceHours(15 * 24);
    expect(texts(await w.chat.say('tamu', `daftar ${old.code.toLowerCase()}`))).toContain('kedaluwarsa');
    expect(await w.store.getAccount('console', 'tamu')).toBeUndefined();
    expect((await w.store.getAccount('console', 'andi'))?.nip).toBe(NIP.andi);
  });
});

describe('bad input changes nothing and never crashes', () => {
  it.each([
    ['empty', '   ', 'kosong'],
    ['huge', 'a'.repeat(4001), 'terlalu panjang'],
    ['binary-looking', 'abc\u0000\u0001\u0002', 'tidak bisa saya baca'],
    ['emoji-only', '😀🎉🙏', 'bantuan'],
    ['injection-looking', "'; DROP TABLE pegawai; -- <script>alert(1)</script>", 'tampak seperti kode'],
  ])('%s text gets a polite reply', async (_name, text, expected) => {
    const before = JSON.stringify(await w.store.activitiesOf(NIP.siti));
    const out = await w.chat.say('siti', text);
    expect(texts(out)).toContain(expected);
    expect(JSON.stringify(await w.store.activitiesOf(NIP.siti))).toBe(before);
  });

  it('unknown button ids, malformed JSON lines and missing files get an answer, and the next line still works', async () => {
    expect(texts(await w.chat.press('siti', 'zz:what'))).toContain('tidak saya kenali');
    expect(texts(await w.chat.press('siti', 'ap:nope:1:a'))).toContain('tidak ditemukan');
    expect((await w.chat.send('{not json'))[0]?.error).toBe('invalid JSON');
    expect((await w.chat.send({ from: 'siti' }))[0]?.error).toContain('expected');
    expect((await w.chat.file('siti', 'x.pdf', '/nonexistent/x.pdf'))[0]?.error).toContain('file not found');
    expect(texts(await w.chat.say('siti', 'bantuan'))).toContain('lapor');
  });

  it('injection-looking answers inside a report are refused and nothing is stored', async () => {
    await w.chat.say('siti', 'lapor webinar');
    for (const text of ["Robert'); DROP TABLE students;--", '<script>alert(1)</script>', 'Webinar ${process.env.TOKEN}']) {
      expect(texts(await w.chat.say('siti', text))).toContain('tampak seperti kode');
    }
    expect((await w.store.getState('console:siti'))?.data.title).toBeUndefined();
    expect(texts(await w.chat.say('siti', "Webinar Jum'at Berkah -- Sesi 2"))).toContain('penyelenggara');
  });

  it('the cap note follows the language: English after /bahasa en', async () => {
    await w.store.addActivity(activity({ type: 'coaching', start: '2026-03-03', end: '2026-03-24', count: 3, jp: 6 }));
    await w.chat.say('siti', '/bahasa en');
    expect(texts(await w.chat.say('siti', 'how many jp do I have?'))).toContain('Coaching: 3 sessions in March 2026, 2 counted');
  });

  it('a huge answer inside the report is refused and the step stays', async () => {
    await w.chat.say('siti', 'lapor webinar');
    expect(texts(await w.chat.say('siti', 'x'.repeat(300)))).toContain('antara 3 dan 200 karakter');
    expect((await w.store.getState('console:siti'))?.data.title).toBeUndefined();
  });
});

describe('invites in chat (admin)', () => {
  it('an admin gets a one-time code that links the employee; others are refused', async () => {
    expect(texts(await w.chat.say('siti', `undang ${NIP.andi}`))).toContain('hanya untuk admin');
    await w.link('rina', NIP.admin);
    expect(texts(await w.chat.say('rina', 'undang 123'))).toContain('NIP tidak valid');
    expect(texts(await w.chat.say('rina', 'undang 199912312020121999'))).toContain('tidak ada di data pegawai');
    const out = texts(await w.chat.say('rina', 'undang 19880724 201403 1 003'));
    expect(out).toContain('Kode undangan untuk Andi Wijaya');
    const code = /daftar ([A-Z0-9-]+)/.exec(out)?.[1];
    expect(code).toBeDefined();
    expect(texts(await w.chat.say('andi', `daftar ${code}`))).toContain('Selamat datang, Andi Wijaya');
  });
});

describe('the "/" command menu of the chat platforms', () => {
  it('every command in the menu (both languages) is understood by the engine, never the fallback', async () => {
    const { catalog } = await import('../../src/engine/i18n/index.js');
    const commands = Object.keys(catalog('id').commandMenu);
    expect(Object.keys(catalog('en').commandMenu)).toEqual(commands);
    for (const command of commands) {
      const out = texts(await w.chat.say('siti', `/${command}`));
      expect(out, `/${command}`).not.toContain('Maaf, saya belum paham');
      await w.chat.say('siti', 'batal');
    }
  });
});
