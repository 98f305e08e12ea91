import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import {
  SCHEMA_VERSION,
  type Account,
  type Activity,
  type ActivityStatus,
  type ConversationState,
  type Employee,
  type Invite,
  type ReminderMark,
} from '../domain/types.js';
import type { Platform } from '../chat/events.js';
import { AtomicJsonFile, isTempName } from './atomic-file.js';
import { checkHeader, checkSchemaVersion, deepFreeze, frozenCopy, readRecords } from './codec.js';
import { StoreError } from './errors.js';
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
import { RecordFile } from './record-file.js';
import type { Store } from '../domain/store.js';

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
}

interface ShardLayout {
  activityShards: number;
  stateShards: number;
}

interface MainDoc {
  layout: ShardLayout;
  employees: Map<string, Employee>;
  invites: Map<string, Invite>;
}

const MAIN_KIND = 'bangkom/main';

/** Everything in memory while the store is open. */
interface Live {
  layout: ShardLayout;
  main: Low<MainDoc>;
  mainFile: AtomicJsonFile<MainDoc>;
  accounts: RecordFile<Account>;
  states: RecordFile<ConversationState>[];
  activityShards: RecordFile<Activity>[];
  marks: Map<string, RecordFile<ReminderMark>>;

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

  touchTimer: NodeJS.Timeout | undefined;
  touchDirty: boolean;
  release: () => Promise<void>;
}

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

const accountKey = (platform: string, userId: string) => `${platform}:${userId}`;
const markKey = (kind: string, period: string, nip: string) => JSON.stringify([kind, period, nip]);
const byNip = (a: { nip: string }, b: { nip: string }) => (a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : 0);
const byCreated = (a: Activity, b: Activity) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function requireString(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value === '') throw new StoreError('invalid', `${what} must be a non-empty string.`);
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

function checkLayout(value: unknown, file: string): ShardLayout {
  const v = value as Partial<ShardLayout> | undefined;
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 4096;
  if (!v || !ok(v.activityShards) || !ok(v.stateShards)) {
    throw new StoreError('corrupt', `Store file ${file} has no valid "layout".`);
  }
  return { activityShards: v.activityShards!, stateShards: v.stateShards! };
}

/**
 * Store on lowdb, split by temperature so that no single write rewrites everything:
 * see layout.ts for the files. All records live in memory with indexes; each mutation changes
 * memory synchronously, then awaits a durable (atomic + fsynced) write of the one file concerned.
 *
 * Returned records are deep-frozen snapshots shared with the store (no copy cost for big lists);
 * build a new object to change one. Exceptions: getState returns a mutable copy, and the
 * `change` callback of updateActivity receives a mutable copy.
 */
