import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueInvite } from '../../src/domain/invites.js';
import type { Logger } from '../../src/domain/log.js';
import { importRoster } from '../../src/domain/roster.js';
import type { OutboundRecord, Store } from '../../src/domain/store.js';
import { Engine, type TurnResult } from '../../src/engine/engine.js';
import { StoreError } from '../../src/store/errors.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { NIP, ROSTER_CSV, TestClock } from '../helpers/script-driver.js';
import { ACTORS, CATEGORIES, EventGenerator, isAdversarial, userKey, type Actor, type Category, type Generated, type GeneratorOptions, type ShownMessage, type View } from './generator.js';
import {
  decisionKey,
  evidenceDirOf,
  inertProblems,
  outboundProblems,
  recipientProblems,
  recordProblems,
  takeSnapshot,
  transitionProblems,
  yearIndexProblems,
  type Snapshot,
} from './invariants.js';
import { Rng } from './rng.js';

/**
 * The engine fuzz loop, shared by the test (test/fuzz/engine-fuzz.test.ts) and the bench (bench/fuzz.ts):
 * a real lowdb store in a temp dir, the roster of the test worlds with five linked employees on three
 * platforms and three strangers, then `events` generated events through `Engine.handleTurn`, one at a
 * time, with the invariants of invariants.ts checked after each.
 */

export interface FuzzOptions extends GeneratorOptions {
  seed: number;
  events: number;
  /** Bound on one turn; a turn that takes longer counts as a hang and ends the run. */
  turnTimeoutMs?: number;
  /** Parent of the temp store (default: /dev/shm when there, else the OS temp dir). */
  dir?: string;
  /** Violations kept in full (all are counted). */
  keepViolations?: number;
  onProgress?: (done: number, stats: FuzzStats) => void;
}

export interface Violation {
  seed: number;
  /** 1-based index of the event in the run. */
  index: number;
  rule: string;
  detail: string;
  actor: string;
  category: Category;
  event: string;
  /** The sender's dialogue state before the event. */
  stateBefore?: string;
}

export interface TurnError {
  index: number;
  kind: 'internal' | 'store-refusal';
  error: string;
  category: Category;
  event: string;
}

export interface FuzzStats {
  seed: number;
  events: number;
  byCategory: Record<Category, number>;
  adversarial: number;
  /** Events checked for changing nothing but their own bookkeeping. */
  inertChecked: number;
  committed: number;
  /** Turns whose write the store refused or could not make: nothing stored, the reply sent directly. */
  notCommitted: number;
  duplicates: number;
  /** Turn errors that are bugs (the user got the internal-error apology). */
  internalErrors: number;
  /** Turns the store refused as invalid (StoreError 'invalid'; the user got an apology). */
  storeRefusals: number;
  /**
   * Of those, turns of an event whose `from` is no valid user reference: no reply can be addressed to it,
   * so the store refuses the reply and nothing is committed (the engine does not check `from` itself).
   */
  malformedSenderRefusals: number;
  turnErrors: TurnError[];
  violations: Violation[];
  violationCount: number;
  reportsSubmitted: number;
  decisions: Record<'approved' | 'rejected' | 'returned', number>;
  resubmissions: number;
  evidenceKept: number;
  outboundMessages: number;
  ms: number;
}

const ROSTER_NIPS = Object.values(NIP);

