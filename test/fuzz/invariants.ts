import { basename, join, sep } from 'node:path';
import type { OutboundMessage } from '../../src/chat/events.js';
import { recordProblem, type RecordKind } from '../../src/domain/records.js';
import type { OutboundRecord, Store } from '../../src/domain/store.js';
import type { Account, Activity, ActivityStatus, ConversationState, Employee } from '../../src/domain/types.js';
import { accountGuardKey, GLOBAL_GUARD_KEY } from '../../src/engine/link-guard-state.js';
import { ACTORS, mayDecide, userKey, type Actor } from './generator.js';

/**
 * The store as the fuzz checks it after every event, and the invariants between two of them.
 * Records the store hands out frozen are compared and validated by identity first (an unchanged record is
 * the same object), so a check costs little more than the records that changed.
 */

export interface Snapshot {
  activities: Map<string, Activity>;
  employees: Map<string, Employee>;
  /** By `platform:userId`. */
  accounts: Map<string, Account>;
  /** By key: every actor's dialogue, decision prompt and guessing window, and the global window. */
  states: Map<string, string | undefined>;
  parsedStates: Map<string, ConversationState | undefined>;
}

export const decisionKey = (actor: Actor) => `${userKey(actor.from)}#decision`;
const STATE_KEYS = [
  ...ACTORS.flatMap((a) => [userKey(a.from), decisionKey(a), accountGuardKey(a.from)]),
  GLOBAL_GUARD_KEY,
];

/** The keys of an actor's own states (a turn may change them). */
export const ownStateKeys = (senderKey: string) => new Set([senderKey, `${senderKey}#decision`, `link-guard:${senderKey}`, GLOBAL_GUARD_KEY]);

export async function takeSnapshot(store: Store, nips: readonly string[]): Promise<Snapshot> {
  const activities = new Map<string, Activity>();
  const employees = new Map<string, Employee>();
  const accounts = new Map<string, Account>();
  for (const nip of nips) {
    const e = await store.getEmployee(nip);
    if (e) employees.set(nip, e);
    for (const a of await store.activitiesOf(nip)) activities.set(a.id, a);
    for (const acc of await store.accountsOf(nip)) accounts.set(`${acc.platform}:${acc.userId}`, acc);
  }
  for (const actor of ACTORS) {
    const acc = await store.getAccount(actor.from.platform, actor.from.id);
    if (acc) accounts.set(`${acc.platform}:${acc.userId}`, acc);
  }
  const states = new Map<string, string | undefined>();
  const parsedStates = new Map<string, ConversationState | undefined>();
  for (const key of STATE_KEYS) {
    const s = await store.getState(key);
    parsedStates.set(key, s);
    states.set(key, s === undefined ? undefined : JSON.stringify(s));
  }
  return { activities, employees, accounts, states, parsedStates };
}

/** Records already found valid (frozen, so they cannot have changed since). */
const validated = new WeakSet<object>();

