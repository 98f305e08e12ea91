import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/domain/roster.js';
import type { RekapJsonRow } from '../../src/rekap/formats.js';
import { formatShare } from '../../src/rekap/formats.js';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { NIP, ROSTER_CSV, TestClock, type World } from '../helpers/script-driver.js';
import { runCli } from '../multiprocess/assistant-process.js';
import { freshDatabase, type FreshDatabase } from '../pg/database.js';
import { seedRekap } from '../rekap/seed.js';
import { DashboardServer, idNumber, signIn, TestBrowser } from './world.js';

const NOW = '2026-11-22T03:00:00.000Z';

/** Two assistant processes' worth of dashboard on one database: each its own store (pool) and server. */
let db: FreshDatabase;
let stores: PgStore[] = [];
let servers: DashboardServer[] = [];
let browser: TestBrowser;
const clock = new TestClock(new Date(NOW));

beforeAll(async () => {
  db = await freshDatabase();
  stores = [new PgStore(db.url), new PgStore(db.url)];
  for (const s of stores) await s.open();
  await importRoster(stores[0]!, ROSTER_CSV, clock.now());
  await seedRekap({ store: stores[0]! } as unknown as World);
  servers = await Promise.all(stores.map((s) => DashboardServer.start(s, clock)));
  browser = await TestBrowser.launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
  for (const s of stores) await s.close();
  await db?.drop();
});

describe('dashboard on PostgreSQL, two processes on one database', () => {
  it('one link pressed in both processes at once gives exactly one session; the session works in the other process too', async () => {
    const [a, b] = servers as [DashboardServer, DashboardServer];
    for (let round = 0; round < 5; round++) {
      const link = await a.link(stores[0]!, NIP.admin, clock.now());
      const token = link.slice(link.lastIndexOf('/') + 1);
      const presses = await Promise.all(
        [a, b, a, b].map((s) => fetch(`${s.origin}/dasbor/masuk/${token}`, { method: 'POST', redirect: 'manual' })),
      );
      expect(presses.map((r) => r.status).sort()).toEqual([303, 403, 403, 403]);
    }

    const { context, page } = await browser.context([a.origin, b.origin]);
    expect(await signIn(page, await a.link(stores[1]!, NIP.admin, clock.now()))).toBe(200);
    const [cookie] = await context.cookies(`${a.origin}/dasbor`);
    const elsewhere = await fetch(`${b.origin}/dasbor`, { headers: { cookie: `${cookie!.name}=${cookie!.value}` } });
    expect(elsewhere.status).toBe(200);
    expect(await elsewhere.text()).toContain('data-unit="Sekretariat"');

    // Signing out in one process ends the session in the other.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Keluar' }).click()]);
    expect((await fetch(`${b.origin}/dasbor`, { headers: { cookie: `${cookie!.name}=${cookie!.value}` } })).status).toBe(401);
    await context.close();
  });

  it('shows the numbers of bangkom rekap --format json on the same database', async () => {
    const rekap = JSON.parse(await runCli(['rekap', '--year', '2026', '--format', 'json'], db.url, NOW)) as RekapJsonRow[];
    const server = servers[1]!;
    const { context, page } = await browser.context([server.origin]);
    await signIn(page, await server.link(stores[1]!, NIP.admin, clock.now()));
    for (const unit of ['Bidang SDM', 'Sekretariat']) {
      const rows = rekap.filter((r) => r.unit === unit && r.targetJp > 0);
      const met = rows.filter((r) => r.met).length;
      const line = page.locator(`tr[data-unit="${unit}"]`);
      expect(await line.locator('[data-field="share"]').innerText()).toBe(formatShare(met / rows.length));
      expect(idNumber(await line.locator('[data-field="approvedJp"]').innerText())).toBe(
        Math.round(rows.reduce((s, r) => s + r.approvedJp, 0) * 100) / 100,
      );
    }
    await context.close();
  });

  it('an atasan gets 403 for another unit, and an expired link is refused', async () => {
    const server = servers[0]!;
    const { context, page } = await browser.context([server.origin]);
    await signIn(page, await server.link(stores[0]!, NIP.atasan, clock.now()));
    expect((await page.goto(`${server.origin}/dasbor/unit/Sekretariat`))?.status()).toBe(403);
    expect((await page.goto(`${server.origin}/dasbor/unit/Bidang%20SDM`))?.status()).toBe(200);
    // PostgreSQL refuses a NUL in text: such a path is no page, not a failed request.
    expect((await page.goto(`${server.origin}/dasbor/pegawai/${NIP.siti}/bukti/%00x`))?.status()).toBe(404);
    expect((await page.goto(`${server.origin}/dasbor/unit/Bidang%00SDM`))?.status()).toBe(404);
    await context.close();

    const link = await server.link(stores[0]!, NIP.admin, clock.now());
    clock.advanceHours(0.5);
    try {
      const fresh = await browser.context([server.origin]);
      expect((await fresh.page.goto(link))?.status()).toBe(403);
      expect(await fresh.page.locator('main').innerText()).toContain('sudah kedaluwarsa');
      expect((await fetch(link, { method: 'POST', redirect: 'manual' })).status).toBe(403);
      await fresh.context.close();
    } finally {
      clock.set(NOW);
    }
  });
});
