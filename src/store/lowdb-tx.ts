import { randomUUID } from 'node:crypto';
import type { OutboundMessage, Platform } from '../chat/events.js';
import type { OutboundRecord, OutboundSettlement, Store } from '../domain/store.js';
import type { Account, Activity, ActivityStatus, ConversationState, DashboardToken, Employee, Invite, Plan, ReminderMark } from '../domain/types.js';
import { checkSchemaVersion, frozenCopy } from './codec.js';
import { StoreError } from './errors.js';
import { accountKey, activityIsOneOf, markKey, opProblem, planKey, type Op } from './lowdb-ops.js';
import type { UploadDue } from '../domain/upload-due.js';
import type { EndedBetween, EvaluationCandidate } from '../domain/evaluation-candidate.js';
import { activitiesWithCertificateIn, activityFiguresIn, evaluationCandidatesIn, uploadsDueIn, waitingCountsIn } from './derived-reads.js';
import type { ActivityFigures } from '../domain/year-totals.js';
import type { WaitingCount } from '../domain/waiting.js';

/** Key of a record a commit depends on, and the version (object identity) the work saw. */
export type Conditions = Map<string, unknown>;
export const activityCond = (id: string) => `activity:${id}`;
export const inviteCond = (code: string) => `invite:${code}`;
export const planCond = (nip: string, year: number) => `plan:${planKey(nip, year)}`;
export const dashboardTokenCond = (id: string) => `dashboardToken:${id}`;
export const stateCond = (key: string) => `state:${key}`;

export function requireString(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value === '') throw new StoreError('invalid', `${what} must be a non-empty string.`);
}

export function checkActivity(a: Activity): void {
  requireString(a?.id, 'Activity id');
  requireString(a.nip, 'Activity nip');
  checkSchemaVersion(a.schemaVersion, `Activity ${a.id}`);
  if (typeof a.year !== 'number' || !Number.isInteger(a.year)) {
    throw new StoreError('invalid', `Activity ${a.id} has no integer year.`);
  }
}

const byNip = (a: { nip: string }, b: { nip: string }) => (a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : 0);
export const byCreated = (a: Activity, b: Activity) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The transactional view of the lowdb store handed to `transaction(work)`: reads see the committed
 * store plus this work's own writes; writes are staged as ops and committed together by the store.
 * Compare-and-set writes record the version they saw, checked again at commit.
 */
export class LowdbTx implements Store {
  readonly ops: Op[] = [];
  readonly conditions: Conditions = new Map();
  readonly #employees = new Map<string, Employee>();
  readonly #invites = new Map<string, Invite>();
  readonly #dashboardTokens = new Map<string, DashboardToken>();
  readonly #plans = new Map<string, Plan>();
  readonly #accounts = new Map<string, Account>();
  readonly #activities = new Map<string, Activity>();
  readonly #states = new Map<string, ConversationState | null>();
  readonly #marks = new Map<string, ReminderMark>();
  readonly #outbound: OutboundRecord[] = [];
  readonly #inbound = new Set<string>();

  constructor(
    private readonly base: Store,
    private readonly now: () => string,
    /** The committed version (object identity) of a dialogue state, for compare-and-set. */
    private readonly stateVersion: (key: string) => unknown = () => undefined,
  ) {}

  get empty(): boolean {
    return this.ops.length === 0;
  }

