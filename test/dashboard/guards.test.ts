import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/domain/store.js';
import { rencanaRows } from '../../src/cli/commands/rencana-data.js';
import { issueSignInToken } from '../../src/dashboard/sign-in.js';
import { activity } from '../helpers/activity.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';
import { seedRekap } from '../rekap/seed.js';
import { makePlan, makePlanItem } from '../store/plan-conformance.js';
import { DashboardServer } from './world.js';

const NOW = '2026-11-22T03:00:00Z';

/** The store as the dashboard gets it, noting every call (method and arguments) and how many run at once. */
function recording(store: Store) {
  const calls: { method: string; args: unknown[] }[] = [];
  let running = 0;
  const state = { calls, most: 0, delayMs: 0 };
  const slow = new Set(['activitiesOfMany', 'activitiesInYear']);
  const proxy = new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        calls.push({ method: String(prop), args });
        if (!slow.has(String(prop))) return (value as (...a: unknown[]) => unknown).apply(target, args);
        state.most = Math.max(state.most, ++running);
        try {
          if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
          return await (value as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          running--;
        }
      };
    },
  });
  return { store: proxy, state, reset: () => ((calls.length = 0), (state.most = 0)) };
}

let w: World;
let rec: ReturnType<typeof recording>;
let server: DashboardServer;
const sessions: Record<'admin' | 'atasan', string> = { admin: '', atasan: '' };

/** Presses a link's "Masuk" with fetch, with these extra headers; the response (not followed). */
async function press(link: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(link, { method: 'POST', redirect: 'manual', headers });
}

async function session(nip: string): Promise<string> {
  const res = await press(await server.link(w.store, nip, w.clock.now()));
  expect(res.status).toBe(303);
  return /bangkom_dasbor=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
}

const get = (who: keyof typeof sessions, path: string) => fetch(`${server.origin}${path}`, { headers: { cookie: `bangkom_dasbor=${sessions[who]}` }, redirect: 'manual' });

beforeAll(async () => {
  w = await makeWorld({ now: NOW });
  await seedRekap(w);
  // Siti's plan for 2027 has an item reported already, whose activity the atasan has rated.
  const reported = activity(NIP.siti, {
    type: 'pelatihan-teknis',
    start: '2026-09-01',
    jp: 24,
    evaluation: { gap: 'rendah', note: 'Sudah mandiri', by: NIP.atasan, at: '2026-11-01T00:00:00.000Z' },
  });
  await w.store.addActivity(reported);
  const plan = makePlan(NIP.siti, 2027, [
    makePlanItem(1, { status: 'diterima', activityId: reported.id, history: [{ status: 'diterima', by: NIP.atasan, at: '2026-10-06T01:00:00.000Z' }] }),
    makePlanItem(2, { status: 'diusulkan', history: [{ status: 'diusulkan', by: NIP.siti, at: '2026-10-06T01:00:00.000Z' }] }),
    makePlanItem(3, { status: 'draf' }),
  ]);
  await w.store.updatePlan(NIP.siti, 2027, () => plan);
  const dewi = makePlan(NIP.orphan, 2027, [makePlanItem(1, { status: 'diusulkan', history: [{ status: 'diusulkan', by: NIP.orphan, at: '2026-10-06T01:00:00.000Z' }] })]);
  await w.store.updatePlan(NIP.orphan, 2027, () => dewi);
  rec = recording(w.store);
  server = await DashboardServer.start(rec.store, w.clock);
  sessions.admin = await session(NIP.admin);
  sessions.atasan = await session(NIP.atasan);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await w?.close();
});