function problemOf(kind: RecordKind, value: object): string | undefined {
  if (validated.has(value)) return undefined;
  const problem = recordProblem(kind, value);
  if (!problem && Object.isFrozen(value)) validated.add(value);
  return problem;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Every record of the snapshot is valid. */
export function recordProblems(s: Snapshot, evidenceDir: string): string[] {
  const out: string[] = [];
  for (const e of s.employees.values()) {
    const p = problemOf('employee', e);
    if (p) out.push(`employee ${e.nip}: ${p}`);
  }
  for (const [key, a] of s.accounts) {
    const p = problemOf('account', a);
    if (p) out.push(`account ${key}: ${p}`);
  }
  for (const a of s.activities.values()) {
    const p = problemOf('activity', a) ?? evidenceProblem(a.evidence, evidenceDir);
    if (p) out.push(`activity ${a.id}: ${p}`);
  }
  for (const [key, state] of s.parsedStates) {
    if (!state) continue;
    const p = recordProblem('state', state) ?? evidenceProblem(state.data.evidence, evidenceDir);
    if (p) out.push(`state ${key}: ${p}`);
  }
  return out;
}

/** Evidence is kept only as `<dataDir>/evidence/<sha256><ext>`, whatever name the sender gave it. */
function evidenceProblem(evidence: unknown, evidenceDir: string): string | undefined {
  if (evidence === undefined || evidence === null) return undefined;
  const e = evidence as { hash?: unknown; path?: unknown };
  if (typeof e.path !== 'string' || typeof e.hash !== 'string') return 'evidence without a path or hash';
  if (!e.path.startsWith(evidenceDir + sep)) return `evidence outside ${evidenceDir}: ${e.path}`;
  if (!/^[0-9a-f]{64}\.(pdf|jpg|png|webp)$/.test(basename(e.path)) || !basename(e.path).startsWith(e.hash)) {
    return `evidence file not named by its hash: ${e.path}`;
  }
  return undefined;
}

const DECISIONS: ReadonlySet<ActivityStatus> = new Set(['approved', 'rejected', 'returned']);

/**
 * Activities only move along the allowed transitions, by someone permitted:
 * new → pending (by the owner); pending → approved/rejected/returned (by the owner's atasan or an admin,
 * never the owner; rejected and returned with a reason); returned → pending (the owner resubmits).
 * History is append-only, at most one change per turn; nothing is deleted; a decision changes nothing else.
 */
export function transitionProblems(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  const view = { employee: (nip: string) => after.employees.get(nip) };
  for (const [id, prev] of before.activities) {
    if (!after.activities.has(id)) out.push(`activity ${id} disappeared`);
    else if (prev.nip !== after.activities.get(id)!.nip) out.push(`activity ${id} changed owner`);
  }
  for (const [id, a] of after.activities) {
    const prev = before.activities.get(id);
    if (prev === a) continue;
    const last = a.history.at(-1);
    if (!last || last.status !== a.status) out.push(`activity ${id}: status ${a.status} is not its last history entry`);
    if (!prev) {
      const first = a.history[0];
      if (a.status !== 'pending' || a.history.length !== 1 || first?.by !== a.nip) {
        out.push(`activity ${id} was created as ${a.status} with history ${JSON.stringify(a.history)}`);
      }
      continue;
    }
    if (a.createdAt !== prev.createdAt) out.push(`activity ${id}: createdAt changed`);
    if (!same(a.history.slice(0, prev.history.length), prev.history)) {
      out.push(`activity ${id}: history rewritten (${JSON.stringify(prev.history)} → ${JSON.stringify(a.history)})`);
      continue;
    }
    const added = a.history.slice(prev.history.length);
    if (added.length > 1) out.push(`activity ${id}: ${added.length} status changes in one turn`);
    if (added.length === 0) {
      // The one change without a status change: the owner marks an approved report uploaded to MyASN, once.
      const { myAsnUploadedAt, updatedAt: _u, ...rest } = a;
      const { myAsnUploadedAt: before, updatedAt: _v, ...restBefore } = prev;
      const marked = a.status === 'approved' && before === undefined && myAsnUploadedAt !== undefined && same(rest, restBefore);
      if (!marked && !same(a, prev)) out.push(`activity ${id} changed without a status change`);
      continue;
    }
    const change = added[0]!;
    if (prev.status === 'pending' && DECISIONS.has(change.status)) {
      if (!mayDecide(view, change.by, a)) out.push(`activity ${id}: ${change.status} by ${change.by}, who may not decide on ${a.nip}'s reports`);
      if (change.status !== 'approved' && !(change.reason && change.reason.trim().length >= 3)) out.push(`activity ${id}: ${change.status} without a reason`);
      const { status: _s, history: _h, updatedAt: _u, ...rest } = a;
      const { status: _ps, history: _ph, updatedAt: _pu, ...prevRest } = prev;
      if (!same(rest, prevRest)) out.push(`activity ${id}: a decision changed the report's content`);
    } else if (prev.status === 'returned' && change.status === 'pending') {
      if (change.by !== a.nip) out.push(`activity ${id}: resubmitted by ${change.by}, not its owner ${a.nip}`);
    } else {
      out.push(`activity ${id}: ${prev.status} → ${change.status} (by ${change.by}) is not an allowed transition`);
    }
  }
  return out;
}

/**
 * For an inert event: nothing changed but the sender's own bookkeeping (their dialogue states, their
 * account's lastSeenAt/unreachableAt, the link-guard counters).
 */
export function inertProblems(before: Snapshot, after: Snapshot, senderKeys: readonly string[]): string[] {
  const out: string[] = [];
  if (before.activities.size !== after.activities.size) out.push(`${after.activities.size - before.activities.size} activities created`);
  for (const [id, a] of after.activities) {
    const prev = before.activities.get(id);
    if (prev && !same(prev, a)) out.push(`activity ${id} changed: ${prev.status} → ${a.status}`);
  }
  for (const [nip, e] of after.employees) {
    if (!same(before.employees.get(nip), e)) out.push(`employee ${nip} changed`);
  }
  const keys = new Set([...before.accounts.keys(), ...after.accounts.keys()]);
  for (const key of keys) {
    const strip = (a: Account | undefined) => {
      if (!a || !senderKeys.includes(key)) return a;
      const { lastSeenAt: _l, unreachableAt: _u, ...rest } = a;
      return rest;
    };
    if (!same(strip(before.accounts.get(key)), strip(after.accounts.get(key)))) out.push(`account ${key} changed`);
  }
  const own = new Set(senderKeys.flatMap((k) => [...ownStateKeys(k)]));
  for (const [key, json] of after.states) {
    if (!own.has(key) && before.states.get(key) !== json) out.push(`state ${key} of someone else changed`);
  }
  return out;
}

/** Messages of a turn go to its sender or to a linked account; an inert turn answers only its sender. */
export function recipientProblems(messages: readonly OutboundMessage[], senderKey: string, after: Snapshot, inert: boolean): string[] {
  const out: string[] = [];
  for (const m of messages) {
    const to = userKey(m.to);
    if (to === senderKey) continue;
    if (inert) out.push(`an inert turn sent a ${m.kind} to ${to}`);
    else if (!after.accounts.has(to)) out.push(`a ${m.kind} went to ${to}, who is neither the sender nor linked`);
  }
  return out;
}

export function outboundProblems(records: readonly OutboundRecord[]): string[] {
  return records.flatMap((r) => {
    const p = recordProblem('outbound', r);
    return p ? [`outbound ${r.seq}: ${p}`] : [];
  });
}

/** Every year index agrees with the owners' lists (checked now and then: it reads every year). */
export async function yearIndexProblems(store: Store, s: Snapshot): Promise<string[]> {
  const years = new Set([...s.activities.values()].map((a) => a.year));
  const seen = new Set<string>();
  for (const y of years) for (const a of await store.activitiesInYear(y)) seen.add(a.id);
  const missing = [...s.activities.keys()].filter((id) => !seen.has(id));
  return missing.length ? [`activitiesInYear misses ${missing.join(', ')}`] : [];
}

export const evidenceDirOf = (dataDir: string) => join(dataDir, 'evidence');
