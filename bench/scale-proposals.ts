/**
 * Prototypes of the changes bench/scale.ts proposes, measured on its seeded PostgreSQL database:
 *
 *   npx tsx bench/scale-proposals.ts --url URL --phase reminders|rekap [--year 2026] [--page 1000] [--indexes]
 *
 * - `reminders`: the reminder choice (runReminders, dry run) over employees in pages of `--page` NIPs, three
 *   or four bulk queries per page instead of queries per employee, per pending report and per subordinate;
 *   its counts are printed so they can be compared with runReminders' summary of the same database.
 * - `rekap`: computeRekap itself over pages of NIPs, then the rows written with exceljs's streaming writer
 *   (and, for comparison under the same load, with the current rekapXlsx after it).
 *
 * The SQL is what the proposed Store methods would run (employees after a NIP, activities of many NIPs,
 * reminder marks of many NIPs); every record read is checked with recordProblem, as the store does.
 * `--indexes` adds the proposed indexes first (activities (nip, year, created_at, id) and pending reports by NIP) and drops
 * them afterwards: without them the planner ANDs the page's NIPs with the 200,000-entry year bitmap.
 * Prints one line `SCALE-PROPOSAL {json}` with the time, the counts and the process's peak memory.
 */
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { recordProblem, type RecordKind } from '../src/domain/records.js';
import { computeRekap, hasJpDuty, type RekapRow, type RekapUnit } from '../src/domain/rekap.js';
import type { Account, Activity, Employee } from '../src/domain/types.js';
import { yearTotals } from '../src/domain/year-totals.js';
import { rekapXlsx } from '../src/rekap/formats.js';
import { ATASAN_DIGEST, DIGEST_AFTER_DAYS, MYASN_UPLOAD, MYASN_UPLOAD_AFTER_DAYS, shortfallMarkKind } from '../src/reminders/run.js';
import { monthPeriod, previousMonthPeriod } from '../src/reminders/time.js';
import { openPgStore } from '../src/store/pg/pg-store.js';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const url = arg('url') ?? process.env.BANGKOM_BENCH_DATABASE_URL;
if (!url) throw new Error('--url postgresql://… (or BANGKOM_BENCH_DATABASE_URL)');
const phase = arg('phase') ?? 'reminders';
const year = Number(arg('year') ?? 2026);
const PAGE = Number(arg('page') ?? 1000);
const now = new Date(`${year}-11-22T03:00:00Z`);
const tz = 'Asia/Jakarta';
const DAY_MS = 24 * 60 * 60 * 1000;

const pool = new pg.Pool({ connectionString: url, max: 4 });
let queries = 0;
const PROPOSED_INDEXES = [
  'CREATE INDEX bench_activities_nip_year ON activities (nip, year, created_at, id)',
  "CREATE INDEX bench_activities_pending ON activities (nip) WHERE status = 'pending'",
];
const withIndexes = argv.includes('--indexes');
let indexMs = 0;
if (withIndexes) {
  const t = performance.now();
  for (const sql of PROPOSED_INDEXES) await pool.query(sql);
  await pool.query('ANALYZE activities');
  indexMs = Math.round(performance.now() - t);
}

/** Time inside each query (by its text) and in checking the records it returned. */
const spent: Record<string, { calls: number; queryMs: number; checkMs: number }> = {};

async function records<T>(kind: RecordKind, text: string, values: unknown[]): Promise<T[]> {
  queries++;
  const t = performance.now();
  const { rows } = await pool.query<{ record: T }>(text, values);
  const t1 = performance.now();
  const out = rows.map((r) => r.record).filter((r) => recordProblem(kind, r) === undefined);
  const s = (spent[text.replace(/\s+/g, ' ').slice(0, 90)] ??= { calls: 0, queryMs: 0, checkMs: 0 });
  s.calls++;
  s.queryMs += t1 - t;
  s.checkMs += performance.now() - t1;
  return out;
}

/** The proposed `employeesAfter(nip, limit)`: keyset pages over the primary key. */
const employeesAfter = (after: string, limit: number) =>
  records<Employee>('employee', 'SELECT record FROM employees WHERE nip > $1 ORDER BY nip LIMIT $2', [after, limit]);

/**
 * The proposed `activitiesOfMany(nips, {year, orStatus})`: the page's activities of the year, and (for the
 * reminder run) its pending reports and approved activities of any year.
 */
const activitiesOfMany = (nips: string[], opts: { orPending: boolean }) =>
  records<Activity>(
    'activity',
    opts.orPending
      ? `SELECT record FROM activities WHERE nip = ANY($1) AND (year = $2 OR status IN ('pending', 'approved'))`
      : 'SELECT record FROM activities WHERE nip = ANY($1) AND year = $2',
    [nips, year],
  );