describe('dashboard: what a request may make the assistant do', () => {
  it.each([
    ['this year', '2026', 200],
    ['four years back', '2022', 200],
    ['the plan year being prepared (from October)', '2027', 200],
    ['five years back: not on offer', '2021', 404],
    ['far back', '2000', 404],
    ['far ahead', '2100', 404],
    ['hexadecimal', '0x7e0', 400],
    ['exponent', '2.026e3', 400],
    ['padded', ' 2026', 400],
    ['two-digit', '26', 400],
  ])('?tahun= %s (%s): %i', async (_, tahun, status) => {
    const res = await get('atasan', `/dasbor?tahun=${encodeURIComponent(tahun)}`);
    expect(res.status).toBe(status);
    const text = await res.text();
    if (status !== 200) expect(text).toContain('Dasbor menampilkan tahun 2022 sampai 2027');
  });

  it('a download of a year not on offer is 404, and nothing is read for it', async () => {
    rec.reset();
    expect((await get('admin', '/dasbor/unduh/rekap-2015.xlsx')).status).toBe(404);
    expect((await get('admin', '/dasbor/unduh/siasn-2101.csv')).status).toBe(404);
    expect(rec.state.calls.map((c) => c.method)).not.toContain('employeesAfter');
    expect(rec.state.calls.map((c) => c.method)).not.toContain('activitiesInYear');
  });

  it.each([
    ['an evidence id with NUL', `/dasbor/pegawai/${NIP.siti}/bukti/%00abc`],
    ['an evidence id too long', `/dasbor/pegawai/${NIP.siti}/bukti/${'a'.repeat(65)}`],
    ['an evidence id with a space', `/dasbor/pegawai/${NIP.siti}/bukti/a%20b`],
    ['a unit with NUL', '/dasbor/unit/Bidang%00SDM'],
  ])('%s is 404 without a store lookup', async (_, path) => {
    rec.reset();
    const res = await get('admin', path);
    expect(res.status).toBe(404);
    const methods = rec.state.calls.map((c) => c.method);
    expect(methods).not.toContain('getActivity');
    expect(methods).not.toContain('employeesAfter');
    expect(rec.state.calls.flatMap((c) => c.args).some((a) => JSON.stringify(a)?.includes('\\u0000'))).toBe(false);
  });

  it('the downloads page counts plan items from the plans alone: one read per year, no activities or roster', async () => {
    rec.reset();
    const res = await get('admin', '/dasbor/unduh');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('rencana-2027.xlsx');
    const methods = rec.state.calls.map((c) => c.method);
    expect(methods.filter((m) => m === 'plansInYear')).toHaveLength(2);
    expect(methods).not.toContain('getActivity');
    expect(methods).not.toContain('employeesOfMany');
    expect(methods).not.toContain('activitiesOfMany');
    // Another admin's view within 30 s: the counts are kept.
    rec.reset();
    expect((await get('admin', '/dasbor/unduh')).status).toBe(200);
    expect(rec.state.calls.map((c) => c.method)).not.toContain('plansInYear');
  });

  it("an atasan's downloads page reads their subordinates' plans by key, not the year's plans", async () => {
    rec.reset();
    const res = await get('atasan', '/dasbor/unduh');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('rencana-2027.xlsx');
    const methods = rec.state.calls.map((c) => c.method);
    expect(methods).not.toContain('plansInYear');
    expect(rec.state.calls.filter((c) => c.method === 'getPlan').map((c) => c.args[0]).sort()).toEqual([NIP.andi, NIP.andi, NIP.siti, NIP.siti].sort());
  });

  it("the plan rows read the reported activities in one lookup, with the atasan's rating", async () => {
    rec.reset();
    const rows = await rencanaRows(rec.store, 2027);
    expect(rows.map((r) => [r.nip, r.no, r.evaluasi?.kesenjangan ?? null])).toEqual([
      [NIP.siti, 1, 'rendah'],
      [NIP.siti, 2, null],
      [NIP.orphan, 1, null],
    ].sort((a, b) => (a[0] === NIP.orphan ? 1 : 0) - (b[0] === NIP.orphan ? 1 : 0)));
    const methods = rec.state.calls.map((c) => c.method);
    expect(methods).not.toContain('getActivity');
    expect(methods.filter((m) => m === 'activitiesOfMany')).toHaveLength(1);
  });

  it("an atasan's downloads read their subordinates' records by NIP, never the whole roster or year", async () => {
    for (const file of ['rekap-2026.xlsx', 'siasn-2026.csv', 'siasn-2026.xlsx', 'rencana-2027.xlsx']) {
      rec.reset();
      const res = await get('atasan', `/dasbor/unduh/${file}`);
      expect(res.status, file).toBe(200);
      await res.arrayBuffer();
      const methods = rec.state.calls.map((c) => c.method);
      expect(methods, file).not.toContain('listEmployees');
      expect(methods, file).not.toContain('activitiesInYear');
      expect(methods, file).not.toContain('employeesAfter');
      for (const c of rec.state.calls.filter((x) => x.method === 'activitiesOfMany' || x.method === 'employeesOfMany')) {
        expect(c.args[0] as string[], file).not.toHaveLength(0);
        for (const nip of c.args[0] as string[]) expect([NIP.andi, NIP.siti], file).toContain(nip);
      }
    }
    const csv = await (await get('atasan', '/dasbor/unduh/siasn-2026.csv')).text();
    expect(csv).toContain(NIP.siti);
    expect(csv).not.toContain(NIP.admin);
    expect(csv).not.toContain(NIP.orphan);
  });

  it('downloads run one at a time: others wait for the one running', async () => {
    rec.reset();
    rec.state.delayMs = 30;
    try {
      const files = ['siasn-2026.csv', 'siasn-2025.csv', 'rekap-2026.xlsx', 'siasn-2024.csv'];
      const answers = await Promise.all(files.map(async (f) => (await get('admin', `/dasbor/unduh/${f}`)).status));
      expect(answers).toEqual([200, 200, 200, 200]);
      expect(rec.state.most).toBe(1);
    } finally {
      rec.state.delayMs = 0;
    }
  });
});

describe('dashboard: POSTs from another site are refused', () => {
  it('a sign-in POST marked cross-site, or from another origin, is 403 and leaves the link usable', async () => {
    const link = await server.link(w.store, NIP.atasan, w.clock.now());
    expect((await press(link, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await press(link, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await press(link, { origin: 'null' })).status).toBe(403);
    // The same page's own button: same origin, same-origin fetch.
    expect((await press(link, { origin: server.origin, 'sec-fetch-site': 'same-origin' })).status).toBe(303);
  });

  it("an Origin of BANGKOM_PUBLIC_URL (behind a proxy) or the request's own host is taken", async () => {
    const { token } = await issueSignInToken(w.store, NIP.atasan, w.clock.now());
    const res = await press(`${server.origin}/dasbor/masuk/${token}`, { origin: server.origin.replace('127.0.0.1', 'localhost') });
    expect(res.status).toBe(403); // neither the public URL (127.0.0.1) nor the host asked
    // fetch sets Host itself: a reverse proxy's Host, as node:http sends it.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${server.origin}/dasbor/masuk/${token}`, { method: 'POST', headers: { host: 'bangkom.local', origin: 'http://bangkom.local' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(303);
  });

  it('a sign-out from another site does not end the session', async () => {
    const cookie = `bangkom_dasbor=${await session(NIP.atasan)}`;
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }] as Record<string, string>[]) {
      const res = await fetch(`${server.origin}/dasbor/keluar`, { method: 'POST', headers: { cookie, ...headers } });
      expect(res.status).toBe(403);
    }
    expect((await fetch(`${server.origin}/dasbor`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${server.origin}/dasbor/keluar`, { method: 'POST', headers: { cookie, origin: server.origin } })).status).toBe(200);
    expect((await fetch(`${server.origin}/dasbor`, { headers: { cookie } })).status).toBe(401);
  });
});
