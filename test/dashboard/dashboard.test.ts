import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RekapJsonRow } from '../../src/rekap/formats.js';
import { formatShare } from '../../src/rekap/formats.js';
import { formatNumber } from '../../src/rules/index.js';
import { activity } from '../helpers/activity.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';
import { seedRekap } from '../rekap/seed.js';
import { bangkom } from '../reminders/fixtures.js';
import { makePlan, makePlanItem } from '../store/plan-conformance.js';
import { ARTIFACTS, DashboardServer, idNumber, signIn, TestBrowser } from './world.js';

const NOW = '2026-11-22T03:00:00Z';
/** A name as a roster may hold it: markup characters are text, never markup. */
const TRICKY = { nip: '199105052019031007', name: 'Joko <b>Tebal</b> & "Kutip" <script>window.pwned=1</script>' };

let w: World;
let server: DashboardServer;
let browser: TestBrowser;
/** `bangkom rekap --year 2026 --format json` on the same store. */
let rekapJson: RekapJsonRow[];

const round2 = (n: number) => Math.round(n * 100) / 100;
const shown = (n: number) => formatNumber(n, 'id');

beforeAll(async () => {
  w = await makeWorld({ now: NOW });
  await seedRekap(w);
  await w.store.upsertEmployees([
    { nip: TRICKY.nip, name: TRICKY.name, position: 'Staf', unit: 'Sekretariat', atasanNip: null, role: 'user', updatedAt: NOW },
  ]);
  await w.store.addActivity(activity(NIP.andi, { type: 'seminar', start: '2026-11-10', jp: 4, status: 'pending', pendingSince: '2026-11-20T01:00:00.000Z' }));
  // Plans for the year being prepared (2027 from October): Siti's and Dewi's sent, Andi's still a draft.
  for (const [nip, materi, status] of [
    [NIP.siti, 'Manajemen aset', 'diusulkan'],
    [NIP.orphan, 'Kearsipan digital', 'diusulkan'],
    [NIP.andi, 'Belum dikirim', 'draf'],
  ] as const) {
    const plan = makePlan(nip, 2027, [makePlanItem(1, { materi, status, history: [{ status, by: nip, at: '2026-10-06T01:00:00.000Z' }] })]);
    await w.store.updatePlan(nip, 2027, () => plan);
  }
  await w.link('u-admin', NIP.admin);
  await w.link('u-budi', NIP.atasan);
  await w.link('u-siti', NIP.siti);
  // The CLI reads the lowdb files: the store is closed meanwhile, then reopened as after a restart.
  await w.chat.end();
  await w.store.close();
  const out = await bangkom(w.dbPath, ['rekap', '--year', '2026', '--format', 'json'], NOW);
  expect(out.code, out.stderr).toBe(0);
  rekapJson = JSON.parse(out.stdout) as RekapJsonRow[];
  await w.restart();
  server = await DashboardServer.start(w.store, w.clock);
  vi.stubEnv('BANGKOM_PUBLIC_URL', server.origin);
  browser = await TestBrowser.launch();
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await browser?.close();
  await server?.close();
  await w?.close();
});

/** The sign-in link the chat sends to `user` for "dasbor". */
async function linkFromChat(user: string): Promise<string> {
  const out = await w.chat.say(user, 'dasbor');
  const text = out.map((l) => l.text ?? '').join('\n');
  const m = new RegExp(`${server.origin.replace(/[.]/g, '\\.')}/dasbor/masuk/[A-Za-z0-9_-]{43}`).exec(text);
  if (!m) throw new Error(`no link in ${text}`);
  return m[0];
}

