import { randomUUID } from 'node:crypto';
import type { Clock } from '../config.js';
import type { Activity, Employee, ReminderMark } from '../domain/types.js';
import { TARGET_JP, yearTotals } from '../domain/year-totals.js';
import { hasJpDuty } from '../domain/rekap.js';
import { noSenderReason } from '../delivery/senders-from-env.js';
import { Outbox } from '../delivery/outbox.js';
import { Relay } from '../delivery/relay.js';
import type { PlatformSender } from '../delivery/types.js';
import type { Button, OutboundMessage, UserRef } from '../chat/events.js';
import { catalog } from '../engine/i18n/index.js';
import { reachOf, reachOfMany } from '../domain/reach.js';
import { formatJp } from '../rules/index.js';
import type { Store } from '../domain/store.js';
import { inQuietHours, localTime, monthPeriod, previousMonthPeriod, quietHoursEnd, yearIn } from './time.js';

/**
 * The personal JP reminder. Its mark's period is the month `YYYY-MM` (office time zone) of the run; the
 * mark kind carries the JP year it was about when that is not the month's own year (see shortfallMarkKind),
 * so a `remind --year 2025` in January 2026 does not count as January's reminder about 2026.
 */
export const JP_SHORTFALL = 'jp-shortfall';
/** The atasan digest. Its mark's period is the month `YYYY-MM` of the run; see DIGEST_MIN_DAYS_BETWEEN. */
export const ATASAN_DIGEST = 'atasan-digest';
/** An atasan is told about reports that have waited for their decision longer than this. */
export const DIGEST_AFTER_DAYS = 3;
/**
 * An atasan gets the digest at most once a week, from `bangkom remind` and from the schedule alike (a
 * digest every day would be noise; the reports stay listed under "persetujuan"). Six days, so that weekly
 * runs at the same hour are not skipped because the previous digest was marked seconds after its hour.
 */
export const DIGEST_MIN_DAYS_BETWEEN = 6;

/**
 * The mark kind of a personal reminder about JP `year` sent in month `period`: `jp-shortfall` for the
 * month's own year (the usual case, and the marks written before years were told apart), else
 * `jp-shortfall:<year>`. One reminder per month per JP year.
 */
