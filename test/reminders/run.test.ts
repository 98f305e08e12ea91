import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/delivery/outbox.js';
import { Relay } from '../../src/delivery/relay.js';

const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
import { DeliveryError } from '../../src/delivery/types.js';
import { importRoster } from '../../src/domain/roster.js';
import {
  ATASAN_DIGEST,
  JP_SHORTFALL,
  QuietHoursError,
  runReminders,
  TKK_EXEMPT_REASON,
  type ReminderProgress,
  type RunRemindersOptions,
} from '../../src/reminders/run.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';
import { catalog } from '../../src/engine/i18n/index.js';
import { activity, recordingSender } from './fixtures.js';

let w: World;
let consoleOut: ReturnType<typeof recordingSender>;

beforeEach(async () => {
  // Sunday 22 November 2026, 10:00 in Jakarta.
  w = await makeWorld({ now: '2026-11-22T03:00:00Z' });
  await w.link('siti', NIP.siti);
  await w.link('andi', NIP.andi);
  await w.link('budi', NIP.atasan);
  // Siti: 8 JP approved + 4 JP pending (waiting 12 days); Andi: 24 JP approved; Budi: nothing.
  await w.store.addActivity(activity(NIP.siti, { type: 'seminar', start: '2026-02-02', end: '2026-02-03', jp: 8 }));
  await w.store.addActivity(
    activity(NIP.siti, { type: 'kursus', start: '2026-11-05', jp: 4, status: 'pending', pendingSince: '2026-11-10T02:00:00.000Z' }),
  );
  await w.store.addActivity(activity(NIP.andi, { type: 'pelatihan-teknis', start: '2026-04-01', jp: 24 }));
  consoleOut = recordingSender('console');
});
afterEach(async () => w.close());

function run(over: Partial<RunRemindersOptions> = {}) {
  return runReminders({
    store: w.store,
    senders: [consoleOut],
    clock: w.clock,
    tz: 'Asia/Jakarta',
    profile: 'lan-2018',
    ...over,
  });
}

const sentTo = (s: { sent: { to: { platform: string; id: string }; text: string }[] }) =>
  s.sent.map((m) => `${m.to.platform}:${m.to.id}`).sort();
const textFor = (id: string) => consoleOut.sent.find((m) => m.to.id === id)?.text ?? '';

