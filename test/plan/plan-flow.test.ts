import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalog } from '../../src/engine/i18n/index.js';
import { buttonIds, forUser, makeWorld, NIP, texts, type OutLine, type World } from '../helpers/script-driver.js';

const t = catalog('id');
let w: World;
beforeEach(async () => {
  // 22 November 2026: the plan being prepared is 2027's, open until 30 November 2026.
  w = await makeWorld({ now: '2026-11-22T03:00:00Z' });
  await w.link('siti', NIP.siti);
  await w.link('budi', NIP.atasan);
  await w.link('rina', NIP.admin);
});
afterEach(async () => {
  delete process.env.BANGKOM_PLAN_DEADLINE;
  await w.close();
});

const plan = () => w.store.getPlan(NIP.siti, 2027);
/** A few minutes between bursts of answers, as a person would take (the flood guard counts per minute). */
const pause = () => w.clock.set(new Date(w.clock.now().getTime() + 3 * 60_000).toISOString());

/** Adds a "Pelatihan teknis" item of 24 JP in March through the chat, up to its summary and "Simpan". */
async function addTeknis(materi = 'Manajemen aset daerah'): Promise<OutLine[]> {
  pause();
  await w.chat.press('siti', 'pl:2027:add');
  await w.chat.press('siti', 'Pelatihan klasikal');
  await w.chat.press('siti', 'Pelatihan teknis');
  await w.chat.say('siti', materi);
  await w.chat.say('siti', 'BPSDM Provinsi Kaltim');
  await w.chat.press('siti', 'Maret');
  await w.chat.say('siti', '24');
  await w.chat.say('siti', '3,5 juta');
  await w.chat.press('siti', 'APBD');
  const summary = await w.chat.say('siti', 'Kesenjangan kompetensi pengelolaan aset');
  expect(texts(summary)).toContain('*24 JP*');
  return w.chat.press('siti', 'Simpan');
}

/** Adds a two-day seminar, typed the short way ("seminar" at the jalur question). */
async function addSeminar(): Promise<OutLine[]> {
  pause();
  await w.chat.press('siti', 'pl:2027:add');
  await w.chat.say('siti', 'seminar');
  await w.chat.say('siti', 'Inovasi pelayanan publik');
  await w.chat.say('siti', 'LAN RI');
  await w.chat.say('siti', '10-11 Mei 2027');
  await w.chat.say('siti', '2');
  await w.chat.press('siti', 'Tanpa biaya');
  await w.chat.say('siti', 'mandiri');
  await w.chat.say('siti', 'Menambah wawasan inovasi');
  return w.chat.press('siti', 'Simpan');
}

/** The atasan's request to decide on the plan, as last sent to budi. */
const request = (lines: OutLine[]) => forUser(lines, 'budi').find((l) => l.text?.includes('Usulan rencana pengembangan kompetensi 2027'));