export function shortfallMarkKind(year: number, period: string): string {
  return period.startsWith(`${year}-`) ? JP_SHORTFALL : `${JP_SHORTFALL}:${year}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** An approved activity still not uploaded to MyASN 14 days after its approval: mentioned once. */
export const MYASN_UPLOAD = 'myasn-upload';
export const MYASN_UPLOAD_AFTER_DAYS = 14;
export type ReminderKind = typeof JP_SHORTFALL | typeof ATASAN_DIGEST | typeof MYASN_UPLOAD;

/**
 * - `sent`: stored with its mark in the store's outbox, and delivered (or, with the assistant's outbox, left
 *   to its relay; `reason` says when a CLI run could not deliver it yet);
 * - `planned`: would be sent (dry run);
 * - `skipped`: already reminded in this period;
 * - `failed`: the platform refused it for good (its mark stays: the month's reminder was tried), the store
 *   refused the commit (no mark, so a later run tries again), or the run was stopped first;
 * - `unreachable`: not linked on any platform, or linked only where no sender is configured;
 * - `exempt`: TKK staff, who have no 20 JP duty: never reminded (they may still report).
 */
export type ReminderStatus = 'sent' | 'planned' | 'skipped' | 'failed' | 'unreachable' | 'exempt';

/** The reason of an `exempt` outcome. */
export const TKK_EXEMPT_REASON = `TKK: tidak wajib ${TARGET_JP} JP`;

export interface ReminderOutcome {
  kind: ReminderKind;
  nip: string;
  name: string;
  status: ReminderStatus;
  to?: UserRef;
  reason?: string;
  text?: string;
  /** For `jp-shortfall`: the figures in the message. */
  totals?: { approved: number; pending: number; shortfall: number };
  /** For `atasan-digest`: reports waiting longer than DIGEST_AFTER_DAYS. */
  pendingCount?: number;
  /** Unreachable because the platform said so (blocked the assistant, deactivated), not for want of a link. */
  blocked?: boolean;
}

export interface ReminderProgress {
  outcome: ReminderOutcome;
  done: number;
  total: number;
}

export type ReminderCounts = Record<ReminderStatus, number>;

export interface ReminderSummary {
  year: number;
  /** Month of the marks written by this run (personal reminders and digests). */
  period: string;
  /** How often each is sent, in words for the summary (e.g. "sekali per bulan untuk JP 2026"). */
  policy: { reminders: string; digests: string };
  dryRun: boolean;
  force: boolean;
  /** Employees in the roster. */
  employees: number;
  /** Of them, below the 20 JP target (TKK staff have no target: see `reminders.exempt`). */
  belowTarget: number;
  /** Employees who get no reminder because every account of theirs is unreachable (blocked the assistant). */
  blocked: number;
  outcomes: ReminderOutcome[];
  reminders: ReminderCounts;
  digests: ReminderCounts;
  /** Mentions of approved activities not uploaded to MyASN after 14 days. */
  uploads: ReminderCounts;
  /** The run was stopped (shutdown) before every message was handed over. */
  aborted: boolean;
  /** Every reminder due was committed (none stopped, none refused by the store): the run need not be repeated. */
  complete: boolean;
}

export interface RunRemindersOptions {
  store: Store;
  /**
   * The running assistant's outbox: the run only commits, the assistant's relay sends. Or `senders`:
   * a private outbox and relay deliver what the run committed before it returns.
   */
  outbox?: Outbox;
  senders?: PlatformSender[];
  clock: Clock;
  tz: string;
  profile: string;
  /** Default: the current year in `tz`. */
  year?: number;
  /** Decide and report, send nothing, record nothing. Allowed in quiet hours. */
  dryRun?: boolean;
  /** Remind again people already reminded in this period, and send even in quiet hours. */
  force?: boolean;
  /**
   * Without it (the CLI), an employee is reminded at most once per calendar month about a JP year. With it
   * (the schedule), again once their last reminder about that year is at least this many days old — the
   * weekly year-end runs. Atasan digests: at most once per DIGEST_MIN_DAYS_BETWEEN (or this, if longer).
   */
  minDaysBetween?: number;
  /**
   * With `senders` (the CLI, no assistant running): how long the run itself delivers what it queued before
   * it returns (default 15 minutes); what is still undelivered then is sent by the assistant's next start.
   */
  drainMs?: number;
  /** Stops handing over new messages (shutdown); those not handed over get no mark. */
  signal?: AbortSignal;
  onProgress?: (progress: ReminderProgress) => void;
}

/** Refusal to send between 20:00 and 07:00 office time (without --force). */
export class QuietHoursError extends Error {
  override name = 'QuietHoursError';
  constructor(
    readonly now: Date,
    readonly until: Date,
    readonly tz: string,
  ) {
    super(
      `Sekarang pukul ${localTime(now, tz)} (${tz}), jam tenang 20:00–07:00: pengingat tidak dikirim sebelum ${localTime(until, tz)}.`,
    );
  }
}

interface Job {
  outcome: ReminderOutcome;
  message: OutboundMessage;
  markKind: string;
  /** Further marks committed with it (`myasn-upload`: one per activity mentioned, period = its id). */
  extraMarks?: { kind: string; period: string }[];
}

const emptyCounts = (): ReminderCounts => ({ sent: 0, planned: 0, skipped: 0, failed: 0, unreachable: 0, exempt: 0 });

/** When a report began waiting for the current decision: its last move to `pending`. */
function pendingSince(a: Activity): number {
  const last = [...a.history].reverse().find((h) => h.status === 'pending');
  return Date.parse(last?.at ?? a.createdAt);
}

/**
 * One reminder run, used by `bangkom remind` and by the schedule of the running assistant:
 * a personal message to each employee below 20 JP approved in `year` (not TKK staff: they have no 20 JP
 * duty, and are counted as `exempt`), and one digest per atasan whose
 * reports have waited more than 3 days. Idempotent through the store's reminder marks (personal: once a
 * month per JP year; digest: once a week): each mark is committed together with its message in the store's
 * outbox, from which the relay delivers it (at least once, see relay.ts).
 */
export async function runReminders(opts: RunRemindersOptions): Promise<ReminderSummary> {
  const { store, clock, tz, profile } = opts;
  const dryRun = opts.dryRun ?? false;
  const force = opts.force ?? false;
  const now = clock.now();
  if (!dryRun && !force && inQuietHours(now, tz)) throw new QuietHoursError(now, quietHoursEnd(now, tz), tz);

  const outbox = opts.outbox ?? new Outbox(opts.senders ?? []);
  const year = opts.year ?? yearIn(now, tz);
  const period = monthPeriod(now, tz);
  const shortfallKind = shortfallMarkKind(year, period);
  const digestMinDays = Math.max(DIGEST_MIN_DAYS_BETWEEN, opts.minDaysBetween ?? 0);

  const outcomes: ReminderOutcome[] = [];
  const jobs: Job[] = [];

  // The marks a run looks at, read once per kind (one lookup, not one per person).
  const marksByKind = new Map<string, Map<string, ReminderMark>>();
  const markOf = async (kind: string, markPeriod: string, nip: string): Promise<ReminderMark | undefined> => {
    let marks = marksByKind.get(kind);
    if (!marks) {
      marks = new Map((await store.reminderMarksOf(kind)).map((m) => [`${m.period}\u0000${m.nip}`, m]));
      marksByKind.set(kind, marks);
    }
    return marks.get(`${markPeriod}\u0000${nip}`);
  };

  /** The time of the later of this month's and last month's marks for `nip`; `kindFor` gives each month's mark kind. */
  const lastMark = async (kindFor: (period: string) => string, nip: string): Promise<string | undefined> => {
    const previous = previousMonthPeriod(period);
    const marks = await Promise.all([markOf(kindFor(period), period, nip), markOf(kindFor(previous), previous, nip)]);
    return marks
      .map((m) => m?.at)
      .filter((at): at is string => Boolean(at))
      .sort()
      .at(-1);
  };
  const tooSoon = (last: string | undefined, days: number) => last !== undefined && now.getTime() - Date.parse(last) < days * DAY_MS;

  /** Skipped / unreachable / planned, in that order of checks; adds a job for a message to send. */
  const consider = async (
    kind: ReminderKind,
    employee: Employee,
    markKind: string,
    alreadyReminded: () => Promise<string | undefined>,
    compose: (lang: Employee['lang']) => string,
    extra: Pick<ReminderOutcome, 'totals' | 'pendingCount'>,
    more: Pick<Job, 'extraMarks'> & { buttons?: (lang: Employee['lang']) => Button[][] } = {},
  ) => {
    const base: ReminderOutcome = { kind, nip: employee.nip, name: employee.name, status: 'planned', ...extra };
    if (!force) {
      const skipped = await alreadyReminded();
      if (skipped) {
        outcomes.push({ ...base, status: 'skipped', reason: skipped });
        return;
      }
    }
    const reach = reaches.get(employee.nip) ?? (await reachOf(store, employee.nip));
    if (reach.kind === 'not-linked') {
      outcomes.push({ ...base, status: 'unreachable', reason: 'belum terhubung ke platform chat mana pun' });
      return;
    }
    if (reach.kind === 'unreachable') {
      const where = reach.accounts.map((a) => `${a.platform} sejak ${a.since.slice(0, 10)}`).join(', ');
      outcomes.push({ ...base, status: 'unreachable', blocked: true, reason: `memblokir bot atau akunnya nonaktif (${where}); dicoba lagi setelah ia menulis` });
      return;
    }
    const { to } = reach;
    if (!outbox.has(to.platform)) {
      outcomes.push({ ...base, status: 'unreachable', to, reason: noSenderReason(to.platform) });
      return;
    }
    const text = compose(employee.lang);
    const outcome: ReminderOutcome = { ...base, to, text };
    outcomes.push(outcome);
    const buttons = more.buttons?.(employee.lang);
    jobs.push({
      outcome,
      markKind,
      message: { kind: 'send', to, text, ...(buttons?.length ? { buttons } : {}) },
      ...(more.extraMarks ? { extraMarks: more.extraMarks } : {}),
    });
  };

  // Personal reminders.
  const employees = (await store.listEmployees()).sort(
    (a, b) => a.unit.localeCompare(b.unit) || a.name.localeCompare(b.name) || a.nip.localeCompare(b.nip),
  );
  // Who can be reached, for everyone in one lookup (a run over a province's roster).
  const reaches = await reachOfMany(store, employees.map((e) => e.nip));
  const byNip = new Map<string, Activity[]>();
  for (const a of await store.activitiesInYear(year)) {
    const list = byNip.get(a.nip);
    if (list) list.push(a);
    else byNip.set(a.nip, [a]);
  }
  let belowTarget = 0;
  for (const employee of employees) {
    if (!hasJpDuty(employee)) {
      outcomes.push({ kind: JP_SHORTFALL, nip: employee.nip, name: employee.name, status: 'exempt', reason: TKK_EXEMPT_REASON });
      continue;
    }
    const totals = yearTotals(byNip.get(employee.nip) ?? [], year, profile);
    if (totals.met) continue;
    belowTarget++;
    await consider(
      JP_SHORTFALL,
      employee,
      shortfallKind,
      async () => {
        if (opts.minDaysBetween === undefined) {
          const mark = await markOf(shortfallKind, period, employee.nip);
          return mark ? `sudah diingatkan bulan ini tentang JP ${year} (${mark.at})` : undefined;
        }
        const last = await lastMark((p) => shortfallMarkKind(year, p), employee.nip);
        return tooSoon(last, opts.minDaysBetween)
          ? `sudah diingatkan tentang JP ${year} kurang dari ${opts.minDaysBetween} hari lalu (${last})`
          : undefined;
      },
      (lang) => {
        const l = lang ?? 'id';
        return catalog(lang).reminder(
          employee.name,
          year,
          formatJp(totals.approved, l),
          formatJp(totals.pending, l),
          formatJp(totals.shortfall, l),
        );
      },
      { totals: { approved: totals.approved, pending: totals.pending, shortfall: totals.shortfall } },
    );
  }

  // Atasan digests: one message per approver, counting their reports waiting longer than DIGEST_AFTER_DAYS.
  const cutoff = now.getTime() - DIGEST_AFTER_DAYS * DAY_MS;
  const isOld = (a: Activity) => pendingSince(a) < cutoff;
  // In one pass over the roster already read: who decides each old report is the rule of approversFor (the
  // owner's atasan when in the roster, else every admin but the owner), and an approver's count is what
  // pendingFor would list (both in src/engine/approval/approvers.ts).
  const rosterByNip = new Map(employees.map((e) => [e.nip, e]));
  const admins = employees.filter((e) => e.role === 'admin');
  const waitingFor = new Map<string, { approver: Employee; count: number }>();
  for (const a of (await store.activitiesByStatus('pending')).filter(isOld)) {
    const owner = rosterByNip.get(a.nip);
    if (!owner) continue;
    const atasan = owner.atasanNip ? rosterByNip.get(owner.atasanNip) : undefined;
    for (const approver of atasan ? [atasan] : admins) {
      if (approver.nip === owner.nip) continue;
      const entry = waitingFor.get(approver.nip) ?? { approver, count: 0 };
      entry.count++;
      waitingFor.set(approver.nip, entry);
    }
  }
  const sortedApprovers = [...waitingFor.values()].sort((a, b) => a.approver.name.localeCompare(b.approver.name));
  for (const { approver, count: waiting } of sortedApprovers) {
    await consider(
      ATASAN_DIGEST,
      approver,
      ATASAN_DIGEST,
      async () => {
        const last = await lastMark(() => ATASAN_DIGEST, approver.nip);
        return tooSoon(last, digestMinDays)
          ? `ringkasan sudah dikirim kurang dari ${digestMinDays} hari lalu (${last}); paling sering sekali seminggu`
          : undefined;
      },
      (lang) => catalog(lang).atasanDigest(waiting),
      { pendingCount: waiting },
    );
  }

  // Approved activities not uploaded to MyASN 14 days after their approval: each mentioned once, to its owner.
  const uploadCutoff = now.getTime() - MYASN_UPLOAD_AFTER_DAYS * DAY_MS;
  const notUploaded = new Map<string, Activity[]>();
  for (const a of await store.activitiesByStatus('approved')) {
    if (a.myAsnUploadedAt || a.source) continue; // imported history was entered by HR already
    const approval = a.history.at(-1);
    if (approval?.status !== 'approved' || Date.parse(approval.at) > uploadCutoff) continue;
    if (await markOf(MYASN_UPLOAD, a.id, a.nip)) continue;
    const list = notUploaded.get(a.nip);
    if (list) list.push(a);
    else notUploaded.set(a.nip, [a]);
  }
  for (const employee of employees) {
    const due = notUploaded.get(employee.nip);
    if (!due || !hasJpDuty(employee)) continue;
    const shown = due.slice(0, 5);
    await consider(
      MYASN_UPLOAD,
      employee,
      MYASN_UPLOAD,
      async () => undefined,
      (lang) => catalog(lang).myAsnReminder(shown.map((a) => a.title), due.length),
      {},
      {
        extraMarks: due.map((a) => ({ kind: MYASN_UPLOAD, period: a.id })),
        buttons: (lang) => shown.map((a) => [{ id: `mu:${a.id}`, label: `${catalog(lang).myAsnUploaded}: ${a.title}`.slice(0, 60) }]),
      },
    );
  }

  const total = outcomes.length;
  let done = 0;
  const progress = (outcome: ReminderOutcome) => opts.onProgress?.({ outcome, done: ++done, total });
  for (const o of outcomes) if (o.status !== 'planned') progress(o);

  let aborted = false;
  let uncommitted = 0;
  if (dryRun) {
    for (const job of jobs) progress(job.outcome);
  } else {
    // The mark and the message are one commit: a run killed half way and run again reminds nobody twice
    // and leaves nobody out. The relay delivers the message from the store's outbox.
    const queued = new Map<string, Job>();
    for (const job of jobs) {
      const { outcome } = job;
      if (opts.signal?.aborted) {
        aborted = true;
        outcome.status = 'failed';
        outcome.reason = 'dihentikan sebelum terkirim';
        progress(outcome);
        continue;
      }
      try {
        const [id] = await store.transaction(async (tx) => {
          const at = clock.now().toISOString();
          await tx.addReminderMark({ kind: job.markKind, period, nip: outcome.nip, at });
          for (const m of job.extraMarks ?? []) await tx.addReminderMark({ kind: m.kind, period: m.period, nip: outcome.nip, at });
          return tx.enqueueOutbound([job.message]);
        });
        outcome.status = 'sent';
        queued.set(id!, job);
      } catch (err) {
        uncommitted++;
        outcome.status = 'failed';
        outcome.reason = `tidak tersimpan: ${err instanceof Error ? err.message : String(err)}`;
        progress(outcome);
      }
    }
    if (!opts.outbox && queued.size > 0) await deliverNow(store, outbox, queued, opts.drainMs ?? 15 * 60_000);
    for (const job of queued.values()) progress(job.outcome);
  }

  const reminders = emptyCounts();
  const digests = emptyCounts();
  const uploads = emptyCounts();
  for (const o of outcomes) (o.kind === JP_SHORTFALL ? reminders : o.kind === MYASN_UPLOAD ? uploads : digests)[o.status]++;
  return {
    year,
    period,
    policy: {
      reminders:
        opts.minDaysBetween === undefined
          ? `sekali per bulan untuk JP ${year}`
          : `untuk JP ${year}, lagi setelah ${opts.minDaysBetween} hari`,
      digests: `paling sering sekali seminggu (jeda ${digestMinDays} hari)`,
    },
    dryRun,
    force,
    employees: employees.length,
    belowTarget,
    blocked: new Set(outcomes.filter((o) => o.blocked).map((o) => o.nip)).size,
    outcomes,
    reminders,
    digests,
    uploads,
    aborted,
    complete: !dryRun && !aborted && uncommitted === 0,
  };
}

/** Delivers the queued reminders through a private relay; a message refused for good becomes `failed`. */
async function deliverNow(store: Store, outbox: Outbox, queued: Map<string, Job>, drainMs: number): Promise<void> {
  const platforms = [...new Set([...queued.values()].map((j) => j.message.to.platform))];
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  // On a database shared with a running assistant, its relay (the lease holder) sends them; else this one.
  const relay = new Relay(store, outbox, log, { platforms, lease: { owner: `remind:${process.pid}:${randomUUID()}`, ttlMs: 10_000 } });
  relay.start();
  try {
    await relay.drain(drainMs);
  } finally {
    await relay.stop();
    await outbox.close({ graceMs: 2000 });
    await relay.idle();
  }
  const failed = new Map((await store.failedOutbound(Number.MAX_SAFE_INTEGER)).map((r) => [r.id, r]));
  const pending = new Set((await store.pendingOutbound({ platforms })).map((r) => r.id));
  for (const [id, job] of queued) {
    const refused = failed.get(id);
    // The platform refused our token: kept in the outbox, but this run failed to send it.
    const dead = relay.deadPlatforms.get(job.message.to.platform);
    if (refused) {
      job.outcome.status = 'failed';
      job.outcome.reason = refused.error;
    } else if (pending.has(id) && dead) {
      job.outcome.status = 'failed';
      job.outcome.reason = `${dead}; token ditolak platform: pesan tetap tersimpan dan dikirim setelah token diperbaiki`;
    } else if (pending.has(id)) {
      job.outcome.reason = 'belum terkirim; tersimpan dan dikirim saat asisten berjalan';
    }
  }
}