describe('runReminders: who is reminded', () => {
  it('reminds each linked employee below 20 JP with their figures, not those at 20 JP, and counts the unlinked', async () => {
    const progress: ReminderProgress[] = [];
    const summary = await run({ onProgress: (p) => progress.push(p) });

    const reminders = consoleOut.sent.filter((m) => m.text.includes('pengingat bangkom'));
    expect(reminders.map((m) => m.to.id).sort()).toEqual(['budi', 'siti']);
    expect(textFor('siti')).toContain('Halo Siti Rahmawati, pengingat bangkom 2026: JP disetujui 8 JP, menunggu 4 JP. Kurang 12 JP lagi');
    expect(textFor('siti')).toContain('Ketik *lapor*');
    expect(reminders.find((m) => m.to.id === 'budi')!.text).toContain('JP disetujui 0 JP, menunggu 0 JP. Kurang 20 JP lagi');
    expect(consoleOut.sent.some((m) => m.to.id === 'andi')).toBe(false);

    expect(summary).toMatchObject({ year: 2026, period: '2026-11', employees: 5, belowTarget: 4, dryRun: false });
    expect(summary.reminders).toEqual({ sent: 2, planned: 0, skipped: 0, failed: 0, unreachable: 2, exempt: 0 });
    const unreachable = summary.outcomes.filter((o) => o.kind === JP_SHORTFALL && o.status === 'unreachable');
    expect(unreachable.map((o) => o.nip).sort()).toEqual([NIP.admin, NIP.orphan].sort());
    expect(unreachable[0]!.reason).toContain('belum terhubung');
    const siti = summary.outcomes.find((o) => o.nip === NIP.siti && o.kind === JP_SHORTFALL)!;
    expect(siti).toMatchObject({ status: 'sent', to: { platform: 'console', id: 'siti' }, totals: { approved: 8, pending: 4, shortfall: 12 } });

    expect(await w.store.getReminderMark(JP_SHORTFALL, '2026-11', NIP.siti)).toMatchObject({ at: '2026-11-22T03:00:00.000Z' });
    expect(await w.store.getReminderMark(JP_SHORTFALL, '2026-11', NIP.andi)).toBeUndefined();
    expect(await w.store.getReminderMark(JP_SHORTFALL, '2026-11', NIP.admin)).toBeUndefined();

    expect(progress.map((p) => p.done)).toEqual(progress.map((_, i) => i + 1));
    expect(progress).toHaveLength(summary.outcomes.length);
  });

  it('writes in the employee’s own language', async () => {
    await w.store.setEmployeeLang(NIP.siti, 'en');
    await w.store.addActivity(activity(NIP.siti, { type: 'seminar', start: '2026-06-01', jp: 1.5 }));
    await run();
    expect(textFor('siti')).toContain('Hello Siti Rahmawati, your bangkom (competency development) reminder for 2026: approved JP 9.5 JP, awaiting 4 JP. 10.5 JP more');
    expect(textFor('siti')).toContain('Type *report*');
    expect(textFor('budi')).toContain('Kurang 20 JP'); // Budi keeps Bahasa Indonesia
  });

  it('uses --year: figures of that year', async () => {
    await w.store.addActivity(activity(NIP.siti, { type: 'seminar', start: '2025-05-05', jp: 6 }));
    const summary = await run({ year: 2025 });
    expect(summary.year).toBe(2025);
    expect(textFor('siti')).toContain('pengingat bangkom 2025: JP disetujui 6 JP, menunggu 0 JP. Kurang 14 JP');
    expect(textFor('andi')).toContain('Kurang 20 JP');
  });

  it('dry run: lists the recipients, sends nothing, records nothing', async () => {
    const summary = await run({ dryRun: true });
    expect(consoleOut.sent).toEqual([]);
    expect(summary.reminders).toMatchObject({ planned: 2, sent: 0, unreachable: 2 });
    expect(summary.outcomes.filter((o) => o.status === 'planned').map((o) => o.nip)).toContain(NIP.siti);
    expect(await w.store.getReminderMark(JP_SHORTFALL, '2026-11', NIP.siti)).toBeUndefined();
  });
});

