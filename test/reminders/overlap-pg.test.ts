import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/delivery/outbox.js';
import type { Store } from '../../src/domain/store.js';
import type { Employee } from '../../src/domain/types.js';
import { ATASAN_DIGEST, JP_SHORTFALL, MYASN_UPLOAD, runReminders, type RunRemindersOptions } from '../../src/reminders/run.js';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { activity } from '../helpers/activity.js';
import { freshDatabase, type FreshDatabase } from '../pg/database.js';
import { recordingSender } from './fixtures.js';

// Sunday 22 November 2026, 10:00 in Jakarta.
const NOW = new Date('2026-11-22T03:00:00Z');
const nip = (i: number) => `19800101200501${String(1000 + i).padStart(4, '0')}`;
const ATASAN = 0;
const STAFF = 12;

let db: FreshDatabase;
let store: PgStore;

beforeAll(async () => {
  db = await freshDatabase();
  store = new PgStore(db.url);
  await store.open();
  const employee = (i: number): Employee => ({
    nip: nip(i),
    name: `Pegawai ${i}`,
    position: 'Analis',
    unit: 'Biro Umum',
    atasanNip: i === ATASAN ? null : nip(ATASAN),
    role: 'user',
    updatedAt: NOW.toISOString(),
  });
  await store.upsertEmployees(Array.from({ length: STAFF + 1 }, (_, i) => employee(i)));
  for (let i = 0; i <= STAFF; i++) {
    await store.linkAccount({ platform: 'telegram', userId: String(5000 + i), nip: nip(i), linkedAt: NOW.toISOString(), lastSeenAt: NOW.toISOString() });
  }
  for (let i = 1; i <= STAFF; i++) {
    // An old pending report (the atasan's digest) and an approved one not uploaded to MyASN (a mention).
    await store.addActivity(activity(nip(i), { type: 'seminar', start: '2026-10-01', jp: 3, status: 'pending', pendingSince: '2026-11-01T00:00:00.000Z' }));
    await store.addActivity({
      ...activity(nip(i), { type: 'seminar', start: '2026-09-01', jp: 4 }),
      history: [
        { status: 'pending', by: nip(i), at: '2026-09-02T00:00:00.000Z' },
        { status: 'approved', by: nip(ATASAN), at: '2026-09-03T00:00:00.000Z' },
      ],
    });
  }
}, 60_000);

afterAll(async () => {
  await store?.close();
  await db?.drop();
});

const run = (over: Partial<RunRemindersOptions> = {}) =>
  runReminders({
    store,
    outbox: new Outbox([recordingSender('telegram')]),
    clock: { now: () => NOW },
    tz: 'Asia/Jakarta',
    profile: 'lan-2018',
    pageSize: 3,
    ...over,
  });

describe('reminder runs that overlap on one PostgreSQL database (a catch-up run, `bangkom remind` beside the schedule)', () => {
  it('commit each reminder once: the second finds the first one’s marks when it commits', async () => {
    const store2 = new PgStore(db.url);
    await store2.open();
    try {
      const [a, b, c] = await Promise.all([run(), run({ store: store2 as Store }), run({ minDaysBetween: 6 })]);
      const sent = (k: 'reminders' | 'digests' | 'uploads') => a[k].sent + b[k].sent + c[k].sent;
      expect(sent('reminders')).toBe(STAFF + 1);
      expect(sent('digests')).toBe(1);
      expect(sent('uploads')).toBe(STAFF);
      const queued = await store.pendingOutbound();
      const perPerson = new Map<string, number>();
      for (const r of queued) {
        const text = r.message.kind === 'send' ? r.message.text : '';
        const key = `${r.message.to.id} ${text.includes('MyASN') ? MYASN_UPLOAD : text.includes('persetujuan Anda') ? ATASAN_DIGEST : JP_SHORTFALL}`;
        perPerson.set(key, (perPerson.get(key) ?? 0) + 1);
      }
      expect([...perPerson.values()].every((n) => n === 1)).toBe(true);
      expect(queued).toHaveLength(STAFF + 1 + 1 + STAFF);
      const skipped = [a, b, c].flatMap((s) => s.outcomes).filter((o) => o.status === 'skipped');
      expect(skipped.length).toBeGreaterThan(0);
    } finally {
      await store2.close();
    }
  }, 60_000);
});
