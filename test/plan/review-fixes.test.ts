import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { shortLabel } from '../../src/engine/dialog-kit/index.js';
import { catalog } from '../../src/engine/i18n/index.js';
import type { Plan, PlanItem } from '../../src/domain/types.js';
import { mayEdit, maySend } from '../../src/engine/plan/plan-ops.js';
import { rencanaRows } from '../../src/cli/commands/rencana-data.js';
import { rencanaCsv, rencanaTable, rencanaXlsx } from '../../src/cli/commands/rencana-formats.js';
import { kartuData, kartuToPdf, kartuToXlsx } from '../../src/kartu/index.js';
import { activity } from '../helpers/activity.js';
import { buttonIds, forUser, makeWorld, NIP, texts, type OutLine, type World } from '../helpers/script-driver.js';
import { pdfPages } from '../kartu/pdf-text.js';
import { makePlan, makePlanItem } from '../store/plan-conformance.js';

const t = catalog('id');
const en = catalog('en');
let w: World;
beforeEach(async () => {
  // 22 November 2026: the plan being prepared is 2027's, open until 30 November 2026.
  w = await makeWorld({ now: '2026-11-22T03:00:00Z' });
  await w.link('siti', NIP.siti);
  await w.link('budi', NIP.atasan);
  await w.link('rina', NIP.admin);
});
afterEach(async () => w.close());

const plan = () => w.store.getPlan(NIP.siti, 2027);
const pause = () => w.clock.set(new Date(w.clock.now().getTime() + 3 * 60_000).toISOString());
/** No half of a surrogate pair (what a cut in the middle of an emoji leaves). */
const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
const labels = (lines: OutLine[]) => lines.flatMap((l) => (l.buttons ?? []).flat().map((b) => b.label));
const setPlan = (p: Plan) => w.store.updatePlan(p.nip, p.year, () => p);

const history = (...statuses: PlanItem['status'][]): PlanItem['history'] =>
  statuses.map((status, i) => ({ status, by: status === 'draf' || status === 'diusulkan' ? NIP.siti : NIP.atasan, at: `2026-10-0${i + 1}T01:00:00.000Z`, ...(status === 'diterima' || status === 'dikembalikan' || status === 'ditolak' ? { reason: 'Alasan atasan' } : {}) }));
const accepted = (no: number, over: Partial<PlanItem> = {}) => makePlanItem(no, { status: 'diterima', history: history('draf', 'diusulkan', 'diterima'), ...over });

/** Adds a "Pelatihan teknis" item of 24 JP in March through the chat, up to its summary. */
async function toSummary(materi = 'Manajemen aset daerah'): Promise<OutLine[]> {
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
  return w.chat.say('siti', 'Kesenjangan kompetensi pengelolaan aset');
}

describe('a returned item after the deadline (defect 1)', () => {
  it('can be changed and sent again; new and draft items stay locked; the view offers Ubah and Kirim', async () => {
    await toSummary();
    await w.chat.press('siti', 'Simpan');
    await w.chat.press('siti', 'pl:2027:send');
    await w.chat.press('budi', `pp:${NIP.siti}:2027:1:2:v`);
    await w.chat.say('budi', 'Perbaiki jadwalnya');
    await toSummary('Pengadaan barang dan jasa');
    await w.chat.press('siti', 'Simpan');

    w.clock.set('2026-12-05T03:00:00Z');
    const view = await w.chat.say('siti', 'rencana');
    expect(texts(view)).toContain(t.planDeadlinePassed('30 November 2026'));
    expect(buttonIds(view)).toEqual(['pl:2027:send', 'pl:2027:edit']);
    // Only the returned item is offered for a change; the draft is locked.
    expect(buttonIds(await w.chat.press('siti', 'pl:2027:edit'))).toEqual(['pl:2027:edit:1']);
    expect(texts(await w.chat.press('siti', 'pl:2027:edit:2'))).toContain(t.planLocked(2027, '30 November 2026'));
    expect(texts(await w.chat.press('siti', 'pl:2027:add'))).toContain(t.planLocked(2027, '30 November 2026'));

    pause();
    expect(texts(await w.chat.press('siti', 'pl:2027:edit:1'))).toContain('Ringkasan usulan rencana 2027');
    await w.chat.press('siti', 'Ubah');
    await w.chat.press('siti', 'Jadwal');
    await w.chat.press('siti', 'Juni');
    await w.chat.say('siti', '24');
    const saved = await w.chat.press('siti', 'Simpan');
    expect(texts(saved)).toContain(t.planItemChanged);
    expect(buttonIds(saved)).toEqual(['pl:2027:send', 'pl:2027:edit']);
    const sent = await w.chat.press('siti', 'pl:2027:send');
    expect(texts(forUser(sent, 'siti'))).toContain('1 usulan dikirim');
    expect((await plan())?.items.map((i) => [i.no, i.status, 'month' in i.jadwal ? i.jadwal.month : ''])).toEqual([
      [1, 'diusulkan', '2027-06'],
      [2, 'draf', '2027-03'],
    ]);
    // Nothing more to send: the draft stays locked.
    expect(texts(await w.chat.press('siti', 'pl:2027:send'))).toContain(t.planLocked(2027, '30 November 2026'));
  });
});