const accountsOfMany = (nips: string[]) => records<Account>('account', 'SELECT record FROM accounts WHERE nip = ANY($1)', [nips]);

/** The proposed `reminderMarksOf(kind, period, nips)`: the primary key (kind, period, nip) answers it. */
async function markedNips(kind: string, period: string, nips: string[]): Promise<Set<string>> {
  queries++;
  const { rows } = await pool.query<{ nip: string }>('SELECT nip FROM reminder_marks WHERE kind = $1 AND period = $2 AND nip = ANY($3)', [
    kind,
    period,
    nips,
  ]);
  return new Set(rows.map((r) => r.nip));
}

function group<T extends { nip: string }>(list: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    const l = out.get(x.nip);
    if (l) l.push(x);
    else out.set(x.nip, [x]);
  }
  return out;
}

type ReachKind = 'linked' | 'unreachable' | 'not-linked';
function reachKind(accounts: Account[] | undefined): ReachKind {
  if (!accounts?.length) return 'not-linked';
  return accounts.some((a) => !a.unreachableAt) ? 'linked' : 'unreachable';
}

const pendingSince = (a: Activity) => Date.parse([...a.history].reverse().find((h) => h.status === 'pending')?.at ?? a.createdAt);

async function reminders() {
  const period = monthPeriod(now, tz);
  const previous = previousMonthPeriod(period);
  const shortfallKind = shortfallMarkKind(year, period);
  const cutoff = now.getTime() - DIGEST_AFTER_DAYS * DAY_MS;
  const admins = await records<Employee>('employee', "SELECT record FROM employees WHERE role = 'admin' ORDER BY nip", []);
  const uploadCutoff = now.getTime() - MYASN_UPLOAD_AFTER_DAYS * DAY_MS;
  const counts = {
    employees: 0,
    belowTarget: 0,
    planned: 0,
    skipped: 0,
    unreachable: 0,
    digests: 0,
    digestsSkipped: 0,
    digestsUnreachable: 0,
    uploads: 0,
    uploadsUnreachable: 0,
  };
  /** Old pending reports per approver: bounded by the number of approvers, not of reports. */
  const waiting = new Map<string, number>();
  for (let after = ''; ; ) {
    const page = await employeesAfter(after, PAGE);
    if (page.length === 0) break;
    after = page.at(-1)!.nip;
    const nips = page.map((e) => e.nip);
    const atasanNips = [...new Set(page.flatMap((e) => (e.atasanNip ? [e.atasanNip] : [])))];
    queries++;
    const [acts, marked, accounts, existing] = await Promise.all([
      activitiesOfMany(nips, { orPending: true }),
      markedNips(shortfallKind, period, nips),
      accountsOfMany(nips),
      pool.query<{ nip: string }>('SELECT nip FROM employees WHERE nip = ANY($1)', [atasanNips]),
    ]);
    const actsOf = group(acts);
    const accountsOf = group(accounts);
    const atasanExists = new Set(existing.rows.map((r) => r.nip));
    // Approved 14 days ago and not uploaded to MyASN; the marks of the page's candidates in one lookup (primary key).
    const uploadDue = acts.filter((a) => {
      const approval = a.history.at(-1);
      return a.status === 'approved' && !a.myAsnUploadedAt && !a.source && approval?.status === 'approved' && Date.parse(approval.at) <= uploadCutoff;
    });
    queries++;
    const uploadMarked = new Set(
      (
        await pool.query<{ period: string }>('SELECT period FROM reminder_marks WHERE kind = $1 AND period = ANY($2)', [
          MYASN_UPLOAD,
          uploadDue.map((a) => a.id),
        ])
      ).rows.map((r) => r.period),
    );
    const dueOf = group(uploadDue.filter((a) => !uploadMarked.has(a.id)));
    for (const e of page) {
      counts.employees++;
      const mine = actsOf.get(e.nip) ?? [];
      if (hasJpDuty(e) && dueOf.has(e.nip)) {
        if (reachKind(accountsOf.get(e.nip)) === 'linked') counts.uploads++;
        else counts.uploadsUnreachable++;
      }
      if (hasJpDuty(e) && !yearTotals(mine, year, 'lan-2018').met) {
        counts.belowTarget++;
        if (marked.has(e.nip)) counts.skipped++;
        else if (reachKind(accountsOf.get(e.nip)) === 'linked') counts.planned++;
        else counts.unreachable++;
      }
      for (const a of mine) {
        if (a.status !== 'pending' || pendingSince(a) >= cutoff) continue;
        const approvers = e.atasanNip && atasanExists.has(e.atasanNip) ? [e.atasanNip] : admins.map((x) => x.nip).filter((n) => n !== e.nip);
        for (const n of approvers) waiting.set(n, (waiting.get(n) ?? 0) + 1);
      }
    }
  }
  const approvers = [...waiting.keys()];
  for (let k = 0; k < approvers.length; k += PAGE) {
    const nips = approvers.slice(k, k + PAGE);
    const [marksNow, marksBefore, accounts] = await Promise.all([
      markedNips(ATASAN_DIGEST, period, nips),
      markedNips(ATASAN_DIGEST, previous, nips),
      accountsOfMany(nips),
    ]);
    const accountsOf = group(accounts);
    for (const n of nips) {
      // Marks of either month are within the six-day minimum on the seeded data (none exist): a skip either way.
      if (marksNow.has(n) || marksBefore.has(n)) counts.digestsSkipped++;
      else if (reachKind(accountsOf.get(n)) === 'linked') counts.digests++;
      else counts.digestsUnreachable++;
    }
  }
  return counts;
}