/** Shows an event for a report: long strings shortened, functions named, broken text escaped (JSON does). */
export function describeEvent(event: unknown, inboundKey?: unknown): string {
  const shown = JSON.stringify(
    { ...(event as object), ...(inboundKey !== undefined ? { inboundKey } : {}) },
    (_k, v: unknown) => {
      if (typeof v === 'function') return '[function]';
      if (typeof v === 'string' && v.length > 120) return `${v.slice(0, 60)}…(${v.length} chars)`;
      if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
      if (v === undefined) return '[undefined]';
      return v;
    },
  );
  return shown ?? String(event);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function quietLogger(): Logger {
  const none = () => undefined;
  return { info: none, warn: none, error: none };
}

interface Harness {
  store: Store;
  engine: Engine;
  clock: TestClock;
  dataDir: string;
}

async function setUp(opts: FuzzOptions, onTurnError: (err: unknown) => void): Promise<Harness & { close(): Promise<void> }> {
  const parent = opts.dir ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
  const dataDir = await mkdtemp(join(parent, 'bangkom-fuzz-'));
  const clock = new TestClock(new Date('2026-11-22T03:00:00Z'));
  const store = await openLowdbStore(join(dataDir, 'db.json'), { now: () => clock.now() });
  await importRoster(store, ROSTER_CSV, clock.now());
  const engine = new Engine(
    { store, clock, tz: 'Asia/Jakarta', profile: 'lan-2018', dataDir, log: quietLogger() },
    (err) => onTurnError(err),
  );
  // Everyone but the strangers links with an invite code, as real users do.
  for (const actor of ACTORS) {
    if (!actor.nip) continue;
    const invite = await issueInvite(store, actor.nip, clock.now());
    const result = await engine.handleTurn({ kind: 'text', from: actor.from, text: `daftar ${invite.code}` });
    if (!(await store.getAccount(actor.from.platform, actor.from.id))) {
      throw new Error(`linking ${actor.name} failed: ${JSON.stringify(result.messages)}`);
    }
  }
  return {
    store,
    engine,
    clock,
    dataDir,
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Buttons each person was shown lately (the last few messages), as a client keeps them. */
class ShownButtons {
  private readonly byUser = new Map<string, ShownMessage[]>();

  of(actor: Actor): readonly ShownMessage[] {
    return this.byUser.get(userKey(actor.from)) ?? [];
  }

  record(messages: readonly OutboundRecord[]): void {
    for (const { seq, message: m } of messages) {
      const key = userKey(m.to);
      const list = this.byUser.get(key) ?? [];
      if (m.kind === 'send') {
        const ids = (m.buttons ?? []).flat().map((b) => b.id);
        if (ids.length) list.push({ ref: `m${seq}`, ids });
      } else {
        const i = list.findIndex((s) => s.ref === m.messageRef);
        if (i >= 0) {
          const ids = m.kind === 'edit' ? (m.buttons ?? []).flat().map((b) => b.id) : [];
          if (ids.length) list[i] = { ref: list[i]!.ref, ids };
          else list.splice(i, 1);
        }
      }
      this.byUser.set(key, list.slice(-6));
    }
  }
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzStats> {
  const rng = new Rng(opts.seed);
  const generator = new EventGenerator(rng, opts);
  const keep = opts.keepViolations ?? 20;
  const stats: FuzzStats = {
    seed: opts.seed,
    events: 0,
    byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>,
    adversarial: 0,
    inertChecked: 0,
    committed: 0,
    notCommitted: 0,
    duplicates: 0,
    internalErrors: 0,
    storeRefusals: 0,
    malformedSenderRefusals: 0,
    turnErrors: [],
    violations: [],
    violationCount: 0,
    reportsSubmitted: 0,
    decisions: { approved: 0, rejected: 0, returned: 0 },
    resubmissions: 0,
    evidenceKept: 0,
    outboundMessages: 0,
    ms: 0,
  };
  let index = 0;
  const turnErrors: unknown[] = [];
  const h = await setUp(opts, (err) => turnErrors.push(err));
  const evidenceDir = evidenceDirOf(h.dataDir);
  const shown = new ShownButtons();
  /** Inbound keys handled, with when: the store remembers them for at least 24 hours (replays stay within that). */
  const handledKeys: { key: string; at: number }[] = [];
  const inboundKeys: string[] = [];
  let lastSeq = -1;
  let unsettled: string[] = [];

  const violate = (rule: string, detail: string, g: Generated, before?: Snapshot) => {
    stats.violationCount++;
    if (stats.violations.length >= keep) return;
    const state = before?.parsedStates.get(userKey(g.actor.from));
    stats.violations.push({
      seed: opts.seed,
      index,
      rule,
      detail,
      actor: g.actor.name,
      category: g.category,
      event: [g, ...(g.concurrent ? [g.concurrent] : [])].map((t) => `${describeEvent(t.event, t.inboundKey)} (${t.note})`).join(' ‖ at the same time: '),
      ...(state ? { stateBefore: `${state.dialog}/${state.step}` } : {}),
    });
  };

  const started = performance.now();
  try {
    // Outbound messages of the linking turns.
    const initial = await h.store.pendingOutbound();
    shown.record(initial);
    lastSeq = initial.at(-1)?.seq ?? -1;
    await h.store.settleOutbound(initial.map((r) => ({ id: r.id, delivered: true })));

    let before = await takeSnapshot(h.store, ROSTER_NIPS);
    for (index = 1; index <= opts.events; index++) {
      h.clock.set(new Date(h.clock.now().getTime() + clockStep(rng)).toISOString());
      const remembered = h.clock.now().getTime() - 24 * 3_600_000;
      while (handledKeys.length && handledKeys[0]!.at <= remembered) handledKeys.shift();
      inboundKeys.length = 0;
      for (const { key } of handledKeys.slice(-500)) inboundKeys.push(key);
      const view: View = {
        now: h.clock.now(),
        activities: [...before.activities.values()],
        employee: (nip) => before.employees.get(nip),
        dialog: (a) => before.parsedStates.get(userKey(a.from)),
        decision: (a) => before.parsedStates.get(decisionKey(a)),
        shown: (a) => shown.of(a),
        inboundKeys,
      };
      const g = generator.next(view);
      stats.events++;
      stats.byCategory[g.category]++;
      if (isAdversarial(g.category)) stats.adversarial++;
      // A race is two turns at the same moment (a double tap, two deciders); everything else is one.
      const turns = g.concurrent ? [g, g.concurrent] : [g];
      const senderKeys = turns.map((t) => userKey(t.event.from ?? {}));
      turnErrors.length = 0;

      let results: TurnResult[] | 'timeout';
      try {
        const handling = Promise.all(turns.map((t) => h.engine.handleTurn(t.event, t.inboundKey !== undefined ? { inboundKey: t.inboundKey } : {})));
        results = await withTimeout(handling, opts.turnTimeoutMs ?? 10_000);
      } catch (err) {
        violate('handleTurn threw', err instanceof Error ? `${err.name}: ${err.message}` : String(err), g);
        before = await takeSnapshot(h.store, ROSTER_NIPS);
        continue;
      }
      if (results === 'timeout') {
        violate('handleTurn hung', `no answer within ${opts.turnTimeoutMs ?? 10_000} ms`, g);
        break;
      }

      for (const err of turnErrors) {
        const refusal = err instanceof StoreError && err.code === 'invalid';
        if (refusal && g.malformedSender) stats.malformedSenderRefusals++;
        else if (refusal) stats.storeRefusals++;
        else stats.internalErrors++;
        if (refusal && g.malformedSender) continue;
        if (stats.turnErrors.length < keep) {
          stats.turnErrors.push({
            index,
            kind: refusal ? 'store-refusal' : 'internal',
            error: err instanceof Error ? [`${err.name}: ${err.message}`, ...(err.stack?.split('\n').slice(1, 6).map((l) => l.trim()) ?? [])].join('\n        ') : String(err),
            category: g.category,
            event: `${describeEvent(g.event, g.inboundKey)} (${g.note})`,
          });
        }
      }
      for (const [i, result] of results.entries()) {
        const t = turns[i]!;
        if (result.committed) stats.committed++;
        else stats.notCommitted++;
        if (result.duplicate) stats.duplicates++;
        if (t.replay && !(result.duplicate && result.messages.length === 0)) {
          violate('replay handled again', `inbound key ${String(t.inboundKey)} was handled before; got ${result.messages.length} messages`, g);
        }
        // An empty key is no key (event-check.ts ignores it): nothing is recorded to replay.
        if (result.committed && !result.duplicate && typeof t.inboundKey === 'string' && t.inboundKey !== '') {
          handledKeys.push({ key: t.inboundKey, at: h.clock.now().getTime() });
        }
        if (t.file?.refuseBeforeFetch && t.file.fetches() > 0) violate('downloaded a file refused by its claims', t.file.note, g);
      }

      // The turns' messages, as stored in the outbox.
      const pending = await h.store.pendingOutbound();
      const fresh = pending.filter((r) => r.seq > lastSeq);
      lastSeq = Math.max(lastSeq, ...fresh.map((r) => r.seq));
      stats.outboundMessages += fresh.length;
      for (const p of outboundProblems(fresh)) violate('invalid outbound record', p, g);
      shown.record(fresh);
      unsettled.push(...fresh.map((r) => r.id));

      const after = await takeSnapshot(h.store, ROSTER_NIPS);
      for (const p of recordProblems(after, evidenceDir)) violate('invalid record', p, g, before);
      for (const p of transitionProblems(before, after)) violate('transition', p, g, before);
      for (const [i, result] of results.entries()) {
        for (const p of recipientProblems(result.messages, senderKeys[i]!, after, turns[i]!.inert)) violate('recipient', p, g, before);
      }
      if (turns.every((t) => t.inert)) {
        stats.inertChecked++;
        for (const p of inertProblems(before, after, senderKeys)) violate('inert event changed something', p, g, before);
      }
      if (index % 250 === 0) {
        for (const p of await yearIndexProblems(h.store, after)) violate('year index', p, g);
        for (const p of outboundProblems(await h.store.failedOutbound(1000))) violate('invalid failed outbound record', p, g);
      }
      countOutcomes(stats, before, after, g);

      if (unsettled.length >= 40) {
        await h.store.settleOutbound(unsettled.map((id) => ({ id, delivered: true })));
        unsettled = [];
      }
      before = after;
      opts.onProgress?.(index, stats);
    }
  } finally {
    stats.ms = performance.now() - started;
    await h.close();
  }
  return stats;
}

function countOutcomes(stats: FuzzStats, before: Snapshot, after: Snapshot, g: Generated): void {
  for (const [id, a] of after.activities) {
    const prev = before.activities.get(id);
    if (prev === a) continue;
    if (!prev) stats.reportsSubmitted++;
    else if (a.status === 'pending' && prev.status === 'returned') stats.resubmissions++;
    else if (a.status === 'approved' || a.status === 'rejected' || a.status === 'returned') stats.decisions[a.status]++;
  }
  const key = userKey(g.actor.from);
  const had = before.parsedStates.get(key)?.data.evidence;
  const has = after.parsedStates.get(key)?.data.evidence;
  if (has && JSON.stringify(has) !== JSON.stringify(had)) stats.evidenceKept++;
}

/** Mostly seconds between events, sometimes minutes or hours, now and then a day (dialogues time out). */
function clockStep(rng: Rng): number {
  const r = rng.next();
  if (r < 0.85) return 1_000 + rng.int(60_000);
  if (r < 0.99) return 60_000 + rng.int(10 * 60_000);
  if (r < 0.999) return 3_600_000 + rng.int(2 * 3_600_000);
  return 25 * 3_600_000;
}

/** One line per figure, for the bench and for a failing test's message. */
export function formatStats(stats: FuzzStats): string {
  const lines = [
    `seed ${stats.seed}: ${stats.events} events in ${(stats.ms / 1000).toFixed(1)} s (${Math.round(stats.events / (stats.ms / 1000))} events/s)`,
    `  by category: ${CATEGORIES.map((c) => `${c} ${stats.byCategory[c]}`).join(', ')}`,
    `  adversarial events: ${stats.adversarial}; checked as inert: ${stats.inertChecked}`,
    `  turns committed: ${stats.committed}; not committed: ${stats.notCommitted}; duplicates: ${stats.duplicates}`,
    `  internal errors (apologies): ${stats.internalErrors}; store refusals: ${stats.storeRefusals} (and ${stats.malformedSenderRefusals} for a sender that is no valid user reference)`,
    `  reports submitted: ${stats.reportsSubmitted}; decisions: approved ${stats.decisions.approved}, rejected ${stats.decisions.rejected}, returned ${stats.decisions.returned}; resubmissions: ${stats.resubmissions}; evidence kept: ${stats.evidenceKept}`,
    `  outbound messages: ${stats.outboundMessages}`,
    `  invariant violations: ${stats.violationCount}`,
  ];
  for (const v of stats.violations) {
    lines.push(`  ✗ #${v.index} [${v.rule}] ${v.detail}\n      ${v.actor} (${v.category}${v.stateBefore ? `, in ${v.stateBefore}` : ''}): ${v.event}`);
  }
  for (const e of stats.turnErrors) lines.push(`  ! #${e.index} ${e.kind}: ${e.error}\n      (${e.category}) ${e.event}`);
  if (stats.violationCount || stats.turnErrors.length) lines.push(`  replay: npx tsx bench/fuzz.ts ${stats.events} ${stats.seed}`);
  return lines.join('\n');
}
