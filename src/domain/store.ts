import type {
  Account,
  Evidence,
  Activity,
  ActivityStatus,
  ConversationState,
  DashboardToken,
  Employee,
  Invite,
  Plan,
  ReminderMark,
} from './types.js';
import type { OutboundMessage, Platform } from '../chat/events.js';
import type { UploadDue } from './upload-due.js';
import type { ActivityFigures } from './year-totals.js';
import type { WaitingCount } from './waiting.js';
import type { EndedBetween, EvaluationCandidate } from './evaluation-candidate.js';

/** A message committed by a turn, waiting in the store's outbox for the relay (or refused for good). */
export interface OutboundRecord {
  id: string;
  /** Commit order: the relay sends in this order, which keeps the order of messages into one chat. */
  seq: number;
  message: OutboundMessage;
  createdAt: string;
  /** `failed`: the platform refused it for good; kept with the reason, never retried. */
  status: 'pending' | 'failed';
  error?: string;
  failedAt?: string;
}

/** What became of one message the relay handed to its platform. */
export type OutboundSettlement = { id: string; delivered: true } | { id: string; failed: string; at: string };

/**
 * Storage seam. Every implementation must pass test/store/conformance.ts.
 * Reads are index lookups (no scan over everyone for one employee); writes resolve only once they are
 * durable. A failed write changes nothing, in memory or on disk.
 *
 * Unit of work: `transaction(work)` runs `work` against a transactional view of the store whose writes
 * (records, dialogue states, outbound messages, the inbound-event mark) commit together or not at all;
 * the view reads its own writes. Work may be run again when a record it changed with compare-and-set
 * (updateActivity, useInvite, addActivity, createInvite, and a dialogue state it read with getState
 * before writing it) was changed by another commit meanwhile, so it
 * must have no effects outside the store other than idempotent ones. Outside a transaction, each write
 * is its own unit.
 */
export interface TransactionOptions {
  /**
   * Transactions with the same key never run at the same time, in any process on the store (the engine
   * passes the chat user, so that one user's events run in order). Within one process the engine already
   * serializes them.
   */
  key?: string;
  /**
   * What the work will check or read under a lock: the inbound event key it looks up (inboundSeen) and the
   * dialogue states it reads (getState). A store may take those locks with `key`'s, in one round trip.
   */
  inboundKey?: string;
  stateKeys?: string[];
}

export interface Store {
  transaction<T>(work: (tx: Store) => Promise<T>, opts?: TransactionOptions): Promise<T>;

  // outbound messages (transactional outbox) and inbound dedupe
  /** Queues messages for the relay; in a transaction, they commit with it. Returns their ids. */
  enqueueOutbound(messages: OutboundMessage[]): Promise<string[]>;
  /** Pending messages in commit order (`seq`), optionally only for some platforms; at most `limit`. */
  pendingOutbound(opts?: { platforms?: Platform[]; limit?: number }): Promise<OutboundRecord[]>;
  /** Messages refused for good, newest first. */
  failedOutbound(limit?: number): Promise<OutboundRecord[]>;
  /** Marks messages delivered (removed from the outbox) or failed for good (kept with the reason). */
  settleOutbound(results: OutboundSettlement[]): Promise<void>;
  /** Calls `listener` after every commit that queued outbound messages; returns the unsubscribe. */
  onOutbound(listener: () => void): () => void;
  /** True when an inbound event with this key (e.g. `telegram:update:123`) was committed before. */
  inboundSeen(key: string): Promise<boolean>;
  /** Records an inbound event as handled; remembered for at least 24 hours. */
  recordInbound(key: string, at: string): Promise<void>;

  /** Loads or creates the files. Idempotent. */
  open(): Promise<void>;
  /** Waits for pending writes, then releases the files. */
  close(): Promise<void>;

  // employees
  getEmployee(nip: string): Promise<Employee | undefined>;
  /** Insert or update by NIP; never touches activities. */
  upsertEmployees(list: Employee[]): Promise<{ created: number; updated: number }>;
  listEmployees(filter?: { unit?: string }): Promise<Employee[]>;
  /** Up to `limit` employees whose NIP sorts after `afterNip`, by NIP: keyset pages over the whole roster. */
  employeesAfter(afterNip: string, limit: number): Promise<Employee[]>;
  /** Which of these NIPs are in the roster (an index-only lookup: no records read). */
  knownNips(nips: string[]): Promise<string[]>;
  /** The employees with these NIPs, those that exist (no particular order). */
  employeesOfMany(nips: string[]): Promise<Employee[]>;
  /** The employee with this email, compared without case (Slack links by the profile's email). */
  employeeByEmail(email: string): Promise<Employee | undefined>;
  subordinatesOf(atasanNip: string): Promise<Employee[]>;
  admins(): Promise<Employee[]>;
  setEmployeeLang(nip: string, lang: Employee['lang']): Promise<void>;

  // platform accounts
  getAccount(platform: Platform, userId: string): Promise<Account | undefined>;
  accountsOf(nip: string): Promise<Account[]>;
  /** The accounts of all these employees, in one lookup (no particular order). */
  accountsOfMany(nips: string[]): Promise<Account[]>;
  /** Links (or re-links) a platform account to an employee. */
  linkAccount(account: Account): Promise<void>;
  /** Updates lastSeenAt; may be written lazily (not required to be durable immediately). */
  touchAccount(platform: Platform, userId: string, at: string): Promise<void>;
  /** Marks the account unreachable since `at` (durably), or reachable again with `null`; unknown accounts are ignored. */
  setUnreachable(platform: Platform, userId: string, at: string | null): Promise<void>;