describe('who may change or send an item, by the plan\'s lock (defect 1)', () => {
  const returned = history('draf', 'diusulkan', 'dikembalikan');
  it.each([
    ['a new draft, open', 'draf', history('draf'), 'open', true],
    ['a new draft, past the deadline', 'draf', history('draf'), 'deadline', false],
    ['a returned item, past the deadline', 'dikembalikan', returned, 'deadline', true],
    ['a returned item changed since (a draft again), past the deadline', 'draf', [...returned, ...history('draf')], 'deadline', true],
    ['a returned item of a year that takes no proposals', 'dikembalikan', returned, 'closed', false],
    ['a proposed item, open', 'diusulkan', history('draf', 'diusulkan'), 'open', false],
    ['an accepted item, past the deadline', 'diterima', history('draf', 'diusulkan', 'diterima'), 'deadline', false],
  ] as const)('%s: %s', (_name, status, hist, lock, may) => {
    const item = makePlanItem(1, { status, history: [...hist] });
    expect(mayEdit(item, lock)).toBe(may);
    expect(maySend(item, lock)).toBe(may);
  });

  it('a returned item of a past year\'s plan stays locked', async () => {
    await setPlan(makePlan(NIP.siti, 2026, [makePlanItem(1, { jadwal: { month: '2026-03' }, status: 'dikembalikan', history: history('draf', 'diusulkan', 'dikembalikan') })]));
    w.clock.set('2027-12-05T03:00:00Z');
    expect(texts(await w.chat.press('siti', 'pl:2026:edit:1'))).toContain(t.planLocked(2026, '30 November 2025'));
    expect(texts(await w.chat.press('siti', 'pl:2026:send'))).toContain(t.planLocked(2026, '30 November 2025'));
  });
});

