import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../config.js';
import { todayIn } from '../domain/dates.js';
import type { Logger } from '../domain/log.js';
import { computeRekap } from '../domain/rekap.js';
import type { Store } from '../domain/store.js';
import type { Employee, Plan } from '../domain/types.js';
import { yearTotals } from '../domain/year-totals.js';
import type { HttpRoutes } from '../http/server.js';
import { kartuPdf, loadUnitHeads, type UnitHeads } from '../kartu/index.js';
import { rekapXlsx } from '../rekap/formats.js';
import { siasnCsv, siasnRows, siasnXlsx } from '../siasn/export.js';
import { rencanaRows } from '../cli/commands/rencana-data.js';
import { rencanaXlsx } from '../cli/commands/rencana-formats.js';
import { planYear } from '../engine/plan/year.js';
import { BasisCache, FRESH_MS } from './basis-cache.js';
import { OneAtATime } from './one-at-a-time.js';
import { visibleStore } from './visible-store.js';
import { computeBasis, overview, visibleRekap } from './data.js';
import { downloadsPage } from './downloads-page.js';
import { employeePage } from './employee-page.js';
import { messagePage, page } from './layout.js';
import { html } from './html.js';
import { overviewPage, unitPage } from './overview-page.js';
import { DASHBOARD_PATH } from './public-url.js';
import { endSession, mayUseDashboard, redeemSignInToken, sessionNip, SESSION_TTL_MS, signInLinkState } from './sign-in.js';
import { listViewer, viewableEmployee, type Viewer } from './viewer.js';

export const SESSION_COOKIE = 'bangkom_dasbor';

export interface DashboardDeps {
  store: Store;
  clock: Clock;
  tz: string;
  profile: string;
  /**
   * BANGKOM_PUBLIC_URL (unset: http://localhost): over https the cookie is Secure; a POST may come from its
   * origin (or the request's own host).
   */
  publicUrl: string;
  log?: Logger;
  /** Who signs "Mengetahui" on the Kartu Data (default: BANGKOM_UNIT_HEADS). */
  unitHeads?: () => Promise<UnitHeads>;
  /**
   * The running assistant: this year's overview numbers are computed at once and again every few minutes,
   * so that even the first viewer does not wait for them (at 10,000 employees on PostgreSQL, seconds).
   */
  keepWarm?: boolean;
}

/** How often the kept-warm numbers are asked for: within the cache's stale window, so they never go cold. */
const KEEP_WARM_MS = 4 * 60_000;

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  // Not no-referrer: with it browsers send "Origin: null" even for the page's own forms, which then look
  // like another site's. same-origin still gives other sites no referrer (sign-in links hold a token).
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/** A year as the year picker writes it: four digits, nothing else (no "0x7e0", no "2.026e3"). */
const YEAR = /^\d{4}$/;
const NIP = /^\d{18}$/;
/** An activity id: newActivityId and imported history both make 8 base64url characters. */
const ACTIVITY_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A unit name from the roster: text without control characters (PostgreSQL refuses NUL). */
const UNIT = /^[^\p{Cc}]{1,200}$/u;

/** The years the year picker offers: this one and the four before it, and the plan year being prepared. */
function offeredYears(now: Date, tz: string): number[] {
  const current = Number(todayIn(now, tz).slice(0, 4));
  return [...new Set([planYear(now, tz), ...[0, 1, 2, 3, 4].map((n) => current - n)])].sort((a, b) => b - a);
}

function send(res: ServerResponse, status: number, body: string | Uint8Array, type: string, extra: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra });
  res.end(body);
}

const sendPage = (res: ServerResponse, status: number, markup: string, extra: Record<string, string | string[]> = {}) =>
  send(res, status, markup, 'text/html; charset=utf-8', extra);