describe('runReminders: once per month', () => {
  it('a second run in the same month reminds nobody; --force does; the next month does again', async () => {
    const personal = () => consoleOut.sent.filter((m) => m.text.includes('pengingat bangkom'));
    await run();
    expect(consoleOut.sent).toHaveLength(3); // siti, budi, and budi's digest

    w.clock.set('2026-11-30T05:00:00Z');
    const again = await run();
    expect(personal()).toHaveLength(2);
    expect(again.reminders).toMatchObject({ sent: 0, skipped: 2, unreachable: 2 });
    expect(again.digests.sent).toBe(1); // 8 days after the last digest: a week has passed
    expect(again.outcomes.find((o) => o.nip === NIP.siti)!.reason).toContain('sudah diingatkan bulan ini tentang JP 2026');
    expect(again.policy).toEqual({ reminders: 'sekali per bulan untuk JP 2026', digests: 'paling sering sekali seminggu (jeda 6 hari)' });

    const forced = await run({ force: true });
    expect(forced.reminders.sent).toBe(2);
    expect(consoleOut.sent.filter((m) => m.to.id === 'siti')).toHaveLength(2);

    w.clock.set('2026-12-01T02:00:00Z');
    const december = await run();
    expect(december.period).toBe('2026-12');
    expect(december.reminders.sent).toBe(2);
  });

  it('a message the platform refuses for good is reported; its mark was committed with it, so the month does not retry it', async () => {
    let blocked = true;
    const flaky = recordingSender('console', (m) =>
      blocked && m.to.id === 'siti' ? new DeliveryError('403 Forbidden: bot was blocked', { permanent: true, status: 403 }) : undefined,
    );
    const first = await run({ senders: [flaky] });
    expect(first.reminders).toMatchObject({ sent: 1, failed: 1 });
    expect(first.outcomes.find((o) => o.nip === NIP.siti && o.kind === JP_SHORTFALL)).toMatchObject({
      status: 'failed',
      reason: '403 Forbidden: bot was blocked',
    });
    expect(await w.store.getReminderMark(JP_SHORTFALL, '2026-11', NIP.siti)).toBeDefined();
    expect((await w.store.failedOutbound()).map((r) => r.error)).toEqual(['403 Forbidden: bot was blocked']);

    blocked = false;
    const second = await run({ senders: [flaky] });
    expect(second.reminders).toMatchObject({ sent: 0, skipped: 2, failed: 0 });
    expect(flaky.sent.filter((m) => m.to.id === 'siti' && m.text.includes('pengingat'))).toHaveLength(0);
    expect(flaky.sent.filter((m) => m.to.id === 'budi' && m.text.includes('pengingat'))).toHaveLength(1);
  });

  it('the month’s mark is per JP year: `--year 2025` in January does not use up January’s reminder about 2026', async () => {
    w.clock.set('2026-01-12T02:00:00Z'); // Monday 12 January 2026, 09:00 WIB
    const last = await run({ year: 2025 });
    expect(last.reminders.sent).toBe(3); // siti, andi and budi: none has JP in 2025
    expect(await w.store.getReminderMark('jp-shortfall:2025', '2026-01', NIP.siti)).toBeDefined();
    expect(await w.store.getReminderMark(JP_SHORTFALL, '2026-01', NIP.siti)).toBeUndefined();

    const current = await run();
    expect(current.year).toBe(2026);
    expect(current.reminders.sent).toBe(2);
    expect(await w.store.getReminderMark(JP_SHORTFALL, '2026-01', NIP.siti)).toBeDefined();

    // Each still once a month per year.
    expect((await run({ year: 2025 })).reminders).toMatchObject({ sent: 0, skipped: 3 });
    expect((await run()).reminders).toMatchObject({ sent: 0, skipped: 2 });
    expect(consoleOut.sent.filter((m) => m.to.id === 'siti' && m.text.includes('pengingat bangkom'))).toHaveLength(2);
  });

  it('scheduled runs: a December reminder about the old year does not hold back January’s about the new one', async () => {
    w.clock.set('2026-12-28T01:00:00Z'); // Monday 28 December, 08:00 WIB
    expect((await run({ minDaysBetween: 6 })).reminders.sent).toBe(2);
    w.clock.set('2027-01-01T01:00:00Z'); // the 1st: a new JP year
    const january = await run({ minDaysBetween: 6 });
    expect(january.year).toBe(2027);
    expect(january.reminders).toMatchObject({ sent: 3, skipped: 0 }); // andi too: 0 JP in 2027
    w.clock.set('2027-01-02T01:00:00Z');
    // About 2026, December's reminder (5 days ago) still counts, under its own year.
    expect((await run({ minDaysBetween: 6, year: 2026 })).reminders).toMatchObject({ sent: 0, skipped: 2 });
    w.clock.set('2027-01-04T01:00:00Z'); // Monday: too soon after the 1st
    expect((await run({ minDaysBetween: 6 })).reminders).toMatchObject({ sent: 0, skipped: 3 });
  });

  it('scheduled runs (minDaysBetween) remind again once the last reminder is old enough, across months too', async () => {
    w.clock.set('2026-11-30T01:00:00Z'); // Monday 30 Nov, 08:00
    await run({ minDaysBetween: 6 });
    w.clock.set('2026-12-01T01:00:00Z'); // the 1st, next day: too soon
    expect((await run({ minDaysBetween: 6 })).reminders).toMatchObject({ sent: 0, skipped: 2 });
    w.clock.set('2026-12-07T01:00:00Z'); // next Monday
    expect((await run({ minDaysBetween: 6 })).reminders).toMatchObject({ sent: 2, skipped: 0 });
  });
});

describe('runReminders: quiet hours', () => {
  it('refuses between 20:00 and 07:00 unless dry run or forced', async () => {
    w.clock.set('2026-11-22T14:30:00Z'); // 21:30 in Jakarta
    const refused = await run().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QuietHoursError);
    expect((refused as QuietHoursError).until.toISOString()).toBe('2026-11-23T00:00:00.000Z'); // 07:00 WIB
    expect((refused as QuietHoursError).message).toContain('jam tenang');
    expect(consoleOut.sent).toEqual([]);

    w.clock.set('2026-11-22T23:59:00Z'); // 06:59
    await expect(run()).rejects.toBeInstanceOf(QuietHoursError);
    expect((await run({ dryRun: true })).reminders.planned).toBe(2);
    expect((await run({ force: true })).reminders.sent).toBe(2);

    w.clock.set('2026-11-23T00:00:00Z'); // 07:00 sharp
    expect((await run({ force: true })).reminders.sent).toBe(2);
  });
});