describe('button labels cut from user text (defect 2)', () => {
  it.each([
    ['short text', 'Aset', 40, 'Aset'],
    ['exactly the limit', 'a'.repeat(40), 40, 'a'.repeat(40)],
    ['an emoji across the cut', `${'a'.repeat(38)}😀😀 lagi`, 40, `${'a'.repeat(38)}😀…`],
    ['emoji only', '😀'.repeat(50), 40, `${'😀'.repeat(39)}…`],
  ])('shortLabel: %s', (_name, text, max, want) => {
    const got = shortLabel(text, max);
    expect(got).toBe(want);
    expect(wellFormed(got)).toBe(true);
    expect(Array.from(got).length).toBeLessThanOrEqual(max);
  });

  // "1. " + 39 letters: the emoji takes UTF-16 units 39 and 40 of the materi, where a cut at 40 splits it.
  const emoji = `${'a'.repeat(39)}😀 dan lainnya`;
  it.each([
    ['the change pick', 'pl:2027:edit', () => makePlan(NIP.siti, 2027, [makePlanItem(1, { materi: emoji }), makePlanItem(2)])],
    ['the remove pick', 'pl:2027:del', () => makePlan(NIP.siti, 2027, [makePlanItem(1, { materi: emoji }), makePlanItem(2)])],
    ['the start pick', 'pl:2027:start', () => makePlan(NIP.siti, 2027, [accepted(1, { materi: emoji }), accepted(2)])],
  ])('%s shows whole characters (an emoji at the cut does not crash the turn)', async (_name, press, build) => {
    await setPlan(build());
    const out = await w.chat.press('siti', press);
    const own = labels(out).filter((l) => l.startsWith('1. '));
    expect(own).toHaveLength(1);
    expect(wellFormed(own[0]!)).toBe(true);
  });

  it('"lapor" offers an ended item with an emoji at the cut', async () => {
    await setPlan(makePlan(NIP.siti, 2027, [accepted(1, { materi: emoji, jadwal: { start: '2027-03-10', end: '2027-03-12' } })]));
    w.clock.set('2027-03-20T03:00:00Z');
    const out = await w.chat.say('siti', 'lapor');
    expect(buttonIds(out)).toContain('pl:2027:report:1');
    expect(labels(out).every(wellFormed)).toBe(true);
  });
});

describe('typing at the plan item and "mulai" summaries (defect 3)', () => {
  it.each([
    ['kirim', t.planItemSaved],
    ['simpan', t.planItemSaved],
    ['apa ini', t.planSummaryHint],
  ])('the plan item summary takes "%s"', async (word, reply) => {
    await toSummary();
    const out = await w.chat.say('siti', word);
    expect(texts(out)).toContain(reply);
    expect(texts(out)).not.toContain(t.summaryHint);
    expect((await plan())?.items.length ?? 0).toBe(reply === t.planItemSaved ? 1 : 0);
  });

  it.each([
    ['kirim', true],
    ['apa ini', false],
  ])('the "mulai" summary takes "%s"', async (word, saves) => {
    await setPlan(makePlan(NIP.siti, 2027, [accepted(1)]));
    w.clock.set('2027-03-09T03:00:00Z');
    await w.chat.say('siti', 'mulai');
    await w.chat.say('siti', '10 Maret 2027');
    await w.chat.say('siti', '12/03/2027');
    await w.chat.say('siti', 'Samarinda');
    await w.chat.press('siti', 'Sekali');
    const out = await w.chat.say('siti', word);
    expect(texts(out)).not.toContain(t.summaryHint);
    if (!saves) expect(texts(out)).toContain(t.planSummaryHint);
    expect(Boolean((await plan())?.items[0]?.started)).toBe(saves);
  });
});

describe('the JP bound (defect 4)', () => {
  it.each([
    ['1000', true],
    ['1000 JP', true],
    ['1001', false],
    ['99999999', false],
  ])('a planned JP of %s: taken %s', async (answer, taken) => {
    pause();
    await w.chat.press('siti', 'pl:2027:add');
    await w.chat.press('siti', 'Pelatihan klasikal');
    await w.chat.press('siti', 'Pelatihan teknis');
    await w.chat.say('siti', 'Manajemen aset daerah');
    await w.chat.say('siti', 'BPSDM Provinsi Kaltim');
    await w.chat.press('siti', 'Maret');
    const out = await w.chat.say('siti', answer);
    if (taken) expect(texts(out)).toContain(t.planAskBiaya);
    else {
      expect(texts(out)).toContain(t.jpTooLarge(1000));
      expect((await w.store.getState('console:siti'))?.step).toBe('amount');
    }
  });

  it.each([
    ['1000', true],
    ['5000', false],
  ])("the report's certificate JP of %s: taken %s", async (answer, taken) => {
    await w.chat.say('siti', 'lapor webinar');
    await w.chat.say('siti', 'Webinar Literasi Digital');
    await w.chat.say('siti', 'BPSDM Provinsi');
    await w.chat.press('siti', 'Nasional');
    await w.chat.say('siti', '2026-11-10');
    await w.chat.press('siti', 'Sama dengan tanggal mulai');
    await w.chat.press('siti', '1 hari');
    const before = await w.store.getState('console:siti');
    expect(before?.step).toBe('certjp');
    const out = await w.chat.say('siti', answer);
    expect(texts(out).includes(t.jpTooLarge(1000))).toBe(!taken);
    expect((await w.store.getState('console:siti'))?.step === 'certjp').toBe(!taken);
  });

  it('says it in English too', () => {
    expect(en.jpTooLarge(1000)).toContain('1,000 JP');
    expect(t.jpTooLarge(1000)).toContain('1.000 JP');
  });
});