function sendFile(res: ServerResponse, name: string, type: string, bytes: Uint8Array): void {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  send(res, 200, bytes, type, { 'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}` });
}

function cookieOf(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return v.join('=');
  }
  return undefined;
}

const REFUSED_LINK: Record<'unknown' | 'expired' | 'used' | 'not-allowed', string> = {
  unknown: 'Tautan ini tidak dikenal. Periksa bahwa tautan disalin utuh.',
  expired: 'Tautan ini sudah kedaluwarsa: tautan masuk hanya berlaku 15 menit.',
  used: 'Tautan ini sudah dipakai: setiap tautan masuk hanya berlaku sekali.',
  'not-allowed': 'Dasbor hanya untuk admin kepegawaian dan atasan yang mempunyai bawahan.',
};
const NEW_LINK = 'Untuk tautan baru, kirim "dasbor" ke asisten di chat.';

const forbidden = (res: ServerResponse, what: string) =>
  sendPage(res, 403, messagePage('Tidak diizinkan', [what, 'Anda hanya dapat melihat bawahan Anda dan bawahan mereka.']));
const notFound = (res: ServerResponse) => sendPage(res, 404, messagePage('Tidak ditemukan', ['Halaman ini tidak ada.']));

/** Serves the dashboard under /dasbor on the assistant's HTTP server. Returns the removal. */
export function mountDashboard(routes: HttpRoutes, deps: DashboardDeps): () => void {
  const cache = new BasisCache((y, unit) => computeBasis(deps.store, { year: y, profile: deps.profile, ...(unit !== undefined ? { unit } : {}) }, deps.clock.now()));
  // Downloads read a year of records and build a file: one at a time, the others wait for it.
  const work: Work = { cache, downloads: new OneAtATime(), planCounts: new Map() };
  const unroute = routes.route(DASHBOARD_PATH, (req, res) => serve(deps, work, req, res), 'prefix');
  if (!deps.keepWarm) return unroute;
  const warm = () => {
    const y = Number(todayIn(deps.clock.now(), deps.tz).slice(0, 4));
    cache.keep(y);
    void cache.get(y).catch((err: unknown) =>
      deps.log?.warn('dashboard: numbers not computed ahead', { error: err instanceof Error ? err.message : String(err) }),
    );
  };
  warm();
  const timer = setInterval(warm, KEEP_WARM_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    unroute();
  };
}

interface Work {
  cache: BasisCache;
  downloads: OneAtATime;
  /** The plan items of a year, for the downloads page of an admin. */
  planCounts: Map<number, { since: number; items: Promise<number> }>;
}

/**
 * A POST another site made the browser send (a sign-in with the attacker's link, a sign-out): refused when
 * the browser says it is cross-site, or when its Origin is neither BANGKOM_PUBLIC_URL's nor this host's.
 */
function fromElsewhere(req: IncomingMessage, publicUrl: string): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  let asked: URL;
  try {
    asked = new URL(origin);
  } catch {
    return true;
  }
  if (asked.origin === new URL(publicUrl).origin) return false;
  return req.headers.host === undefined || asked.host !== req.headers.host;
}

const refuseElsewhere = (res: ServerResponse) =>
  sendPage(res, 403, messagePage('Tidak diizinkan', ['Permintaan ini datang dari situs lain, jadi tidak dijalankan.', 'Buka dasbor langsung dari tautan asisten.']));

/** "22 Nov 2026 10.00": when a page's numbers were computed, in the office's time zone. */
function asOf(at: Date, tz: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone: tz, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(at);
}