  // invites
  createInvite(invite: Invite): Promise<void>;
  getInvite(code: string): Promise<Invite | undefined>;
  /** Atomically marks an unused invite used; false when it was already used or is unknown. */
  useInvite(code: string, usedBy: string, at: string): Promise<boolean>;

  // dashboard sign-in links and sessions (issue 15)
  /** Keeps a link or session; throws StoreError('duplicate') when its id exists. */
  createDashboardToken(token: DashboardToken): Promise<void>;
  getDashboardToken(id: string): Promise<DashboardToken | undefined>;
  /**
   * Atomically marks an unused link or session used; false when it was already used or is unknown: of two
   * processes using one link at the same moment, exactly one gets true. Does not look at expiresAt.
   */
  useDashboardToken(id: string, at: string): Promise<boolean>;

  // yearly plans (issue 14)
  getPlan(nip: string, year: number): Promise<Plan | undefined>;
  /** Every plan of `year` (the HR plan document, the rekap's planned JP). No particular order. */
  plansInYear(year: number): Promise<Plan[]>;
  /**
   * Read-modify-write of one employee's plan of one year: `change` gets the stored plan (undefined when
   * there is none) and returns the new one, or undefined to leave it as it is. Compare-and-set: two
   * concurrent calls never lose each other's change. Returns the plan as stored afterwards.
   */
  updatePlan(nip: string, year: number, change: (current: Plan | undefined) => Plan | undefined): Promise<Plan | undefined>;

  // activities
  addActivity(activity: Activity): Promise<void>;
  getActivity(id: string): Promise<Activity | undefined>;
  activitiesOf(nip: string, year?: number): Promise<Activity[]>;
  activitiesByStatus(status: ActivityStatus): Promise<Activity[]>;
  /**
   * The activities of these employees that are of `year`, or (with `pending`) waiting for a decision,
   * whatever their year; `{}` gives all of them. No particular order.
   */
  activitiesOfMany(nips: string[], which: { year?: number; pending?: boolean }): Promise<Activity[]>;
  /** What yearTotals reads of these employees' activities of `year`, without the rest of the records. */
  activityFiguresOfMany(nips: string[], year: number): Promise<ActivityFigures[]>;
  /**
   * The activities of these employees that isUploadDue (src/domain/upload-due.ts) at `approvedBy` and that
   * have no reminder mark (`markKind`, the activity's id, its NIP); ordered by NIP, then creation.
   */
  uploadsDue(nips: string[], approvedBy: string, markKind: string): Promise<UploadDue[]>;
  /** For each of these employees with any, how many pending reports have waited since before `before` (pendingSince). */
  waitingCounts(nips: string[], before: string): Promise<WaitingCount[]>;
  /** The activities of these employees that isEvaluationCandidate in `ended` (src/domain/evaluation-candidate.ts). */
  evaluationCandidates(nips: string[], ended: EndedBetween): Promise<EvaluationCandidate[]>;
  /** Pending reports whose owner has no atasan in the roster (none set, or not found): the admins decide them. */
  pendingWithoutAtasan(): Promise<Activity[]>;
  /**
   * The activities of `year` whose certificate file has this hash, or whose certificate number has this
   * certificateNumberKey (src/domain/certificate-key.ts): who else used a certificate. No particular order.
   */
  activitiesWithCertificate(year: number, find: { hash?: string; numberKey?: string }): Promise<Activity[]>;
  /** Every activity whose year (of its end date) is `year`, for recaps and reminders. */
  activitiesInYear(year: number): Promise<Activity[]>;
  /**
   * Compare-and-set: applies `change` only when the stored status is one of `expected`;
   * returns the updated activity, or `{ conflict: current }` when the status differs.
   * Two concurrent calls for the same id produce exactly one change.
   */
  updateActivity(
    id: string,
    expected: ActivityStatus[],
    change: (current: Activity) => Activity,
  ): Promise<Activity | { conflict: Activity } | undefined>;

  // conversation states
  getState(key: string): Promise<ConversationState | undefined>;
  setState(state: ConversationState): Promise<void>;
  deleteState(key: string): Promise<void>;

  // leases: one process at a time does a job (sending the outbox, a reminder run, Telegram long polling)
  /**
   * Takes the lease `name` for `owner`, or renews it when `owner` holds it, until `ttlMs` from now; true
   * when `owner` holds it afterwards. A holder that stops renewing (a crashed process) loses it after
   * `ttlMs`, and the next to ask takes it over.
   */
  holdLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once (a clean stop), when `owner` holds it. */
  releaseLease(name: string, owner: string): Promise<void>;

  // certificate files
  /**
   * Keeps a file's bytes under their sha256 (once: the same bytes give the same place), durably, before
   * it returns; returns where they are kept (Evidence.path). In a transaction, a store may keep them with
   * the commit (PostgreSQL) or ahead of it (lowdb files: an unreferenced file is harmless).
   */
  putEvidence(file: { hash: string; mime: string; ext: string; bytes: Uint8Array }): Promise<string>;
  /** The bytes of a kept file, or undefined when they are gone. */
  readEvidence(evidence: Pick<Evidence, 'hash' | 'path'>): Promise<Uint8Array | undefined>;

  // reminders
  getReminderMark(kind: string, period: string, nip: string): Promise<ReminderMark | undefined>;
  addReminderMark(mark: ReminderMark): Promise<void>;
  /** The marks of one kind in these periods for these NIPs (a page of a reminder run, in one lookup). */
  reminderMarksFor(kind: string, periods: string[], nips: string[]): Promise<ReminderMark[]>;
}