describe('an item planned for a month only (defect 5)', () => {
  it('"lapor" offers it once the month is over, and the report asks its dates', async () => {
    await setPlan(makePlan(NIP.siti, 2027, [accepted(1, { materi: 'Aset bulan Juni', jadwal: { month: '2027-06' } })]));
    w.clock.set('2027-06-20T03:00:00Z');
    expect(buttonIds(await w.chat.say('siti', 'lapor'))).not.toContain('pl:2027:report:1');
    await w.chat.say('siti', 'batal');
    w.clock.set('2027-07-01T03:00:00Z');
    const offer = await w.chat.say('siti', 'lapor');
    expect(texts(offer)).toContain(t.planReportOffer);
    expect(buttonIds(offer)).toEqual(['pl:2027:report:1', 'pl:2027:report:0']);
    const first = await w.chat.press('siti', 'pl:2027:report:1');
    expect(texts(first)).toContain(t.planReportAskDates);
    // Form, title and organiser come from the plan; the scope, then the dates, are asked.
    expect(texts(first)).toContain(t.askScope);
    expect(texts(await w.chat.press('siti', 'Nasional'))).toContain(t.askStart);
  });
});

describe('a planned item whose report was rejected or cancelled (defect 6)', () => {
  it.each([
    ['rejected', 'rejected' as const, true],
    ['cancelled', 'cancelled' as const, true],
    ['pending', 'pending' as const, false],
    ['approved', 'approved' as const, false],
  ])('a %s report: the item is offered again: %s', async (_name, status, offered) => {
    const old = activity(NIP.siti, { type: 'pelatihan-teknis', start: '2027-03-10', end: '2027-03-12', jp: 24, status, planItem: { year: 2027, no: 1 } });
    await w.store.addActivity(old);
    await setPlan(makePlan(NIP.siti, 2027, [accepted(1, { jadwal: { start: '2027-03-10', end: '2027-03-12' }, activityId: old.id })]));
    w.clock.set('2027-03-20T03:00:00Z');
    const offer = await w.chat.say('siti', 'lapor');
    expect(buttonIds(offer).includes('pl:2027:report:1')).toBe(offered);
    const rows = await rencanaRows(w.store, 2027);
    expect(rows[0]?.kegiatanId).toBe(offered ? null : old.id);
  });

  it('reported again from the plan, the item links the new report', async () => {
    const old = activity(NIP.siti, { type: 'pelatihan-teknis', start: '2027-03-10', end: '2027-03-12', jp: 24, status: 'rejected', planItem: { year: 2027, no: 1 } });
    await w.store.addActivity(old);
    await setPlan(makePlan(NIP.siti, 2027, [accepted(1, { jadwal: { start: '2027-03-10', end: '2027-03-12' }, activityId: old.id })]));
    w.clock.set('2027-03-20T03:00:00Z');
    await w.chat.press('siti', 'pl:2027:report:1');
    await w.chat.press('siti', 'Nasional');
    await w.chat.press('siti', 'Lewati');
    await w.chat.press('siti', 'Lewati');
    await w.chat.press('siti', 'Kirim ke atasan');
    const fresh = (await w.store.activitiesOf(NIP.siti)).find((a) => a.id !== old.id);
    expect(fresh?.planItem).toEqual({ year: 2027, no: 1 });
    expect((await plan())?.items[0]?.activityId).toBe(fresh!.id);
  });
});