/**
 * computeRekap itself, page by page: over a view of the store whose listEmployees is one page of NIPs and
 * whose activitiesInYear is that page's activities (the proposed bulk reads); the pages' rows are joined
 * and sorted, their unit totals added up.
 */
async function rekap() {
  const store = await openPgStore(url!);
  const rows: RekapRow[] = [];
  const units = new Map<string, RekapUnit>();
  const tCompute = performance.now();
  for (let after = ''; ; ) {
    const page = await employeesAfter(after, PAGE);
    if (page.length === 0) break;
    after = page.at(-1)!.nip;
    const nips = page.map((e) => e.nip);
    const view = new Proxy(store, {
      get(target, prop) {
        if (prop === 'listEmployees') return async () => page;
        if (prop === 'activitiesInYear') return async () => activitiesOfMany(nips, { orPending: false });
        return Reflect.get(target, prop, target) as unknown;
      },
    });
    const part = await computeRekap(view, year, 'lan-2018');
    rows.push(...part.rows);
    for (const u of part.units) {
      const sum = units.get(u.unit);
      if (!sum) {
        units.set(u.unit, { ...u });
        continue;
      }
      for (const [k, v] of Object.entries(u)) {
        if (typeof v === 'number') (sum as unknown as Record<string, number>)[k] = Math.round((((sum as unknown as Record<string, number>)[k] ?? 0) + v) * 100) / 100;
      }
      sum.metShare = sum.employees ? sum.met / sum.employees : 0;
    }
  }
  await store.close();
  rows.sort((a, b) => a.unit.localeCompare(b.unit) || a.name.localeCompare(b.name));
  const computeMs = Math.round(performance.now() - tCompute);

  // Every field of the rows and of the unit totals, written row by row to the file (exceljs's streaming writer).
  const tXlsx = performance.now();
  const { default: ExcelJS } = await import('exceljs');
  const file = path.join(os.tmpdir(), `bangkom-scale-proposal-${process.pid}.xlsx`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = (name: string, list: object[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const keys = Object.keys(list[0] ?? {});
    ws.columns = keys.map((key) => ({ header: key, key, width: 16 }));
    ws.getRow(1).font = { bold: true };
    for (const r of list) ws.addRow(r).commit();
    ws.commit();
  };
  sheet('Pegawai', rows);
  sheet('Per unit', [...units.values()]);
  await wb.commit();
  const xlsxMs = Math.round(performance.now() - tXlsx);
  await rm(file, { force: true });
  const streamedMaxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  // The current writer on the same rows, for a comparison under the same load (its memory is not in streamedMaxRssMb).
  const tCurrent = performance.now();
  const bytes = (await rekapXlsx({ year, rows, units: [...units.values()] })).byteLength;
  const currentXlsxMs = Math.round(performance.now() - tCurrent);
  return { rows: rows.length, units: units.size, computeMs, xlsxMs, streamedMaxRssMb, currentXlsxMs, currentXlsxBytes: bytes };
}

const t0 = performance.now();
let result;
try {
  result = phase === 'rekap' ? await rekap() : await reminders();
} finally {
  if (withIndexes) await pool.query('DROP INDEX IF EXISTS bench_activities_nip_year, bench_activities_pending');
}
const ms = Math.round(performance.now() - t0);
await pool.end();
const mb = (n: number) => Math.round(n / 1024 / 1024);
process.stdout.write(
  `SCALE-PROPOSAL ${JSON.stringify({ spent: Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, { calls: v.calls, queryMs: Math.round(v.queryMs), checkMs: Math.round(v.checkMs) }])), phase, page: PAGE, indexes: withIndexes, indexMs, ms, queries, ...result, rssMb: mb(process.memoryUsage().rss), maxRssMb: mb(process.resourceUsage().maxRSS * 1024) })}\n`,
);