  /** Every write passes the record checks of domain/records.ts: one invalid record fails the whole commit. */
  #stage(op: Op): void {
    const problem = opProblem(op);
    if (problem) throw new StoreError('invalid', `Refused to store an invalid ${op.t} record (${problem}).`);
    this.ops.push(op);
  }

  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    return work(this);
  }

  open(): Promise<void> {
    return Promise.reject(new StoreError('invalid', 'open() inside a transaction.'));
  }

  close(): Promise<void> {
    return Promise.reject(new StoreError('invalid', 'close() inside a transaction.'));
  }

  // ---------------------------------------------------------------- employees

  async getEmployee(nip: string): Promise<Employee | undefined> {
    return this.#employees.get(nip) ?? this.base.getEmployee(nip);
  }

  #mergeEmployees(base: Employee[], keep: (e: Employee) => boolean): Employee[] {
    if (this.#employees.size === 0) return base;
    const out = base.filter((e) => !this.#employees.has(e.nip));
    for (const e of this.#employees.values()) if (keep(e)) out.push(e);
    return out.sort(byNip);
  }

  async upsertEmployees(list: Employee[]): Promise<{ created: number; updated: number }> {
    for (const e of list) requireString(e?.nip, 'Employee nip');
    const copies = list.map((e) => structuredClone(e));
    let created = 0;
    let updated = 0;
    for (const next of copies) {
      const prev = await this.getEmployee(next.nip);
      if (prev) {
        if (next.lang === undefined && prev.lang !== undefined) next.lang = prev.lang;
        updated++;
      } else created++;
      const v = frozenCopy(next);
      this.#employees.set(v.nip, v);
      this.#stage({ t: 'employee', v });
    }
    return { created, updated };
  }

  async listEmployees(filter?: { unit?: string }): Promise<Employee[]> {
    const unit = filter?.unit;
    return this.#mergeEmployees(await this.base.listEmployees(filter), (e) => unit === undefined || e.unit === unit);
  }

  async employeesAfter(afterNip: string, limit: number): Promise<Employee[]> {
    const staged = [...this.#employees.values()].filter((e) => e.nip > afterNip);
    const merged = this.#mergeEmployees(await this.base.employeesAfter(afterNip, limit + staged.length), (e) => e.nip > afterNip);
    return merged.sort((a, b) => (a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : 0)).slice(0, Math.max(0, limit));
  }

  async knownNips(nips: string[]): Promise<string[]> {
    return (await this.employeesOfMany(nips)).map((e) => e.nip);
  }

  async employeesOfMany(nips: string[]): Promise<Employee[]> {
    const wanted = new Set(nips);
    return this.#mergeEmployees(await this.base.employeesOfMany(nips), (e) => wanted.has(e.nip));
  }

  async subordinatesOf(atasanNip: string): Promise<Employee[]> {
    return this.#mergeEmployees(await this.base.subordinatesOf(atasanNip), (e) => e.atasanNip === atasanNip);
  }

  async admins(): Promise<Employee[]> {
    return this.#mergeEmployees(await this.base.admins(), (e) => e.role === 'admin');
  }

  async setEmployeeLang(nip: string, lang: Employee['lang']): Promise<void> {
    const prev = await this.getEmployee(nip);
    if (!prev) throw new StoreError('invalid', `Unknown employee ${nip}.`);
    const next: Employee = { ...prev };
    if (lang === undefined) delete next.lang;
    else next.lang = lang;
    const v = frozenCopy(next);
    this.#employees.set(nip, v);
    this.#stage({ t: 'employee', v });
  }

  // ---------------------------------------------------------------- accounts

  async getAccount(platform: Platform, userId: string): Promise<Account | undefined> {
    return this.#accounts.get(accountKey(platform, userId)) ?? this.base.getAccount(platform, userId);
  }

  async accountsOf(nip: string): Promise<Account[]> {
    const base = await this.base.accountsOf(nip);
    if (this.#accounts.size === 0) return base;
    const out = base.filter((a) => !this.#accounts.has(accountKey(a.platform, a.userId)));
    for (const a of this.#accounts.values()) if (a.nip === nip) out.push(a);
    return out.sort((a, b) => (a.linkedAt < b.linkedAt ? -1 : a.linkedAt > b.linkedAt ? 1 : 0));
  }

  async accountsOfMany(nips: string[]): Promise<Account[]> {
    const out: Account[] = [];
    for (const nip of new Set(nips)) out.push(...(await this.accountsOf(nip)));
    return out;
  }

  async employeeByEmail(email: string): Promise<Employee | undefined> {
    const wanted = email.trim().toLowerCase();
    for (const e of this.#employees.values()) if (e.email?.toLowerCase() === wanted) return e;
    return this.base.employeeByEmail(email);
  }

  async linkAccount(account: Account): Promise<void> {
    requireString(account?.platform, 'Account platform');
    requireString(account.userId, 'Account userId');
    requireString(account.nip, 'Account nip');
    const v = frozenCopy(account);
    this.#accounts.set(accountKey(v.platform, v.userId), v);
    this.#stage({ t: 'account', v });
  }

  touchAccount(platform: Platform, userId: string, at: string): Promise<void> {
    return this.base.touchAccount(platform, userId, at);
  }

  async setUnreachable(platform: Platform, userId: string, at: string | null): Promise<void> {
    const current = await this.getAccount(platform, userId);
    if (!current || (current.unreachableAt ?? null) === at) return;
    const { unreachableAt: _dropped, ...rest } = current;
    await this.linkAccount(at === null ? rest : { ...rest, unreachableAt: at });
  }

  // ---------------------------------------------------------------- invites

  async #invite(code: string): Promise<Invite | undefined> {
    if (this.#invites.has(code)) return this.#invites.get(code);
    const current = await this.base.getInvite(code);
    if (!this.conditions.has(inviteCond(code))) this.conditions.set(inviteCond(code), current);
    return current;
  }

  async createInvite(invite: Invite): Promise<void> {
    requireString(invite?.code, 'Invite code');
    if (await this.#invite(invite.code)) throw new StoreError('duplicate', `Invite ${invite.code} already exists.`);
    const v = frozenCopy(invite);
    this.#invites.set(v.code, v);
    this.#stage({ t: 'invite', v });
  }

  async getInvite(code: string): Promise<Invite | undefined> {
    return this.#invites.get(code) ?? this.base.getInvite(code);
  }

  async useInvite(code: string, usedBy: string, at: string): Promise<boolean> {
    const prev = await this.#invite(code);
    if (!prev || prev.usedAt !== undefined) return false;
    const v = frozenCopy({ ...prev, usedAt: at, usedBy });
    this.#invites.set(code, v);
    this.#stage({ t: 'invite', v });
    return true;
  }

  // ---------------------------------------------------------------- dashboard links and sessions

  async #dashboardToken(id: string): Promise<DashboardToken | undefined> {
    if (this.#dashboardTokens.has(id)) return this.#dashboardTokens.get(id);
    const current = await this.base.getDashboardToken(id);
    if (!this.conditions.has(dashboardTokenCond(id))) this.conditions.set(dashboardTokenCond(id), current);
    return current;
  }

  async createDashboardToken(token: DashboardToken): Promise<void> {
    requireString(token?.id, 'Dashboard token id');
    if (await this.#dashboardToken(token.id)) throw new StoreError('duplicate', `Dashboard token ${token.id} already exists.`);
    const v = frozenCopy(token);
    // Links and sessions over a day past their end are of no use to anyone: they go as new ones come (as in PostgreSQL).
    const created = Date.parse(v.createdAt);
    if (Number.isFinite(created)) this.#stage({ t: 'dashboardTokensGone', before: new Date(created - 24 * 60 * 60_000).toISOString() });
    this.#dashboardTokens.set(v.id, v);
    this.#stage({ t: 'dashboardToken', v });
  }

  async getDashboardToken(id: string): Promise<DashboardToken | undefined> {
    return this.#dashboardTokens.get(id) ?? this.base.getDashboardToken(id);
  }

  async useDashboardToken(id: string, at: string): Promise<boolean> {
    const prev = await this.#dashboardToken(id);
    if (!prev || prev.usedAt !== undefined) return false;
    const v = frozenCopy({ ...prev, usedAt: at });
    this.#dashboardTokens.set(id, v);
    this.#stage({ t: 'dashboardToken', v });
    return true;
  }

  // ---------------------------------------------------------------- yearly plans

  async getPlan(nip: string, year: number): Promise<Plan | undefined> {
    return this.#plans.get(planKey(nip, year)) ?? this.base.getPlan(nip, year);
  }

  async plansInYear(year: number): Promise<Plan[]> {
    const base = await this.base.plansInYear(year);
    if (this.#plans.size === 0) return base;
    const out = base.filter((p) => !this.#plans.has(planKey(p.nip, p.year)));
    for (const p of this.#plans.values()) if (p.year === year) out.push(p);
    return out;
  }

  /** Compare-and-set: the plan this work read is checked again at commit (a change meanwhile runs the work again). */
  async updatePlan(nip: string, year: number, change: (current: Plan | undefined) => Plan | undefined): Promise<Plan | undefined> {
    const key = planKey(nip, year);
    let current: Plan | undefined;
    if (this.#plans.has(key)) current = this.#plans.get(key);
    else {
      current = await this.base.getPlan(nip, year);
      if (!this.conditions.has(planCond(nip, year))) this.conditions.set(planCond(nip, year), current);
    }
    const proposed = change(current === undefined ? undefined : structuredClone(current));
    if (proposed === undefined) return current;
    if (proposed.nip !== nip || proposed.year !== year) {
      throw new StoreError('invalid', `updatePlan may not change the nip or year of plan ${key}.`);
    }
    const v = frozenCopy(proposed);
    this.#plans.set(key, v);
    this.#stage({ t: 'plan', v });
    return v;
  }

  // ---------------------------------------------------------------- activities

  async #activity(id: string): Promise<Activity | undefined> {
    if (this.#activities.has(id)) return this.#activities.get(id);
    const current = await this.base.getActivity(id);
    if (!this.conditions.has(activityCond(id))) this.conditions.set(activityCond(id), current);
    return current;
  }

  #mergeActivities(base: Activity[], keep: (a: Activity) => boolean): Activity[] {
    if (this.#activities.size === 0) return base;
    const out = base.filter((a) => !this.#activities.has(a.id));
    for (const a of this.#activities.values()) if (keep(a)) out.push(a);
    return out;
  }

  async addActivity(activity: Activity): Promise<void> {
    checkActivity(activity);
    if (await this.#activity(activity.id)) throw new StoreError('duplicate', `Activity ${activity.id} already exists.`);
    const v = frozenCopy(activity);
    this.#activities.set(v.id, v);
    this.#stage({ t: 'activity', v });
  }

  async getActivity(id: string): Promise<Activity | undefined> {
    return this.#activities.get(id) ?? this.base.getActivity(id);
  }

  async activitiesOf(nip: string, year?: number): Promise<Activity[]> {
    const base = await this.base.activitiesOf(nip, year);
    if (this.#activities.size === 0) return base;
    return this.#mergeActivities(base, (a) => a.nip === nip && (year === undefined || a.year === year)).sort(byCreated);
  }

  async activitiesByStatus(status: ActivityStatus): Promise<Activity[]> {
    return this.#mergeActivities(await this.base.activitiesByStatus(status), (a) => a.status === status);
  }

  async activitiesOfMany(nips: string[], which: { year?: number; pending?: boolean }): Promise<Activity[]> {
    const wanted = new Set(nips);
    return this.#mergeActivities(await this.base.activitiesOfMany(nips, which), (a) => wanted.has(a.nip) && activityIsOneOf(a, which));
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
    const out: Activity[] = [];
    for (const a of await this.activitiesByStatus('pending')) {
      const owner = await this.getEmployee(a.nip);
      if (owner && !(owner.atasanNip && (await this.getEmployee(owner.atasanNip)))) out.push(a);
    }
    return out;
  }

  uploadsDue(nips: string[], approvedBy: string, markKind: string): Promise<UploadDue[]> {
    return uploadsDueIn(this, nips, approvedBy, markKind);
  }


  activitiesWithCertificate(year: number, find: { hash?: string; numberKey?: string }): Promise<Activity[]> {
    return activitiesWithCertificateIn(this, year, find);
  }


  async activitiesInYear(year: number): Promise<Activity[]> {
    return this.#mergeActivities(await this.base.activitiesInYear(year), (a) => a.year === year);
  }

  async updateActivity(
    id: string,
    expected: ActivityStatus[],
    change: (current: Activity) => Activity,
  ): Promise<Activity | { conflict: Activity } | undefined> {
    const current = await this.#activity(id);
    if (!current) return undefined;
    if (!expected.includes(current.status)) return { conflict: current };
    const next = frozenCopy(change(structuredClone(current)));
    checkActivity(next);
    if (next.id !== current.id || next.nip !== current.nip) {
      throw new StoreError('invalid', `updateActivity may not change the id or nip of activity ${id}.`);
    }
    this.#activities.set(id, next);
    this.#stage({ t: 'activity', v: next });
    return next;
  }

  // ---------------------------------------------------------------- conversation states

  /**
   * A state read here and written in the same transaction is compare-and-set: a concurrent commit that
   * changed it meanwhile (a counter shared by many users, another process) makes the work run again.
   */
  async getState(key: string): Promise<ConversationState | undefined> {
    if (this.#states.has(key)) {
      const s = this.#states.get(key);
      return s ? structuredClone(s) : undefined;
    }
    if (!this.conditions.has(stateCond(key))) this.conditions.set(stateCond(key), this.stateVersion(key));
    return this.base.getState(key);
  }

  async setState(state: ConversationState): Promise<void> {
    requireString(state?.key, 'State key');
    const v = frozenCopy(state);
    this.#states.set(v.key, v);
    this.#stage({ t: 'state', key: v.key, v });
  }

  async deleteState(key: string): Promise<void> {
    if (this.#states.has(key) ? this.#states.get(key) === null : !(await this.base.getState(key))) return;
    this.#states.set(key, null);
    this.#stage({ t: 'state', key, v: null });
  }

  holdLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.base.holdLease(name, owner, ttlMs);
  }

  releaseLease(name: string, owner: string): Promise<void> {
    return this.base.releaseLease(name, owner);
  }

  // ---------------------------------------------------------------- certificate files

  putEvidence(file: { hash: string; mime: string; ext: string; bytes: Uint8Array }): Promise<string> {
    return this.base.putEvidence(file);
  }

  readEvidence(evidence: { hash: string; path: string }): Promise<Uint8Array | undefined> {
    return this.base.readEvidence(evidence);
  }

  // ---------------------------------------------------------------- reminder marks

  async getReminderMark(kind: string, period: string, nip: string): Promise<ReminderMark | undefined> {
    return this.#marks.get(markKey(kind, period, nip)) ?? this.base.getReminderMark(kind, period, nip);
  }

  async reminderMarksFor(kind: string, periods: string[], nips: string[]): Promise<ReminderMark[]> {
    const base = await this.base.reminderMarksFor(kind, periods, nips);
    const inPeriod = new Set(periods);
    const ofNip = new Set(nips);
    const mine = [...this.#marks.values()].filter((m) => m.kind === kind && inPeriod.has(m.period) && ofNip.has(m.nip));
    if (mine.length === 0) return base;
    const keys = new Set(mine.map((m) => markKey(m.kind, m.period, m.nip)));
    return [...base.filter((m) => !keys.has(markKey(m.kind, m.period, m.nip))), ...mine];
  }

  async addReminderMark(mark: ReminderMark): Promise<void> {
    requireString(mark?.kind, 'Reminder mark kind');
    requireString(mark.period, 'Reminder mark period');
    requireString(mark.nip, 'Reminder mark nip');
    const v = frozenCopy(mark);
    this.#marks.set(markKey(v.kind, v.period, v.nip), v);
    this.#stage({ t: 'mark', v });
  }

  // ---------------------------------------------------------------- outbound and inbound

  async enqueueOutbound(messages: OutboundMessage[]): Promise<string[]> {
    const ids: string[] = [];
    for (const message of messages) {
      // seq is given at commit, in commit order.
      const v = frozenCopy<OutboundRecord>({ id: randomUUID(), seq: 0, message, createdAt: this.now(), status: 'pending' });
      this.#outbound.push(v);
      this.#stage({ t: 'out', v });
      ids.push(v.id);
    }
    return ids;
  }

  async pendingOutbound(opts?: { platforms?: Platform[]; limit?: number }): Promise<OutboundRecord[]> {
    return this.base.pendingOutbound(opts);
  }

  failedOutbound(limit?: number): Promise<OutboundRecord[]> {
    return this.base.failedOutbound(limit);
  }

  async settleOutbound(results: OutboundSettlement[]): Promise<void> {
    for (const r of results) {
      this.#stage('failed' in r ? { t: 'outDone', id: r.id, failed: r.failed, at: r.at } : { t: 'outDone', id: r.id });
    }
  }

  onOutbound(listener: () => void): () => void {
    return this.base.onOutbound(listener);
  }

  async inboundSeen(key: string): Promise<boolean> {
    return this.#inbound.has(key) || this.base.inboundSeen(key);
  }

  /** Stamped with the store's clock, which also decides when the key is forgotten (`at` is the caller's view). */
  async recordInbound(key: string, _at: string): Promise<void> {
    requireString(key, 'Inbound key');
    this.#inbound.add(key);
    this.#stage({ t: 'inbound', key, at: this.now() });
  }
}