describe('decisions on a plan (defects 7 and 8)', () => {
  const proposed = () => makePlan(NIP.siti, 2027, [makePlanItem(1, { status: 'diusulkan', history: history('draf', 'diusulkan') }), makePlanItem(2, { status: 'diusulkan', history: history('draf', 'diusulkan') })], { round: 1 });

  it.each([
    ['accept', 'a', t.planQuickAccept[0]!],
    ['reject', 'r', t.planQuickReject[1]!],
    ['return', 'v', t.planQuickReturn[2]!],
  ])('a quick reason to %s picked by an atasan who reads English is stored and told in Indonesian', async (_name, code, reason) => {
    await setPlan(proposed());
    await w.chat.say('budi', '/bahasa en');
    const idx = code === 'a' ? 0 : code === 'r' ? 1 : 2;
    await w.chat.press('budi', `pp:${NIP.siti}:2027:1:2:${code}`);
    const out = await w.chat.press('budi', `pd:${NIP.siti}:2027:1:2:${code}:${idx}`);
    expect((await plan())?.items[0]?.history.at(-1)?.reason).toBe(reason);
    expect(texts(forUser(out, 'siti'))).toContain(`Alasan/catatan: ${reason}`);
    expect(texts(await w.chat.say('siti', 'rencana'))).toContain(`("${reason}")`);
  });

  it('a typed reason stays as typed', async () => {
    await setPlan(proposed());
    await w.chat.say('budi', '/bahasa en');
    await w.chat.press('budi', `pp:${NIP.siti}:2027:1:2:a`);
    await w.chat.say('budi', 'Fits the job well');
    expect((await plan())?.items[0]?.history.at(-1)?.reason).toBe('Fits the job well');
  });

  it.each([
    ['an item that is not in the plan', 'budi', `pp:${NIP.siti}:2027:9:2:a`, t.planNotFound],
    ['a plan that does not exist', 'budi', `pp:${NIP.siti}:2026:1:2:a`, t.planNotFound],
    ['the owner herself', 'siti', `pp:${NIP.siti}:2027:1:2:a`, t.planNotPermitted],
  ])('a press on %s names the plan proposal', async (_name, who, press, reply) => {
    await setPlan(proposed());
    const out = await w.chat.press(who, press);
    expect(texts(out)).toContain(reply);
    expect(texts(out)).not.toContain('laporan');
  });

  it('"terima semua" confirms "diterima", not "semua sudah diputuskan"', async () => {
    await setPlan(proposed());
    await w.chat.press('budi', `pp:${NIP.siti}:2027:0:1:a`);
    const out = await w.chat.press('budi', `pd:${NIP.siti}:2027:0:1:a:0`);
    expect(texts(forUser(out, 'budi'))).toContain('Tercatat: diterima');
    expect(texts(out)).not.toContain(t.planAllDecidedLabel);
  });
});

describe('the six-month rating in the exports (defect 9)', () => {
  async function rated() {
    const a = activity(NIP.siti, {
      type: 'pelatihan-teknis',
      start: '2027-03-10',
      jp: 24,
      title: 'Manajemen aset',
      planItem: { year: 2027, no: 1 },
      evaluation: { gap: 'sedang', note: 'Perlu pendampingan', by: NIP.atasan, at: '2027-09-20T00:00:00.000Z' },
    });
    await w.store.addActivity(a);
    await setPlan(makePlan(NIP.siti, 2027, [accepted(1, { activityId: a.id })]));
  }

  it('rencana CSV, XLSX and table have "Evaluasi 6 bulan"', async () => {
    await rated();
    const rows = await rencanaRows(w.store, 2027);
    const csv = rencanaCsv(rows);
    expect(csv.split('\n')[0]).toContain('evaluasi');
    expect(csv).toContain('sedang — Perlu pendampingan');
    const table = rencanaTable(rows, 2027);
    expect(table).toContain('Evaluasi 6 bulan');
    expect(table).toContain('sedang — Perlu pendampingan');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await rencanaXlsx(rows, 2027)) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Rencana')!;
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const col = header.indexOf('Evaluasi 6 bulan');
    expect(col).toBeGreaterThan(0);
    expect(ws.getRow(2).getCell(col).value).toBe('sedang — Perlu pendampingan');
  });

  it('the Kartu Data PDF and XLSX have "Evaluasi 6 bulan"', async () => {
    await rated();
    const card = (await kartuData(w.store, NIP.siti, { now: new Date('2027-10-01T03:00:00Z'), tz: 'Asia/Jakarta', profile: 'lan-2018' }))!;
    const pages = await pdfPages(await kartuToPdf(card));
    expect(pages.join(' ')).toContain('Evaluasi 6 bulan');
    // A narrow column wraps the note, inside a word too: compared without the spaces.
    expect(pages.join('').replace(/\s+/g, '')).toContain('sedang—Perlupendampingan');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await kartuToXlsx(card)) as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain('Evaluasi 6 bulan');
    expect(cells).toContain('sedang — Perlu pendampingan');
  });
});

