import { certificateNumberKey } from '../../src/domain/certificate-key.js';
/**
 * Conformance suite every Store implementation must pass. Call it from a *.test.ts file:
 *
 *   runStoreConformance('lowdb', async () => ({ store, cleanup }));
 *
 * `makeStore` returns an OPEN, empty store. To test persistence the suite closes it and opens it
 * again with `store.open()`, so an implementation must be reopenable after close().
 * Ordering is not asserted unless the interface defines it; lists are sorted before comparing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  Account,
  Activity,
  ActivityStatus,
  ConversationState,
  DashboardToken,
  Employee,
  Invite,
  ReminderMark,
} from '../../src/domain/types.js';
import { SCHEMA_VERSION } from '../../src/domain/types.js';
import type { Store } from '../../src/domain/store.js';

export type MakeStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

const T0 = '2026-03-01T08:00:00.000Z';

export function nipOf(i: number): string {
  return `19800101200501${String(1000 + i).padStart(4, '0')}`;
}

export function makeEmployee(nip: string, over: Partial<Employee> = {}): Employee {
  return {
    nip,
    name: `Pegawai ${nip.slice(-4)}`,
    position: 'Analis Kebijakan',
    unit: 'Biro Umum',
    atasanNip: null,
    role: 'user',
    updatedAt: T0,
    ...over,
  };
}

export function makeActivity(id: string, nip: string, over: Partial<Activity> = {}): Activity {
  const year = over.year ?? 2026;
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    nip,
    input: { type: 'seminar', scope: 'nasional', start: `${year}-02-10`, end: `${year}-02-11`, days: 2 },
    title: `Seminar ${id}`,
    organizer: 'LAN RI',
    profile: 'lan-2018',
    jp: 6,
    explanation: 'Seminar nasional: 2 hari × 3 JP',
    year,
    status: 'pending',
    history: [{ status: 'pending', by: nip, at: T0 }],
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

function makeState(key: string, over: Partial<ConversationState> = {}): ConversationState {
  return { key, dialog: 'report', step: 'title', data: { jalur: 'klasikal' }, trail: ['jalur'], updatedAt: T0, ...over };
}

function makeAccount(platform: Account['platform'], userId: string, nip: string, over: Partial<Account> = {}): Account {
  return { platform, userId, nip, linkedAt: T0, lastSeenAt: T0, ...over };
}

function makeInvite(code: string, nip: string): Invite {
  return { code, nip, createdAt: T0, expiresAt: '2026-03-08T08:00:00.000Z' };
}

const nips = (list: { nip: string }[]) => list.map((e) => e.nip).sort();
const ids = (list: Activity[]) => list.map((a) => a.id).sort();

/** Tries to mutate a returned record; a frozen record may throw, a copy may not: both are fine. */
function tryMutate(fn: () => void): void {
  try {
    fn();
  } catch {
    // frozen
  }
}

