import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { OutboundMessage, Platform } from '../chat/events.js';
import type { OutboundRecord, OutboundSettlement, Store } from '../domain/store.js';
import {
  SCHEMA_VERSION,
  type Account,
  type Activity,
  type ActivityStatus,
  type ConversationState,
  type DashboardToken,
  type Employee,
  type Invite,
  type Plan,
  type ReminderMark,
} from '../domain/types.js';
import { AtomicJsonFile, isTempName } from './atomic-file.js';
import { checkHeader, checkSchemaVersion, deepFreeze, readRecords, type RecordScreen } from './codec.js';
import { recordProblem, type RecordKind } from '../domain/records.js';
import type { Logger } from '../domain/log.js';
import { appendSetAside, type SetAsideEntry } from './set-aside.js';
import { StoreError } from './errors.js';
import { Journal, type WriteFault } from './journal.js';
import { acquireLock } from './lock.js';
import {
  DEFAULT_ACTIVITY_SHARDS,
  DEFAULT_STATE_SHARDS,
  layoutFor,
  marksFile,
  shardFile,
  shardOf,
  type StoreLayout,
} from './layout.js';
import {
  accountKey,
  planKey,
  activityIsOneOf,
  addTo,
  applyOp,
  opProblem,
  indexActivity,
  indexEmployee,
  markKey,
  stateFileOf,
  type InboundMark,
  type Live,
  type MainDoc,
  type Op,
  type Savable,
} from './lowdb-ops.js';
import type { UploadDue } from '../domain/upload-due.js';
import type { EndedBetween, EvaluationCandidate } from '../domain/evaluation-candidate.js';
import { activitiesWithCertificateIn, activityFiguresIn, evaluationCandidatesIn, uploadsDueIn, waitingCountsIn } from './derived-reads.js';
import type { ActivityFigures } from '../domain/year-totals.js';
import type { WaitingCount } from '../domain/waiting.js';
import { activityCond, byCreated, dashboardTokenCond, inviteCond, LowdbTx, planCond, stateCond, type Conditions } from './lowdb-tx.js';
import { RecordFile } from './record-file.js';
import { removeTempFiles } from './temp-files.js';
import { writeEvidenceFile } from './evidence.js';

export interface LowdbStoreOptions {
  /** Shard counts used when the database is created; an existing database keeps its recorded layout. */
  activityShards?: number;
  stateShards?: number;
  /** How long touchAccount may stay in memory only (default 2000 ms). */
  touchFlushMs?: number;
  /**
   * Open without the lock and refuse every write (StoreError 'read-only'): a snapshot for reports
   * while another process (the bot) holds the database. Never creates files.
   */
  readOnly?: boolean;
  /** The journal is checkpointed into the store files once it holds this many bytes (default 4 MiB). */
  checkpointBytes?: number;
  /** Tests: an injected I/O fault for journal writes (a full disk, a read-only file system). */
  writeFault?: WriteFault;
  /** The clock for record timestamps the store sets itself (outbound createdAt); default: the real one. */
  now?: () => Date;
  /** Where records set aside at open are reported. */
  log?: Logger;
}

const MAIN_KIND = 'bangkom/main';
/** Inbound event ids are remembered this long (the issue asks for at least 24 hours)… */
const INBOUND_KEEP_MS = 48 * 60 * 60 * 1000;
/** …and no more than this many. */
const INBOUND_MAX = 200_000;
/** How often a transaction is run again when records it read were changed meanwhile. */
const MAX_TX_ATTEMPTS = 20;
/** How often a read-only snapshot is read again when a checkpoint dropped a log meanwhile. */
const SNAPSHOT_ATTEMPTS = 10;

class Conflict extends Error {}