describe('dashboard in a real browser (lowdb)', () => {
  it('an admin signs in with the link from the chat; every unit and employee number equals rekap --format json', async () => {
    const { context, page, blocked } = await browser.context([server.origin]);
    const link = await linkFromChat('u-admin');
    expect(await signIn(page, link)).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/dasbor');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'bangkom_dasbor', httpOnly: true, sameSite: 'Lax', path: '/dasbor' });
    expect(cookie!.expires - Date.now() / 1000).toBeGreaterThan(8 * 3600 - 120);

    const duty = rekapJson.filter((r) => r.targetJp > 0);
    const units = [...new Set(duty.map((r) => r.unit))];
    expect(units.sort()).toEqual(['Bidang SDM', 'Sekretariat']);
    for (const unit of units) {
      const rows = duty.filter((r) => r.unit === unit);
      const met = rows.filter((r) => r.met).length;
      const line = page.locator(`tr[data-unit="${unit}"]`);
      expect(await line.locator('[data-field="employees"]').innerText()).toBe(shown(rows.length));
      expect(await line.locator('[data-field="met"]').innerText()).toBe(shown(met));
      expect(await line.locator('[data-field="share"]').innerText()).toBe(formatShare(met / rows.length));
      expect(idNumber(await line.locator('[data-field="approvedJp"]').innerText())).toBe(round2(rows.reduce((s, r) => s + r.approvedJp, 0)));
      expect(idNumber(await line.locator('[data-field="pendingJp"]').innerText())).toBe(round2(rows.reduce((s, r) => s + r.pendingJp, 0)));
      expect(await line.locator('[data-field="withoutJp"]').innerText()).toBe(shown(rows.filter((r) => r.approvedJp === 0).length));
    }
    expect(await page.locator('[data-total="employees"]').innerText()).toBe(shown(duty.length));
    expect(await page.locator('[data-total="met"]').innerText()).toBe(shown(duty.filter((r) => r.met).length));
    // Reports waiting: Siti's since March (over 14 days), Andi's since two days.
    const waiting = page.locator('svg[data-chart="pending-age"] g');
    expect(await waiting.evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-label'), g.getAttribute('data-value')]))).toEqual([
      ['kurang dari 3 hari', '1'],
      ['3 – 7 hari', '0'],
      ['8 – 14 hari', '0'],
      ['lebih dari 14 hari', '1'],
    ]);

    // Stuck approvals: Siti's report has waited since 1 March; Andi's (two days) is not stuck yet.
    expect(await page.locator('[data-table="stuck"] tr[data-stuck]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-stuck')))).toEqual([NIP.siti]);
    expect(await page.locator('table[data-table="stuck"] th').last().innerText()).toBe('Lama menunggu (hari)');
    expect(await page.locator(`tr[data-stuck="${NIP.siti}"] [data-field="oldestDays"]`).innerText()).toBe('266');

    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview.png'), fullPage: true });
    expect((await stat(join(ARTIFACTS, 'dashboard-overview.png'))).size).toBeGreaterThan(10_000);

    for (const unit of units) {
      await Promise.all([page.waitForNavigation(), page.locator(`tr[data-unit="${unit}"] a`).click()]);
      for (const r of rekapJson.filter((x) => x.unit === unit)) {
        const row = page.locator(`tr[data-nip="${r.nip}"]`);
        expect(idNumber(await row.locator('[data-field="approvedJp"]').innerText())).toBe(r.approvedJp);
        expect(idNumber(await row.locator('[data-field="pendingJp"]').innerText())).toBe(r.pendingJp);
      }
      expect(await page.locator('tr[data-nip]').count()).toBe(rekapJson.filter((x) => x.unit === unit).length);
      await page.goBack();
    }
    expect(blocked).toEqual([]);
    await context.close();
  });

  it('fits a phone screen: no sideways scrolling of the page', async () => {
    const { context, page } = await browser.context([server.origin], { width: 375, height: 740 });
    await signIn(page, await server.link(w.store, NIP.admin, w.clock.now()));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview-phone.png'), fullPage: true });
    await context.close();
  });

  it('an atasan sees their subordinates only: another unit and another employee are 403', async () => {
    const { context, page } = await browser.context([server.origin]);
    await signIn(page, await linkFromChat('u-budi'));
    expect(await page.locator('tr[data-unit]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')))).toEqual(['Bidang SDM']);
    expect(await page.locator('[data-total="employees"]').innerText()).toBe('2');

    const other = await page.goto(`${server.origin}/dasbor/unit/Sekretariat`);
    expect(other?.status()).toBe(403);
    expect(await page.locator('main').innerText()).toContain('tidak termasuk unit yang dapat Anda lihat');
    expect(await page.locator('table').count()).toBe(0);
    for (const nip of [NIP.admin, NIP.orphan, '199901012020011999']) {
      expect((await page.goto(`${server.origin}/dasbor/pegawai/${nip}`))?.status()).toBe(403);
    }

    const own = await page.goto(`${server.origin}/dasbor/unit/Bidang%20SDM`);
    expect(own?.status()).toBe(200);
    expect((await page.locator('tr[data-nip]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-nip')))).sort()).toEqual(
      [NIP.andi, NIP.siti].sort(),
    );
    const siti = await page.goto(`${server.origin}/dasbor/pegawai/${NIP.siti}`);
    expect(siti?.status()).toBe(200);
    expect(await page.locator('[data-field="status"]').allInnerTexts()).toEqual(['menunggu persetujuan', 'disetujui']);

    const xlsx = await page.request.get(`${server.origin}/dasbor/unduh/rekap-2026.xlsx`);
    expect(xlsx.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const names: string[] = [];
    wb.getWorksheet('Pegawai')!.eachRow((row, n) => n > 1 && names.push(String(row.getCell(2).value)));
    expect(names.sort()).toEqual(['Andi Wijaya', 'Siti Rahmawati']);
    const siasn = await page.request.get(`${server.origin}/dasbor/unduh/siasn-2026.csv`);
    expect(await siasn.text()).not.toContain(NIP.admin);
    await context.close();
  });

  it('downloads: the plan of the year being prepared, when sent, of the employees the viewer sees', async () => {
    const planNames = async (nip: string) => {
      const { context, page } = await browser.context([server.origin]);
      await signIn(page, await server.link(w.store, nip, w.clock.now()));
      await page.goto(`${server.origin}/dasbor/unduh`);
      const links = await page.locator('ul.downloads a').allInnerTexts();
      const res = await page.request.get(`${server.origin}/dasbor/unduh/rencana-2027.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
      const materi: string[] = [];
      const sheet = wb.getWorksheet('Rencana')!;
      const col = (sheet.getRow(1).values as unknown[]).findIndex((v) => String(v).toLowerCase().includes('materi'));
      sheet.eachRow((row, n) => n > 1 && materi.push(String(row.getCell(col).value)));
      await context.close();
      return { links, materi: materi.sort() };
    };
    expect(await planNames(NIP.admin)).toEqual({
      links: ['Rekap JP 2026 (XLSX)', 'Ekspor SIASN 2026 (XLSX)', 'CSV', 'Rencana pengembangan kompetensi 2027 (XLSX)'],
      materi: ['Kearsipan digital', 'Manajemen aset'],
    });
    expect((await planNames(NIP.atasan)).materi).toEqual(['Manajemen aset']);
  });

  it('someone with no subordinates asking "dasbor" is refused politely, in their language, and gets no link', async () => {
    const { id } = await import('../../src/engine/i18n/id.js');
    const { en } = await import('../../src/engine/i18n/en.js');
    expect((await w.chat.say('u-siti', 'dasbor')).map((l) => l.text)).toEqual([id.dashboardNotAllowed]);
    await w.chat.say('u-siti', '/bahasa en');
    expect((await w.chat.say('u-siti', '/dasbor')).map((l) => l.text)).toEqual([en.dashboardNotAllowed]);
    await w.chat.say('u-siti', '/bahasa id');
  });

  const ages: [string, number, number][] = [
    ['14 minutes old: signs in', 14, 200],
    ['exactly 15 minutes old: refused', 15, 403],
    ['16 minutes old: refused', 16, 403],
  ];
  it.each(ages)('a link %s', async (_name, minutes, status) => {
    const issuedAt = w.clock.now();
    const link = await server.link(w.store, NIP.admin, issuedAt);
    w.clock.set(new Date(issuedAt.getTime() + minutes * 60_000).toISOString());
    try {
      const { context, page } = await browser.context([server.origin]);
      const shownPage = await page.goto(link);
      if (status === 200) {
        expect(await signIn(page, link)).toBe(200);
      } else {
        expect(shownPage?.status()).toBe(403);
        expect(await page.locator('main').innerText()).toContain('sudah kedaluwarsa');
        expect(await page.getByRole('button', { name: 'Masuk' }).count()).toBe(0);
        // Pressing anyway (a page kept open too long) gives nothing either.
        const pressed = await page.request.post(link, { maxRedirects: 0 });
        expect(pressed.status()).toBe(403);
        expect(await context.cookies()).toEqual([]);
        expect((await page.goto(`${server.origin}/dasbor`))?.status()).toBe(401);
      }
      await context.close();
    } finally {
      w.clock.set(issuedAt.toISOString());
    }
  });

  it('a used link is refused; of two presses at the same moment exactly one gets a session', async () => {
    const link = await server.link(w.store, NIP.admin, w.clock.now());
    const first = await browser.context([server.origin]);
    expect(await signIn(first.page, link)).toBe(200);
    const second = await browser.context([server.origin]);
    expect((await second.page.goto(link))?.status()).toBe(403);
    expect(await second.page.locator('main').innerText()).toContain('sudah dipakai');
    expect(await second.context.cookies()).toEqual([]);
    await first.context.close();
    await second.context.close();

    const raced = await server.link(w.store, NIP.admin, w.clock.now());
    const presses = await Promise.all([1, 2, 3].map(() => fetch(raced, { method: 'POST', redirect: 'manual' })));
    expect(presses.map((r) => r.status).sort()).toEqual([303, 403, 403]);
    expect(presses.filter((r) => r.headers.get('set-cookie'))).toHaveLength(1);
  });

  const forged: [string, string][] = [
    ['random token of the right shape', 'A'.repeat(43)],
    ['too short', 'abc'],
    ['a session token used as a link', 'SESSION'],
  ];
  it.each(forged)('a forged link (%s) gets a clear page and nothing else', async (_name, token) => {
    let t = token;
    if (token === 'SESSION') {
      const res = await fetch(await server.link(w.store, NIP.admin, w.clock.now()), { method: 'POST', redirect: 'manual' });
      t = /bangkom_dasbor=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
    }
    const { context, page } = await browser.context([server.origin]);
    expect((await page.goto(`${server.origin}/dasbor/masuk/${t}`))?.status()).toBe(403);
    expect(await page.locator('main').innerText()).toContain('Tautan ini tidak dikenal');
    expect(await page.locator('main a, main table, main form').count()).toBe(0);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('shows roster text as text (no markup from a name), and signing out ends the session', async () => {
    const { context, page } = await browser.context([server.origin]);
    await signIn(page, await server.link(w.store, NIP.admin, w.clock.now()));
    await page.goto(`${server.origin}/dasbor/pegawai/${TRICKY.nip}`);
    expect(await page.locator('h1').innerText()).toBe(TRICKY.name);
    expect(await page.locator('script, h1 b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Keluar' }).click()]);
    expect(await page.locator('main').innerText()).toContain('Anda sudah keluar');
    expect((await page.goto(`${server.origin}/dasbor`))?.status()).toBe(401);
    await context.close();
  });

  it("downloads an employee's Kartu Data and a certificate from their page", async () => {
    const bytes = new TextEncoder().encode('%PDF-1.4 bukti');
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(bytes).digest('hex');
    const path = await w.store.putEvidence({ hash, mime: 'application/pdf', ext: '.pdf', bytes });
    await w.store.addActivity(
      activity(NIP.andi, { type: 'kursus', start: '2026-06-01', jp: 2, evidence: { hash, name: 'sertifikat-andi.pdf', mime: 'application/pdf', size: bytes.length, path } }),
    );
    const { context, page } = await browser.context([server.origin]);
    await signIn(page, await server.link(w.store, NIP.admin, w.clock.now()));
    await page.goto(`${server.origin}/dasbor/pegawai/${NIP.andi}`);
    const [card] = await Promise.all([page.waitForEvent('download'), page.getByText('Unduh Kartu Data').click()]);
    expect(card.suggestedFilename()).toBe('Kartu Data Andi Wijaya.pdf');
    const cardBytes = await stat((await card.path())!);
    expect(cardBytes.size).toBeGreaterThan(1000);
    const [evidence] = await Promise.all([page.waitForEvent('download'), page.getByText('sertifikat-andi.pdf').click()]);
    expect(evidence.suggestedFilename()).toBe('sertifikat-andi.pdf');
    await context.close();
  });
});