export function runStoreConformance(name: string, makeStore: MakeStore): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });

    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    async function reopen(): Promise<void> {
      await store.close();
      await store.open();
    }

    describe('lifecycle', () => {
      it('open is idempotent and close can be called twice', async () => {
        await store.open();
        await store.open();
        await store.upsertEmployees([makeEmployee(nipOf(1))]);
        await store.close();
        await store.close();
        await store.open();
        expect(await store.getEmployee(nipOf(1))).toBeDefined();
      });
    });

    describe('employees', () => {
      it('creates and updates by NIP and counts both', async () => {
        const a = makeEmployee(nipOf(1));
        const b = makeEmployee(nipOf(2));
        expect(await store.upsertEmployees([a, b])).toEqual({ created: 2, updated: 0 });
        expect(await store.upsertEmployees([{ ...a, name: 'Baru' }, makeEmployee(nipOf(3))])).toEqual({
          created: 1,
          updated: 1,
        });
        expect((await store.getEmployee(nipOf(1)))?.name).toBe('Baru');
        expect(await store.getEmployee(nipOf(99))).toBeUndefined();
        expect(nips(await store.listEmployees())).toEqual([nipOf(1), nipOf(2), nipOf(3)]);
        expect(await store.upsertEmployees([])).toEqual({ created: 0, updated: 0 });
      });

      it('answers subordinates, admins and units, following updates', async () => {
        const boss = nipOf(1);
        await store.upsertEmployees([
          makeEmployee(boss, { role: 'admin', unit: 'Sekretariat' }),
          makeEmployee(nipOf(2), { atasanNip: boss }),
          makeEmployee(nipOf(3), { atasanNip: boss, unit: 'Sekretariat' }),
          makeEmployee(nipOf(4), { atasanNip: nipOf(2), role: 'admin' }),
        ]);
        expect(nips(await store.subordinatesOf(boss))).toEqual([nipOf(2), nipOf(3)]);
        expect(nips(await store.subordinatesOf(nipOf(2)))).toEqual([nipOf(4)]);
        expect(await store.subordinatesOf(nipOf(3))).toEqual([]);
        expect(nips(await store.admins())).toEqual([boss, nipOf(4)]);
        expect(nips(await store.listEmployees({ unit: 'Sekretariat' }))).toEqual([boss, nipOf(3)]);
        expect(nips(await store.listEmployees({ unit: 'Biro Umum' }))).toEqual([nipOf(2), nipOf(4)]);
        expect(await store.listEmployees({ unit: 'Tidak Ada' })).toEqual([]);

        // Moves: new atasan, new unit, no longer admin.
        await store.upsertEmployees([
          makeEmployee(nipOf(3), { atasanNip: nipOf(2), unit: 'Biro Umum' }),
          makeEmployee(nipOf(4), { atasanNip: nipOf(2), role: 'user' }),
        ]);
        expect(nips(await store.subordinatesOf(boss))).toEqual([nipOf(2)]);
        expect(nips(await store.subordinatesOf(nipOf(2)))).toEqual([nipOf(3), nipOf(4)]);
        expect(nips(await store.admins())).toEqual([boss]);
        expect(nips(await store.listEmployees({ unit: 'Sekretariat' }))).toEqual([boss]);
      });

      it('sets the language preference', async () => {
        await store.upsertEmployees([makeEmployee(nipOf(1))]);
        await store.setEmployeeLang(nipOf(1), 'en');
        expect((await store.getEmployee(nipOf(1)))?.lang).toBe('en');
        await store.setEmployeeLang(nipOf(1), 'id');
        expect((await store.getEmployee(nipOf(1)))?.lang).toBe('id');
      });

      it('a re-upsert without lang keeps the stored language preference', async () => {
        await store.upsertEmployees([makeEmployee(nipOf(1))]);
        await store.setEmployeeLang(nipOf(1), 'en');
        await store.upsertEmployees([makeEmployee(nipOf(1), { position: 'Kepala Subbagian' })]);
        expect(await store.getEmployee(nipOf(1))).toMatchObject({ lang: 'en', position: 'Kepala Subbagian' });
        await store.upsertEmployees([makeEmployee(nipOf(1), { lang: 'id' })]);
        expect((await store.getEmployee(nipOf(1)))?.lang).toBe('id');
      });

      it('a re-upsert of employees never deletes activities', async () => {
        await store.upsertEmployees([makeEmployee(nipOf(1)), makeEmployee(nipOf(2))]);
        await store.addActivity(makeActivity('a1', nipOf(1)));
        await store.addActivity(makeActivity('a2', nipOf(2)));
        await store.upsertEmployees([makeEmployee(nipOf(1), { name: 'Ganti Nama' })]);
        await store.upsertEmployees([]);
        expect(ids(await store.activitiesOf(nipOf(1)))).toEqual(['a1']);
        expect(ids(await store.activitiesOf(nipOf(2)))).toEqual(['a2']);
        await reopen();
        expect(ids(await store.activitiesOf(nipOf(1)))).toEqual(['a1']);
        expect(await store.getActivity('a2')).toBeDefined();
      });
    });

    describe('accounts', () => {
      it('links, looks up, relinks and touches', async () => {
        await store.linkAccount(makeAccount('telegram', '111', nipOf(1)));
        await store.linkAccount(makeAccount('slack', 'U1', nipOf(1), { linkedAt: '2026-03-02T00:00:00.000Z' }));
        expect((await store.getAccount('telegram', '111'))?.nip).toBe(nipOf(1));
        expect(await store.getAccount('slack', '111')).toBeUndefined();
        expect(await store.getAccount('telegram', '222')).toBeUndefined();
        expect((await store.accountsOf(nipOf(1))).map((a) => a.platform).sort()).toEqual(['slack', 'telegram']);

        // Re-link the telegram account to someone else.
        await store.linkAccount(makeAccount('telegram', '111', nipOf(2)));
        expect((await store.getAccount('telegram', '111'))?.nip).toBe(nipOf(2));
        expect((await store.accountsOf(nipOf(1))).map((a) => a.platform)).toEqual(['slack']);
        expect((await store.accountsOf(nipOf(2))).map((a) => a.userId)).toEqual(['111']);
        expect(await store.accountsOf(nipOf(3))).toEqual([]);

        await store.touchAccount('telegram', '111', '2026-03-05T10:00:00.000Z');
        expect((await store.getAccount('telegram', '111'))?.lastSeenAt).toBe('2026-03-05T10:00:00.000Z');
        // Touching an unknown account is harmless.
        await store.touchAccount('telegram', '999', '2026-03-05T10:00:00.000Z');
        expect(await store.getAccount('telegram', '999')).toBeUndefined();

        await reopen(); // the lazy touch is flushed by close
        expect((await store.getAccount('telegram', '111'))?.lastSeenAt).toBe('2026-03-05T10:00:00.000Z');
        expect((await store.accountsOf(nipOf(2))).length).toBe(1);
      });

      it('keeps user ids containing separators apart', async () => {
        await store.linkAccount(makeAccount('console', 'a:b', nipOf(1)));
        await store.linkAccount(makeAccount('console', 'a', nipOf(2)));
        expect((await store.getAccount('console', 'a:b'))?.nip).toBe(nipOf(1));
        expect((await store.getAccount('console', 'a'))?.nip).toBe(nipOf(2));
      });
    });

    describe('invites', () => {
      it('creates and uses an invite once', async () => {
        await store.createInvite(makeInvite('ABC123', nipOf(1)));
        expect((await store.getInvite('ABC123'))?.usedAt).toBeUndefined();
        expect(await store.useInvite('ABC123', 'telegram:1', '2026-03-02T00:00:00.000Z')).toBe(true);
        expect(await store.useInvite('ABC123', 'telegram:2', '2026-03-02T00:00:01.000Z')).toBe(false);
        const used = await store.getInvite('ABC123');
        expect(used).toMatchObject({ usedBy: 'telegram:1', usedAt: '2026-03-02T00:00:00.000Z', nip: nipOf(1) });
        expect(await store.useInvite('NOPE', 'telegram:1', T0)).toBe(false);
        expect(await store.getInvite('NOPE')).toBeUndefined();
      });

      it('two concurrent uses: exactly one wins', async () => {
        await store.createInvite(makeInvite('RACE', nipOf(1)));
        const results = await Promise.all([
          store.useInvite('RACE', 'telegram:1', T0),
          store.useInvite('RACE', 'slack:U1', T0),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results[0] ? 'telegram:1' : 'slack:U1';
        expect((await store.getInvite('RACE'))?.usedBy).toBe(winner);
        await reopen();
        expect((await store.getInvite('RACE'))?.usedBy).toBe(winner);
      });
    });

    describe('dashboard links and sessions (issue 15)', () => {
      const link = (id: string, over: Partial<DashboardToken> = {}): DashboardToken => ({
        id: id.repeat(64).slice(0, 64),
        kind: 'link',
        nip: nipOf(1),
        createdAt: T0,
        expiresAt: '2026-03-01T08:15:00.000Z',
        ...over,
      });

      it('keeps a link, uses it once, and the use survives a reopen', async () => {
        await store.createDashboardToken(link('a'));
        await store.createDashboardToken(link('b', { kind: 'session', expiresAt: '2026-03-01T16:00:00.000Z' }));
        expect(await store.getDashboardToken(link('a').id)).toEqual(link('a'));
        expect(await store.useDashboardToken(link('a').id, '2026-03-01T08:01:00.000Z')).toBe(true);
        expect(await store.useDashboardToken(link('a').id, '2026-03-01T08:02:00.000Z')).toBe(false);
        expect(await store.useDashboardToken(link('c').id, T0)).toBe(false);
        expect(await store.getDashboardToken(link('c').id)).toBeUndefined();
        await expect(store.createDashboardToken(link('a'))).rejects.toThrow(/already exists/);
        await reopen();
        expect(await store.getDashboardToken(link('a').id)).toEqual(link('a', { usedAt: '2026-03-01T08:01:00.000Z' }));
        expect(await store.getDashboardToken(link('b').id)).toEqual(link('b', { kind: 'session', expiresAt: '2026-03-01T16:00:00.000Z' }));
        expect(await store.useDashboardToken(link('a').id, T0)).toBe(false);
      });

      it('two concurrent uses of one link: exactly one wins, also inside transactions', async () => {
        await store.createDashboardToken(link('d'));
        const plain = await Promise.all([store.useDashboardToken(link('d').id, T0), store.useDashboardToken(link('d').id, T0)]);
        expect(plain.filter(Boolean)).toHaveLength(1);
        await store.createDashboardToken(link('e'));
        const inTx = await Promise.all(
          [1, 2, 3].map((n) =>
            store.transaction(async (tx) => {
              if (!(await tx.useDashboardToken(link('e').id, T0))) return false;
              await tx.createDashboardToken(link(String(n), { kind: 'session' }));
              return true;
            }),
          ),
        );
        expect(inTx.filter(Boolean)).toHaveLength(1);
        const sessions = await Promise.all([1, 2, 3].map((n) => store.getDashboardToken(link(String(n)).id)));
        expect(sessions.filter(Boolean)).toHaveLength(1);
      });

      it('a new token removes those more than a day past their end, also after a reopen', async () => {
        await store.createDashboardToken(link('7')); // ends 08:15 on 1 March
        await store.createDashboardToken(link('8', { kind: 'session', expiresAt: '2026-03-02T08:00:00.000Z' }));
        await store.createDashboardToken(link('9', { createdAt: '2026-03-02T09:00:00.000Z', expiresAt: '2026-03-02T09:15:00.000Z' }));
        const ids = async () => Promise.all(['7', '8', '9'].map(async (c) => (await store.getDashboardToken(link(c).id)) !== undefined));
        expect(await ids()).toEqual([false, true, true]);
        await reopen();
        expect(await ids()).toEqual([false, true, true]);
      });

      it('refuses a malformed token record and stores nothing', async () => {
        await expect(store.createDashboardToken({ ...link('f'), id: 'not-a-hash' })).rejects.toThrow();
        await expect(store.createDashboardToken({ ...link('f'), nip: '123' })).rejects.toThrow();
        expect(await store.getDashboardToken(link('f').id)).toBeUndefined();
      });
    });

    describe('activities', () => {
      it('adds and answers by id, by NIP and year, by status and by year', async () => {
        await store.addActivity(makeActivity('a1', nipOf(1)));
        await store.addActivity(makeActivity('a2', nipOf(1), { year: 2025, status: 'approved' }));
        await store.addActivity(makeActivity('a3', nipOf(2)));
        await store.addActivity(makeActivity('a4', nipOf(2), { status: 'rejected' }));

        expect(await store.getActivity('a1')).toEqual(makeActivity('a1', nipOf(1)));
        expect(await store.getActivity('zz')).toBeUndefined();
        expect(ids(await store.activitiesOf(nipOf(1)))).toEqual(['a1', 'a2']);
        expect(ids(await store.activitiesOf(nipOf(1), 2026))).toEqual(['a1']);
        expect(ids(await store.activitiesOf(nipOf(1), 2025))).toEqual(['a2']);
        expect(await store.activitiesOf(nipOf(1), 2024)).toEqual([]);
        expect(await store.activitiesOf(nipOf(9))).toEqual([]);
        expect(ids(await store.activitiesByStatus('pending'))).toEqual(['a1', 'a3']);
        expect(ids(await store.activitiesByStatus('approved'))).toEqual(['a2']);
        expect(await store.activitiesByStatus('cancelled')).toEqual([]);
        expect(ids(await store.activitiesInYear(2026))).toEqual(['a1', 'a3', 'a4']);
        expect(ids(await store.activitiesInYear(2025))).toEqual(['a2']);
        expect(await store.activitiesInYear(2030)).toEqual([]);
      });

      it('refuses a duplicate id', async () => {
        await store.addActivity(makeActivity('dup', nipOf(1)));
        await expect(store.addActivity(makeActivity('dup', nipOf(2)))).rejects.toThrow();
        expect((await store.getActivity('dup'))?.nip).toBe(nipOf(1));
        expect(await store.activitiesOf(nipOf(2))).toEqual([]);
      });

      it('updateActivity is compare-and-set and keeps the indexes right', async () => {
        await store.addActivity(makeActivity('a1', nipOf(1)));
        const approve = (a: Activity): Activity => ({
          ...a,
          status: 'approved',
          history: [...a.history, { status: 'approved', by: nipOf(2), at: '2026-03-03T00:00:00.000Z' }],
          updatedAt: '2026-03-03T00:00:00.000Z',
        });
        const done = await store.updateActivity('a1', ['pending'], approve);
        expect(done && !('conflict' in done) && done.status).toBe('approved');
        expect(done && !('conflict' in done) && done.history).toHaveLength(2);
        expect((await store.getActivity('a1'))?.status).toBe('approved');
        expect(await store.activitiesByStatus('pending')).toEqual([]);
        expect(ids(await store.activitiesByStatus('approved'))).toEqual(['a1']);

        const again = await store.updateActivity('a1', ['pending', 'returned'], approve);
        expect(again).toEqual({ conflict: expect.objectContaining({ id: 'a1', status: 'approved' }) });
        expect(await store.updateActivity('nope', ['pending'], approve)).toBeUndefined();

        // A change of year moves the activity between years.
        await store.updateActivity('a1', ['approved'], (a) => ({ ...a, year: 2027, status: 'returned' }));
        expect(await store.activitiesInYear(2026)).toEqual([]);
        expect(ids(await store.activitiesInYear(2027))).toEqual(['a1']);
        expect(ids(await store.activitiesOf(nipOf(1), 2027))).toEqual(['a1']);
        expect(ids(await store.activitiesByStatus('returned'))).toEqual(['a1']);

        await reopen();
        expect((await store.getActivity('a1'))?.status).toBe('returned');
        expect(ids(await store.activitiesByStatus('returned'))).toEqual(['a1']);
      });

      it('change may mutate the value it receives without affecting the store on failure', async () => {
        await store.addActivity(makeActivity('a1', nipOf(1)));
        await expect(
          store.updateActivity('a1', ['pending'], (a) => {
            a.title = 'mutated';
            throw new Error('change failed');
          }),
        ).rejects.toThrow('change failed');
        expect((await store.getActivity('a1'))?.title).toBe('Seminar a1');
        expect(ids(await store.activitiesByStatus('pending'))).toEqual(['a1']);
      });

      it('two concurrent updateActivity calls: one success, one conflict', async () => {
        await store.addActivity(makeActivity('a1', nipOf(1)));
        const decide = (status: ActivityStatus, by: string) =>
          store.updateActivity('a1', ['pending'], (a) => ({
            ...a,
            status,
            history: [...a.history, { status, by, at: '2026-03-03T00:00:00.000Z' }],
          }));
        const results = await Promise.all([decide('approved', nipOf(2)), decide('rejected', nipOf(3))]);
        const wins = results.filter((r) => r && !('conflict' in r));
        const conflicts = results.filter((r) => r && 'conflict' in r);
        expect(wins).toHaveLength(1);
        expect(conflicts).toHaveLength(1);
        const stored = await store.getActivity('a1');
        expect(stored?.history).toHaveLength(2);
        expect(stored?.status).toBe((wins[0] as Activity).status);
        expect((conflicts[0] as { conflict: Activity }).conflict.status).toBe(stored?.status);
      });

      it('many concurrent adds for many employees are all stored', async () => {
        const list = Array.from({ length: 200 }, (_, i) => makeActivity(`c${i}`, nipOf(i % 37)));
        await Promise.all(list.map((a) => store.addActivity(a)));
        expect((await store.activitiesInYear(2026)).length).toBe(200);
        await reopen();
        expect((await store.activitiesInYear(2026)).length).toBe(200);
        expect(ids(await store.activitiesOf(nipOf(5)))).toEqual(
          list.filter((a) => a.nip === nipOf(5)).map((a) => a.id).sort(),
        );
      });
    });

    describe('conversation states', () => {
      it('sets, gets, replaces and deletes', async () => {
        expect(await store.getState('telegram:1')).toBeUndefined();
        await store.setState(makeState('telegram:1'));
        expect(await store.getState('telegram:1')).toEqual(makeState('telegram:1'));
        await store.setState(makeState('telegram:1', { step: 'organizer', trail: ['jalur', 'title'] }));
        expect((await store.getState('telegram:1'))?.step).toBe('organizer');
        await store.setState(makeState('slack:U1'));
        await store.deleteState('telegram:1');
        expect(await store.getState('telegram:1')).toBeUndefined();
        await store.deleteState('telegram:1'); // deleting twice is harmless
        await store.deleteState('never:set');
        expect(await store.getState('slack:U1')).toBeDefined();
      });
    });

    describe('reminder marks', () => {
      it('adds and looks up by kind, period and NIP', async () => {
        const mark: ReminderMark = { kind: 'jp-shortfall', period: '2026-11', nip: nipOf(1), at: T0 };
        expect(await store.getReminderMark('jp-shortfall', '2026-11', nipOf(1))).toBeUndefined();
        await store.addReminderMark(mark);
        expect(await store.getReminderMark('jp-shortfall', '2026-11', nipOf(1))).toEqual(mark);
        expect(await store.getReminderMark('jp-shortfall', '2026-12', nipOf(1))).toBeUndefined();
        expect(await store.getReminderMark('atasan-digest', '2026-11', nipOf(1))).toBeUndefined();
        expect(await store.getReminderMark('jp-shortfall', '2026-11', nipOf(2))).toBeUndefined();
        await store.addReminderMark({ ...mark, at: '2026-11-02T00:00:00.000Z' });
        expect((await store.getReminderMark('jp-shortfall', '2026-11', nipOf(1)))?.at).toBe('2026-11-02T00:00:00.000Z');
        // Unusual period strings are fine too.
        await store.addReminderMark({ kind: 'atasan-digest', period: '2026/W47 ✓', nip: nipOf(1), at: T0 });
        expect(await store.getReminderMark('atasan-digest', '2026/W47 ✓', nipOf(1))).toBeDefined();
      });
    });

    describe('isolation', () => {
      it('records returned or passed in are not shared with the store', async () => {
        const emp = makeEmployee(nipOf(1));
        await store.upsertEmployees([emp]);
        emp.name = 'changed after upsert';
        const got = await store.getEmployee(nipOf(1));
        tryMutate(() => {
          got!.name = 'changed after get';
        });
        const listed = await store.listEmployees();
        tryMutate(() => {
          listed[0]!.unit = 'changed in list';
        });
        listed.pop(); // the array itself belongs to the caller
        expect(await store.getEmployee(nipOf(1))).toMatchObject({ name: 'Pegawai 1001', unit: 'Biro Umum' });
        expect(await store.listEmployees()).toHaveLength(1);

        const act = makeActivity('a1', nipOf(1));
        await store.addActivity(act);
        act.history.push({ status: 'approved', by: 'x', at: T0 });
        act.input.days = 99;
        const a = await store.getActivity('a1');
        tryMutate(() => {
          a!.status = 'approved';
        });
        tryMutate(() => {
          a!.history.push({ status: 'approved', by: 'x', at: T0 });
        });
        tryMutate(() => {
          a!.input.days = 42;
        });
        const [fromList] = await store.activitiesOf(nipOf(1));
        tryMutate(() => {
          fromList!.title = 'x';
        });
        const conflict = await store.updateActivity('a1', ['approved'], (x) => x);
        tryMutate(() => {
          if (conflict && 'conflict' in conflict) conflict.conflict.status = 'cancelled';
        });
        expect(await store.getActivity('a1')).toEqual(makeActivity('a1', nipOf(1)));
        expect(ids(await store.activitiesByStatus('pending'))).toEqual(['a1']);

        const updated = await store.updateActivity('a1', ['pending'], (x) => ({ ...x, status: 'approved' }));
        tryMutate(() => {
          if (updated && !('conflict' in updated)) updated.status = 'cancelled';
        });
        expect((await store.getActivity('a1'))?.status).toBe('approved');

        const state = makeState('k');
        await store.setState(state);
        state.data.jalur = 'changed';
        const s = await store.getState('k');
        tryMutate(() => {
          s!.data.jalur = 'changed too';
          s!.trail.push('x');
        });
        expect(await store.getState('k')).toEqual(makeState('k'));

        const account = makeAccount('telegram', '1', nipOf(1));
        await store.linkAccount(account);
        account.nip = nipOf(2);
        const acc = await store.getAccount('telegram', '1');
        tryMutate(() => {
          acc!.nip = nipOf(3);
        });
        expect((await store.getAccount('telegram', '1'))?.nip).toBe(nipOf(1));

        const invite = makeInvite('INVT', nipOf(1));
        await store.createInvite(invite);
        invite.usedAt = T0;
        const inv = await store.getInvite('INVT');
        tryMutate(() => {
          inv!.usedAt = T0;
        });
        expect(await store.useInvite('INVT', 'telegram:1', T0)).toBe(true);
      });
    });

    describe('record validation on write (issue 10: a forged decision stored status {})', () => {
      const invalidWrites: [string, (s: Store) => Promise<unknown>][] = [
        ['an activity whose status is an object', (s) => s.addActivity({ ...makeActivity('bad1', nipOf(1)), status: {} as never })],
        ['an activity whose title holds a lone surrogate', (s) => s.addActivity(makeActivity('bad2', nipOf(1), { title: 'Webinar \ud800' }))],
        ['an activity with a NaN jp', (s) => s.addActivity(makeActivity('bad3', nipOf(1), { jp: Number.NaN }))],
        ['an employee with a 5-digit NIP', (s) => s.upsertEmployees([makeEmployee('12345')])],
        ['an employee whose role is __proto__', (s) => s.upsertEmployees([makeEmployee(nipOf(3), { role: '__proto__' as never })])],
        ['a state whose data holds a lone surrogate', (s) => s.setState({ ...makeState('k2'), data: { title: '\udfff' } })],
        ['an account on an unknown platform', (s) => s.linkAccount(makeAccount('irc' as never, '1', nipOf(1)))],
        ['a reminder mark with a bad date', (s) => s.addReminderMark({ kind: 'jp-shortfall', period: '2026-11', nip: nipOf(1), at: 'kemarin' })],
        ['an outbound message without text', (s) => s.transaction((tx) => tx.enqueueOutbound([{ kind: 'send', to: { platform: 'telegram', id: '1' } } as never]))],
      ];
      it.each(invalidWrites)('refuses %s and changes nothing', async (_name, write) => {
        await store.upsertEmployees([makeEmployee(nipOf(1))]);
        await store.addActivity(makeActivity('good', nipOf(1)));
        await expect(write(store)).rejects.toMatchObject({ code: 'invalid' });
        expect((await store.activitiesOf(nipOf(1))).map((a) => a.id)).toEqual(['good']);
        expect(await store.getEmployee('12345')).toBeUndefined();
        expect(await store.getEmployee(nipOf(3))).toBeUndefined();
        expect(await store.getState('k2')).toBeUndefined();
        expect(await store.pendingOutbound()).toEqual([]);
      });

      it('refuses an updateActivity that would store an invalid status, and keeps the report decidable', async () => {
        await store.addActivity(makeActivity('a1', nipOf(1)));
        await expect(store.updateActivity('a1', ['pending'], (a) => ({ ...a, status: undefined as never }))).rejects.toMatchObject({ code: 'invalid' });
        expect((await store.getActivity('a1'))?.status).toBe('pending');
      });
    });

    describe('dialogue states read in a transaction are compare-and-set (a counter shared by many users)', () => {
      it('fifty concurrent read-increment-write transactions on one state lose no increment', async () => {
        const bump = () =>
          store.transaction(async (tx) => {
            const current = await tx.getState('shared-counter');
            const n = Number(current?.data.n ?? 0);
            await new Promise((r) => setImmediate(r)); // let the others read the same version
            await tx.setState({ ...makeState('shared-counter'), data: { n: n + 1 } });
          });
        await Promise.all(Array.from({ length: 50 }, bump));
        expect((await store.getState('shared-counter'))?.data.n).toBe(50);
      });
    });

    describe('lookups for many at once', () => {
      it('accountsOfMany returns the accounts of exactly the NIPs asked; employeeByEmail ignores case', async () => {
        await store.upsertEmployees([makeEmployee(nipOf(1), { email: 'Siti@Example.go.id' }), makeEmployee(nipOf(2)), makeEmployee(nipOf(3))]);
        await store.linkAccount(makeAccount('telegram', '1', nipOf(1)));
        await store.linkAccount(makeAccount('slack', 'U1', nipOf(1)));
        await store.linkAccount(makeAccount('telegram', '2', nipOf(2)));
        await store.linkAccount(makeAccount('telegram', '3', nipOf(3)));
        const got = await store.accountsOfMany([nipOf(1), nipOf(2), nipOf(9)]);
        expect(got.map((a) => `${a.platform}:${a.userId}`).sort()).toEqual(['slack:U1', 'telegram:1', 'telegram:2']);
        expect(await store.accountsOfMany([])).toEqual([]);
        expect((await store.employeeByEmail('siti@example.GO.ID'))?.nip).toBe(nipOf(1));
        expect(await store.employeeByEmail('nobody@example.go.id')).toBeUndefined();
      });
    });

    describe('reminder marks of one kind', () => {
      it('reminderMarksFor returns the marks of that kind in those periods for those NIPs, and only those', async () => {
        await store.addReminderMark({ kind: 'jp-shortfall', period: '2026-11', nip: nipOf(1), at: T0 });
        await store.addReminderMark({ kind: 'jp-shortfall', period: '2026-10', nip: nipOf(2), at: T0 });
        await store.addReminderMark({ kind: 'jp-shortfall', period: '2026-09', nip: nipOf(2), at: T0 });
        await store.addReminderMark({ kind: 'jp-shortfall', period: '2026-11', nip: nipOf(3), at: T0 });
        await store.addReminderMark({ kind: 'atasan-digest', period: '2026-11', nip: nipOf(1), at: T0 });
        const marks = await store.reminderMarksFor('jp-shortfall', ['2026-11', '2026-10'], [nipOf(1), nipOf(2)]);
        expect(marks.map((m) => `${m.period}/${m.nip}`).sort()).toEqual([`2026-10/${nipOf(2)}`, `2026-11/${nipOf(1)}`]);
        expect(await store.reminderMarksFor('nothing', ['2026-11'], [nipOf(1)])).toEqual([]);
        expect(await store.reminderMarksFor('jp-shortfall', ['2026-11'], [])).toEqual([]);
        const inTx = await store.transaction(async (tx) => {
          await tx.addReminderMark({ kind: 'jp-shortfall', period: '2026-11', nip: nipOf(2), at: T0 });
          return tx.reminderMarksFor('jp-shortfall', ['2026-11'], [nipOf(1), nipOf(2)]);
        });
        expect(inTx.map((m) => m.nip).sort()).toEqual([nipOf(1), nipOf(2)]);
      });
    });

    describe('pages of the roster (reminder runs over everyone)', () => {
      it('employeesAfter walks the roster in NIP order, one page at a time, each employee once', async () => {
        await store.upsertEmployees([5, 3, 1, 4, 2].map((i) => makeEmployee(nipOf(i))));
        const seen: string[] = [];
        for (let after = ''; ; ) {
          const page = await store.employeesAfter(after, 2);
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(2);
          seen.push(...page.map((e) => e.nip));
          after = page.at(-1)!.nip;
        }
        expect(seen).toEqual([1, 2, 3, 4, 5].map(nipOf));
        expect((await store.employeesOfMany([nipOf(4), nipOf(9), nipOf(1)])).map((e) => e.nip).sort()).toEqual([nipOf(1), nipOf(4)]);
        expect((await store.knownNips([nipOf(4), nipOf(9), nipOf(1), nipOf(4)])).sort()).toEqual([nipOf(1), nipOf(4)]);
        expect(await store.knownNips([])).toEqual([]);
        expect(await store.employeesOfMany([])).toEqual([]);
      });

      it('activitiesOfMany gives the year, pending reports of any year, or everything, of exactly the NIPs asked', async () => {
        await store.upsertEmployees([1, 2, 3].map((i) => makeEmployee(nipOf(i))));
        await store.addActivity(makeActivity('a1', nipOf(1)));
        await store.addActivity(makeActivity('a2', nipOf(1), { year: 2025, status: 'approved' }));
        await store.addActivity(makeActivity('a3', nipOf(2), { year: 2025 }));
        await store.addActivity(makeActivity('a4', nipOf(2), { status: 'rejected' }));
        await store.addActivity(makeActivity('a5', nipOf(3)));
        const ids = async (which: { year?: number; pending?: boolean }) =>
          (await store.activitiesOfMany([nipOf(1), nipOf(2)], which)).map((a) => a.id).sort();
        expect(await ids({ year: 2026 })).toEqual(['a1', 'a4']);
        expect(await ids({ year: 2026, pending: true })).toEqual(['a1', 'a3', 'a4']);
        expect(await ids({ pending: true })).toEqual(['a1', 'a3']);
        expect(await ids({})).toEqual(['a1', 'a2', 'a3', 'a4']);
        expect(await store.activitiesOfMany([], { year: 2026 })).toEqual([]);
      });

      it('waitingCounts: pending reports per NIP waiting since before the cutoff, from their last move to pending', async () => {
        await store.upsertEmployees([1, 2, 3].map((i) => makeEmployee(nipOf(i))));
        await store.addActivity(makeActivity('old', nipOf(1), { history: [{ status: 'pending', by: nipOf(1), at: '2026-03-01T00:00:00.000Z' }] }));
        await store.addActivity(makeActivity('old2', nipOf(1), { history: [{ status: 'pending', by: nipOf(1), at: '2026-03-02T00:00:00.000Z' }] }));
        await store.addActivity(makeActivity('fresh', nipOf(2), { history: [{ status: 'pending', by: nipOf(2), at: '2026-03-09T00:00:00.000Z' }] }));
        await store.addActivity(
          makeActivity('resubmitted', nipOf(2), {
            history: [
              { status: 'pending', by: nipOf(2), at: '2026-02-01T00:00:00.000Z' },
              { status: 'returned', by: nipOf(1), at: '2026-02-02T00:00:00.000Z' },
              { status: 'pending', by: nipOf(2), at: '2026-03-08T00:00:00.000Z' },
            ],
          }),
        );
        await store.addActivity(makeActivity('decided', nipOf(3), { status: 'approved', history: [{ status: 'approved', by: nipOf(1), at: '2026-01-01T00:00:00.000Z' }] }));
        const counts = await store.waitingCounts([nipOf(1), nipOf(2), nipOf(3)], '2026-03-05T00:00:00.000Z');
        expect(counts.sort((a, b) => a.nip.localeCompare(b.nip))).toEqual([{ nip: nipOf(1), count: 2 }]);
        expect(await store.waitingCounts([nipOf(2)], '2026-03-10T00:00:00.000Z')).toEqual([{ nip: nipOf(2), count: 2 }]);
      });

      it('activitiesWithCertificate: the year\'s activities with this file hash or this certificate number key', async () => {
        await store.upsertEmployees([1, 2].map((i) => makeEmployee(nipOf(i))));
        const evidence = (hash: string) => ({ hash, name: 'sertifikat.pdf', path: `/x/${hash}.pdf`, mime: 'application/pdf', size: 10 });
        const h1 = 'a'.repeat(64);
        await store.addActivity(makeActivity('file', nipOf(1), { evidence: evidence(h1) }));
        await store.addActivity(makeActivity('number', nipOf(2), { certificateNumber: 'B- 12 / LAN\t2026' }));
        await store.addActivity(makeActivity('other-year', nipOf(2), { year: 2025, evidence: evidence(h1), certificateNumber: 'b-12/lan2026' }));
        await store.addActivity(makeActivity('nothing', nipOf(2)));
        const ids = async (find: { hash?: string; numberKey?: string }) => (await store.activitiesWithCertificate(2026, find)).map((a) => a.id).sort();
        expect(await ids({ hash: h1 })).toEqual(['file']);
        expect(await ids({ numberKey: certificateNumberKey('b-12/LAN 2026') })).toEqual(['number']);
        expect(await ids({ hash: h1, numberKey: 'b-12/lan2026' })).toEqual(['file', 'number']);
        expect(await ids({ hash: 'b'.repeat(64) })).toEqual([]);
        expect(await ids({})).toEqual([]);
      });

      it('evaluationCandidates: approved in the chat, not rated, not imported, ended in the window', async () => {
        await store.upsertEmployees([1, 2].map((i) => makeEmployee(nipOf(i))));
        const approved = (id: string, nip: string, end: string, over: Partial<Activity> = {}) =>
          makeActivity(id, nip, {
            year: Number(end.slice(0, 4)),
            input: { type: 'seminar', scope: 'nasional', start: end, end, days: 1 },
            status: 'approved',
            history: [
              { status: 'pending', by: nip, at: T0 },
              { status: 'approved', by: nipOf(9), at: T0 },
            ],
            ...over,
          });
        await store.addActivity(approved('due', nipOf(1), '2025-12-01'));
        await store.addActivity(approved('due-upto', nipOf(2), '2026-05-22'));
        await store.addActivity(approved('at-after', nipOf(1), '2025-11-22'));
        await store.addActivity(approved('too-recent', nipOf(1), '2026-06-01'));
        await store.addActivity(approved('rated', nipOf(1), '2026-01-10', { evaluation: { gap: 'rendah', by: nipOf(9), at: T0 } }));
        await store.addActivity(approved('imported', nipOf(1), '2026-01-10', { source: { kind: 'impor', by: 'hr', at: T0, file: 'r.csv', line: 2 } }));
        await store.addActivity(approved('no-decision', nipOf(1), '2026-01-10', { history: [{ status: 'pending', by: nipOf(1), at: T0 }] }));
        await store.addActivity(approved('pending', nipOf(1), '2026-01-10', { status: 'pending' }));
        const got = await store.evaluationCandidates([nipOf(1), nipOf(2)], { after: '2025-11-22', upTo: '2026-05-22' });
        expect(got.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
          { id: 'due', nip: nipOf(1), title: 'Seminar due', end: '2025-12-01' },
          { id: 'due-upto', nip: nipOf(2), title: 'Seminar due-upto', end: '2026-05-22' },
        ]);
      });

      it('pendingWithoutAtasan: pending reports of owners whose atasan is unset or not in the roster', async () => {
        await store.upsertEmployees([
          makeEmployee(nipOf(1)),
          makeEmployee(nipOf(2), { atasanNip: nipOf(1) }),
          makeEmployee(nipOf(3), { atasanNip: nipOf(9) }),
        ]);
        await store.addActivity(makeActivity('top', nipOf(1)));
        await store.addActivity(makeActivity('has-atasan', nipOf(2)));
        await store.addActivity(makeActivity('gone-atasan', nipOf(3)));
        await store.addActivity(makeActivity('decided', nipOf(3), { status: 'approved' }));
        expect((await store.pendingWithoutAtasan()).map((a) => a.id).sort()).toEqual(['gone-atasan', 'top']);
      });

      it('activityFiguresOfMany: what yearTotals reads of the year\'s activities of exactly the NIPs asked', async () => {
        await store.upsertEmployees([1, 2, 3].map((i) => makeEmployee(nipOf(i))));
        await store.addActivity(makeActivity('a1', nipOf(1), { jp: 4.5 }));
        await store.addActivity(makeActivity('a2', nipOf(1), { year: 2025, status: 'approved' }));
        await store.addActivity(makeActivity('a3', nipOf(2), { status: 'approved', input: { type: 'kursus', scope: 'internasional', start: '2026-05-01', end: '2026-05-03', jp: 12 } }));
        await store.addActivity(makeActivity('a4', nipOf(3)));
        const figures = await store.activityFiguresOfMany([nipOf(1), nipOf(2)], 2026);
        const whole = await store.activitiesOfMany([nipOf(1), nipOf(2)], { year: 2026 });
        const pick = ({ id, nip, status, year, input, jp }: Activity) => ({ id, nip, status, year, input, jp });
        const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
        expect(figures.sort(byId)).toEqual(whole.map(pick).sort(byId));
        expect(figures.map((f) => f.id).sort()).toEqual(['a1', 'a3']);
        expect(await store.activityFiguresOfMany([], 2026)).toEqual([]);
      });

      it('uploadsDue: approved by the cutoff, not uploaded, not imported, not yet mentioned', async () => {
        await store.upsertEmployees([1, 2].map((i) => makeEmployee(nipOf(i))));
        const approvedAt = (at: string) => ({
          status: 'approved' as const,
          history: [
            { status: 'pending' as const, by: nipOf(1), at: T0 },
            { status: 'approved' as const, by: nipOf(2), at },
          ],
        });
        await store.addActivity(makeActivity('due', nipOf(1), approvedAt('2026-03-02T00:00:00.000Z')));
        await store.addActivity(makeActivity('late', nipOf(1), approvedAt('2026-03-20T00:00:00.000Z')));
        await store.addActivity(makeActivity('uploaded', nipOf(1), { ...approvedAt('2026-03-02T00:00:00.000Z'), myAsnUploadedAt: '2026-03-03T00:00:00.000Z' }));
        await store.addActivity(
          makeActivity('imported', nipOf(1), {
            ...approvedAt('2026-03-02T00:00:00.000Z'),
            source: { kind: 'impor', by: 'hr', at: T0, file: 'riwayat.csv', line: 2 },
          }),
        );
        await store.addActivity(makeActivity('pending', nipOf(1)));
        await store.addActivity(makeActivity('mentioned', nipOf(2), approvedAt('2026-03-02T00:00:00.000Z')));
        await store.addActivity(makeActivity('other', nipOf(2), approvedAt('2026-03-02T00:00:00.000Z')));
        await store.addReminderMark({ kind: 'myasn-upload', period: 'mentioned', nip: nipOf(2), at: T0 });
        const due = await store.uploadsDue([nipOf(1), nipOf(2)], '2026-03-10T00:00:00.000Z', 'myasn-upload');
        expect(due).toEqual([
          { id: 'due', nip: nipOf(1), title: 'Seminar due' },
          { id: 'other', nip: nipOf(2), title: 'Seminar other' },
        ]);
        expect(await store.uploadsDue([nipOf(1)], '2026-03-01T00:00:00.000Z', 'myasn-upload')).toEqual([]);
      });
    });

    describe('leases (one relay, one reminder run, one poller at a time)', () => {
      it('one owner at a time; the holder renews; a lapsed or released lease passes on', async () => {
        expect(await store.holdLease('relay', 'A', 60_000)).toBe(true);
        expect(await store.holdLease('relay', 'B', 60_000)).toBe(false);
        expect(await store.holdLease('relay', 'A', 60_000)).toBe(true);
        expect(await store.holdLease('other', 'B', 60_000)).toBe(true);
        await store.releaseLease('relay', 'B'); // not B's: nothing happens
        expect(await store.holdLease('relay', 'B', 60_000)).toBe(false);
        await store.releaseLease('relay', 'A');
        expect(await store.holdLease('relay', 'B', 50)).toBe(true);
        await new Promise((r) => setTimeout(r, 120));
        expect(await store.holdLease('relay', 'A', 60_000)).toBe(true);
      });
    });

    describe('unreachable accounts (issue 10 item 7)', () => {
      it('marks an account unreachable and clears the mark, durably', async () => {
        await store.linkAccount(makeAccount('telegram', '5', nipOf(1)));
        await store.setUnreachable('telegram', '5', '2026-03-04T00:00:00.000Z');
        await store.setUnreachable('telegram', 'unknown', '2026-03-04T00:00:00.000Z');
        expect((await store.getAccount('telegram', '5'))?.unreachableAt).toBe('2026-03-04T00:00:00.000Z');
        expect(await store.getAccount('telegram', 'unknown')).toBeUndefined();
        await reopen();
        expect((await store.getAccount('telegram', '5'))?.unreachableAt).toBe('2026-03-04T00:00:00.000Z');
        await store.setUnreachable('telegram', '5', null);
        await reopen();
        const account = await store.getAccount('telegram', '5');
        expect(account?.unreachableAt).toBeUndefined();
        expect(account?.nip).toBe(nipOf(1));
      });
    });

    describe('persistence', () => {
      it('every kind of record survives close and reopen', async () => {
        const boss = nipOf(1);
        await store.upsertEmployees([
          makeEmployee(boss, { role: 'admin' }),
          makeEmployee(nipOf(2), { atasanNip: boss, email: 'a@b.go.id' }),
        ]);
        await store.setEmployeeLang(nipOf(2), 'en');
        await store.linkAccount(makeAccount('telegram', '42', nipOf(2)));
        await store.touchAccount('telegram', '42', '2026-03-09T00:00:00.000Z');
        await store.createInvite(makeInvite('USED', nipOf(2)));
        await store.createInvite(makeInvite('FREE', boss));
        await store.useInvite('USED', 'telegram:42', T0);
        await store.addActivity(makeActivity('a1', nipOf(2)));
        await store.addActivity(makeActivity('a2', nipOf(2), { year: 2025 }));
        await store.updateActivity('a2', ['pending'], (a) => ({ ...a, status: 'approved' }));
        await store.setState(makeState('telegram:42', { data: { nested: { list: [1, 2] }, title: 'Diklat' } }));
        await store.setState(makeState('slack:U9'));
        await store.deleteState('slack:U9');
        await store.addReminderMark({ kind: 'jp-shortfall', period: '2026-11', nip: nipOf(2), at: T0 });

        await reopen();

        expect(await store.getEmployee(nipOf(2))).toEqual({
          ...makeEmployee(nipOf(2), { atasanNip: boss, email: 'a@b.go.id' }),
          lang: 'en',
        });
        expect(nips(await store.subordinatesOf(boss))).toEqual([nipOf(2)]);
        expect(nips(await store.admins())).toEqual([boss]);
        expect(await store.getAccount('telegram', '42')).toEqual(
          makeAccount('telegram', '42', nipOf(2), { lastSeenAt: '2026-03-09T00:00:00.000Z' }),
        );
        expect((await store.accountsOf(nipOf(2))).length).toBe(1);
        expect((await store.getInvite('USED'))?.usedBy).toBe('telegram:42');
        expect(await store.getInvite('FREE')).toEqual(makeInvite('FREE', boss));
        expect(await store.useInvite('USED', 'x', T0)).toBe(false);
        expect(await store.getActivity('a1')).toEqual(makeActivity('a1', nipOf(2)));
        expect(ids(await store.activitiesOf(nipOf(2), 2025))).toEqual(['a2']);
        expect(ids(await store.activitiesByStatus('approved'))).toEqual(['a2']);
        expect(ids(await store.activitiesInYear(2026))).toEqual(['a1']);
        expect(await store.getState('telegram:42')).toEqual(
          makeState('telegram:42', { data: { nested: { list: [1, 2] }, title: 'Diklat' } }),
        );
        expect(await store.getState('slack:U9')).toBeUndefined();
        expect(await store.getReminderMark('jp-shortfall', '2026-11', nipOf(2))).toBeDefined();
      });

      it('close waits for writes still in flight', async () => {
        const pending = [
          store.addActivity(makeActivity('w1', nipOf(1))),
          store.setState(makeState('k1')),
          store.upsertEmployees([makeEmployee(nipOf(1))]),
          store.linkAccount(makeAccount('slack', 'U1', nipOf(1))),
        ];
        await store.close();
        await Promise.all(pending);
        await store.open();
        expect(await store.getActivity('w1')).toBeDefined();
        expect(await store.getState('k1')).toBeDefined();
        expect(await store.getEmployee(nipOf(1))).toBeDefined();
        expect(await store.getAccount('slack', 'U1')).toBeDefined();
      });
    });
  });
}
