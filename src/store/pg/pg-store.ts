import pg from 'pg';
import type { Logger } from '../../domain/log.js';
import type { Store, TransactionOptions } from '../../domain/store.js';
import { StoreError } from '../errors.js';
import { migrate } from './migrations.js';
import { PgAccess, type AccessContext } from './pg-access.js';

export interface PgStoreOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** The clock for timestamps the store sets itself; default: the real one. */
  now?: () => Date;
  log?: Logger;
}

/** SQLSTATEs after which a transaction is simply run again: serialization failure, deadlock, unique race. */
const RETRY_CODES = new Set(['40001', '40P01']);
const MAX_TX_ATTEMPTS = 20;
/** Inbound keys are pruned once every this many transactions of a process. */
const PRUNE_EVERY = 1000;

const errorCode = (err: unknown) => (typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined);

/** A deadlock or serialization failure inside the work: the whole transaction runs again. */
class RetryTransaction extends StoreError {
  constructor(cause: unknown) {
    super('conflict', `PostgreSQL: ${(cause as Error).message}`);
  }
}

/**
 * The Store on PostgreSQL, for several assistant processes on one database. Each transaction is one
 * database transaction on one connection (READ COMMITTED, with row locks and transaction-scoped advisory
 * locks where the port asks for compare-and-set); a deadlock or serialization failure runs the work again.
 * Commits that queue outbound messages notify every process (LISTEN bangkom_outbound).
 */
export class PgStore implements Store {
  #pool: pg.Pool | undefined;
  readonly #opts: PgStoreOptions;
  readonly #listeners = new Set<() => void>();
  #listener: pg.Client | undefined;
  #reads: PgAccess;
  #opened = false;
  #closed = false;
  #transactions = 0;

  constructor(
    readonly url: string,
    opts: PgStoreOptions = {},
  ) {
    this.#opts = opts;
    this.#reads = new PgAccess(
      { query: (text, values) => this.#livePool().query(text, values) as never },
      this.#context(false),
    );
  }

  #livePool(): pg.Pool {
    if (!this.#pool || !this.#opened || this.#closed) throw new StoreError('not-open', 'The PostgreSQL store is not open.');
    return this.#pool;
  }

  #now(): string {
    return (this.#opts.now?.() ?? new Date()).toISOString();
  }

  #context(inTransaction: boolean, held?: Set<string>): AccessContext {
    return {
      now: () => this.#now(),
      ...(this.#opts.log ? { log: this.#opts.log } : {}),
      inTransaction,
      ...(held ? { held } : {}),
      transaction: (work) => this.transaction(work),
      queued: () => this.#notify(),
      onOutbound: (listener) => this.onOutbound(listener),
    };
  }

