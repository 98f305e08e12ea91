import type { Low } from 'lowdb';
import type { OutboundRecord } from '../domain/store.js';
import type { Account, Activity, ActivityStatus, ConversationState, DashboardToken, Employee, Invite, Plan, ReminderMark } from '../domain/types.js';
import { recordProblem } from '../domain/records.js';
import { deepFreeze } from './codec.js';
import { shardOf } from './layout.js';
import type { RecordFile } from './record-file.js';

/**
 * One change of a commit, as written in the journal and applied to memory. Every op is a whole-record
 * put (or a delete), so applying a journal again over files that already hold some of it is harmless.
 */
export type Op =
  | { t: 'employee'; v: Employee }
  | { t: 'invite'; v: Invite }
  | { t: 'plan'; v: Plan }
  | { t: 'dashboardToken'; v: DashboardToken }
  /** Every dashboard link and session that expired before `before` is deleted. */
  | { t: 'dashboardTokensGone'; before: string }
  | { t: 'account'; v: Account }
  | { t: 'activity'; v: Activity }
  | { t: 'state'; key: string; v: ConversationState | null }
  | { t: 'mark'; v: ReminderMark }
  | { t: 'out'; v: OutboundRecord }
  | { t: 'outDone'; id: string; failed?: string; at?: string }
  | { t: 'inbound'; key: string; at: string };

/** Why an op's record is not valid (see domain/records.ts), or undefined: checked on write and on replay. */
export function opProblem(op: Op): string | undefined {
  switch (op?.t) {
    case 'employee':
      return recordProblem('employee', op.v);
    case 'invite':
      return recordProblem('invite', op.v);
    case 'plan':
      return recordProblem('plan', op.v);
    case 'dashboardToken':
      return recordProblem('dashboardToken', op.v);
    case 'dashboardTokensGone':
      return typeof op.before === 'string' && Number.isFinite(Date.parse(op.before)) ? undefined : 'dashboardTokensGone: no time';
    case 'account':
      return recordProblem('account', op.v);
    case 'activity':
      return recordProblem('activity', op.v);
    case 'state':
      if (typeof op.key !== 'string' || op.key === '') return 'state: no key';
      if (op.v === null) return undefined;
      return recordProblem('state', op.v) ?? (op.v.key === op.key ? undefined : 'state: key differs from its record');
    case 'mark':
      return recordProblem('mark', op.v);
    case 'out':
      return recordProblem('outbound', op.v);
    case 'outDone':
      return typeof op.id === 'string' && (op.failed === undefined || typeof op.failed === 'string') ? undefined : 'outDone: malformed';
    case 'inbound':
      return recordProblem('inbound', { key: op.key, at: op.at });
    default:
      return 'unknown op';
  }
}

export interface InboundMark {
  key: string;
  at: string;
}

export interface MainDoc {
  layout: { activityShards: number; stateShards: number };
  employees: Map<string, Employee>;
  invites: Map<string, Invite>;
  /** Yearly plans, by planKey (kept in the main file like invites; one per employee and year). */
  plans: Map<string, Plan>;
  /** Dashboard sign-in links and sessions, by id (kept in the main file like invites). */
  dashboardTokens: Map<string, DashboardToken>;
}

/** A file that can be checkpointed (a RecordFile or the main lowdb file). */
export interface Savable {
  save(): Promise<void>;
}

/** Everything in memory while the store is open. */
export interface Live {
  layout: MainDoc['layout'];
  main: Low<MainDoc>;
  mainSavable: Savable;
  accounts: RecordFile<Account>;
  states: RecordFile<ConversationState>[];
  activityShards: RecordFile<Activity>[];
  marks: Map<string, RecordFile<ReminderMark>>;
  outbound: RecordFile<OutboundRecord>;
  inbound: RecordFile<InboundMark>;
  /** Creates the marks file of a period (files per period appear as periods do). */
  marksFileFor: (period: string) => RecordFile<ReminderMark>;

  // indexes
  byAtasan: Map<string, Set<string>>;
  byUnit: Map<string, Set<string>>;
  admins: Set<string>;
  accountsByNip: Map<string, Set<string>>;
  activities: Map<string, Activity>;
  actByNip: Map<string, Set<string>>;
  actByStatus: Map<ActivityStatus, Set<string>>;
  actByYear: Map<number, Set<string>>;
  markFileOf: Map<string, RecordFile<ReminderMark>>;
  outSeq: number;

  /** Files changed since their last checkpoint. */
  dirty: Set<Savable>;
  touchTimer: NodeJS.Timeout | undefined;
  touchDirty: boolean;
  release: () => Promise<void>;
}

export function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

export function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

export const accountKey = (platform: string, userId: string) => `${platform}:${userId}`;
export const planKey = (nip: string, year: number) => `${nip}:${year}`;
export const markKey = (kind: string, period: string, nip: string) => JSON.stringify([kind, period, nip]);
/** Store.activitiesOfMany's choice: of `year`, or (with `pending`) pending in any year; `{}` is every activity. */
export const activityIsOneOf = (a: Activity, which: { year?: number; pending?: boolean }) =>
  (which.year === undefined && !which.pending) || a.year === which.year || (which.pending === true && a.status === 'pending');

