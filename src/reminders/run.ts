import { randomUUID } from 'node:crypto';
import type { Clock } from '../config.js';
import type { Activity, Employee } from '../domain/types.js';
import { TARGET_JP, yearTotals } from '../domain/year-totals.js';
import { hasJpDuty } from '../domain/rekap.js';
import { noSenderReason } from '../delivery/senders-from-env.js';
import { Outbox } from '../delivery/outbox.js';
import { Relay } from '../delivery/relay.js';
import type { PlatformSender } from '../delivery/types.js';
import type { Button, OutboundMessage, UserRef } from '../chat/events.js';
import { catalog } from '../engine/i18n/index.js';
import { shortLabel } from '../engine/dialog-kit/label.js';
import { reachOfMany, type Reach } from '../domain/reach.js';
import { formatJp } from '../rules/index.js';
import type { Store } from '../domain/store.js';
import { inQuietHours, localTime, monthPeriod, previousMonthPeriod, quietHoursEnd, yearIn } from './time.js';
import { askAgain, EVALUATION_PROMPT_MAX, evaluationPrompt, evaluationsDue, GAP_EVALUATION, type EvaluationDue } from '../engine/plan/evaluation.js';

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
export type ReminderKind = typeof JP_SHORTFALL | typeof ATASAN_DIGEST | typeof MYASN_UPLOAD | typeof GAP_EVALUATION;

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
  /** For `jp-shortfall`: the figures in the message. */
  totals?: { approved: number; pending: number; shortfall: number };
  /** For `atasan-digest`: reports waiting longer than DIGEST_AFTER_DAYS. */
  pendingCount?: number;
  /** Unreachable because the platform said so (blocked the assistant, deactivated), not for want of a link. */
  blocked?: boolean;
}

/** `done` counts the outcomes so far; how many a run has is known only at its end (it reads the roster in pages). */
export interface ReminderProgress {
  outcome: ReminderOutcome;
  done: number;
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
  /** Every outcome, or only the failed ones (RunRemindersOptions.outcomes); the counts below count them all. */
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
  /**
   * Which outcomes the summary lists: `all` (default; the CLI prints them), or only the `failed` ones (the
   * schedule of the running assistant, which logs those and counts the rest: its memory stays one page's).
   */
  outcomes?: 'all' | 'failed';
  /** Employees per page (default REMINDER_PAGE). */
  pageSize?: number;
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
  /**
   * Asked again in the commit, under a lock on this reminder: why it is no longer due (another run on the
   * database, a `bangkom remind` beside the schedule, committed it meanwhile), or undefined.
   */
  recheck: (tx: Store) => Promise<string | undefined>;
}

/** Employees per page of a run: its reads and the messages it composes are held for one page at a time. */
export const REMINDER_PAGE = 500;

const emptyCounts = (): ReminderCounts => ({ sent: 0, planned: 0, skipped: 0, failed: 0, unreachable: 0, exempt: 0 });

function groupByNip<T extends { nip: string }>(list: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    const l = out.get(x.nip);
    if (l) l.push(x);
    else out.set(x.nip, [x]);
  }
  return out;
}