  async open(): Promise<void> {
    if (this.#opened && !this.#closed) return;
    const pool = new pg.Pool({ connectionString: this.url, max: this.#opts.poolSize ?? 10 });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on('error', (err) => this.#opts.log?.warn('postgres: idle connection lost', { error: err.message }));
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new StoreError('io', `Cannot connect to PostgreSQL (${(err as Error).message}).`);
    }
    try {
      await migrate(client);
    } catch (err) {
      client.release();
      await pool.end().catch(() => undefined);
      throw err;
    }
    client.release();
    this.#pool = pool;
    this.#opened = true;
    this.#closed = false;
  }

  async close(): Promise<void> {
    if (this.#closed || !this.#opened) return;
    this.#closed = true;
    while (this.#running.size > 0) await Promise.all([...this.#running]);
    await this.#listener?.end().catch(() => undefined);
    this.#listener = undefined;
    await this.#pool?.end();
    this.#pool = undefined;
  }

  /** Transactions begun and not yet settled: close() waits for them. */
  readonly #running = new Set<Promise<unknown>>();

  transaction<T>(work: (tx: Store) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    let pool: pg.Pool;
    try {
      pool = this.#livePool();
    } catch (err) {
      return Promise.reject(err);
    }
    const running = this.#run(pool, work, opts);
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.#running.add(settled);
    void settled.then(() => this.#running.delete(settled));
    return running;
  }

  async #run<T>(pool: pg.Pool, work: (tx: Store) => Promise<T>, opts: TransactionOptions): Promise<T> {
    const client = await pool.connect();
    const upfront = [
      ...(opts.key !== undefined ? [`turn:${opts.key}`] : []),
      ...(opts.inboundKey !== undefined ? [`inbound:${opts.inboundKey}`] : []),
      ...[...new Set(opts.stateKeys ?? [])].map((k) => `state:${k}`),
    ];
    const held = new Set<string>();
    try {
      for (let attempt = 1; ; attempt++) {
        // Errors pass through the engine's own handling: one that only asks for a rerun must stay recognisable.
        const tx = new PgAccess(
          {
            query: (text, values) =>
              client.query(text, values).catch((err: unknown) => {
                throw RETRY_CODES.has(String(errorCode(err))) ? new RetryTransaction(err) : err;
              }) as never,
          },
          this.#context(true, held),
        );
        try {
          await client.query('BEGIN');
          held.clear();
          // Events of one user never run at the same time, whichever process receives them. The locks the
          // work will ask for anyway (its inbound key, its dialogue states) are taken in the same statement,
          // the user's first: the statement's target list is evaluated left to right.
          if (upfront.length > 0) {
            await client.query(`SELECT ${upfront.map((_, i) => `pg_advisory_xact_lock(hashtextextended($${i + 1}, 0))`).join(', ')}`, upfront);
            for (const k of upfront) held.add(k);
          }
          const result = await work(tx);
          await client.query('COMMIT');
          if (tx.queuedOutbound) this.#notify();
          if (++this.#transactions % PRUNE_EVERY === 0) void this.#reads.pruneInbound().catch(() => undefined);
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (!(err instanceof RetryTransaction) && !RETRY_CODES.has(String(errorCode(err)))) throw translate(err);
          if (attempt >= MAX_TX_ATTEMPTS) {
            throw new StoreError('conflict', `A transaction met concurrent changes ${attempt} times; nothing was written.`);
          }
        }
      }
    } finally {
      client.release();
    }
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }

  /** Called after every commit that queued messages, in this process or (through LISTEN) in another. */
  onOutbound(listener: () => void): () => void {
    this.#listeners.add(listener);
    if (!this.#listener) void this.#listen();
    return () => this.#listeners.delete(listener);
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    this.#listener = client;
    client.on('notification', () => this.#notify());
    // A lost LISTEN connection only delays delivery until the relay's next rescan; it is opened again then.
    client.on('error', (err) => {
      this.#opts.log?.warn('postgres: outbox notifications lost; relying on rescans', { error: err.message });
      if (this.#listener === client) this.#listener = undefined;
    });
    try {
      await client.connect();
      await client.query('LISTEN bangkom_outbound');
    } catch (err) {
      this.#opts.log?.warn('postgres: cannot listen for outbox notifications', { error: (err as Error).message });
      if (this.#listener === client) this.#listener = undefined;
      await client.end().catch(() => undefined);
    }
  }

  // ---------------------------------------------------------------- reads outside a transaction; writes in one

  #r(): PgAccess {
    this.#livePool();
    return this.#reads;
  }

  #w<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    return this.transaction(work);
  }

  enqueueOutbound: Store['enqueueOutbound'] = async (messages) => (messages.length === 0 ? Promise.resolve([]) : this.#w((tx) => tx.enqueueOutbound(messages)));
  pendingOutbound: Store['pendingOutbound'] = async (opts) => this.#r().pendingOutbound(opts);
  failedOutbound: Store['failedOutbound'] = async (limit) => this.#r().failedOutbound(limit);
  settleOutbound: Store['settleOutbound'] = async (results) => (results.length === 0 ? Promise.resolve() : this.#w((tx) => tx.settleOutbound(results)));
  inboundSeen: Store['inboundSeen'] = async (key) => this.#r().inboundSeen(key);
  recordInbound: Store['recordInbound'] = async (key, at) => this.#w((tx) => tx.recordInbound(key, at));

  getEmployee: Store['getEmployee'] = async (nip) => this.#r().getEmployee(nip);
  upsertEmployees: Store['upsertEmployees'] = async (list) => this.#w((tx) => tx.upsertEmployees(list));
  listEmployees: Store['listEmployees'] = async (filter) => this.#r().listEmployees(filter);
  employeesAfter: Store['employeesAfter'] = async (after, limit) => this.#r().employeesAfter(after, limit);
  knownNips: Store['knownNips'] = async (nips) => this.#r().knownNips(nips);
  employeesOfMany: Store['employeesOfMany'] = async (nips) => this.#r().employeesOfMany(nips);
  subordinatesOf: Store['subordinatesOf'] = async (nip) => this.#r().subordinatesOf(nip);
  admins: Store['admins'] = async () => this.#r().admins();
  setEmployeeLang: Store['setEmployeeLang'] = async (nip, lang) => this.#w((tx) => tx.setEmployeeLang(nip, lang));

  getAccount: Store['getAccount'] = async (platform, userId) => this.#r().getAccount(platform, userId);
  accountsOf: Store['accountsOf'] = async (nip) => this.#r().accountsOf(nip);
  accountsOfMany: Store['accountsOfMany'] = async (nips) => this.#r().accountsOfMany(nips);
  employeeByEmail: Store['employeeByEmail'] = async (email) => this.#r().employeeByEmail(email);
  linkAccount: Store['linkAccount'] = async (account) => this.#w((tx) => tx.linkAccount(account));
  touchAccount: Store['touchAccount'] = async (platform, userId, at) => this.#r().touchAccount(platform, userId, at);
  setUnreachable: Store['setUnreachable'] = async (platform, userId, at) => this.#w((tx) => tx.setUnreachable(platform, userId, at));

  createInvite: Store['createInvite'] = async (invite) => this.#w((tx) => tx.createInvite(invite));
  getInvite: Store['getInvite'] = async (code) => this.#r().getInvite(code);
  useInvite: Store['useInvite'] = async (code, usedBy, at) => this.#w((tx) => tx.useInvite(code, usedBy, at));

  createDashboardToken: Store['createDashboardToken'] = async (token) => this.#w((tx) => tx.createDashboardToken(token));
  getDashboardToken: Store['getDashboardToken'] = async (id) => this.#r().getDashboardToken(id);
  useDashboardToken: Store['useDashboardToken'] = async (id, at) => this.#w((tx) => tx.useDashboardToken(id, at));

  getPlan: Store['getPlan'] = async (nip, year) => this.#r().getPlan(nip, year);
  plansInYear: Store['plansInYear'] = async (year) => this.#r().plansInYear(year);
  updatePlan: Store['updatePlan'] = async (nip, year, change) => this.#w((tx) => tx.updatePlan(nip, year, change));

  addActivity: Store['addActivity'] = async (activity) => this.#w((tx) => tx.addActivity(activity));
  getActivity: Store['getActivity'] = async (id) => this.#r().getActivity(id);
  activitiesOf: Store['activitiesOf'] = async (nip, year) => this.#r().activitiesOf(nip, year);
  activitiesByStatus: Store['activitiesByStatus'] = async (status) => this.#r().activitiesByStatus(status);
  activitiesOfMany: Store['activitiesOfMany'] = async (nips, which) => this.#r().activitiesOfMany(nips, which);
  activityFiguresOfMany: Store['activityFiguresOfMany'] = async (nips, year) => this.#r().activityFiguresOfMany(nips, year);
  waitingCounts: Store['waitingCounts'] = async (nips, before) => this.#r().waitingCounts(nips, before);
  evaluationCandidates: Store['evaluationCandidates'] = async (nips, ended) => this.#r().evaluationCandidates(nips, ended);
  pendingWithoutAtasan: Store['pendingWithoutAtasan'] = async () => this.#r().pendingWithoutAtasan();
  uploadsDue: Store['uploadsDue'] = async (nips, approvedBy, markKind) => this.#r().uploadsDue(nips, approvedBy, markKind);
  activitiesWithCertificate: Store['activitiesWithCertificate'] = async (year, find) => this.#r().activitiesWithCertificate(year, find);
  activitiesInYear: Store['activitiesInYear'] = async (year) => this.#r().activitiesInYear(year);
  updateActivity: Store['updateActivity'] = async (id, expected, change) => this.#w((tx) => tx.updateActivity(id, expected, change));

  getState: Store['getState'] = async (key) => this.#r().getState(key);
  setState: Store['setState'] = async (state) => this.#w((tx) => tx.setState(state));
  deleteState: Store['deleteState'] = async (key) => this.#w((tx) => tx.deleteState(key));

  holdLease: Store['holdLease'] = async (name, owner, ttlMs) => this.#r().holdLease(name, owner, ttlMs);
  releaseLease: Store['releaseLease'] = async (name, owner) => this.#r().releaseLease(name, owner);

  putEvidence: Store['putEvidence'] = async (file) => this.#w((tx) => tx.putEvidence(file));
  readEvidence: Store['readEvidence'] = async (evidence) => this.#r().readEvidence(evidence);

  getReminderMark: Store['getReminderMark'] = async (kind, period, nip) => this.#r().getReminderMark(kind, period, nip);
  reminderMarksFor: Store['reminderMarksFor'] = async (kind, periods, nips) => this.#r().reminderMarksFor(kind, periods, nips);
  addReminderMark: Store['addReminderMark'] = async (mark) => this.#w((tx) => tx.addReminderMark(mark));
}

/** A connection failure is the store failing to write ('io'): the engine answers it truthfully. */
function translate(err: unknown): unknown {
  if (err instanceof StoreError) return err;
  const code = String(errorCode(err) ?? '');
  if (code.startsWith('08') || code === '57P01' || (err as Error)?.message?.includes('Connection terminated')) {
    return new StoreError('io', `PostgreSQL: ${(err as Error).message}`);
  }
  return err;
}

export async function openPgStore(url: string, opts?: PgStoreOptions): Promise<Store> {
  const store = new PgStore(url, opts);
  await store.open();
  return store;
}
