import { randomUUID } from 'node:crypto';
import type { QueryResultRow } from 'pg';
import type { OutboundMessage, Platform } from '../../chat/events.js';
import type { Logger } from '../../domain/log.js';
import { recordProblem, type RecordKind } from '../../domain/records.js';
import type { OutboundRecord, OutboundSettlement, Store } from '../../domain/store.js';
import type { Account, Activity, ActivityStatus, ConversationState, DashboardToken, Employee, Invite, Plan, ReminderMark } from '../../domain/types.js';
import { StoreError } from '../errors.js';
import type { UploadDue } from '../../domain/upload-due.js';
import type { ActivityFigures } from '../../domain/year-totals.js';
import { CERTIFICATE_NUMBER_KEY_SQL } from './migrations.js';
import type { WaitingCount } from '../../domain/waiting.js';
import type { EndedBetween, EvaluationCandidate } from '../../domain/evaluation-candidate.js';

/** A pool or one connection inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** What the access layer needs from its store. */
export interface AccessContext {
  now(): string;
  log?: Logger;
  /** Within a transaction: its connection; locks and compare-and-set reads apply. */
  inTransaction: boolean;
  /** Advisory locks this transaction already holds (taken up front): not asked for again. */
  held?: Set<string>;
  /** Runs `work` in a transaction (the store's, or this one's when already inside). */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /** Called when a transaction queued outbound messages (after its commit). */
  queued(): void;
  onOutbound(listener: () => void): () => void;
}

const INBOUND_KEEP_MS = 48 * 60 * 60 * 1000;
/** Evidence.path of a file kept in the database. */
export const EVIDENCE_PATH_PREFIX = 'postgres:evidence/';
const UPSERT_CHUNK = 2000;

/** 64-bit key of a transaction-scoped advisory lock. */
const LOCK_SQL = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';

function checked<T>(kind: RecordKind, value: T): T {
  const problem = recordProblem(kind, value);
  if (problem) throw new StoreError('invalid', `Refused to store an invalid ${kind} record (${problem}).`);
  return value;
}

/**
 * Every Store operation as SQL against a Queryable. The store uses one over its pool for reads outside a
 * transaction, and one per transaction over that transaction's connection.
 */
export class PgAccess implements Store {
  #queued = false;

  constructor(
    private readonly db: Queryable,
    private readonly ctx: AccessContext,
  ) {}

  get queuedOutbound(): boolean {
    return this.#queued;
  }