export function indexEmployee(live: Live, e: Employee): void {
  if (e.atasanNip) addTo(live.byAtasan, e.atasanNip, e.nip);
  addTo(live.byUnit, e.unit, e.nip);
  if (e.role === 'admin') live.admins.add(e.nip);
}

function unindexEmployee(live: Live, e: Employee): void {
  if (e.atasanNip) removeFrom(live.byAtasan, e.atasanNip, e.nip);
  removeFrom(live.byUnit, e.unit, e.nip);
  live.admins.delete(e.nip);
}

export function indexActivity(live: Live, a: Activity): void {
  live.activities.set(a.id, a);
  addTo(live.actByNip, a.nip, a.id);
  addTo(live.actByStatus, a.status, a.id);
  addTo(live.actByYear, a.year, a.id);
}

export const activityShardOf = (live: Live, nip: string) => live.activityShards[shardOf(nip, live.layout.activityShards)]!;
export const stateFileOf = (live: Live, key: string) => live.states[shardOf(key, live.layout.stateShards)]!;

/** Applies one committed op to memory and its indexes, and marks the files it changed. */
export function applyOp(live: Live, op: Op): void {
  switch (op.t) {
    case 'employee': {
      const employees = live.main.data.employees;
      const prev = employees.get(op.v.nip);
      if (prev) unindexEmployee(live, prev);
      const next = deepFreeze(op.v);
      employees.set(next.nip, next);
      indexEmployee(live, next);
      live.dirty.add(live.mainSavable);
      return;
    }
    case 'invite':
      live.main.data.invites.set(op.v.code, deepFreeze(op.v));
      live.dirty.add(live.mainSavable);
      return;
    case 'plan':
      live.main.data.plans.set(planKey(op.v.nip, op.v.year), deepFreeze(op.v));
      live.dirty.add(live.mainSavable);
      return;
    case 'dashboardToken':
      live.main.data.dashboardTokens.set(op.v.id, deepFreeze(op.v));
      live.dirty.add(live.mainSavable);
      return;
    case 'dashboardTokensGone': {
      const before = Date.parse(op.before);
      const tokens = live.main.data.dashboardTokens;
      for (const [id, t] of tokens) if (Date.parse(t.expiresAt) < before) tokens.delete(id);
      live.dirty.add(live.mainSavable);
      return;
    }
    case 'account': {
      const key = accountKey(op.v.platform, op.v.userId);
      const prev = live.accounts.map.get(key);
      if (prev) removeFrom(live.accountsByNip, prev.nip, key);
      live.accounts.map.set(key, deepFreeze(op.v));
      addTo(live.accountsByNip, op.v.nip, key);
      live.dirty.add(live.accounts);
      return;
    }
    case 'activity': {
      const next = deepFreeze(op.v);
      const prev = live.activities.get(next.id);
      const shard = activityShardOf(live, next.nip);
      if (prev) {
        if (prev.nip !== next.nip) {
          activityShardOf(live, prev.nip).map.delete(prev.id);
          removeFrom(live.actByNip, prev.nip, prev.id);
          addTo(live.actByNip, next.nip, next.id);
        }
        removeFrom(live.actByStatus, prev.status, prev.id);
        removeFrom(live.actByYear, prev.year, prev.id);
        addTo(live.actByStatus, next.status, next.id);
        addTo(live.actByYear, next.year, next.id);
        live.activities.set(next.id, next);
      } else {
        indexActivity(live, next);
      }
      shard.map.set(next.id, next);
      live.dirty.add(shard);
      return;
    }
    case 'state': {
      const file = stateFileOf(live, op.key);
      if (op.v === null) file.map.delete(op.key);
      else file.map.set(op.key, deepFreeze(op.v));
      live.dirty.add(file);
      return;
    }
    case 'mark': {
      const m = deepFreeze(op.v);
      const key = markKey(m.kind, m.period, m.nip);
      const file = live.marksFileFor(m.period);
      const prevFile = live.markFileOf.get(key);
      if (prevFile && prevFile !== file) {
        prevFile.map.delete(key);
        live.dirty.add(prevFile);
      }
      file.map.set(key, m);
      live.markFileOf.set(key, file);
      live.dirty.add(file);
      return;
    }
    case 'out':
      live.outbound.map.set(op.v.id, deepFreeze(op.v));
      live.outSeq = Math.max(live.outSeq, op.v.seq);
      live.dirty.add(live.outbound);
      return;
    case 'outDone': {
      const rec = live.outbound.map.get(op.id);
      if (!rec) return;
      if (op.failed === undefined) live.outbound.map.delete(op.id);
      else live.outbound.map.set(op.id, deepFreeze({ ...rec, status: 'failed', error: op.failed, failedAt: op.at ?? rec.createdAt }));
      live.dirty.add(live.outbound);
      return;
    }
    case 'inbound':
      live.inbound.map.set(op.key, deepFreeze({ key: op.key, at: op.at }));
      live.dirty.add(live.inbound);
      return;
  }
}