interface Pending {
  ops: Op[];
  conditions: Conditions;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Runs tasks with at most `limit` in flight; rejects with the first error once all have settled. */
async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await task();
      } catch (err) {
        errors.push(err);
        next = tasks.length;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function jsonFilesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith('.json') && !isTempName(n)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function checkLayout(value: unknown, file: string): MainDoc['layout'] {
  const v = value as Partial<MainDoc['layout']> | undefined;
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 4096;
  if (!v || !ok(v.activityShards) || !ok(v.stateShards)) {
    throw new StoreError('corrupt', `Store file ${file} has no valid "layout".`);
  }
  return { activityShards: v.activityShards!, stateShards: v.stateShards! };
}

function entryOps(entry: unknown, file: string): Op[] {
  const ops = (entry as { ops?: unknown })?.ops;
  if (!Array.isArray(ops)) throw new StoreError('corrupt', `Store journal in ${file} has an entry without ops.`);
  return ops as Op[];
}

/**
 * Store on lowdb, split by temperature so that no single write rewrites everything (see layout.ts for
 * the files), with a write-ahead journal (journal.ts) that makes every commit atomic across files.
 *
 * A commit (one transaction, or one write outside a transaction) is checked against the records it
 * read, appended to the journal and fsynced, and only then applied to memory: a failed write leaves
 * memory and disk as they were. Commits arriving while one is being written go to disk together in the
 * next append (group commit). The store files are rewritten in the background from memory once the
 * journal grows, and at close; opening replays whatever journal is left.
 *
 * Returned records are deep-frozen snapshots shared with the store; build a new object to change one.
 * Exceptions: getState returns a mutable copy, and the `change` callback of updateActivity receives a
 * mutable copy.
 */
export class LowdbStore implements Store {
  readonly dbPath: string;
  readonly files: StoreLayout;
  readonly #opts: LowdbStoreOptions;
  #live: Live | undefined;
  #journal: Journal | undefined;
  #opening: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #queue: Pending[] = [];
  #flushing: Promise<void> | undefined;
  #checkpointing: Promise<void> = Promise.resolve();
  readonly #outboundListeners = new Set<() => void>();
  /** Invalid records met by the load in progress (see #screen). */
  #aside: SetAsideEntry[] = [];
  /** Transactions begun and not yet committed or failed: close() waits for them. */
  readonly #transactions = new Set<Promise<void>>();

  constructor(dbPath: string, opts: LowdbStoreOptions = {}) {
    this.dbPath = dbPath;
    this.files = layoutFor(dbPath);
    this.#opts = opts;
  }

  #now(): string {
    return (this.#opts.now?.() ?? new Date()).toISOString();
  }

  // ---------------------------------------------------------------- lifecycle

  open(): Promise<void> {
    if (this.#live) return Promise.resolve();
    if (!this.#opening) {
      this.#opening = (async () => {
        await this.#closing?.catch(() => undefined);
        this.#live = await this.#load();
        if (this.#opts.readOnly) return;
        try {
          await this.#adoptLegacySpool();
        } catch (err) {
          await this.close();
          throw err;
        }
      })().finally(() => {
        this.#opening = undefined;
      });
    }
    return this.#opening;
  }

  close(): Promise<void> {
    const live = this.#live;
    if (!live) {
      if (this.#opening) return this.#opening.then(() => this.close(), () => undefined);
      return this.#closing ?? Promise.resolve();
    }
    this.#closing = (async () => {
      while (this.#transactions.size > 0) await Promise.all([...this.#transactions]);
      await this.#flushing;
      this.#live = undefined;
      if (live.touchTimer) clearTimeout(live.touchTimer);
      try {
        if (!this.#opts.readOnly) {
          await this.#checkpointing;
          if (live.touchDirty) live.dirty.add(live.accounts);
          const journal = this.#journal!;
          await journal.close();
          await this.#saveDirty(live);
          await journal.drop(journal.current);
        }
      } finally {
        this.#journal = undefined;
        await live.release();
      }
    })();
    return this.#closing;
  }

  async #load(): Promise<Live> {
    if (this.#opts.readOnly) return this.#loadSnapshot();
    const files = this.files;
    await mkdir(path.dirname(files.main), { recursive: true });
    const release = await acquireLock(files.lock, files.main);
    try {
      const dir = path.dirname(files.main);
      for (const d of [dir, files.activitiesDir, files.statesDir, files.marksDir, files.journalDir, path.join(dir, 'evidence')]) {
        await removeTempFiles(d);
      }
      const live = await this.#loadFiles(release);
      await this.#replay(live);
      return live;
    } catch (err) {
      await this.#journal?.close().catch(() => undefined);
      this.#journal = undefined;
      await release();
      throw err;
    }
  }

  /**
   * A read-only snapshot while another process may be writing: the files, then every log. Replaying the
   * logs in order over files of any age converges on the state of the last log read, provided no log that
   * existed before the files were read was dropped meanwhile (its commits might then be in neither); that
   * is checked, and the read is started again if it happened.
   */
  async #loadSnapshot(): Promise<Live> {
    const dir = this.files.journalDir;
    for (let attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
      const before = await Journal.logNumbers(dir);
      let read: { live: Live; logs: number[]; entries: unknown[] };
      try {
        const live = await this.#loadFiles(async () => undefined);
        read = { live, ...(await Journal.readAll(dir, { truncateTorn: false })) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // a log dropped between listing and reading
        throw err;
      }
      if (!before.every((n) => read.logs.includes(n))) continue;
      for (const entry of read.entries) for (const op of entryOps(entry, dir)) this.#applyScreened(read.live, op);
      this.#aside = []; // a snapshot serves none of them, and writes nothing
      return read.live;
    }
    throw new StoreError('conflict', `Store ${this.files.main} kept changing while a snapshot was read; try again.`);
  }

  /** Applies what the journal holds beyond the store files, then checkpoints it away (writable open). */
  async #replay(live: Live): Promise<void> {
    const { logs, entries } = await Journal.readAll(this.files.journalDir, { truncateTorn: true });
    for (const entry of entries) for (const op of entryOps(entry, this.files.journalDir)) this.#applyScreened(live, op);
    const last = logs.length > 0 ? logs[logs.length - 1]! : 0;
    const journal = new Journal(this.files.journalDir, this.#opts.writeFault);
    await journal.start(last);
    this.#journal = journal;
    await this.#keepSetAside(live);
    if (logs.length > 0 || live.dirty.size > 0) {
      await this.#saveDirty(live);
      await journal.drop(last);
    }
  }

  /** A journal op whose record is not valid is set aside instead of applied. */
  #applyScreened(live: Live, op: Op): void {
    const problem = opProblem(op);
    if (problem) this.#aside.push({ file: this.files.journalDir, problem, record: op });
    else applyOp(live, op);
  }

  /**
   * Invalid records found at open are written to the set-aside file (durably), reported, and the files
   * they came from are marked for rewriting without them: they are never served, and never lost.
   */
  async #keepSetAside(live: Live): Promise<void> {
    const aside = this.#aside;
    this.#aside = [];
    if (aside.length === 0) return;
    await appendSetAside(this.files.setAside, aside, this.#now());
    const from = new Set(aside.map((e) => e.file));
    const savables: [string, Savable][] = [
      [this.files.main, live.mainSavable],
      [live.accounts.spec.file, live.accounts],
      [live.outbound.spec.file, live.outbound],
      [live.inbound.spec.file, live.inbound],
      ...live.states.map((f): [string, Savable] => [f.spec.file, f]),
      ...live.activityShards.map((f): [string, Savable] => [f.spec.file, f]),
      ...[...live.marks.values()].map((f): [string, Savable] => [f.spec.file, f]),
    ];
    for (const [file, savable] of savables) if (from.has(file)) live.dirty.add(savable);
    this.#opts.log?.error('store: invalid records set aside', {
      count: aside.length,
      file: this.files.setAside,
      problems: aside.slice(0, 10).map((e) => `${path.basename(e.file)}: ${e.problem}`),
    });
  }

  /** Checks records read from `file` against the `kind` schema; failures are collected for #keepSetAside. */
  #screen(kind: RecordKind, file: string): RecordScreen {
    return {
      problem: (v) => recordProblem(kind, v),
      setAside: (record, problem) => this.#aside.push({ file, problem, record }),
    };
  }

  /**
   * Earlier versions saved undelivered messages at shutdown in `<db>.outbox.json`; they join the outbox
   * (one commit), and the file goes.
   */
  async #adoptLegacySpool(): Promise<void> {
    let json: { kind?: unknown; messages?: unknown };
    try {
      json = JSON.parse(await readFile(this.files.legacySpool, 'utf8')) as typeof json;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new StoreError('corrupt', `Outbox spool ${this.files.legacySpool} is unreadable (${String(err)}); move it away.`);
    }
    if (json.kind !== 'bangkom/outbox-spool' || !Array.isArray(json.messages)) {
      throw new StoreError('foreign-file', `${this.files.legacySpool} is not an outbox spool; move it away.`);
    }
    await this.enqueueOutbound(json.messages as OutboundMessage[]);
    await unlink(this.files.legacySpool);
  }

  async #loadFiles(release: () => Promise<void>): Promise<Live> {
    const files = this.files;
    const dbName = path.basename(files.main);

    // Main file: meta + employees + invites.
    const mainFile = new AtomicJsonFile<MainDoc>(files.main, {
      decode: (json) => {
        const top = checkHeader(json, { file: files.main, kind: MAIN_KIND });
        return {
          layout: checkLayout(top.layout, files.main),
          employees: readRecords<Employee>(top, 'employees', files.main, (e) => e.nip, undefined, this.#screen('employee', files.main)),
          invites: readRecords<Invite>(top, 'invites', files.main, (i) => i.code, undefined, this.#screen('invite', files.main)),
          // A main file written before the yearly plans has none.
          plans:
            top.plans === undefined
              ? new Map()
              : readRecords<Plan>(top, 'plans', files.main, (p) => planKey(p.nip, p.year), undefined, this.#screen('plan', files.main)),
          // A main file written before the dashboard has none.
          dashboardTokens:
            top.dashboardTokens === undefined
              ? new Map()
              : readRecords<DashboardToken>(top, 'dashboardTokens', files.main, (t) => t.id, undefined, this.#screen('dashboardToken', files.main)),
        };
      },
      encode: (doc) => ({
        schemaVersion: SCHEMA_VERSION,
        kind: MAIN_KIND,
        layout: doc.layout,
        employees: [...doc.employees.values()],
        invites: [...doc.invites.values()],
        plans: [...doc.plans.values()],
        dashboardTokens: [...doc.dashboardTokens.values()],
      }),
    });
    const fresh: MainDoc = {
      layout: {
        activityShards: this.#opts.activityShards ?? DEFAULT_ACTIVITY_SHARDS,
        stateShards: this.#opts.stateShards ?? DEFAULT_STATE_SHARDS,
      },
      employees: new Map(),
      invites: new Map(),
      plans: new Map(),
      dashboardTokens: new Map(),
    };
    const main = new Low<MainDoc>(mainFile, fresh);
    await main.read();
    if (main.data === fresh && !this.#opts.readOnly) {
      // New database. Refuse to start empty over the remains of an existing one.
      for (const sibling of [files.accounts, files.activitiesDir, files.statesDir, files.marksDir]) {
        if (await exists(sibling)) {
          throw new StoreError(
            'corrupt',
            `Store file ${files.main} is missing but ${sibling} exists; refusing to start an empty database ` +
              'over existing data. Restore the main file from a backup.',
          );
        }
      }
      await main.write(); // creates the directory and the file
    }
    const layout = main.data.layout;

    const accounts = new RecordFile<Account>({
      file: files.accounts,
      screen: this.#screen('account', files.accounts),
      kind: 'bangkom/accounts',
      field: 'accounts',
      db: dbName,
      keyOf: (a) => (typeof a.platform === 'string' && typeof a.userId === 'string' ? accountKey(a.platform, a.userId) : undefined),
    });

    const states = Array.from({ length: layout.stateShards }, (_, shard) => {
      return new RecordFile<ConversationState>({
        file: shardFile(files.statesDir, shard, layout.stateShards),
        screen: this.#screen('state', shardFile(files.statesDir, shard, layout.stateShards)),
        kind: 'bangkom/states',
        field: 'states',
        db: dbName,
        header: { shard },
        keyOf: (s) => s.key,
        check: (s, file) => {
          if (shardOf(s.key, layout.stateShards) !== shard) {
            throw new StoreError('foreign-file', `Store file ${file}: state ${s.key} does not belong in shard ${shard}.`);
          }
        },
      });
    });

    const activityShards = Array.from({ length: layout.activityShards }, (_, shard) => {
      return new RecordFile<Activity>({
        file: shardFile(files.activitiesDir, shard, layout.activityShards),
        screen: this.#screen('activity', shardFile(files.activitiesDir, shard, layout.activityShards)),
        kind: 'bangkom/activities',
        field: 'activities',
        db: dbName,
        header: { shard },
        keyOf: (a) => a.id,
        check: (a, file) => {
          checkSchemaVersion(a.schemaVersion, `Activity ${a.id} in ${file}`);
          if (typeof a.nip !== 'string' || shardOf(a.nip, layout.activityShards) !== shard) {
            throw new StoreError('foreign-file', `Store file ${file}: activity ${a.id} does not belong in shard ${shard}.`);
          }
        },
      });
    });

    const marks = new Map<string, RecordFile<ReminderMark>>();
    for (const name of await jsonFilesIn(files.marksDir)) {
      const file = path.join(files.marksDir, name);
      marks.set(file, this.#marksFile(file, dbName));
    }

    const outbound = new RecordFile<OutboundRecord>({
      file: files.outbound,
      screen: this.#screen('outbound', files.outbound),
      kind: 'bangkom/outbound',
      field: 'messages',
      db: dbName,
      keyOf: (m) => (typeof m.id === 'string' && typeof m.seq === 'number' ? m.id : undefined),
    });
    const inbound = new RecordFile<InboundMark>({
      file: files.inbound,
      screen: this.#screen('inbound', files.inbound),
      kind: 'bangkom/inbound',
      field: 'events',
      db: dbName,
      keyOf: (m) => (typeof m.key === 'string' && typeof m.at === 'string' ? m.key : undefined),
    });

    const live: Live = {
      layout,
      main,
      mainSavable: { save: () => main.write() },
      accounts,
      outbound,
      inbound,
      marksFileFor: (period) => {
        const fileName = marksFile(files.marksDir, period);
        let file = live.marks.get(fileName);
        if (!file) live.marks.set(fileName, (file = this.#marksFile(fileName, dbName)));
        return file;
      },
      states,
      activityShards,
      marks,
      byAtasan: new Map(),
      byUnit: new Map(),
      admins: new Set(),
      accountsByNip: new Map(),
      activities: new Map(),
      actByNip: new Map(),
      actByStatus: new Map(),
      actByYear: new Map(),
      markFileOf: new Map(),
      outSeq: 0,
      dirty: new Set<Savable>(),
      touchTimer: undefined,
      touchDirty: false,
      release,
    };
    for (const e of main.data.employees.values()) indexEmployee(live, e);

    // Load and index file by file, a few reads at a time, so that no single task (parse + index
    // of one shard) blocks the event loop for long, even with 100,000 activities.
    const tasks: (() => Promise<void>)[] = [
      async () => {
        await accounts.load();
        for (const a of accounts.map.values()) addTo(live.accountsByNip, a.nip, accountKey(a.platform, a.userId));
      },
      ...states.map((f) => () => f.load()),
      ...activityShards.map((shard) => async () => {
        await shard.load();
        for (const a of shard.map.values()) {
          if (live.activities.has(a.id)) {
            throw new StoreError('corrupt', `Activity ${a.id} is stored twice (in ${shard.spec.file} and another shard).`);
          }
          indexActivity(live, a);
        }
      }),
      async () => {
        await outbound.load();
        for (const m of outbound.map.values()) live.outSeq = Math.max(live.outSeq, m.seq);
      },
      () => inbound.load(),
      ...[...marks.values()].map((file) => async () => {
        await file.load();
        for (const [key] of file.map) live.markFileOf.set(key, file);
      }),
    ];
    await runLimited(tasks, 4);
    return live;
  }

  #marksFile(file: string, dbName: string): RecordFile<ReminderMark> {
    return new RecordFile<ReminderMark>({
      file,
      screen: this.#screen('mark', file),
      kind: 'bangkom/reminder-marks',
      field: 'marks',
      db: dbName,
      keyOf: (m) =>
        typeof m.kind === 'string' && typeof m.period === 'string' && typeof m.nip === 'string'
          ? markKey(m.kind, m.period, m.nip)
          : undefined,
    });
  }

  #open(): Live {
    const live = this.#live;
    if (!live) throw new StoreError('not-open', `Store ${this.files.main} is not open.`);
    return live;
  }

  #writable(): Live {
    const live = this.#open();
    if (this.#opts.readOnly) throw new StoreError('read-only', `Store ${this.files.main} was opened read-only.`);
    return live;
  }

  // ---------------------------------------------------------------- commits

  /**
   * Runs `work` on a transactional view and commits its writes as one unit. When a record the work
   * changed by compare-and-set was changed by another commit meanwhile, the work runs again on the
   * new state (at most MAX_TX_ATTEMPTS times, then StoreError 'conflict').
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    try {
      this.#writable();
    } catch (err) {
      return Promise.reject(err);
    }
    const running = this.#runTransaction(work);
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.#transactions.add(settled);
    void settled.then(() => this.#transactions.delete(settled));
    return running;
  }

  async #runTransaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    let release: (() => void) | undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        const tx = new LowdbTx(
          this,
          () => this.#now(),
          (key) => this.#live && stateFileOf(this.#live, key).map.get(key),
        );
        const result = await work(tx);
        if (tx.empty) return result;
        try {
          await this.#commit(tx.ops, tx.conditions);
          return result;
        } catch (err) {
          if (!(err instanceof Conflict)) throw err;
          if (attempt >= MAX_TX_ATTEMPTS) {
            throw new StoreError('conflict', `A transaction met concurrent changes ${attempt} times; nothing was written.`);
          }
          // Transactions that met a conflict run again one at a time, so that many of them on one hot
          // record (a shared counter) do not keep conflicting with each other round after round.
          release ??= await this.#retryTurn();
        }
      }
    } finally {
      release?.();
    }
  }

  #retryChain: Promise<void> = Promise.resolve();

  /** Waits for the turn to rerun a conflicted transaction; call the result to pass the turn on. */
  #retryTurn(): Promise<() => void> {
    const previous = this.#retryChain;
    let release!: () => void;
    this.#retryChain = new Promise<void>((resolve) => (release = resolve));
    return previous.then(() => release);
  }

  #commit(ops: Op[], conditions: Conditions): Promise<void> {
    this.#writable();
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ ops, conditions, resolve, reject });
      this.#flushing ??= this.#flush().finally(() => {
        this.#flushing = undefined;
      });
    });
  }

  /** The committed version of a record a condition names (see lowdb-tx.ts). */
  #committed(live: Live, key: string): unknown {
    if (key.startsWith('activity:')) return live.activities.get(key.slice('activity:'.length));
    if (key.startsWith('state:')) return stateFileOf(live, key.slice('state:'.length)).map.get(key.slice('state:'.length));
    if (key.startsWith('plan:')) return live.main.data.plans.get(key.slice('plan:'.length));
    if (key.startsWith('dashboardToken:')) return live.main.data.dashboardTokens.get(key.slice('dashboardToken:'.length));
    return live.main.data.invites.get(key.slice('invite:'.length));
  }

  /** Group commit: every commit queued meanwhile is checked, appended and fsynced together, then applied. */
  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const live = this.#live;
      const batch = this.#queue.splice(0);
      if (!live || !this.#journal) {
        for (const p of batch) p.reject(new StoreError('not-open', `Store ${this.files.main} is not open.`));
        continue;
      }
      const written = new Map<string, unknown>();
      const accepted: Pending[] = [];
      let seq = live.outSeq;
      for (const p of batch) {
        const holds = [...p.conditions].every(([key, seen]) => (written.has(key) ? written.get(key) : this.#committed(live, key)) === seen);
        if (!holds) {
          p.reject(new Conflict());
          continue;
        }
        p.ops = p.ops.map((op) => (op.t === 'out' ? { t: 'out', v: deepFreeze({ ...op.v, seq: ++seq }) } : op));
        for (const op of p.ops) {
          if (op.t === 'activity') written.set(activityCond(op.v.id), op.v);
          else if (op.t === 'invite') written.set(inviteCond(op.v.code), op.v);
          else if (op.t === 'plan') written.set(planCond(op.v.nip, op.v.year), op.v);
          else if (op.t === 'dashboardToken') written.set(dashboardTokenCond(op.v.id), op.v);
          else if (op.t === 'state') written.set(stateCond(op.key), op.v ?? undefined);
        }
        accepted.push(p);
      }
      if (accepted.length === 0) continue;
      try {
        await this.#journal.append(accepted.map((p) => ({ ops: p.ops })));
      } catch (err) {
        for (const p of accepted) p.reject(err);
        continue;
      }
      let outbound = false;
      for (const p of accepted) {
        for (const op of p.ops) {
          applyOp(live, op);
          if (op.t === 'out') outbound = true;
        }
      }
      for (const p of accepted) p.resolve();
      if (outbound) for (const listener of this.#outboundListeners) listener();
      if (this.#journal.size >= (this.#opts.checkpointBytes ?? 4 * 1024 * 1024)) await this.#startCheckpoint(live);
    }
  }

  /** Starts a new journal log and rewrites, in the background, every file the closed logs changed. */
  async #startCheckpoint(live: Live): Promise<void> {
    const journal = this.#journal!;
    await this.#checkpointing;
    const closed = await journal.rotate();
    this.#checkpointing = (async () => {
      try {
        await this.#saveDirty(live);
        await journal.drop(closed);
      } catch {
        // The files stay dirty and the logs stay: the next checkpoint, or the replay at open, covers them.
      }
    })();
  }

  /** Rewrites the dirty files from memory; on failure they stay dirty. */
  async #saveDirty(live: Live): Promise<void> {
    this.#pruneInbound(live);
    const files = [...live.dirty];
    live.dirty.clear();
    try {
      await runLimited(
        files.map((f) => async () => {
          const fault = this.#opts.writeFault?.();
          if (fault) throw fault;
          await f.save();
        }),
        // One file at a time: a checkpoint runs beside live traffic and must not stall the event loop.
        1,
      );
    } catch (err) {
      for (const f of files) live.dirty.add(f);
      throw err;
    }
  }

  #pruneInbound(live: Live): void {
    const map = live.inbound.map;
    const cutoff = new Date(Date.parse(this.#now()) - INBOUND_KEEP_MS).toISOString();
    let over = map.size - INBOUND_MAX;
    for (const [key, mark] of map) {
      if (mark.at >= cutoff && over <= 0) break;
      map.delete(key);
      over--;
      live.dirty.add(live.inbound);
    }
  }

  // ---------------------------------------------------------------- employees

  #employeesAt(live: Live, nips: Iterable<string> | undefined): Employee[] {
    const out: Employee[] = [];
    for (const nip of nips ?? []) {
      const e = live.main.data.employees.get(nip);
      if (e) out.push(e);
    }
    return out.sort(byNip);
  }

  async getEmployee(nip: string): Promise<Employee | undefined> {
    return this.#open().main.data.employees.get(nip);
  }

  /**
   * Insert or update by NIP (whole record replaced), except that a stored `lang` preference is
   * kept when the incoming record has none (imports do not carry it). Never touches activities.
   */
  upsertEmployees(list: Employee[]): Promise<{ created: number; updated: number }> {
    return this.transaction((tx) => tx.upsertEmployees(list));
  }

  /** Sorted by NIP. */
  async listEmployees(filter?: { unit?: string }): Promise<Employee[]> {
    const live = this.#open();
    if (filter?.unit !== undefined) return this.#employeesAt(live, live.byUnit.get(filter.unit));
    return [...live.main.data.employees.values()].sort(byNip);
  }

  /** Sorted by NIP. A sort of the in-memory roster per page: lowdb holds rosters small enough for it. */
  async employeesAfter(afterNip: string, limit: number): Promise<Employee[]> {
    const live = this.#open();
    const after: string[] = [];
    for (const nip of live.main.data.employees.keys()) if (nip > afterNip) after.push(nip);
    return this.#employeesAt(live, after.sort().slice(0, Math.max(0, limit)));
  }

  async knownNips(nips: string[]): Promise<string[]> {
    const employees = this.#open().main.data.employees;
    return [...new Set(nips)].filter((nip) => employees.has(nip));
  }

  async employeesOfMany(nips: string[]): Promise<Employee[]> {
    return this.#employeesAt(this.#open(), new Set(nips));
  }

  /** A scan of the in-memory roster: no index for a lookup that happens once per unlinked Slack user. */
  async employeeByEmail(email: string): Promise<Employee | undefined> {
    const wanted = email.trim().toLowerCase();
    if (!wanted) return undefined;
    for (const e of this.#open().main.data.employees.values()) if (e.email?.toLowerCase() === wanted) return e;
    return undefined;
  }

  /** Sorted by NIP. */
  async subordinatesOf(atasanNip: string): Promise<Employee[]> {
    const live = this.#open();
    return this.#employeesAt(live, live.byAtasan.get(atasanNip));
  }

  /** Sorted by NIP. */
  async admins(): Promise<Employee[]> {
    const live = this.#open();
    return this.#employeesAt(live, live.admins);
  }

  /** Throws StoreError('invalid') for an unknown NIP. `undefined` removes the preference. */
  setEmployeeLang(nip: string, lang: Employee['lang']): Promise<void> {
    return this.transaction((tx) => tx.setEmployeeLang(nip, lang));
  }

  // ---------------------------------------------------------------- accounts

  async getAccount(platform: Platform, userId: string): Promise<Account | undefined> {
    return this.#open().accounts.map.get(accountKey(platform, userId));
  }

  /** Sorted by linkedAt. */
  async accountsOf(nip: string): Promise<Account[]> {
    const live = this.#open();
    const out: Account[] = [];
    for (const key of live.accountsByNip.get(nip) ?? []) {
      const a = live.accounts.map.get(key);
      if (a) out.push(a);
    }
    return out.sort((a, b) => (a.linkedAt < b.linkedAt ? -1 : a.linkedAt > b.linkedAt ? 1 : 0));
  }

  linkAccount(account: Account): Promise<void> {
    return this.transaction((tx) => tx.linkAccount(account));
  }

  async accountsOfMany(nips: string[]): Promise<Account[]> {
    const out: Account[] = [];
    for (const nip of new Set(nips)) out.push(...(await this.accountsOf(nip)));
    return out;
  }

  setUnreachable(platform: Platform, userId: string, at: string | null): Promise<void> {
    return this.transaction((tx) => tx.setUnreachable(platform, userId, at));
  }

  /**
   * Lazy and outside the journal (lastSeenAt only decides the platform of a reminder): changes memory
   * now, reaches disk within touchFlushMs, with any other accounts write, or on close.
   */
  async touchAccount(platform: Platform, userId: string, at: string): Promise<void> {
    const live = this.#writable();
    const key = accountKey(platform, userId);
    const prev = live.accounts.map.get(key);
    if (!prev) return;
    live.accounts.map.set(key, deepFreeze({ ...prev, lastSeenAt: at }));
    live.touchDirty = true;
    if (!live.touchTimer) {
      live.touchTimer = setTimeout(() => {
        live.touchTimer = undefined;
        if (!live.touchDirty || this.#live !== live) return;
        live.touchDirty = false;
        live.accounts.save().catch(() => {
          live.touchDirty = true; // retried by the next touch, accounts write or close
        });
      }, this.#opts.touchFlushMs ?? 2000);
      live.touchTimer.unref();
    }
  }

  // ---------------------------------------------------------------- invites

  /** Throws StoreError('duplicate') when the code exists. */
  createInvite(invite: Invite): Promise<void> {
    return this.transaction((tx) => tx.createInvite(invite));
  }

  async getInvite(code: string): Promise<Invite | undefined> {
    return this.#open().main.data.invites.get(code);
  }

  /** Does not look at expiresAt: the caller decides expiry with its clock. */
  useInvite(code: string, usedBy: string, at: string): Promise<boolean> {
    return this.transaction((tx) => tx.useInvite(code, usedBy, at));
  }

  // ---------------------------------------------------------------- dashboard links and sessions

  /** Throws StoreError('duplicate') when the id exists. */
  createDashboardToken(token: DashboardToken): Promise<void> {
    return this.transaction((tx) => tx.createDashboardToken(token));
  }

  async getDashboardToken(id: string): Promise<DashboardToken | undefined> {
    return this.#open().main.data.dashboardTokens.get(id);
  }

  useDashboardToken(id: string, at: string): Promise<boolean> {
    return this.transaction((tx) => tx.useDashboardToken(id, at));
  }

  // ---------------------------------------------------------------- yearly plans

  async getPlan(nip: string, year: number): Promise<Plan | undefined> {
    return this.#open().main.data.plans.get(planKey(nip, year));
  }

  /** A scan of the in-memory plans (at most one per employee and year). No particular order. */
  async plansInYear(year: number): Promise<Plan[]> {
    return [...this.#open().main.data.plans.values()].filter((p) => p.year === year);
  }

  updatePlan(nip: string, year: number, change: (current: Plan | undefined) => Plan | undefined): Promise<Plan | undefined> {
    return this.transaction((tx) => tx.updatePlan(nip, year, change));
  }

  // ---------------------------------------------------------------- activities

  #activitiesAt(live: Live, ids: Iterable<string> | undefined): Activity[] {
    const out: Activity[] = [];
    for (const id of ids ?? []) {
      const a = live.activities.get(id);
      if (a) out.push(a);
    }
    return out;
  }

  /** Throws StoreError('duplicate') when the id exists. */
  addActivity(activity: Activity): Promise<void> {
    return this.transaction((tx) => tx.addActivity(activity));
  }

  async getActivity(id: string): Promise<Activity | undefined> {
    return this.#open().activities.get(id);
  }

  /** Sorted by createdAt, then id. */
  async activitiesOf(nip: string, year?: number): Promise<Activity[]> {
    const live = this.#open();
    let list = this.#activitiesAt(live, live.actByNip.get(nip));
    if (year !== undefined) list = list.filter((a) => a.year === year);
    return list.sort(byCreated);
  }

  /** No particular order. */
  async activitiesByStatus(status: ActivityStatus): Promise<Activity[]> {
    const live = this.#open();
    return this.#activitiesAt(live, live.actByStatus.get(status));
  }

  /** No particular order. */
  async activitiesOfMany(nips: string[], which: { year?: number; pending?: boolean }): Promise<Activity[]> {
    const live = this.#open();
    const out: Activity[] = [];
    for (const nip of new Set(nips)) {
      for (const a of this.#activitiesAt(live, live.actByNip.get(nip))) if (activityIsOneOf(a, which)) out.push(a);
    }
    return out;
  }

  activityFiguresOfMany(nips: string[], year: number): Promise<ActivityFigures[]> {
    return activityFiguresIn(this, nips, year);
  }

  waitingCounts(nips: string[], before: string): Promise<WaitingCount[]> {
    return waitingCountsIn(this, nips, before);
  }


  evaluationCandidates(nips: string[], ended: EndedBetween): Promise<EvaluationCandidate[]> {
    return evaluationCandidatesIn(this, nips, ended);
  }


  async pendingWithoutAtasan(): Promise<Activity[]> {
    const live = this.#open();
    const employees = live.main.data.employees;
    return this.#activitiesAt(live, live.actByStatus.get('pending')).filter((a) => {
      const atasanNip = employees.get(a.nip)?.atasanNip;
      return employees.has(a.nip) && !(atasanNip && employees.has(atasanNip));
    });
  }

  uploadsDue(nips: string[], approvedBy: string, markKind: string): Promise<UploadDue[]> {
    return uploadsDueIn(this, nips, approvedBy, markKind);
  }


  activitiesWithCertificate(year: number, find: { hash?: string; numberKey?: string }): Promise<Activity[]> {
    return activitiesWithCertificateIn(this, year, find);
  }


  /** No particular order. */
  async activitiesInYear(year: number): Promise<Activity[]> {
    const live = this.#open();
    return this.#activitiesAt(live, live.actByYear.get(year));
  }

  /** Compare-and-set (see Store). `change` gets a mutable copy; it may not change `id` or `nip` (StoreError('invalid')). */
  updateActivity(
    id: string,
    expected: ActivityStatus[],
    change: (current: Activity) => Activity,
  ): Promise<Activity | { conflict: Activity } | undefined> {
    return this.transaction((tx) => tx.updateActivity(id, expected, change));
  }

  // ---------------------------------------------------------------- conversation states

  /** Returns a mutable copy. */
  async getState(key: string): Promise<ConversationState | undefined> {
    const s = stateFileOf(this.#open(), key).map.get(key);
    return s && structuredClone(s);
  }

  setState(state: ConversationState): Promise<void> {
    return this.transaction((tx) => tx.setState(state));
  }

  deleteState(key: string): Promise<void> {
    return this.transaction((tx) => tx.deleteState(key));
  }

  // ---------------------------------------------------------------- leases

  /** In memory: one process owns a lowdb store (the file lock), so its leases are only between its own parts. */
  readonly #leases = new Map<string, { owner: string; until: number }>();

  async holdLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    this.#open();
    const now = Date.now();
    const held = this.#leases.get(name);
    if (held && held.owner !== owner && held.until > now) return false;
    this.#leases.set(name, { owner, until: now + ttlMs });
    return true;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    if (this.#leases.get(name)?.owner === owner) this.#leases.delete(name);
  }

  // ---------------------------------------------------------------- certificate files

  /** Files beside the database (`<db dir>/evidence/<sha256><ext>`), outside the journal: written before the commit. */
  async putEvidence(file: { hash: string; ext: string; bytes: Uint8Array }): Promise<string> {
    this.#writable();
    return writeEvidenceFile(path.join(path.dirname(this.files.main), 'evidence'), file.hash, file.ext, file.bytes);
  }

  async readEvidence(evidence: { hash: string; path: string }): Promise<Uint8Array | undefined> {
    this.#open();
    return readFile(evidence.path).then(
      (b) => new Uint8Array(b),
      () => undefined,
    );
  }

  // ---------------------------------------------------------------- reminder marks

  async getReminderMark(kind: string, period: string, nip: string): Promise<ReminderMark | undefined> {
    const live = this.#open();
    return live.markFileOf.get(markKey(kind, period, nip))?.map.get(markKey(kind, period, nip));
  }

  /** Insert or replace by (kind, period, nip). */
  addReminderMark(mark: ReminderMark): Promise<void> {
    return this.transaction((tx) => tx.addReminderMark(mark));
  }

  async reminderMarksFor(kind: string, periods: string[], nips: string[]): Promise<ReminderMark[]> {
    const out: ReminderMark[] = [];
    for (const period of new Set(periods)) {
      for (const nip of new Set(nips)) {
        const m = await this.getReminderMark(kind, period, nip);
        if (m) out.push(m);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- outbound and inbound

  enqueueOutbound(messages: OutboundMessage[]): Promise<string[]> {
    if (messages.length === 0) return Promise.resolve([]);
    return this.transaction((tx) => tx.enqueueOutbound(messages));
  }

  async pendingOutbound(opts: { platforms?: Platform[]; limit?: number } = {}): Promise<OutboundRecord[]> {
    const live = this.#open();
    const platforms = opts.platforms && new Set(opts.platforms);
    const out: OutboundRecord[] = [];
    for (const m of live.outbound.map.values()) {
      if (m.status === 'pending' && (!platforms || platforms.has(m.message.to.platform))) out.push(m);
    }
    out.sort((a, b) => a.seq - b.seq);
    return opts.limit === undefined ? out : out.slice(0, opts.limit);
  }

  async failedOutbound(limit = 100): Promise<OutboundRecord[]> {
    const live = this.#open();
    const out = [...live.outbound.map.values()].filter((m) => m.status === 'failed');
    return out.sort((a, b) => b.seq - a.seq).slice(0, limit);
  }

  settleOutbound(results: OutboundSettlement[]): Promise<void> {
    if (results.length === 0) return Promise.resolve();
    return this.transaction((tx) => tx.settleOutbound(results));
  }

  onOutbound(listener: () => void): () => void {
    this.#outboundListeners.add(listener);
    return () => this.#outboundListeners.delete(listener);
  }

  async inboundSeen(key: string): Promise<boolean> {
    return this.#open().inbound.map.has(key);
  }

  recordInbound(key: string, at: string): Promise<void> {
    return this.transaction((tx) => tx.recordInbound(key, at));
  }

  // ---------------------------------------------------------------- export (bangkom db copy)

  /**
   * Every record the store holds, by kind (the Store port has no "list everything" for most kinds): the
   * shared frozen records, outbound messages in commit order (`seq`). Only reads; works on a read-only snapshot.
   */
  exportAll(): {
    employees: Employee[];
    invites: Invite[];
    plans: Plan[];
    accounts: Account[];
    activities: Activity[];
    states: ConversationState[];
    marks: ReminderMark[];
    outbound: OutboundRecord[];
    inbound: InboundMark[];
  } {
    const live = this.#open();
    return {
      employees: [...live.main.data.employees.values()],
      invites: [...live.main.data.invites.values()],
      plans: [...live.main.data.plans.values()],
      accounts: [...live.accounts.map.values()],
      activities: [...live.activities.values()],
      states: live.states.flatMap((f) => [...f.map.values()]),
      marks: [...live.marks.values()].flatMap((f) => [...f.map.values()]),
      outbound: [...live.outbound.map.values()].sort((a, b) => a.seq - b.seq),
      inbound: [...live.inbound.map.values()],
    };
  }
}

const byNip = (a: { nip: string }, b: { nip: string }) => (a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : 0);

/** Opens (creating when missing) the lowdb store at `dbPath`, e.g. `data/db.json`. */
export async function openLowdbStore(dbPath: string, opts?: LowdbStoreOptions): Promise<Store> {
  const store = new LowdbStore(dbPath, opts);
  await store.open();
  return store;
}