async function serve(deps: DashboardDeps, work: Work, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { cache } = work;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const parts = url.pathname.slice(DASHBOARD_PATH.length).split('/').filter(Boolean).map(safeDecode);
  if (parts.some((p) => p === undefined)) return notFound(res);
  const path = parts as string[];
  const method = req.method ?? 'GET';
  req.resume();

  if (method === 'POST' && fromElsewhere(req, deps.publicUrl)) return refuseElsewhere(res);
  if (path[0] === 'masuk' && path.length === 2) return signIn(deps, res, path[1]!, method);
  if (path[0] === 'keluar' && path.length === 1) {
    if (method !== 'POST') return send(res, 405, 'Method not allowed\n', 'text/plain; charset=utf-8', { allow: 'POST' });
    const token = cookieOf(req);
    if (token) await endSession(deps.store, token, deps.clock.now());
    return sendPage(res, 200, messagePage('Anda sudah keluar', ['Sesi dasbor sudah diakhiri.', NEW_LINK]), { 'set-cookie': cookie(deps, '', 0) });
  }
  if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'Method not allowed\n', 'text/plain; charset=utf-8', { allow: 'GET' });

  const now = deps.clock.now();
  const nip = await sessionNip(deps.store, cookieOf(req), now);
  const viewer = nip ? await deps.store.getEmployee(nip) : undefined;
  if (!viewer || !(await mayUseDashboard(deps.store, viewer))) {
    return sendPage(res, 401, messagePage('Silakan masuk', ['Dasbor dibuka lewat tautan masuk sekali pakai.', NEW_LINK]));
  }

  const current = Number(todayIn(now, deps.tz).slice(0, 4));
  const years = offeredYears(now, deps.tz);
  const asked = url.searchParams.get('tahun');
  if (asked !== null && !YEAR.test(asked)) return sendPage(res, 400, messagePage('Tahun tidak valid', [yearsOnOffer(years)]));
  const y = asked === null ? current : Number(asked);
  if (!years.includes(y)) return sendPage(res, 404, messagePage('Tahun tidak tersedia', [yearsOnOffer(years)]));

  if (path.length === 0) {
    const [basis, v] = await Promise.all([cache.get(y), listViewer(deps.store, viewer)]);
    const o = overview(basis, v, now);
    return sendPage(res, 200, overviewPage(o, viewer.name, years, asOf(o.at, deps.tz)));
  }
  if (path[0] === 'unit' && path.length === 2) {
    const unit = path[1]!;
    if (!UNIT.test(unit)) return notFound(res);
    const v = await listViewer(deps.store, viewer);
    // Refused before anything is computed for it.
    if (v.units && !v.units.has(unit)) return forbidden(res, `Unit "${unit}" tidak termasuk unit yang dapat Anda lihat.`);
    const o = overview(await cache.get(y, unit), v, now, unit);
    if (o.rows.length === 0) return notFound(res);
    return sendPage(res, 200, unitPage(o, unit, viewer.name, years, asOf(o.at, deps.tz)));
  }
  if (path[0] === 'pegawai' && path.length >= 2) return employeeRoutes(deps, res, viewer, path.slice(1), y, years);
  if (path[0] === 'unduh') return downloads(deps, work, res, viewer, path.slice(1), y, years);
  return notFound(res);
}

