import type {
  Account,
  Activity,
  ActivityStatus,
  ConversationState,
  Employee,
  Invite,
  ReminderMark,
} from './types.js';
import type { Platform } from '../chat/events.js';

/**
 * Storage seam. Every implementation must pass test/store/conformance.ts.
 * Reads are served from memory indexes (no scan over everyone for one employee);
 * writes resolve only once they are durable on disk.
 */
export interface Store {
  /** Loads or creates the files. Idempotent. */
  open(): Promise<void>;
  /** Waits for pending writes, then releases the files. */
  close(): Promise<void>;

  // employees
  getEmployee(nip: string): Promise<Employee | undefined>;
  /** Insert or update by NIP; never touches activities. */
  upsertEmployees(list: Employee[]): Promise<{ created: number; updated: number }>;
  listEmployees(filter?: { unit?: string }): Promise<Employee[]>;
  subordinatesOf(atasanNip: string): Promise<Employee[]>;
  admins(): Promise<Employee[]>;
  setEmployeeLang(nip: string, lang: Employee['lang']): Promise<void>;

  // platform accounts
  getAccount(platform: Platform, userId: string): Promise<Account | undefined>;
  accountsOf(nip: string): Promise<Account[]>;
  /** Links (or re-links) a platform account to an employee. */
  linkAccount(account: Account): Promise<void>;
  /** Updates lastSeenAt; may be written lazily (not required to be durable immediately). */
  touchAccount(platform: Platform, userId: string, at: string): Promise<void>;

  // invites
  createInvite(invite: Invite): Promise<void>;
  getInvite(code: string): Promise<Invite | undefined>;
  /** Atomically marks an unused invite used; false when it was already used or is unknown. */
  useInvite(code: string, usedBy: string, at: string): Promise<boolean>;

  // activities
  addActivity(activity: Activity): Promise<void>;
  getActivity(id: string): Promise<Activity | undefined>;
  activitiesOf(nip: string, year?: number): Promise<Activity[]>;
  activitiesByStatus(status: ActivityStatus): Promise<Activity[]>;
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

  // reminders
  getReminderMark(kind: string, period: string, nip: string): Promise<ReminderMark | undefined>;
  addReminderMark(mark: ReminderMark): Promise<void>;
}