describe('limits of one plan (defects 11, 12, 13)', () => {
  it('a plan holds at most 30 items, so that its request keeps under 100 buttons', async () => {
    const items = Array.from({ length: 29 }, (_, i) => makePlanItem(i + 1));
    await setPlan(makePlan(NIP.siti, 2027, items));
    await toSummary();
    expect(texts(await w.chat.press('siti', 'Simpan'))).toContain(t.planItemSaved);
    expect(texts(await w.chat.press('siti', 'pl:2027:add'))).toContain(t.planFull(30));
    const sent = await w.chat.press('siti', 'pl:2027:send');
    const request = forUser(sent, 'budi').find((l) => l.text?.includes('Usulan rencana'))!;
    expect((request.buttons ?? []).flat().length).toBeLessThanOrEqual(100);
    expect((await plan())?.items).toHaveLength(30);
  });

  it('an admin cannot reopen their own plan', async () => {
    w.clock.set('2026-12-05T03:00:00Z');
    const out = await w.chat.say('rina', `buka rencana ${NIP.admin}`);
    expect(texts(out)).toContain(t.planReopenOwn);
    expect(await w.store.getPlan(NIP.admin, 2027)).toBeUndefined();
  });

  it('item numbers used up: adding is refused politely', async () => {
    await setPlan(makePlan(NIP.siti, 2027, [], { nextNo: 1000 }));
    expect(texts(await w.chat.press('siti', 'pl:2027:add'))).toContain(t.planNumbersUsedUp);
    expect((await plan())?.items).toEqual([]);
  });

  it('an item changed too often: changing is refused politely, before the record is full', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ status: (i % 2 ? 'dikembalikan' : 'diusulkan') as PlanItem['status'], by: NIP.siti, at: '2026-10-01T01:00:00.000Z' }));
    await setPlan(makePlan(NIP.siti, 2027, [makePlanItem(1, { status: 'dikembalikan', history: many })]));
    expect(texts(await w.chat.press('siti', 'pl:2027:edit:1'))).toContain(t.planItemTooManyChanges(1));
    expect(texts(await w.chat.press('siti', 'pl:2027:send'))).not.toContain('usulan dikirim');
    expect((await plan())?.items[0]?.history).toHaveLength(1000);
  });
});

describe('the Mulai button (quirk)', () => {
  it.each([
    ['a live report', 'pending' as const, false],
    ['a rejected report', 'rejected' as const, true],
  ])('an accepted item with %s: Mulai offered %s', async (_name, status, offered) => {
    const a = activity(NIP.siti, { type: 'pelatihan-teknis', start: '2027-03-10', jp: 24, status, planItem: { year: 2027, no: 1 } });
    await w.store.addActivity(a);
    await setPlan(makePlan(NIP.siti, 2027, [accepted(1, { activityId: a.id })]));
    expect(buttonIds(await w.chat.say('siti', 'rencana')).includes('pl:2027:start')).toBe(offered);
    if (!offered) expect(texts(await w.chat.press('siti', 'pl:2027:start:1'))).toContain(t.planAlreadyReported(1));
  });
});