const yearsOnOffer = (years: number[]) => `Dasbor menampilkan tahun ${Math.min(...years)} sampai ${Math.max(...years)}: pilih salah satunya.`;

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function cookie(deps: DashboardDeps, value: string, maxAgeS: number): string {
  const secure = deps.publicUrl.startsWith('https:') ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}${secure}`;
}

/**
 * GET shows a button and changes nothing: chat apps fetch links for their previews, and that must not use
 * the link up. POST (the button) exchanges the link for a session cookie.
 */
async function signIn(deps: DashboardDeps, res: ServerResponse, token: string, method: string): Promise<void> {
  const now = deps.clock.now();
  if (method === 'POST') {
    const result = await redeemSignInToken(deps.store, token, now);
    if (!result.ok) return sendPage(res, 403, messagePage('Tautan tidak berlaku', [REFUSED_LINK[result.reason], NEW_LINK]));
    return send(res, 303, '', 'text/plain; charset=utf-8', {
      location: DASHBOARD_PATH,
      'set-cookie': cookie(deps, result.session, SESSION_TTL_MS / 1000),
    });
  }
  if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'Method not allowed\n', 'text/plain; charset=utf-8', { allow: 'GET, POST' });
  const state = await signInLinkState(deps.store, token, now);
  if (state !== 'ok') return sendPage(res, 403, messagePage('Tautan tidak berlaku', [REFUSED_LINK[state], NEW_LINK]));
  const body = html`<div class="message"><h1>Masuk ke Dasbor Bangkom</h1>
    <p>Tautan ini hanya berlaku sekali. Tekan tombol di bawah untuk membuka dasbor.</p>
    <form method="post" action="${`${DASHBOARD_PATH}/masuk/${token}`}"><button type="submit" class="primary" style="font:inherit;padding:.5rem 1.2rem">Masuk</button></form></div>`;
  return sendPage(res, 200, page('Masuk', body));
}

async function employeeRoutes(deps: DashboardDeps, res: ServerResponse, viewer: Employee, rest: string[], y: number, years: number[]): Promise<void> {
  const nip = rest[0]!;
  if (!NIP.test(nip)) return notFound(res);
  const found = await viewableEmployee(deps.store, viewer, nip);
  if (!found.employee) return found.unknown ? notFound(res) : forbidden(res, 'Data pegawai ini tidak dapat Anda lihat.');
  const employee = found.employee;
  if (rest.length === 1) {
    const activities = await deps.store.activitiesOf(nip);
    // Whoever may see the employee may open their unit's page (which shows them the employees they see there).
    const view = { employee, year: y, totals: yearTotals(activities, y, deps.profile), activities, years };
    return sendPage(res, 200, employeePage(view, viewer.name));
  }
  if (rest[1] === 'kartu.pdf' && rest.length === 2) {
    const unitHeads = await (deps.unitHeads ?? defaultUnitHeads(deps.log))();
    const card = await kartuPdf(deps.store, nip, { now: deps.clock.now(), tz: deps.tz, profile: deps.profile, unitHeads });
    if (!card) return notFound(res);
    return sendFile(res, card.name, 'application/pdf', card.bytes);
  }
  if (rest[1] === 'bukti' && rest.length === 3) {
    if (!ACTIVITY_ID.test(rest[2]!)) return notFound(res);
    const activity = await deps.store.getActivity(rest[2]!);
    if (!activity || activity.nip !== nip || !activity.evidence) return notFound(res);
    const bytes = await deps.store.readEvidence(activity.evidence);
    if (!bytes) return sendPage(res, 410, messagePage('Berkas tidak ada', ['Berkas bukti ini tidak ditemukan lagi di penyimpanan.']));
    return sendFile(res, activity.evidence.name, activity.evidence.mime, bytes);
  }
  return notFound(res);
}

function defaultUnitHeads(log?: Logger): () => Promise<UnitHeads> {
  return async () => {
    try {
      return await loadUnitHeads();
    } catch (err) {
      log?.error('dashboard: unit heads setting unreadable; signature lines left blank', { error: err instanceof Error ? err.message : String(err) });
      return {};
    }
  };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Plan items the viewer sees in `py`'s plans (drafts are no proposal), from the plans alone: an admin's from
 * the year's plans read once (the counts kept for FRESH_MS, shared by every admin), an atasan's from their
 * subordinates' plans, read by key.
 */
async function planItems(deps: DashboardDeps, work: Work, py: number, v: Viewer): Promise<number> {
  const count = (plans: Plan[]) => plans.reduce((n, plan) => n + plan.items.filter((i) => i.status !== 'draf').length, 0);
  if (!v.all) return count(await visibleStore(deps.store, v.nips ?? []).plansInYear(py));
  const now = performance.now();
  const kept = work.planCounts.get(py);
  if (kept && now - kept.since < FRESH_MS) return kept.items;
  const items = work.planCounts.set(py, { since: now, items: deps.store.plansInYear(py).then(count) }).get(py)!.items;
  items.catch(() => work.planCounts.get(py)?.items === items && work.planCounts.delete(py));
  return items;
}

async function downloads(deps: DashboardDeps, work: Work, res: ServerResponse, viewer: Employee, rest: string[], y: number, years: number[]): Promise<void> {
  if (rest.length > 1) return notFound(res);
  const v = await listViewer(deps.store, viewer);
  if (rest.length === 0) {
    const planYears = [...new Set([y, planYear(deps.clock.now(), deps.tz)])].sort();
    const plans = (await Promise.all(planYears.map(async (py) => ({ year: py, items: await planItems(deps, work, py, v) })))).filter((p) => p.items > 0);
    return sendPage(res, 200, downloadsPage(y, viewer.name, years, plans));
  }
  const m = /^(rekap|siasn|rencana)-(\d{4})\.(xlsx|csv)$/.exec(rest[0]!);
  if (!m || (m[1] !== 'siasn' && m[3] !== 'xlsx')) return notFound(res);
  const fileYear = Number(m[2]);
  if (!years.includes(fileYear)) return notFound(res);
  // An atasan's files are made from their subordinates' records only, read by NIP.
  const store = v.all ? deps.store : visibleStore(deps.store, v.nips ?? []);
  const file = await work.downloads.run(async () => {
    if (m[1] === 'rencana') return { name: `rencana-${fileYear}.xlsx`, type: XLSX, bytes: await rencanaXlsx(await rencanaRows(store, fileYear), fileYear) };
    if (m[1] === 'rekap') {
      const rekap = visibleRekap(await computeRekap(store, fileYear, deps.profile), v);
      return { name: `rekap-${fileYear}.xlsx`, type: XLSX, bytes: await rekapXlsx(rekap) };
    }
    const rows = (await siasnRows(store, fileYear)).filter((r) => v.sees(r.nipBaru));
    if (m[3] === 'csv') return { name: `siasn-${fileYear}.csv`, type: 'text/csv; charset=utf-8', bytes: new TextEncoder().encode(siasnCsv(rows)) };
    return { name: `siasn-${fileYear}.xlsx`, type: XLSX, bytes: await siasnXlsx(rows) };
  });
  return sendFile(res, file.name, file.type, file.bytes);
}