  /** A record read back: one that is not valid (written by hand, by an older program) is left out and logged. */
  #valid<T>(kind: RecordKind, where: string, value: T): T | undefined {
    const problem = recordProblem(kind, value);
    if (!problem) return value;
    this.ctx.log?.error('store: invalid record left out', { kind, where, problem });
    return undefined;
  }

  #all<T>(kind: RecordKind, rows: { record: T }[], where: string): T[] {
    const out: T[] = [];
    for (const r of rows) {
      const v = this.#valid(kind, where, r.record);
      if (v) out.push(v);
    }
    return out;
  }

  async #one<T>(kind: RecordKind, sql: string, values: unknown[], where: string): Promise<T | undefined> {
    const { rows } = await this.db.query<{ record: T }>(sql, values);
    return rows[0] ? this.#valid(kind, where, rows[0].record) : undefined;
  }

  async #lock(key: string): Promise<void> {
    if (!this.ctx.inTransaction || this.ctx.held?.has(key)) return;
    await this.db.query(LOCK_SQL, [key]);
    this.ctx.held?.add(key);
  }

  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    return this.ctx.inTransaction ? work(this) : this.ctx.transaction(work);
  }

  async open(): Promise<void> {}
  async close(): Promise<void> {}

  // ---------------------------------------------------------------- employees

  getEmployee(nip: string): Promise<Employee | undefined> {
    return this.#one('employee', 'SELECT record FROM employees WHERE nip = $1', [nip], `employee ${nip}`);
  }

  async upsertEmployees(list: Employee[]): Promise<{ created: number; updated: number }> {
    if (!this.ctx.inTransaction) return this.transaction((tx) => tx.upsertEmployees(list));
    let created = 0;
    let updated = 0;
    for (let i = 0; i < list.length; i += UPSERT_CHUNK) {
      const chunk = list.slice(i, i + UPSERT_CHUNK).map((e) => structuredClone(e));
      const nips = chunk.map((e) => checked('employee', e).nip);
      const { rows } = await this.db.query<{ nip: string; lang: Employee['lang'] | null }>(
        "SELECT nip, record->>'lang' AS lang FROM employees WHERE nip = ANY($1) FOR UPDATE",
        [nips],
      );
      const stored = new Map(rows.map((r) => [r.nip, r.lang]));
      for (const e of chunk) {
        if (!stored.has(e.nip)) created++;
        else {
          updated++;
          const lang = stored.get(e.nip);
          if (e.lang === undefined && lang) e.lang = lang;
        }
      }
      await this.db.query(
        `INSERT INTO employees (nip, atasan_nip, unit, role, email, record)
         SELECT r->>'nip', r->>'atasanNip', r->>'unit', r->>'role', r->>'email', r FROM jsonb_array_elements($1::jsonb) AS r
         ON CONFLICT (nip) DO UPDATE SET atasan_nip = EXCLUDED.atasan_nip, unit = EXCLUDED.unit, role = EXCLUDED.role,
           email = EXCLUDED.email, record = EXCLUDED.record`,
        [JSON.stringify(chunk)],
      );
    }
    return { created, updated };
  }

  async listEmployees(filter?: { unit?: string }): Promise<Employee[]> {
    const { rows } =
      filter?.unit !== undefined
        ? await this.db.query<{ record: Employee }>('SELECT record FROM employees WHERE unit = $1 ORDER BY nip', [filter.unit])
        : await this.db.query<{ record: Employee }>('SELECT record FROM employees ORDER BY nip');
    return this.#all('employee', rows, 'employees');
  }

  async employeesAfter(afterNip: string, limit: number): Promise<Employee[]> {
    const { rows } = await this.db.query<{ record: Employee }>('SELECT record FROM employees WHERE nip > $1 ORDER BY nip LIMIT $2', [
      afterNip,
      Math.max(0, Math.floor(limit)),
    ]);
    return this.#all('employee', rows, 'employees after');
  }

  async knownNips(nips: string[]): Promise<string[]> {
    const { rows } = await this.db.query<{ nip: string }>('SELECT nip FROM employees WHERE nip = ANY($1)', [nips]);
    return rows.map((r) => r.nip);
  }

  async employeesOfMany(nips: string[]): Promise<Employee[]> {
    const { rows } = await this.db.query<{ record: Employee }>('SELECT record FROM employees WHERE nip = ANY($1)', [nips]);
    return this.#all('employee', rows, 'employees of many');
  }

  async subordinatesOf(atasanNip: string): Promise<Employee[]> {
    const { rows } = await this.db.query<{ record: Employee }>('SELECT record FROM employees WHERE atasan_nip = $1 ORDER BY nip', [atasanNip]);
    return this.#all('employee', rows, `subordinates of ${atasanNip}`);
  }

  async admins(): Promise<Employee[]> {
    const { rows } = await this.db.query<{ record: Employee }>("SELECT record FROM employees WHERE role = 'admin' ORDER BY nip");
    return this.#all('employee', rows, 'admins');
  }

  async setEmployeeLang(nip: string, lang: Employee['lang']): Promise<void> {
    if (!this.ctx.inTransaction) return this.transaction((tx) => tx.setEmployeeLang(nip, lang));
    const prev = await this.#one<Employee>('employee', 'SELECT record FROM employees WHERE nip = $1 FOR UPDATE', [nip], `employee ${nip}`);
    if (!prev) throw new StoreError('invalid', `Unknown employee ${nip}.`);
    const next: Employee = { ...prev };
    if (lang === undefined) delete next.lang;
    else next.lang = lang;
    await this.db.query('UPDATE employees SET record = $2 WHERE nip = $1', [nip, checked('employee', next)]);
  }

  // ---------------------------------------------------------------- accounts

  getAccount(platform: Platform, userId: string): Promise<Account | undefined> {
    return this.#one('account', 'SELECT record FROM accounts WHERE platform = $1 AND user_id = $2', [platform, userId], `account ${platform}:${userId}`);
  }

  async accountsOf(nip: string): Promise<Account[]> {
    const { rows } = await this.db.query<{ record: Account }>('SELECT record FROM accounts WHERE nip = $1 ORDER BY linked_at', [nip]);
    return this.#all('account', rows, `accounts of ${nip}`);
  }

  async accountsOfMany(nips: string[]): Promise<Account[]> {
    const { rows } = await this.db.query<{ record: Account }>('SELECT record FROM accounts WHERE nip = ANY($1)', [nips]);
    return this.#all('account', rows, 'accounts of many');
  }

  employeeByEmail(email: string): Promise<Employee | undefined> {
    return this.#one(
      'employee',
      'SELECT record FROM employees WHERE lower(email) = lower($1) AND email IS NOT NULL ORDER BY nip LIMIT 1',
      [email.trim()],
      'employee by email',
    );
  }

  async linkAccount(account: Account): Promise<void> {
    const v = checked('account', structuredClone(account));
    await this.db.query(
      `INSERT INTO accounts (platform, user_id, nip, linked_at, record) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (platform, user_id) DO UPDATE SET nip = EXCLUDED.nip, linked_at = EXCLUDED.linked_at, record = EXCLUDED.record`,
      [v.platform, v.userId, v.nip, v.linkedAt, v],
    );
  }

  async touchAccount(platform: Platform, userId: string, at: string): Promise<void> {
    await this.db.query(`UPDATE accounts SET record = jsonb_set(record, '{lastSeenAt}', to_jsonb($3::text)) WHERE platform = $1 AND user_id = $2`, [
      platform,
      userId,
      at,
    ]);
  }

  async setUnreachable(platform: Platform, userId: string, at: string | null): Promise<void> {
    const sql =
      at === null
        ? `UPDATE accounts SET record = record - 'unreachableAt' WHERE platform = $1 AND user_id = $2 AND record ? 'unreachableAt'`
        : `UPDATE accounts SET record = jsonb_set(record, '{unreachableAt}', to_jsonb($3::text)) WHERE platform = $1 AND user_id = $2`;
    await this.db.query(sql, at === null ? [platform, userId] : [platform, userId, checked('account', { ...ACCOUNT_SHAPE, unreachableAt: at }).unreachableAt]);
  }

  // ---------------------------------------------------------------- invites

  async createInvite(invite: Invite): Promise<void> {
    const v = checked('invite', structuredClone(invite));
    const { rowCount } = await this.db.query('INSERT INTO invites (code, record) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING', [v.code, v]);
    if (rowCount === 0) throw new StoreError('duplicate', `Invite ${v.code} already exists.`);
  }

  getInvite(code: string): Promise<Invite | undefined> {
    return this.#one('invite', 'SELECT record FROM invites WHERE code = $1', [code], `invite ${code}`);
  }

  async useInvite(code: string, usedBy: string, at: string): Promise<boolean> {
    checked('invite', { code: 'CHECK', nip: '000000000000000000', createdAt: at, expiresAt: at, usedAt: at, usedBy });
    const { rowCount } = await this.db.query(
      `UPDATE invites SET record = record || jsonb_build_object('usedAt', $2::text, 'usedBy', $3::text)
       WHERE code = $1 AND NOT record ? 'usedAt'`,
      [code, at, usedBy],
    );
    return rowCount === 1;
  }

  // ---------------------------------------------------------------- dashboard links and sessions

  async createDashboardToken(token: DashboardToken): Promise<void> {
    const v = checked('dashboardToken', structuredClone(token));
    // Links and sessions over a day past their end are of no use to anyone: they go as new ones come.
    await this.db.query(`DELETE FROM dashboard_tokens WHERE expires_at < $1::timestamptz - interval '1 day'`, [v.createdAt]);
    const { rowCount } = await this.db.query(
      'INSERT INTO dashboard_tokens (id, expires_at, record) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [v.id, v.expiresAt, v],
    );
    if (rowCount === 0) throw new StoreError('duplicate', `Dashboard token ${v.id} already exists.`);
  }

  getDashboardToken(id: string): Promise<DashboardToken | undefined> {
    return this.#one('dashboardToken', 'SELECT record FROM dashboard_tokens WHERE id = $1', [id], `dashboard token ${id}`);
  }

  async useDashboardToken(id: string, at: string): Promise<boolean> {
    checked('dashboardToken', { id: '0'.repeat(64), kind: 'link', nip: '000000000000000000', createdAt: at, expiresAt: at, usedAt: at });
    // One statement: of two processes using one link at the same moment, the row lock lets exactly one update it.
    const { rowCount } = await this.db.query(
      `UPDATE dashboard_tokens SET record = record || jsonb_build_object('usedAt', $2::text) WHERE id = $1 AND NOT record ? 'usedAt'`,
      [id, at],
    );
    return rowCount === 1;
  }

  // ---------------------------------------------------------------- activities

  async addActivity(activity: Activity): Promise<void> {
    const v = checked('activity', structuredClone(activity));
    const { rowCount } = await this.db.query(
      `INSERT INTO activities (id, nip, year, status, created_at, record) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [v.id, v.nip, v.year, v.status, v.createdAt, v],
    );
    if (rowCount === 0) throw new StoreError('duplicate', `Activity ${v.id} already exists.`);
  }

  getActivity(id: string): Promise<Activity | undefined> {
    return this.#one('activity', 'SELECT record FROM activities WHERE id = $1', [id], `activity ${id}`);
  }

  async activitiesOf(nip: string, year?: number): Promise<Activity[]> {
    const { rows } =
      year === undefined
        ? await this.db.query<{ record: Activity }>('SELECT record FROM activities WHERE nip = $1 ORDER BY created_at, id', [nip])
        : await this.db.query<{ record: Activity }>('SELECT record FROM activities WHERE nip = $1 AND year = $2 ORDER BY created_at, id', [nip, year]);
    return this.#all('activity', rows, `activities of ${nip}`);
  }

  async activitiesByStatus(status: ActivityStatus): Promise<Activity[]> {
    const { rows } = await this.db.query<{ record: Activity }>('SELECT record FROM activities WHERE status = $1', [status]);
    return this.#all('activity', rows, `activities ${status}`);
  }

  /** Index lookups: activities (nip, year, …) for the year, the partial index of pending reports by NIP. */
  async activitiesOfMany(nips: string[], which: { year?: number; pending?: boolean }): Promise<Activity[]> {
    const { year, pending } = which;
    const { rows } =
      year === undefined && !pending
        ? await this.db.query<{ record: Activity }>('SELECT record FROM activities WHERE nip = ANY($1)', [nips])
        : year === undefined
          ? await this.db.query<{ record: Activity }>("SELECT record FROM activities WHERE nip = ANY($1) AND status = 'pending'", [nips])
          : pending
            ? await this.db.query<{ record: Activity }>(
                "SELECT record FROM activities WHERE nip = ANY($1) AND (year = $2 OR status = 'pending')",
                [nips, year],
              )
            : await this.db.query<{ record: Activity }>('SELECT record FROM activities WHERE nip = ANY($1) AND year = $2', [nips, year]);
    return this.#all('activity', rows, 'activities of many');
  }

  /**
   * isUploadDue in SQL, over the partial index of approved activities not uploaded and not imported, with the
   * marks left out by their primary key: only the id, owner and title travel, not whole records.
   */
  async uploadsDue(nips: string[], approvedBy: string, markKind: string): Promise<UploadDue[]> {
    const { rows } = await this.db.query<UploadDue>(
      `SELECT a.id, a.nip, a.record->>'title' AS title FROM activities a
       WHERE a.nip = ANY($1) AND a.status = 'approved' AND NOT (a.record ? 'myAsnUploadedAt') AND NOT (a.record ? 'source')
         AND a.record->'history'->-1->>'status' = 'approved' AND a.record->'history'->-1->>'at' <= $2
         AND NOT EXISTS (SELECT 1 FROM reminder_marks m WHERE m.kind = $3 AND m.period = a.id AND m.nip = a.nip)
       ORDER BY a.nip, a.created_at, a.id`,
      [nips, approvedBy, markKind],
    );
    return rows.filter((r) => typeof r.title === 'string' && r.title.length > 0);
  }

  /** Only the fields yearTotals reads travel (not the title, history, explanation…), each checked on read. */
  async activityFiguresOfMany(nips: string[], year: number): Promise<ActivityFigures[]> {
    const { rows } = await this.db.query<{ record: ActivityFigures }>(
      `SELECT jsonb_build_object('id', id, 'nip', nip, 'status', status, 'year', year, 'input', record->'input', 'jp', record->'jp') AS record
       FROM activities WHERE nip = ANY($1) AND year = $2`,
      [nips, year],
    );
    return this.#all('activityFigures', rows, 'activity figures of many');
  }

  /** pendingSince in SQL (the last history entry moving to pending), over the partial index of pending reports by NIP. */
  async waitingCounts(nips: string[], before: string): Promise<WaitingCount[]> {
    const { rows } = await this.db.query<WaitingCount>(
      `SELECT a.nip, count(*)::int AS count FROM activities a
       WHERE a.nip = ANY($1) AND a.status = 'pending'
         AND COALESCE(
           (SELECT e.h->>'at' FROM jsonb_array_elements(a.record->'history') WITH ORDINALITY AS e(h, i)
            WHERE e.h->>'status' = 'pending' ORDER BY e.i DESC LIMIT 1),
           a.record->>'createdAt') < $2
       GROUP BY a.nip`,
      [nips, before],
    );
    return rows;
  }

  /** isEvaluationCandidate in SQL, over activities (nip, year, …): only the id, owner, title and end travel. */
  async evaluationCandidates(nips: string[], ended: EndedBetween): Promise<EvaluationCandidate[]> {
    const { rows } = await this.db.query<EvaluationCandidate>(
      `SELECT id, nip, record->>'title' AS title, record->'input'->>'end' AS "end" FROM activities
       WHERE nip = ANY($1) AND year BETWEEN $2 AND $3 AND status = 'approved'
         AND NOT (record ? 'evaluation') AND NOT (record ? 'source')
         AND record->'input'->>'end' > $4 AND record->'input'->>'end' <= $5
         AND jsonb_path_exists(record->'history', '$[*] ? (@.status == "approved")')`,
      [nips, Number(ended.after.slice(0, 4)), Number(ended.upTo.slice(0, 4)), ended.after, ended.upTo],
    );
    return rows.filter((r) => typeof r.title === 'string' && typeof r.end === 'string');
  }

  /** The owners without an atasan in the roster first (an anti-join over employees), then their pending reports by index. */
  async pendingWithoutAtasan(): Promise<Activity[]> {
    const { rows } = await this.db.query<{ record: Activity }>(
      `SELECT a.record FROM employees e JOIN activities a ON a.nip = e.nip AND a.status = 'pending'
       WHERE e.atasan_nip IS NULL OR NOT EXISTS (SELECT 1 FROM employees s WHERE s.nip = e.atasan_nip)`,
    );
    return this.#all('activity', rows, 'pending without atasan');
  }

  // ---------------------------------------------------------------- yearly plans

  getPlan(nip: string, year: number): Promise<Plan | undefined> {
    return this.#one('plan', 'SELECT record FROM plans WHERE nip = $1 AND year = $2', [nip, year], `plan ${nip} ${year}`);
  }

  async plansInYear(year: number): Promise<Plan[]> {
    const { rows } = await this.db.query<{ record: Plan }>('SELECT record FROM plans WHERE year = $1', [year]);
    return this.#all('plan', rows, `plans of ${year}`);
  }

  /** The plan's key is locked for the transaction (it may not exist yet), so a read-then-write is compare-and-set. */
  async updatePlan(nip: string, year: number, change: (current: Plan | undefined) => Plan | undefined): Promise<Plan | undefined> {
    if (!this.ctx.inTransaction) return this.transaction((tx) => tx.updatePlan(nip, year, change));
    await this.#lock(`plan:${nip}:${year}`);
    const current = await this.getPlan(nip, year);
    const proposed = change(current === undefined ? undefined : structuredClone(current));
    if (proposed === undefined) return current;
    const next = checked('plan', structuredClone(proposed));
    if (next.nip !== nip || next.year !== year) {
      throw new StoreError('invalid', `updatePlan may not change the nip or year of plan ${nip} ${year}.`);
    }
    await this.db.query(
      'INSERT INTO plans (nip, year, record) VALUES ($1, $2, $3) ON CONFLICT (nip, year) DO UPDATE SET record = EXCLUDED.record',
      [nip, year, next],
    );
    return structuredClone(next);
  }

  /** Over the expression indexes of migration 5 (the file's hash, the number's certificateNumberKey). */
  async activitiesWithCertificate(year: number, find: { hash?: string; numberKey?: string }): Promise<Activity[]> {
    if (find.hash === undefined && find.numberKey === undefined) return [];
    const { rows } = await this.db.query<{ record: Activity }>(
      `SELECT record FROM activities WHERE year = $1 AND (
         (record ? 'evidence' AND record->'evidence'->>'hash' = $2) OR
         (record ? 'certificateNumber' AND ${CERTIFICATE_NUMBER_KEY_SQL} = $3))`,
      [year, find.hash ?? null, find.numberKey ?? null],
    );
    return this.#all('activity', rows, 'activities with a certificate');
  }

  async activitiesInYear(year: number): Promise<Activity[]> {
    const { rows } = await this.db.query<{ record: Activity }>('SELECT record FROM activities WHERE year = $1', [year]);
    return this.#all('activity', rows, `activities of ${year}`);
  }

  async updateActivity(
    id: string,
    expected: ActivityStatus[],
    change: (current: Activity) => Activity,
  ): Promise<Activity | { conflict: Activity } | undefined> {
    if (!this.ctx.inTransaction) return this.transaction((tx) => tx.updateActivity(id, expected, change));
    const current = await this.#one<Activity>('activity', 'SELECT record FROM activities WHERE id = $1 FOR UPDATE', [id], `activity ${id}`);
    if (!current) return undefined;
    if (!expected.includes(current.status)) return { conflict: current };
    const next = checked('activity', change(structuredClone(current)));
    if (next.id !== current.id || next.nip !== current.nip) {
      throw new StoreError('invalid', `updateActivity may not change the id or nip of activity ${id}.`);
    }
    await this.db.query('UPDATE activities SET year = $2, status = $3, record = $4 WHERE id = $1', [id, next.year, next.status, next]);
    return structuredClone(next);
  }

  // ---------------------------------------------------------------- conversation states

  /** In a transaction, reading a state locks its key until the commit: a read-then-write is compare-and-set. */
  async getState(key: string): Promise<ConversationState | undefined> {
    await this.#lock(`state:${key}`);
    return this.#one('state', 'SELECT record FROM states WHERE key = $1', [key], `state ${key}`);
  }

  async setState(state: ConversationState): Promise<void> {
    const v = checked('state', structuredClone(state));
    await this.db.query('INSERT INTO states (key, record) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET record = EXCLUDED.record', [v.key, v]);
  }

  async deleteState(key: string): Promise<void> {
    await this.db.query('DELETE FROM states WHERE key = $1', [key]);
  }

  // ---------------------------------------------------------------- leases

  /** On the database's clock, so that the processes' clocks need not agree. */
  async holdLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE leases.owner = EXCLUDED.owner OR leases.expires_at < clock_timestamp()`,
      [name, owner, Math.max(1, Math.round(ttlMs))],
    );
    return rowCount === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.db.query('DELETE FROM leases WHERE name = $1 AND owner = $2', [name, owner]);
  }

  // ---------------------------------------------------------------- certificate files

  /** In the database, so that every process sees them; in a transaction, kept with its commit. */
  async putEvidence(file: { hash: string; mime: string; bytes: Uint8Array }): Promise<string> {
    if (!/^[0-9a-f]{64}$/.test(file.hash)) throw new StoreError('invalid', 'Evidence hash must be a sha256 in hex.');
    await this.db.query('INSERT INTO evidence (hash, mime, size, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING', [
      file.hash,
      file.mime,
      file.bytes.byteLength,
      Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
    ]);
    return `${EVIDENCE_PATH_PREFIX}${file.hash}`;
  }

  async readEvidence(evidence: { hash: string }): Promise<Uint8Array | undefined> {
    const { rows } = await this.db.query<{ bytes: Buffer }>('SELECT bytes FROM evidence WHERE hash = $1', [evidence.hash]);
    return rows[0] ? new Uint8Array(rows[0].bytes) : undefined;
  }

  // ---------------------------------------------------------------- reminder marks

  getReminderMark(kind: string, period: string, nip: string): Promise<ReminderMark | undefined> {
    return this.#one('mark', 'SELECT record FROM reminder_marks WHERE kind = $1 AND period = $2 AND nip = $3', [kind, period, nip], `mark ${kind}`);
  }

  async reminderMarksFor(kind: string, periods: string[], nips: string[]): Promise<ReminderMark[]> {
    const { rows } = await this.db.query<{ record: ReminderMark }>(
      'SELECT record FROM reminder_marks WHERE kind = $1 AND period = ANY($2) AND nip = ANY($3)',
      [kind, periods, nips],
    );
    return this.#all('mark', rows, `marks ${kind}`);
  }

  async addReminderMark(mark: ReminderMark): Promise<void> {
    const v = checked('mark', structuredClone(mark));
    await this.db.query(
      `INSERT INTO reminder_marks (kind, period, nip, record) VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, period, nip) DO UPDATE SET record = EXCLUDED.record`,
      [v.kind, v.period, v.nip, v],
    );
  }

  // ---------------------------------------------------------------- outbound and inbound

  async enqueueOutbound(messages: OutboundMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    if (!this.ctx.inTransaction) return this.transaction((tx) => tx.enqueueOutbound(messages));
    const records = messages.map((message) =>
      checked('outbound', { id: randomUUID(), seq: 0, message: structuredClone(message), createdAt: this.ctx.now(), status: 'pending' } as OutboundRecord),
    );
    await this.db.query(
      `INSERT INTO outbound (id, platform, status, record)
       SELECT r->>'id', r#>>'{message,to,platform}', 'pending', r - 'seq' FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n`,
      [JSON.stringify(records)],
    );
    // Other processes' relays hear of it at the commit.
    await this.db.query("SELECT pg_notify('bangkom_outbound', '')");
    this.#queued = true;
    return records.map((r) => r.id);
  }

  async pendingOutbound(opts: { platforms?: Platform[]; limit?: number } = {}): Promise<OutboundRecord[]> {
    const { rows } = await this.db.query<{ seq: string; record: OutboundRecord }>(
      `SELECT seq, record FROM outbound WHERE status = 'pending' AND ($1::text[] IS NULL OR platform = ANY($1)) ORDER BY seq LIMIT $2`,
      [opts.platforms ?? null, opts.limit ?? null],
    );
    return this.#all('outbound', rows.map((r) => ({ record: { ...r.record, seq: Number(r.seq) } })), 'outbox');
  }

  async failedOutbound(limit = 100): Promise<OutboundRecord[]> {
    const { rows } = await this.db.query<{ seq: string; record: OutboundRecord }>(
      `SELECT seq, record FROM outbound WHERE status = 'failed' ORDER BY seq DESC LIMIT $1`,
      [limit],
    );
    return this.#all('outbound', rows.map((r) => ({ record: { ...r.record, seq: Number(r.seq) } })), 'failed outbox');
  }

  async settleOutbound(results: OutboundSettlement[]): Promise<void> {
    if (results.length === 0) return;
    const delivered = results.filter((r) => 'delivered' in r).map((r) => r.id);
    if (delivered.length > 0) await this.db.query('DELETE FROM outbound WHERE id = ANY($1)', [delivered]);
    for (const r of results) {
      if (!('failed' in r)) continue;
      await this.db.query(
        `UPDATE outbound SET status = 'failed', record = record || jsonb_build_object('status', 'failed', 'error', $2::text, 'failedAt', $3::text) WHERE id = $1`,
        [r.id, r.failed, r.at],
      );
    }
  }

  onOutbound(listener: () => void): () => void {
    return this.ctx.onOutbound(listener);
  }

  /** In a transaction, the key is locked until the commit: the same event in two processes is handled once. */
  async inboundSeen(key: string): Promise<boolean> {
    await this.#lock(`inbound:${key}`);
    const { rows } = await this.db.query('SELECT 1 FROM inbound WHERE key = $1', [key]);
    return rows.length > 0;
  }

  /** Stamped with the store's clock, which also decides when the key is forgotten. */
  async recordInbound(key: string, _at: string): Promise<void> {
    const now = this.ctx.now();
    checked('inbound', { key, at: now });
    await this.db.query('INSERT INTO inbound (key, at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, now]);
  }

  /** Forgets inbound keys older than 48 hours. */
  async pruneInbound(): Promise<number> {
    const cutoff = new Date(Date.parse(this.ctx.now()) - INBOUND_KEEP_MS).toISOString();
    const { rowCount } = await this.db.query('DELETE FROM inbound WHERE at < $1', [cutoff]);
    return rowCount ?? 0;
  }
}

/** A valid account to check one field against (setUnreachable writes only that field). */
const ACCOUNT_SHAPE: Account = {
  platform: 'console',
  userId: 'x',
  nip: '000000000000000000',
  linkedAt: '2026-01-01T00:00:00.000Z',
  lastSeenAt: '2026-01-01T00:00:00.000Z',
};