export class LowdbStore implements Store {
  readonly dbPath: string;
  readonly files: StoreLayout;
  readonly #opts: LowdbStoreOptions;
  #live: Live | undefined;
  #opening: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(dbPath: string, opts: LowdbStoreOptions = {}) {
    this.dbPath = dbPath;
    this.files = layoutFor(dbPath);
    this.#opts = opts;
  }

  // ---------------------------------------------------------------- lifecycle

  open(): Promise<void> {
    if (this.#live) return Promise.resolve();
    if (!this.#opening) {
      this.#opening = (async () => {
        await this.#closing?.catch(() => undefined);
        this.#live = await this.#load();
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
    this.#live = undefined;
    this.#closing = (async () => {
      if (live.touchTimer) clearTimeout(live.touchTimer);
      const flushTouches = live.touchDirty ? live.accounts.save() : Promise.resolve();
      live.touchDirty = false;
      await Promise.all([
        live.mainFile.idle(),
        live.accounts.idle(),
        ...live.states.map((f) => f.idle()),
        ...live.activityShards.map((f) => f.idle()),
        ...[...live.marks.values()].map((f) => f.idle()),
      ]);
      try {
        await flushTouches;
      } finally {
        await live.release();
      }
    })();
    return this.#closing;
  }

  async #load(): Promise<Live> {
    const files = this.files;
    let release: () => Promise<void> = async () => undefined;
    if (!this.#opts.readOnly) {
      await mkdir(path.dirname(files.main), { recursive: true });
      release = await acquireLock(files.lock, files.main);
    }
    try {
      return await this.#loadFiles(release);
    } catch (err) {
      await release();
      throw err;
    }
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
          employees: readRecords<Employee>(top, 'employees', files.main, (e) => e.nip),
          invites: readRecords<Invite>(top, 'invites', files.main, (i) => i.code),
        };
      },
      encode: (doc) => ({
        schemaVersion: SCHEMA_VERSION,
        kind: MAIN_KIND,
        layout: doc.layout,
        employees: [...doc.employees.values()],
        invites: [...doc.invites.values()],
      }),
    });
    const fresh: MainDoc = {
      layout: {
        activityShards: this.#opts.activityShards ?? DEFAULT_ACTIVITY_SHARDS,
        stateShards: this.#opts.stateShards ?? DEFAULT_STATE_SHARDS,
      },
      employees: new Map(),
      invites: new Map(),
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
      kind: 'bangkom/accounts',
      field: 'accounts',
      db: dbName,
      keyOf: (a) => (typeof a.platform === 'string' && typeof a.userId === 'string' ? accountKey(a.platform, a.userId) : undefined),
    });

    const states = Array.from({ length: layout.stateShards }, (_, shard) => {
      return new RecordFile<ConversationState>({
        file: shardFile(files.statesDir, shard, layout.stateShards),
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

    const live: Live = {
      layout,
      main,
      mainFile,
      accounts,
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
      touchTimer: undefined,
      touchDirty: false,
      release,
    };
    for (const e of main.data.employees.values()) this.#indexEmployee(live, e);

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
          this.#indexActivity(live, a);
        }
      }),
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

  // ---------------------------------------------------------------- employees

  #indexEmployee(live: Live, e: Employee): void {
    if (e.atasanNip) addTo(live.byAtasan, e.atasanNip, e.nip);
    addTo(live.byUnit, e.unit, e.nip);
    if (e.role === 'admin') live.admins.add(e.nip);
  }

  #unindexEmployee(live: Live, e: Employee): void {
    if (e.atasanNip) removeFrom(live.byAtasan, e.atasanNip, e.nip);
    removeFrom(live.byUnit, e.unit, e.nip);
    live.admins.delete(e.nip);
  }

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
  async upsertEmployees(list: Employee[]): Promise<{ created: number; updated: number }> {
    const live = this.#writable();
    for (const e of list) requireString(e?.nip, 'Employee nip');
    const copies = list.map((e) => structuredClone(e)); // may throw before anything changed
    const employees = live.main.data.employees;
    let created = 0;
    let updated = 0;
    for (const next of copies) {
      const prev = employees.get(next.nip);
      if (prev) {
        if (next.lang === undefined && prev.lang !== undefined) next.lang = prev.lang;
        this.#unindexEmployee(live, prev);
        updated++;
      } else {
        created++;
      }
      employees.set(next.nip, deepFreeze(next));
      this.#indexEmployee(live, next);
    }
    if (copies.length > 0) await live.main.write();
    return { created, updated };
  }

  /** Sorted by NIP. */
  async listEmployees(filter?: { unit?: string }): Promise<Employee[]> {
    const live = this.#open();
    if (filter?.unit !== undefined) return this.#employeesAt(live, live.byUnit.get(filter.unit));
    return [...live.main.data.employees.values()].sort(byNip);
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
  async setEmployeeLang(nip: string, lang: Employee['lang']): Promise<void> {
    const live = this.#writable();
    const prev = live.main.data.employees.get(nip);
    if (!prev) throw new StoreError('invalid', `Unknown employee ${nip}.`);
    const next: Employee = { ...prev };
    if (lang === undefined) delete next.lang;
    else next.lang = lang;
    live.main.data.employees.set(nip, deepFreeze(next));
    await live.main.write();
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

  async linkAccount(account: Account): Promise<void> {
    const live = this.#writable();
    requireString(account?.platform, 'Account platform');
    requireString(account.userId, 'Account userId');
    requireString(account.nip, 'Account nip');
    const next = frozenCopy(account);
    const key = accountKey(next.platform, next.userId);
    const prev = live.accounts.map.get(key);
    if (prev) removeFrom(live.accountsByNip, prev.nip, key);
    live.accounts.map.set(key, next);
    addTo(live.accountsByNip, next.nip, key);
    await live.accounts.save();
  }

  /** Lazy: changes memory now, reaches disk within touchFlushMs, with any other accounts write, or on close. */
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
  async createInvite(invite: Invite): Promise<void> {
    const live = this.#writable();
    requireString(invite?.code, 'Invite code');
    const invites = live.main.data.invites;
    if (invites.has(invite.code)) throw new StoreError('duplicate', `Invite ${invite.code} already exists.`);
    invites.set(invite.code, frozenCopy(invite));
    await live.main.write();
  }

  async getInvite(code: string): Promise<Invite | undefined> {
    return this.#open().main.data.invites.get(code);
  }

  /** Does not look at expiresAt: the caller decides expiry with its clock. */
  async useInvite(code: string, usedBy: string, at: string): Promise<boolean> {
    const live = this.#writable();
    const invites = live.main.data.invites;
    const prev = invites.get(code);
    if (!prev || prev.usedAt !== undefined) return false;
    invites.set(code, deepFreeze({ ...prev, usedAt: at, usedBy }));
    await live.main.write();
    return true;
  }

  // ---------------------------------------------------------------- activities

  #indexActivity(live: Live, a: Activity): void {
    live.activities.set(a.id, a);
    addTo(live.actByNip, a.nip, a.id);
    addTo(live.actByStatus, a.status, a.id);
    addTo(live.actByYear, a.year, a.id);
  }

  #shardFor(live: Live, nip: string): RecordFile<Activity> {
    return live.activityShards[shardOf(nip, live.layout.activityShards)]!;
  }

  #activitiesAt(live: Live, ids: Iterable<string> | undefined): Activity[] {
    const out: Activity[] = [];
    for (const id of ids ?? []) {
      const a = live.activities.get(id);
      if (a) out.push(a);
    }
    return out;
  }

  #checkActivity(a: Activity): void {
    requireString(a?.id, 'Activity id');
    requireString(a.nip, 'Activity nip');
    checkSchemaVersion(a.schemaVersion, `Activity ${a.id}`);
    if (typeof a.year !== 'number' || !Number.isInteger(a.year)) {
      throw new StoreError('invalid', `Activity ${a.id} has no integer year.`);
    }
  }

  /** Throws StoreError('duplicate') when the id exists. */
  async addActivity(activity: Activity): Promise<void> {
    const live = this.#writable();
    this.#checkActivity(activity);
    if (live.activities.has(activity.id)) {
      throw new StoreError('duplicate', `Activity ${activity.id} already exists.`);
    }
    const a = frozenCopy(activity);
    const shard = this.#shardFor(live, a.nip);
    shard.map.set(a.id, a);
    this.#indexActivity(live, a);
    await shard.save();
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
  async activitiesInYear(year: number): Promise<Activity[]> {
    const live = this.#open();
    return this.#activitiesAt(live, live.actByYear.get(year));
  }

  /**
   * Compare-and-set, decided and applied synchronously before the first await. `change` gets a
   * mutable copy; it may not change `id` or `nip` (StoreError('invalid')).
   */
  async updateActivity(
    id: string,
    expected: ActivityStatus[],
    change: (current: Activity) => Activity,
  ): Promise<Activity | { conflict: Activity } | undefined> {
    const live = this.#writable();
    const current = live.activities.get(id);
    if (!current) return undefined;
    if (!expected.includes(current.status)) return { conflict: current };
    const next = frozenCopy(change(structuredClone(current)));
    this.#checkActivity(next);
    if (next.id !== current.id || next.nip !== current.nip) {
      throw new StoreError('invalid', `updateActivity may not change the id or nip of activity ${id}.`);
    }
    const shard = this.#shardFor(live, next.nip);
    shard.map.set(id, next);
    live.activities.set(id, next);
    if (next.status !== current.status) {
      removeFrom(live.actByStatus, current.status, id);
      addTo(live.actByStatus, next.status, id);
    }
    if (next.year !== current.year) {
      removeFrom(live.actByYear, current.year, id);
      addTo(live.actByYear, next.year, id);
    }
    await shard.save();
    return next;
  }

  // ---------------------------------------------------------------- conversation states

  #stateFile(live: Live, key: string): RecordFile<ConversationState> {
    return live.states[shardOf(key, live.layout.stateShards)]!;
  }

  /** Returns a mutable copy. */
  async getState(key: string): Promise<ConversationState | undefined> {
    const live = this.#open();
    const s = this.#stateFile(live, key).map.get(key);
    return s && structuredClone(s);
  }

  async setState(state: ConversationState): Promise<void> {
    const live = this.#writable();
    requireString(state?.key, 'State key');
    const file = this.#stateFile(live, state.key);
    file.map.set(state.key, frozenCopy(state));
    await file.save();
  }

  async deleteState(key: string): Promise<void> {
    const live = this.#writable();
    const file = this.#stateFile(live, key);
    if (!file.map.delete(key)) return;
    await file.save();
  }

  // ---------------------------------------------------------------- reminder marks

  async getReminderMark(kind: string, period: string, nip: string): Promise<ReminderMark | undefined> {
    const live = this.#open();
    return live.markFileOf.get(markKey(kind, period, nip))?.map.get(markKey(kind, period, nip));
  }

  /** Insert or replace by (kind, period, nip). */
  async addReminderMark(mark: ReminderMark): Promise<void> {
    const live = this.#writable();
    requireString(mark?.kind, 'Reminder mark kind');
    requireString(mark.period, 'Reminder mark period');
    requireString(mark.nip, 'Reminder mark nip');
    const m = frozenCopy(mark);
    const key = markKey(m.kind, m.period, m.nip);
    const fileName = marksFile(this.files.marksDir, m.period);
    let file = live.marks.get(fileName);
    if (!file) live.marks.set(fileName, (file = this.#marksFile(fileName, path.basename(this.files.main))));
    const prevFile = live.markFileOf.get(key);
    file.map.set(key, m);
    live.markFileOf.set(key, file);
    const saves = [file.save()];
    if (prevFile && prevFile !== file) {
      prevFile.map.delete(key);
      saves.push(prevFile.save());
    }
    await Promise.all(saves);
  }
}

/** Opens (creating when missing) the lowdb store at `dbPath`, e.g. `data/db.json`. */
export async function openLowdbStore(dbPath: string, opts?: LowdbStoreOptions): Promise<Store> {
  const store = new LowdbStore(dbPath, opts);
  await store.open();
  return store;
}