describe('the yearly plan in chat (script transport)', () => {
  it('"rencana" opens the 2027 plan from 1 October, with its buttons; "usulan" and /rencana too', async () => {
    const view = await w.chat.say('siti', 'rencana');
    expect(texts(view)).toContain('Rencana pengembangan kompetensi 2027');
    expect(texts(view)).toContain('Batas pengusulan: 30 November 2026');
    expect(buttonIds(view)).toEqual(['pl:2027:add']);
    expect(texts(await w.chat.say('siti', 'usulan'))).toContain('Rencana pengembangan kompetensi 2027');
    expect(texts(await w.chat.say('siti', '/rencana'))).toContain('Rencana pengembangan kompetensi 2027');
    w.clock.set('2026-09-30T03:00:00Z');
    expect(texts(await w.chat.say('siti', 'rencana'))).toContain('Rencana pengembangan kompetensi 2026');
  });

  it('adds items one question at a time, with the planned JP total against 20 JP', async () => {
    const first = await addTeknis();
    expect(texts(first)).toContain(t.planItemSaved);
    expect(texts(first)).toContain('Total direncanakan: *24 JP* (target 20 JP)');
    const second = await addSeminar();
    expect(texts(second)).toContain('2. Seminar — Inovasi pelayanan publik (LAN RI)');
    const stored = await plan();
    expect(stored?.items.map((i) => [i.no, i.type, i.jp, i.biaya, i.sumberDana, i.status])).toEqual([
      [1, 'pelatihan-teknis', 24, 3_500_000, 'APBD', 'draf'],
      [2, 'seminar', stored!.items[1]!.jp, 0, 'mandiri', 'draf'],
    ]);
    expect(stored?.items[0]?.jadwal).toEqual({ month: '2027-03' });
    expect(stored?.items[1]?.jadwal).toEqual({ start: '2027-05-10', end: '2027-05-11' });
    expect(buttonIds(second)).toEqual(expect.arrayContaining(['pl:2027:add', 'pl:2027:send', 'pl:2027:edit', 'pl:2027:del']));
  });

  it.each([
    ['a cost that is no amount', 'abc', t.planBiayaInvalid],
    ['a schedule outside the plan year', 'Maret 2028', t.planJadwalOutsideYear(2027)],
    ['a schedule in words it cannot read', 'besok lusa', t.planJadwalFormat],
  ])('refuses %s politely and changes nothing', async (_name, answer, reply) => {
    await w.chat.press('siti', 'pl:2027:add');
    await w.chat.say('siti', 'seminar');
    await w.chat.say('siti', 'Inovasi pelayanan publik');
    await w.chat.say('siti', 'LAN RI');
    if (reply === t.planBiayaInvalid) {
      await w.chat.say('siti', 'Mei 2027');
      await w.chat.say('siti', '2');
    }
    const before = await w.store.getState('console:siti');
    const out = await w.chat.say('siti', answer);
    expect(texts(out)).toContain(reply);
    expect(await w.store.getState('console:siti')).toMatchObject({ step: before!.step, data: before!.data });
    expect(await plan()).toBeUndefined();
  });

  it('sends ONE request listing every item; the atasan decides each with a reason, and the employee hears each decision', async () => {
    await addTeknis();
    await addSeminar();
    const sent = await w.chat.press('siti', 'pl:2027:send');
    expect(texts(forUser(sent, 'siti'))).toContain('2 usulan dikirim ke atasan');
    const req = request(sent)!;
    expect(forUser(sent, 'budi').filter((l) => l.text?.includes('Usulan rencana'))).toHaveLength(1);
    expect(req.text).toContain('1. Pelatihan teknis — Manajemen aset daerah');
    expect(req.text).toContain('*24 JP*');
    expect(req.text).toContain(t.planReasonEveryDecision);
    const ids = buttonIds([req]);
    expect(ids).toEqual([
      `pp:${NIP.siti}:2027:1:2:a`,
      `pp:${NIP.siti}:2027:1:2:r`,
      `pp:${NIP.siti}:2027:1:2:v`,
      `pp:${NIP.siti}:2027:2:2:a`,
      `pp:${NIP.siti}:2027:2:2:r`,
      `pp:${NIP.siti}:2027:2:2:v`,
      `pp:${NIP.siti}:2027:0:1:a`,
    ]);
    expect((await plan())?.items.map((i) => i.status)).toEqual(['diusulkan', 'diusulkan']);

    // Accepting needs a reason too (seed 002 I.7): "lewati" and a word too short are refused.
    const prompt = await w.chat.press('budi', `pp:${NIP.siti}:2027:1:2:a`);
    expect(texts(prompt)).toContain(t.planAskAcceptReason);
    expect(buttonIds(prompt)).toContain(`pd:${NIP.siti}:2027:1:2:a:0`);
    expect(buttonIds(prompt)).not.toContain(`pd:${NIP.siti}:2027:1:2:a:-`);
    expect(texts(await w.chat.say('budi', 'lewati'))).toContain(t.reasonRequired);
    expect(texts(await w.chat.say('budi', 'ok'))).toContain(t.reasonRequired);
    expect((await plan())?.items[0]?.status).toBe('diusulkan');
    const accepted = await w.chat.say('budi', 'Sesuai kebutuhan bidang aset');
    expect(texts(forUser(accepted, 'budi'))).toContain('Tercatat: diterima');
    const toSiti = texts(forUser(accepted, 'siti'));
    expect(toSiti).toContain('Usulan rencana 2027 no. 1 ("Manajemen aset daerah"): *diterima* oleh Budi Santoso');
    expect(toSiti).toContain('Alasan/catatan: Sesuai kebutuhan bidang aset');
    expect(toSiti).toContain('JP rencana 2027 yang diterima: 24 JP dari target 20 JP');

    // A rejection with a preset reason, in one press after the prompt.
    await w.chat.press('budi', `pp:${NIP.siti}:2027:2:2:r`);
    const rejected = await w.chat.press('budi', `pd:${NIP.siti}:2027:2:2:r:1`);
    expect(texts(forUser(rejected, 'siti'))).toContain('*ditolak*');
    expect(texts(forUser(rejected, 'siti'))).toContain(`Alasan/catatan: ${t.planQuickReject[1]}`);
    const stored = await plan();
    expect(stored?.items.map((i) => [i.status, i.history.at(-1)?.reason, i.history.at(-1)?.by])).toEqual([
      ['diterima', 'Sesuai kebutuhan bidang aset', NIP.atasan],
      ['ditolak', t.planQuickReject[1], NIP.atasan],
    ]);
    // An old button of an item already decided changes nothing.
    const again = await w.chat.press('budi', `pp:${NIP.siti}:2027:1:2:r`);
    expect(texts(again)).toContain('sudah diputuskan (diterima)');
    expect((await plan())?.items[0]?.status).toBe('diterima');
    // Nobody else decides: not Siti herself, not another employee.
    expect(texts(await w.chat.press('siti', `pp:${NIP.siti}:2027:1:2:a`))).toContain(t.planNotPermitted);
  });

  it('the atasan accepts every item in one tap with one reason; a return lets the employee change and resend', async () => {
    await addTeknis();
    await addSeminar();
    await addTeknis('Pengadaan barang dan jasa');
    await w.chat.press('siti', 'pl:2027:send');
    await w.chat.press('budi', `pp:${NIP.siti}:2027:3:2:v`);
    const returned = await w.chat.say('budi', 'Perbaiki jadwalnya, bentrok dengan anggaran');
    expect(buttonIds(forUser(returned, 'siti'))).toEqual(['pl:2027:edit:3']);
    await w.chat.press('budi', `pp:${NIP.siti}:2027:0:1:a`);
    const all = await w.chat.press('budi', `pd:${NIP.siti}:2027:0:1:a:0`);
    expect(texts(forUser(all, 'siti'))).toContain('no. 1');
    expect(texts(forUser(all, 'siti'))).toContain('no. 2');
    expect(texts(forUser(all, 'siti'))).not.toContain('no. 3');
    expect((await plan())?.items.map((i) => [i.status, i.history.at(-1)?.reason])).toEqual([
      ['diterima', t.planQuickAccept[0]],
      ['diterima', t.planQuickAccept[0]],
      ['dikembalikan', 'Perbaiki jadwalnya, bentrok dengan anggaran'],
    ]);

    // Siti changes the returned item's schedule and sends again: only it is proposed anew.
    const edit = await w.chat.press('siti', 'pl:2027:edit:3');
    expect(texts(edit)).toContain('Ringkasan usulan rencana 2027');
    await w.chat.press('siti', 'Ubah');
    await w.chat.press('siti', 'Jadwal');
    await w.chat.press('siti', 'Juni');
    await w.chat.say('siti', '24');
    await w.chat.press('siti', 'Simpan');
    expect((await plan())?.items[2]).toMatchObject({ status: 'draf', jadwal: { month: '2027-06' } });
    const resent = await w.chat.press('siti', 'pl:2027:send');
    expect(texts(forUser(resent, 'siti'))).toContain('1 usulan dikirim');
    expect(buttonIds([request(resent)!]).filter((id) => id.startsWith('pp:'))).toEqual([
      `pp:${NIP.siti}:2027:3:5:a`,
      `pp:${NIP.siti}:2027:3:5:r`,
      `pp:${NIP.siti}:2027:3:5:v`,
    ]);
  });

  it('"persetujuan" lists the plans waiting for the atasan, with their buttons; nothing once decided', async () => {
    await addTeknis();
    await w.chat.press('siti', 'pl:2027:send');
    const list = await w.chat.say('budi', 'persetujuan');
    expect(texts(list)).toContain('1 rencana bawahan menunggu keputusan Anda');
    expect(buttonIds(list)).toContain(`pp:${NIP.siti}:2027:1:2:a`);
    await w.chat.press('budi', `pp:${NIP.siti}:2027:1:2:a`);
    await w.chat.press('budi', `pd:${NIP.siti}:2027:1:2:a:2`);
    expect(texts(await w.chat.say('budi', 'persetujuan'))).toContain(t.nothingPendingForYou);
  });

  it('the deadline locks new proposals with a clear message; an admin reopens the plan for one employee', async () => {
    await addTeknis();
    w.clock.set('2026-12-01T03:00:00Z');
    const view = await w.chat.say('siti', 'rencana');
    expect(texts(view)).toContain(t.planDeadlinePassed('30 November 2026'));
    expect(buttonIds(view)).toEqual([]);
    const before = await plan();
    for (const op of ['add', 'send', 'edit:1', 'del:1']) {
      expect(texts(await w.chat.press('siti', `pl:2027:${op}`))).toContain(t.planLocked(2027, '30 November 2026'));
    }
    expect(await plan()).toEqual(before);

    expect(texts(await w.chat.say('budi', `buka rencana ${NIP.siti}`))).toContain(t.planReopenAdminOnly);
    const reopened = await w.chat.say('rina', 'buka rencana 19900315 201503 2 001');
    expect(texts(forUser(reopened, 'rina'))).toContain('dibuka kembali untuk Siti Rahmawati');
    expect(texts(forUser(reopened, 'siti'))).toContain(t.planReopenedToEmployee(2027));
    const sent = await w.chat.press('siti', 'pl:2027:send');
    expect(texts(forUser(sent, 'siti'))).toContain('1 usulan dikirim');
    // A plan of another year takes no proposals (a forged button), and none is created.
    expect(texts(await w.chat.press('siti', 'pl:2035:add'))).toContain(t.planLocked(2035, '30 November 2034'));
    expect(await w.store.getPlan(NIP.siti, 2035)).toBeUndefined();
    // Andi's plan stays locked.
    await w.link('andi', NIP.andi);
    expect(texts(await w.chat.press('andi', 'pl:2027:add'))).toContain(t.planLocked(2027, '30 November 2026'));
  });

  it('BANGKOM_PLAN_DEADLINE (MM-DD) moves the deadline', async () => {
    process.env.BANGKOM_PLAN_DEADLINE = '11-15';
    expect(texts(await w.chat.say('siti', 'rencana'))).toContain(t.planDeadlinePassed('15 November 2026'));
    process.env.BANGKOM_PLAN_DEADLINE = '12-31';
    expect(texts(await w.chat.say('siti', 'rencana'))).toContain('Batas pengusulan: 31 Desember 2026');
  });

  it('"mulai" records the start of an accepted item; once it has ended, "lapor" offers it filled in from the plan', async () => {
    await addTeknis();
    await w.chat.press('siti', 'pl:2027:send');
    await w.chat.press('budi', `pp:${NIP.siti}:2027:1:2:a`);
    await w.chat.press('budi', `pd:${NIP.siti}:2027:1:2:a:0`);

    w.clock.set('2027-03-09T03:00:00Z');
    expect(texts(await w.chat.say('siti', 'mulai'))).toContain(t.planAskStartDate);
    await w.chat.say('siti', '10 Maret 2027');
    await w.chat.say('siti', '12/03/2027');
    expect(texts(await w.chat.say('siti', '12'))).toContain(t.needsLetters);
    await w.chat.say('siti', 'Samarinda');
    const summary = await w.chat.press('siti', 'Sekali');
    expect(texts(summary)).toContain('Tanggal: 10 Maret 2027 – 12 Maret 2027');
    const started = await w.chat.press('siti', 'Simpan');
    expect(texts(started)).toContain('Kegiatan no. 1 tercatat dimulai');
    expect((await plan())?.items[0]?.started).toMatchObject({ start: '2027-03-10', end: '2027-03-12', place: 'Samarinda', pattern: 'sekali' });

    // Before it has ended, "lapor" is an ordinary report.
    expect(texts(await w.chat.say('siti', 'lapor'))).toContain(t.askJalur);
    await w.chat.say('siti', 'batal');

    w.clock.set('2027-03-15T03:00:00Z');
    const offer = await w.chat.say('siti', 'lapor');
    expect(texts(offer)).toContain(t.planReportOffer);
    expect(buttonIds(offer)).toEqual(['pl:2027:report:1', 'pl:2027:report:0']);
    const first = await w.chat.press('siti', 'pl:2027:report:1');
    // Form, title, organiser, dates and JP come from the plan: the next question is the scope.
    expect(texts(first)).toContain(t.askScope);
    await w.chat.press('siti', 'Nasional');
    await w.chat.press('siti', 'Lewati');
    const summaryLines = await w.chat.press('siti', 'Lewati');
    const text = texts(summaryLines);
    expect(text).toContain('Nama kegiatan: Manajemen aset daerah');
    expect(text).toContain('10 Maret 2027 – 12 Maret 2027');
    expect(text).toContain('Rencana: dari rencana 2027 no. 1');
    expect(text).toContain('*24 JP*');
    const submitted = await w.chat.press('siti', 'Kirim ke atasan');
    expect(texts(forUser(submitted, 'budi'))).toContain('Rencana: dari rencana 2027 no. 1');
    const activity = (await w.store.activitiesOf(NIP.siti)).at(-1)!;
    expect(activity.planItem).toEqual({ year: 2027, no: 1 });
    expect((await plan())?.items[0]?.activityId).toBe(activity.id);
    // Reported once: "lapor" no longer offers it.
    expect(texts(await w.chat.say('siti', 'lapor'))).toContain(t.askJalur);
  });

  it('speaks English to an employee who chose it: the plan, its questions and its refusals', async () => {
    const en = catalog('en');
    await w.chat.say('siti', '/bahasa en');
    const view = await w.chat.say('siti', 'my plan');
    expect(texts(view)).toContain('*Competency development plan 2027* — Siti Rahmawati');
    expect(texts(view)).toContain('Proposals close on 30 November 2026.');
    await w.chat.press('siti', 'pl:2027:add');
    await w.chat.say('siti', 'seminar');
    await w.chat.say('siti', 'Public service innovation');
    expect(texts(await w.chat.say('siti', 'LAN RI'))).toContain(en.planAskJadwal(2027));
    expect(texts(await w.chat.say('siti', 'someday'))).toContain(en.planJadwalFormat);
    await w.chat.press('siti', 'May');
    await w.chat.say('siti', '2');
    expect(texts(await w.chat.say('siti', 'lots'))).toContain(en.planBiayaInvalid);
    await w.chat.press('siti', 'No cost');
    await w.chat.press('siti', 'Self-funded');
    const summary = await w.chat.say('siti', 'To learn about service design');
    expect(texts(summary)).toContain('Summary of the 2027 plan proposal');
    expect(texts(summary)).toContain('Funding: Self-funded');
    expect(texts(await w.chat.press('siti', 'Save'))).toContain(en.planItemSaved);
  });

  it('an unplanned report stays allowed and is labelled insidental', async () => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Webinar Literasi Digital');
    await w.chat.say('siti', 'BPSDM Provinsi');
    await w.chat.press('siti', 'Nasional');
    await w.chat.say('siti', '2026-11-10');
    await w.chat.press('siti', 'Sama dengan tanggal mulai');
    await w.chat.press('siti', '1 hari');
    await w.chat.press('siti', 'Tidak ada');
    await w.chat.press('siti', 'Lewati');
    const summary = await w.chat.press('siti', 'Lewati');
    expect(texts(summary)).toContain(`Rencana: ${t.planSourceInsidental}`);
  });
});