/**
 * One reminder run, used by `bangkom remind` and by the schedule of the running assistant:
 * a personal message to each employee below 20 JP approved in `year` (not TKK staff: they have no 20 JP
 * duty, and are counted as `exempt`), and one digest per atasan whose
 * reports have waited more than 3 days. Idempotent through the store's reminder marks (personal: once a
 * month per JP year; digest: once a week): each mark is committed together with its message in the store's
 * outbox, from which the relay delivers it (at least once, see relay.ts).
 *
 * The roster is read in pages of REMINDER_PAGE employees (by NIP), each page's activities, accounts and
 * marks in one lookup each, and the page's reminders committed before the next page is read: the memory a
 * run needs is one page's, whatever the size of the roster.
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
  const previous = previousMonthPeriod(period);
  const shortfallKind = shortfallMarkKind(year, period);
  const digestMinDays = Math.max(DIGEST_MIN_DAYS_BETWEEN, opts.minDaysBetween ?? 0);
  const pageSize = Math.max(1, opts.pageSize ?? REMINDER_PAGE);

  const outcomes: ReminderOutcome[] = [];
  const counts = { reminders: emptyCounts(), digests: emptyCounts(), uploads: emptyCounts() };
  const keepAll = (opts.outcomes ?? 'all') === 'all';
  const blocked = new Set<string>();
  let done = 0;
  /** Every outcome passes here once, with its final status. */
  const progress = (outcome: ReminderOutcome) => {
    counts[outcome.kind === JP_SHORTFALL ? 'reminders' : outcome.kind === MYASN_UPLOAD ? 'uploads' : 'digests'][outcome.status]++;
    if (outcome.blocked) blocked.add(outcome.nip);
    if (!keepAll && outcome.status === 'failed') outcomes.push(outcome);
    opts.onProgress?.({ outcome, done: ++done });
  };
  const decided = (outcome: ReminderOutcome) => {
    if (keepAll) outcomes.push(outcome);
  };
  let aborted = false;
  let uncommitted = 0;
  /** Without the assistant's outbox: committed, delivered by this run's own relay at the end. */
  const queued = new Map<string, Job>();

  /** For each NIP, the time of its latest mark among these (kind, period) pairs: one lookup per kind. */
  const latestMarks = async (pairs: { kind: string; period: string }[], nips: string[]): Promise<Map<string, string>> => {
    const latest = new Map<string, string>();
    const periodsOf = new Map<string, string[]>();
    for (const p of pairs) periodsOf.set(p.kind, [...(periodsOf.get(p.kind) ?? []), p.period]);
    for (const [kind, periods] of periodsOf) {
      for (const m of await store.reminderMarksFor(kind, periods, nips)) {
        if (m.at > (latest.get(m.nip) ?? '')) latest.set(m.nip, m.at);
      }
    }
    return latest;
  };
  const tooSoon = (last: string | undefined, days: number) => last !== undefined && now.getTime() - Date.parse(last) < days * DAY_MS;
  /** The marks that say an employee was reminded about the year lately, and the reason to skip given the latest. */
  const shortfallPairs =
    opts.minDaysBetween === undefined
      ? [{ kind: shortfallKind, period }]
      : [
          { kind: shortfallKind, period },
          { kind: shortfallMarkKind(year, previous), period: previous },
        ];
  const shortfallSkip = (last: string | undefined): string | undefined => {
    if (opts.minDaysBetween === undefined) return last ? `sudah diingatkan bulan ini tentang JP ${year} (${last})` : undefined;
    return tooSoon(last, opts.minDaysBetween)
      ? `sudah diingatkan tentang JP ${year} kurang dari ${opts.minDaysBetween} hari lalu (${last})`
      : undefined;
  };
  const digestPairs = [
    { kind: ATASAN_DIGEST, period },
    { kind: ATASAN_DIGEST, period: previous },
  ];
  const digestSkip = (last: string | undefined): string | undefined =>
    tooSoon(last, digestMinDays)
      ? `ringkasan sudah dikirim kurang dari ${digestMinDays} hari lalu (${last}); paling sering sekali seminggu`
      : undefined;
  /** The latest of these marks of one NIP, read in a transaction. */
  const latestIn = async (tx: Store, pairs: { kind: string; period: string }[], nip: string): Promise<string | undefined> => {
    const marks = await Promise.all(pairs.map((p) => tx.getReminderMark(p.kind, p.period, nip)));
    return marks
      .map((m) => m?.at)
      .filter((at): at is string => Boolean(at))
      .sort()
      .at(-1);
  };

  /** Skipped / unreachable / planned, in that order of checks; returns the job of a message to send. */
  const consider = (
    kind: ReminderKind,
    employee: Employee,
    reach: Reach,
    skipped: string | undefined,
    compose: (lang: Employee['lang']) => string,
    extra: Pick<ReminderOutcome, 'totals' | 'pendingCount'>,
    markKind: string,
    recheck: Job['recheck'],
    more: Pick<Job, 'extraMarks'> & { buttons?: (lang: Employee['lang']) => Button[][] } = {},
  ): Job | undefined => {
    const base: ReminderOutcome = { kind, nip: employee.nip, name: employee.name, status: 'planned', ...extra };
    const settle = (outcome: ReminderOutcome) => {
      decided(outcome);
      progress(outcome);
      return undefined;
    };
    if (!force && skipped) return settle({ ...base, status: 'skipped', reason: skipped });
    if (reach.kind === 'not-linked') return settle({ ...base, status: 'unreachable', reason: 'belum terhubung ke platform chat mana pun' });
    if (reach.kind === 'unreachable') {
      const where = reach.accounts.map((a) => `${a.platform} sejak ${a.since.slice(0, 10)}`).join(', ');
      return settle({ ...base, status: 'unreachable', blocked: true, reason: `memblokir bot atau akunnya nonaktif (${where}); dicoba lagi setelah ia menulis` });
    }
    const { to } = reach;
    if (!outbox.has(to.platform)) return settle({ ...base, status: 'unreachable', to, reason: noSenderReason(to.platform) });
    const outcome: ReminderOutcome = { ...base, to };
    decided(outcome);
    const text = compose(employee.lang);
    const buttons = more.buttons?.(employee.lang);
    return {
      outcome,
      markKind,
      recheck,
      message: { kind: 'send', to, text, ...(buttons?.length ? { buttons } : {}) },
      ...(more.extraMarks ? { extraMarks: more.extraMarks } : {}),
    };
  };

  /**
   * The mark and the message are one commit: a run killed half way and run again reminds nobody twice and
   * leaves nobody out. The relay delivers the message from the store's outbox.
   */
  const commit = async (jobs: Job[]) => {
    for (const job of jobs) {
      const { outcome } = job;
      if (dryRun) {
        progress(outcome);
        continue;
      }
      if (opts.signal?.aborted) {
        aborted = true;
        outcome.status = 'failed';
        outcome.reason = 'dihentikan sebelum terkirim';
        progress(outcome);
        continue;
      }
      try {
        const committed = await store.transaction(
          async (tx) => {
            const gone = force ? undefined : await job.recheck(tx);
            if (gone) return { gone };
            const at = clock.now().toISOString();
            await tx.addReminderMark({ kind: job.markKind, period, nip: outcome.nip, at });
            for (const m of job.extraMarks ?? []) await tx.addReminderMark({ kind: m.kind, period: m.period, nip: outcome.nip, at });
            return { id: (await tx.enqueueOutbound([job.message]))[0]! };
          },
          { key: `reminder:${job.markKind}:${outcome.nip}` },
        );
        if ('gone' in committed) {
          outcome.status = 'skipped';
          outcome.reason = committed.gone;
          progress(outcome);
          continue;
        }
        const { id } = committed;
        outcome.status = 'sent';
        if (opts.outbox) progress(outcome);
        else queued.set(id, job);
      } catch (err) {
        uncommitted++;
        outcome.status = 'failed';
        outcome.reason = `tidak tersimpan: ${err instanceof Error ? err.message : String(err)}`;
        progress(outcome);
      }
    }
  };

  const admins = await store.admins();
  const uploadsApprovedBy = new Date(now.getTime() - MYASN_UPLOAD_AFTER_DAYS * DAY_MS).toISOString();
  /** Reports waiting longer than DIGEST_AFTER_DAYS, per approver: as many entries as approvers, not reports. */
  const waitingFor = new Map<string, number>();
  /**
   * Activities due for the atasan's six-month evaluation (issue 14), per atasan: how many, and the first
   * EVALUATION_PROMPT_MAX by end date (all the prompt shows), so that it holds as many entries as atasans.
   */
  const evaluationsFor = new Map<string, { count: number; shown: EvaluationDue[] }>();
  const byEnd = (a: EvaluationDue, b: EvaluationDue) => a.end.localeCompare(b.end) || a.id.localeCompare(b.id);
  let employeeCount = 0;
  let belowTarget = 0;

  const cutoffIso = new Date(now.getTime() - DIGEST_AFTER_DAYS * DAY_MS).toISOString();
  /** One page of the roster and everything the run asks about it, in one lookup per question. */
  const loadPage = async (after: string) => {
    const page = await store.employeesAfter(after, pageSize);
    if (page.length === 0) return undefined;
    const nips = page.map((e) => e.nip);
    const atasanNips = [...new Set(page.flatMap((e) => (e.atasanNip ? [e.atasanNip] : [])))];
    const [activities, waiting, reaches, shortfallMarks, atasans, uploads, evaluations] = await Promise.all([
      store.activityFiguresOfMany(nips, year),
      store.waitingCounts(nips, cutoffIso),
      reachOfMany(store, nips),
      latestMarks(shortfallPairs, nips),
      store.knownNips(atasanNips),
      store.uploadsDue(nips, uploadsApprovedBy, MYASN_UPLOAD),
      evaluationsDue(store, page, now, tz, admins),
    ]);
    return { page, activities, waiting, reaches, shortfallMarks, atasans, uploads, evaluations };
  };

  // The next page is read while this one is worked on: the database and this process work side by side.
  // A read that fails while a page is committed must not go unhandled (the process would exit): it is
  // awaited, and thrown, at the next turn of the loop.
  const prefetch = (after: string) => {
    const p = loadPage(after);
    p.catch(() => undefined);
    return p;
  };
  for (let next = prefetch(''); ; ) {
    // A shutdown stops the run at a page boundary: what is not committed is left to the next run.
    if (!dryRun && opts.signal?.aborted) {
      aborted = true;
      break;
    }
    const loaded = await next;
    if (!loaded) break;
    const { page, activities, waiting, reaches, shortfallMarks, atasans, uploads, evaluations } = loaded;
    for (const d of evaluations) {
      const entry = evaluationsFor.get(d.raterNip) ?? { count: 0, shown: [] };
      entry.count++;
      entry.shown = [...entry.shown, d].sort(byEnd).slice(0, EVALUATION_PROMPT_MAX);
      evaluationsFor.set(d.raterNip, entry);
    }
    next = prefetch(page.at(-1)!.nip);
    employeeCount += page.length;
    const activitiesOf = groupByNip(activities);
    const waitingOf = new Map(waiting.map((w) => [w.nip, w.count]));
    const uploadsOf = groupByNip(uploads);
    const atasanInRoster = new Set(atasans);
    const adminNips = admins.map((a) => a.nip);
    const jobs: Job[] = [];

    // Personal reminders.
    for (const employee of page) {
      const mine = activitiesOf.get(employee.nip) ?? [];
      // Who decides each old report is the rule of approversFor: the owner's atasan when in the roster, else
      // every admin but the owner (src/engine/approval/approvers.ts).
      const old = waitingOf.get(employee.nip) ?? 0;
      if (old > 0) {
        const atasan = employee.atasanNip && atasanInRoster.has(employee.atasanNip) ? employee.atasanNip : undefined;
        for (const approver of atasan ? [atasan] : adminNips) {
          if (approver !== employee.nip) waitingFor.set(approver, (waitingFor.get(approver) ?? 0) + old);
        }
      }
      if (!hasJpDuty(employee)) {
        const exempt: ReminderOutcome = { kind: JP_SHORTFALL, nip: employee.nip, name: employee.name, status: 'exempt', reason: TKK_EXEMPT_REASON };
        decided(exempt);
        progress(exempt);
        continue;
      }
      const reach = reaches.get(employee.nip)!;
      const totals = yearTotals(mine, year, profile);
      if (!totals.met) {
        belowTarget++;
        const job = consider(
          JP_SHORTFALL,
          employee,
          reach,
          shortfallSkip(shortfallMarks.get(employee.nip)),
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
          shortfallKind,
          async (tx) => shortfallSkip(await latestIn(tx, shortfallPairs, employee.nip)),
        );
        if (job) jobs.push(job);
      }

      // Approved activities not uploaded to MyASN 14 days after their approval: each mentioned once.
      const due = uploadsOf.get(employee.nip);
      if (due) {
        const shown = due.slice(0, 5);
        const job = consider(
          MYASN_UPLOAD,
          employee,
          reach,
          undefined,
          (lang) => catalog(lang).myAsnReminder(shown.map((a) => a.title), due.length),
          {},
          MYASN_UPLOAD,
          async (tx) => {
            for (const a of due) {
              const mark = await tx.getReminderMark(MYASN_UPLOAD, a.id, employee.nip);
              if (mark) return `kegiatan "${a.title}" sudah disebut (${mark.at})`;
            }
            return undefined;
          },
          {
            extraMarks: due.map((a) => ({ kind: MYASN_UPLOAD, period: a.id })),
            buttons: (lang) => shown.map((a) => [{ id: `mu:${a.id}`, label: shortLabel(`${catalog(lang).myAsnUploaded}: ${a.title}`, 60) }]),
          },
        );
        if (job) jobs.push(job);
      }
    }
    await commit(jobs);
  }

  // Atasan digests: one message per approver, counting their reports waiting longer than DIGEST_AFTER_DAYS.
  const approvers = (aborted ? [] : await store.employeesOfMany([...new Set([...waitingFor.keys(), ...evaluationsFor.keys()])])).sort(
    (a, b) => a.name.localeCompare(b.name) || a.nip.localeCompare(b.nip),
  );
  for (let k = 0; k < approvers.length; k += pageSize) {
    const chunk = approvers.slice(k, k + pageSize);
    const nips = chunk.map((e) => e.nip);
    const [reaches, digestMarks] = await Promise.all([
      reachOfMany(store, nips),
      latestMarks(digestPairs, nips),
    ]);
    const jobs: Job[] = [];
    for (const approver of chunk) {
      const waiting = waitingFor.get(approver.nip) ?? 0;
      const last = digestMarks.get(approver.nip);
      const job =
        waiting > 0 &&
        consider(
          ATASAN_DIGEST,
          approver,
          reaches.get(approver.nip)!,
          digestSkip(last),
          (lang) => catalog(lang).atasanDigest(waiting),
          { pendingCount: waiting },
          ATASAN_DIGEST,
          async (tx) => digestSkip(await latestIn(tx, digestPairs, approver.nip)),
        );
      if (job) jobs.push(job);
      // The six-month evaluation (seed 004 V.C): one row of buttons per activity, asked again after four weeks while not rated.
      const due = evaluationsFor.get(approver.nip);
      const shown = due?.shown ?? [];
      // Its text and its buttons come from one prompt, made once.
      let made: { lang: Employee['lang']; prompt: ReturnType<typeof evaluationPrompt> } | undefined;
      const prompt = (lang: Employee['lang']) => {
        if (!made || made.lang !== lang) made = { lang, prompt: evaluationPrompt(catalog(lang), lang ?? 'id', shown, due!.count) };
        return made.prompt;
      };
      const evaluation =
        due &&
        consider(
          GAP_EVALUATION,
          approver,
          reaches.get(approver.nip)!,
          undefined,
          (lang) => prompt(lang).text,
          {},
          GAP_EVALUATION,
          async (tx) => {
            for (const d of shown) {
              const mark = await tx.getReminderMark(GAP_EVALUATION, d.id, approver.nip);
              if (mark && !askAgain(mark.at, clock.now())) return `evaluasi "${d.title}" sudah ditanyakan (${mark.at})`;
            }
            return undefined;
          },
          {
            extraMarks: shown.map((d) => ({ kind: GAP_EVALUATION, period: d.id })),
            buttons: (lang) => prompt(lang).buttons,
          },
        );
      if (evaluation) jobs.push(evaluation);
    }
    await commit(jobs);
  }

  if (queued.size > 0) await deliverNow(store, outbox, queued, opts.drainMs ?? 15 * 60_000);
  for (const job of queued.values()) progress(job.outcome);

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
    employees: employeeCount,
    belowTarget,
    blocked: blocked.size,
    outcomes,
    ...counts,
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