describe('runReminders: pages of the roster', () => {
  it('pages of one employee decide exactly what one page of everyone decides (reminders, digests, MyASN mentions)', async () => {
    await w.store.addActivity(
      activity(NIP.orphan, { type: 'seminar', start: '2026-10-03', jp: 3, status: 'pending', pendingSince: '2026-11-01T01:00:00.000Z' }),
    );
    const decide = async (pageSize: number) => {
      const s = await run({ dryRun: true, pageSize });
      const outcomes = s.outcomes.map((o) => `${o.kind} ${o.nip} ${o.status} ${o.pendingCount ?? ''} ${JSON.stringify(o.totals ?? {})}`).sort();
      return { outcomes, reminders: s.reminders, digests: s.digests, uploads: s.uploads, employees: s.employees, belowTarget: s.belowTarget };
    };
    const whole = await decide(1000);
    expect(whole.digests.unreachable + whole.digests.planned).toBeGreaterThan(0);
    expect(await decide(1)).toEqual(whole);
    expect(await decide(2)).toEqual(whole);
  });

  it('a shutdown stops the run at the next page: the rest is left to the next run, nobody reminded twice', async () => {
    const abort = new AbortController();
    const first = await run({ pageSize: 1, signal: abort.signal, onProgress: () => abort.abort() });
    expect(first.aborted).toBe(true);
    expect(first.complete).toBe(false);
    expect(first.outcomes.length).toBeLessThan((await run({ dryRun: true })).outcomes.length);
    const again = await run();
    expect(again.complete).toBe(true);
    expect(first.reminders.sent + again.reminders.sent).toBe(2); // Siti and Budi, below 20 JP
    expect(again.reminders.skipped).toBe(first.reminders.sent);
  });

  it('a page read that fails while the previous page is committed fails the run, not the process', async () => {
    let calls = 0;
    const failing = new Proxy(w.store, {
      get(target, prop, receiver) {
        if (prop === 'employeesAfter') {
          return async (after: string, limit: number) => {
            if (++calls === 2) throw new Error('connection reset');
            return target.employeesAfter(after, limit);
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    await expect(run({ store: failing, pageSize: 1 })).rejects.toThrow('connection reset');
  });

  it("with outcomes: 'failed' (the schedule) the summary lists only failures but counts everything", async () => {
    const all = await run({ dryRun: true });
    const failedOnly = await run({ dryRun: true, outcomes: 'failed' });
    expect(failedOnly.outcomes).toEqual([]);
    expect(failedOnly.reminders).toEqual(all.reminders);
    expect(failedOnly.digests).toEqual(all.digests);
    expect(all.outcomes.length).toBeGreaterThan(0);
  });
});

describe('runReminders: atasan digest', () => {
  it('one message per atasan counting reports pending more than 3 days, at most once a week', async () => {
    // Andi: one more pending report, old; and one only 1 day old (not counted).
    await w.store.addActivity(
      activity(NIP.andi, { type: 'seminar', start: '2026-10-01', jp: 3, status: 'pending', pendingSince: '2026-11-18T01:00:00.000Z' }),
    );
    await w.store.addActivity(
      activity(NIP.andi, { type: 'seminar', start: '2026-10-02', jp: 3, status: 'pending', pendingSince: '2026-11-21T03:00:00.000Z' }),
    );
    // Dewi has no atasan: her old report goes to the admin, who is not linked.
    await w.store.addActivity(
      activity(NIP.orphan, { type: 'seminar', start: '2026-10-03', jp: 3, status: 'pending', pendingSince: '2026-11-01T01:00:00.000Z' }),
    );
    const summary = await run();
    const digests = consoleOut.sent.filter((m) => m.text.includes('menunggu persetujuan Anda'));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.to.id).toBe('budi');
    expect(digests[0]!.text).toContain('2 laporan bawahan menunggu persetujuan Anda lebih dari 3 hari');
    expect(summary.digests).toEqual({ sent: 1, planned: 0, skipped: 0, failed: 0, unreachable: 1, exempt: 0 });
    expect(summary.outcomes.find((o) => o.kind === ATASAN_DIGEST && o.status === 'unreachable')).toMatchObject({
      nip: NIP.admin,
      pendingCount: 1,
    });
    expect(await w.store.getReminderMark(ATASAN_DIGEST, '2026-11', NIP.atasan)).toBeDefined();

    w.clock.advanceHours(3);
    expect((await run()).digests).toMatchObject({ sent: 0, skipped: 1 });
    w.clock.advanceHours(24); // the next day: no longer a digest every day
    const nextDay = await run();
    expect(nextDay.digests).toMatchObject({ sent: 0, skipped: 1 });
    expect(nextDay.outcomes.find((o) => o.kind === ATASAN_DIGEST && o.nip === NIP.atasan)!.reason).toContain('sekali seminggu');
    expect((await run({ force: true })).digests.sent).toBe(1); // --force still sends
    w.clock.set('2026-11-29T05:00:00Z'); // 5 days 23 h after the forced one (23 Nov 06:00 UTC)
    expect((await run()).digests).toMatchObject({ sent: 0, skipped: 1 });
    w.clock.set('2026-11-29T06:00:00Z'); // 6 days
    expect((await run()).digests).toMatchObject({ sent: 1, skipped: 0 });
    w.clock.set('2026-12-02T03:00:00Z'); // across the month: last month's digest still counts
    expect((await run()).digests).toMatchObject({ sent: 0, skipped: 1 });
    w.clock.set('2026-12-06T06:00:00Z'); // the same from the schedule: 7 days later
    expect((await run({ minDaysBetween: 6 })).digests).toMatchObject({ sent: 1, skipped: 0 });
  });

  it('counts from the last time a report went back to pending (a resubmission), not its creation', async () => {
    const resubmitted = activity(NIP.andi, { type: 'seminar', start: '2026-10-01', jp: 3, status: 'pending' });
    resubmitted.history = [
      { status: 'pending', by: NIP.andi, at: '2026-10-01T01:00:00.000Z' },
      { status: 'returned', by: NIP.atasan, at: '2026-10-02T01:00:00.000Z' },
      { status: 'pending', by: NIP.andi, at: '2026-11-21T01:00:00.000Z' },
    ];
    await w.store.addActivity(resubmitted);
    await run();
    const digest = consoleOut.sent.find((m) => m.text.includes('menunggu persetujuan Anda'));
    expect(digest?.text).toContain('1 laporan'); // only Siti's
  });

  it('no old pending reports → no digest', async () => {
    w.clock.set('2026-11-12T03:00:00Z'); // Siti's report has waited 2 days
    const summary = await run();
    expect(summary.digests).toEqual({ sent: 0, planned: 0, skipped: 0, failed: 0, unreachable: 0, exempt: 0 });
    expect(consoleOut.sent.some((m) => m.text.includes('menunggu persetujuan Anda'))).toBe(false);
  });
});

describe('runReminders: platforms', () => {
  it('someone linked on two platforms gets it once, on the one used last', async () => {
    const telegram = recordingSender('telegram');
    const outbox = new Outbox([consoleOut, telegram]);
    // Siti wrote from Telegram after her last console message; Budi's Telegram account is older.
    w.clock.advanceHours(1);
    await w.store.linkAccount({ platform: 'telegram', userId: '5001', nip: NIP.siti, linkedAt: '2026-11-01T00:00:00.000Z', lastSeenAt: '2026-11-22T03:05:00.000Z' });
    await w.store.linkAccount({ platform: 'telegram', userId: '5002', nip: NIP.atasan, linkedAt: '2026-11-01T00:00:00.000Z', lastSeenAt: '2026-11-01T00:00:00.000Z' });
    // With the assistant's outbox the run only commits; the assistant's relay sends.
    const summary = await runReminders({ store: w.store, outbox, clock: w.clock, tz: 'Asia/Jakarta', profile: 'lan-2018' });
    const relay = new Relay(w.store, outbox, silentLog, { platforms: ['console', 'telegram'] });
    relay.start();
    await relay.drain(5000);
    await relay.stop();
    expect(sentTo(telegram)).toEqual(['telegram:5001']);
    expect(sentTo(consoleOut)).toEqual(['console:budi', 'console:budi']); // reminder + digest
    expect(consoleOut.sent.some((m) => m.to.id === 'siti')).toBe(false);
    expect(summary.reminders.sent).toBe(2);
  });

  it('a recipient whose platform has no sender configured is not reachable, with the reason', async () => {
    w.clock.advanceHours(1);
    await w.store.linkAccount({ platform: 'telegram', userId: '5001', nip: NIP.siti, linkedAt: '2026-11-01T00:00:00.000Z', lastSeenAt: '2026-11-22T03:05:00.000Z' });
    const summary = await run();
    const siti = summary.outcomes.find((o) => o.nip === NIP.siti && o.kind === JP_SHORTFALL)!;
    expect(siti).toMatchObject({ status: 'unreachable', to: { platform: 'telegram', id: '5001' } });
    expect(siti.reason).toContain('TELEGRAM_BOT_TOKEN');
    expect(summary.reminders).toMatchObject({ sent: 1, unreachable: 3 });
    expect(await w.store.getReminderMark(JP_SHORTFALL, '2026-11', NIP.siti)).toBeUndefined();
  });
});

describe('runReminders: people who blocked the assistant (issue 10 item 7)', () => {
  it('a 403 "blocked by the user" marks Siti unreachable: the next runs skip and count her, until she writes again', async () => {
    const blocked = new DeliveryError('Telegram sendMessage: 403 Forbidden: bot was blocked by the user', {
      status: 403,
      permanent: true,
      unreachable: true,
    });
    let sitiBlocks = true;
    const sender = recordingSender('console', (m) => (m.to.id === 'siti' && sitiBlocks ? blocked : undefined));
    const first = await run({ senders: [sender] });
    expect(first.outcomes.find((o) => o.nip === NIP.siti && o.kind === JP_SHORTFALL)?.status).toBe('failed');
    expect((await w.store.getAccount('console', 'siti'))?.unreachableAt).toEqual(expect.any(String));

    const attempts: string[] = [];
    const watching = recordingSender('console', (m) => (attempts.push(m.to.id), undefined));
    const second = await run({ senders: [watching], force: true });
    expect(attempts).not.toContain('siti');
    const siti = second.outcomes.find((o) => o.nip === NIP.siti && o.kind === JP_SHORTFALL)!;
    expect(siti).toMatchObject({ status: 'unreachable', blocked: true });
    expect(siti.reason).toContain('memblokir bot');
    expect(second.blocked).toBe(1);
    expect(second.reminders.unreachable).toBe(3); // Siti, and the two never linked

    sitiBlocks = false;
    await w.chat.say('siti', 'halo');
    expect((await w.store.getAccount('console', 'siti'))?.unreachableAt).toBeUndefined();
    const third = await run({ senders: [watching], force: true });
    expect(third.blocked).toBe(0);
    expect(watching.sent.filter((m) => m.to.id === 'siti')).toHaveLength(1);
  });
});

describe('runReminders: TKK staff have no 20 JP duty', () => {
  const joko = '199807072021011001';

  it('a linked TKK below 20 JP is not reminded, even with --force: an exempt outcome, counted apart; they may still report', async () => {
    const roster = ['nip,nama,jabatan,unit,atasan_nip,jenis_asn', `${joko},Joko Susilo,Pengemudi,Bidang SDM,${NIP.atasan},TKK`].join('\n');
    expect((await importRoster(w.store, roster, w.clock.now())).errors).toEqual([]);
    await w.link('joko', joko);
    await w.store.addActivity(activity(joko, { type: 'seminar', start: '2026-06-01', jp: 4 }));

    for (const summary of [await run({ dryRun: true }), await run(), await run({ force: true })]) {
      const outcome = summary.outcomes.find((o) => o.nip === joko);
      expect(outcome).toEqual({ kind: JP_SHORTFALL, nip: joko, name: 'Joko Susilo', status: 'exempt', reason: TKK_EXEMPT_REASON });
      expect(summary.reminders.exempt).toBe(1);
      expect(summary).toMatchObject({ employees: 6, belowTarget: 4 });
    }
    expect(TKK_EXEMPT_REASON).toBe('TKK: tidak wajib 20 JP');
    expect(consoleOut.sent.filter((m) => m.to.id === 'joko')).toEqual([]);
    expect(consoleOut.sent.filter((m) => m.to.id === 'siti').length).toBeGreaterThan(0);
    expect(await w.store.getReminderMark(JP_SHORTFALL, '2026-11', joko)).toBeUndefined();

    const reply = await w.chat.say('joko', 'lapor webinar');
    expect(reply.map((l) => l.text ?? '').join('\n')).toContain('Seminar. Apa nama/judul kegiatannya?');
  });
});

describe('runReminders: a revoked token (issue 10 item 6, the CLI path)', () => {
  it('stops at once instead of draining for 15 minutes; the reminders are failed, kept in the outbox', async () => {
    const revoked = recordingSender('console', () => new DeliveryError('slack: token_revoked', { fatal: true }));
    const started = Date.now();
    const summary = await run({ senders: [revoked] });
    expect(Date.now() - started).toBeLessThan(10_000);
    const mine = summary.outcomes.filter((o) => o.kind === JP_SHORTFALL && o.to);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((o) => o.status === 'failed' && o.reason?.includes('token_revoked'))).toBe(true);
    expect((await w.store.pendingOutbound()).length).toBeGreaterThanOrEqual(mine.length);
  });
});

describe('runReminders: approved activities not uploaded to MyASN (issue 12)', () => {
  it('mentions each one once, 14 days after its approval, with its button; an uploaded or younger one is not mentioned', async () => {
    const approved = (title: string, at: string, over: Partial<Parameters<typeof activity>[1]> = {}) =>
      w.store.addActivity(
        activity(NIP.andi, {
          type: 'seminar',
          start: '2026-09-01',
          jp: 2,
          title,
          history: [
            { status: 'pending', by: NIP.andi, at: '2026-09-02T00:00:00.000Z' },
            { status: 'approved', by: NIP.atasan, at },
          ],
          ...over,
        }),
      );
    await approved('Webinar lama', '2026-11-01T00:00:00.000Z'); // 21 days before the run
    await approved('Webinar baru', '2026-11-15T00:00:00.000Z'); // 7 days
    await approved('Webinar diunggah', '2026-10-01T00:00:00.000Z', { myAsnUploadedAt: '2026-10-02T00:00:00.000Z' });

    const first = await run();
    expect(first.uploads.sent).toBe(1);
    const toAndi = consoleOut.sent.filter((m) => m.to.id === 'andi');
    expect(toAndi).toHaveLength(1);
    expect(toAndi[0]!.text).toContain('belum diunggah ke MyASN (1)');
    expect(toAndi[0]!.text).toContain('• Webinar lama');
    expect(toAndi[0]!.text).not.toContain('Webinar baru');
    const lama = (await w.store.activitiesOf(NIP.andi)).find((a) => a.title === 'Webinar lama')!;
    expect(JSON.stringify(toAndi[0])).toContain(`mu:${lama.id}`);

    // Once: a later run (even forced) does not mention it again.
    const second = await run({ force: true });
    expect(second.uploads.sent).toBe(0);
    expect(consoleOut.sent.filter((m) => m.to.id === 'andi')).toHaveLength(1);
  });
  it('a title with an emoji where the button label is cut is cut whole, not into half a character', async () => {
    const prefix = `${catalog('id').myAsnUploaded}: `;
    const title = `${'a'.repeat(59 - prefix.length)}😀 webinar`;
    await w.store.addActivity(
      activity(NIP.andi, {
        type: 'seminar',
        start: '2026-09-01',
        jp: 2,
        title,
        history: [
          { status: 'pending', by: NIP.andi, at: '2026-09-02T00:00:00.000Z' },
          { status: 'approved', by: NIP.atasan, at: '2026-11-01T00:00:00.000Z' },
        ],
      }),
    );
    const summary = await run();
    expect(summary.uploads.sent).toBe(1);
    const sent = consoleOut.sent.find((m) => m.to.id === 'andi')!;
    const label = sent.kind === 'send' ? (sent.buttons?.[0]?.[0]?.label ?? '') : '';
    expect(label).toMatch(/^Sudah diunggah ke MyASN: a+…$/);
    expect(label).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(Array.from(label).length).toBeLessThanOrEqual(60);
  });
});
