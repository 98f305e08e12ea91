import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Activity, StatusChange } from '../../src/domain/types.js';
import { activity } from '../helpers/activity.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';
import { inertProblems, recipientProblems, recordProblems, takeSnapshot, transitionProblems } from './invariants.js';

/** The fuzz's checks find what they look for: each row makes one change a turn must not make (or may make). */

const NIPS = Object.values(NIP);
const AT = '2026-11-22T03:00:00.000Z';
let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(async () => w.close());

const snap = () => takeSnapshot(w.store, NIPS);
const change = (status: StatusChange['status'], by: string, reason?: string): StatusChange => ({ status, by, at: AT, ...(reason ? { reason } : {}) });

async function stored(over: Partial<Activity> = {}): Promise<Activity> {
  const a = activity(NIP.siti, { type: 'seminar', start: '2026-03-10', jp: 3, status: 'pending', ...over });
  await w.store.addActivity(a);
  return a;
}

/** Applies `edit` to the stored activity (as a turn would through updateActivity) and returns the transition problems. */
async function transition(a: Activity, edit: (a: Activity) => Activity): Promise<string[]> {
  const before = await snap();
  await w.store.updateActivity(a.id, [a.status], edit);
  return transitionProblems(before, await snap());
}

const decide = (status: StatusChange['status'], by: string, reason?: string) => (a: Activity): Activity => ({
  ...a,
  status,
  history: [...a.history, change(status, by, reason)],
  updatedAt: AT,
});

describe('transitions: only along the allowed moves, only by someone permitted', () => {
  const rows: { name: string; from?: Partial<Activity>; edit: (a: Activity) => Activity; problem?: RegExp }[] = [
    { name: 'the atasan approves', edit: decide('approved', NIP.atasan) },
    { name: 'an admin rejects with a reason', edit: decide('rejected', NIP.admin, 'Bukan kegiatan bangkom') },
    { name: 'the owner approves her own report', edit: decide('approved', NIP.siti), problem: /may not decide/ },
    { name: 'a colleague (not her atasan) approves', edit: decide('approved', NIP.andi), problem: /may not decide/ },
    { name: 'the atasan returns it without a reason', edit: decide('returned', NIP.atasan), problem: /without a reason/ },
    { name: 'a decision that also changes the title', edit: (a) => ({ ...decide('approved', NIP.atasan)(a), title: 'Lain' }), problem: /changed the report's content/ },
    {
      name: 'two status changes in one turn',
      edit: (a) => ({ ...a, status: 'approved', history: [...a.history, change('returned', NIP.atasan, 'Kurang'), change('approved', NIP.atasan)] }),
      problem: /2 status changes/,
    },
    { name: 'history rewritten', edit: (a) => ({ ...a, history: [change('pending', NIP.andi)] }), problem: /history rewritten/ },
    { name: 'a status with no history entry for it', edit: (a) => ({ ...a, status: 'approved' }), problem: /not its last history entry/ },
    {
      name: 'an approved report back to pending',
      from: { status: 'approved', history: [change('pending', NIP.siti), change('approved', NIP.atasan)] },
      edit: decide('pending', NIP.siti),
      problem: /approved → pending .* not an allowed transition/,
    },
    {
      name: 'the owner resubmits a returned report',
      from: { status: 'returned', history: [change('pending', NIP.siti), change('returned', NIP.atasan, 'Kurang bukti')] },
      edit: (a) => ({ ...decide('pending', NIP.siti)(a), title: 'Diperbaiki' }),
    },
    {
      name: 'the atasan "resubmits" it',
      from: { status: 'returned', history: [change('pending', NIP.siti), change('returned', NIP.atasan, 'Kurang bukti')] },
      edit: decide('pending', NIP.atasan),
      problem: /not its owner/,
    },
  ];
  for (const row of rows) {
    it(`${row.problem ? 'flags' : 'allows'}: ${row.name}`, async () => {
      const problems = await transition(await stored(row.from), row.edit);
      if (row.problem) expect(problems.join('\n')).toMatch(row.problem);
      else expect(problems).toEqual([]);
    });
  }

  it('flags a report created as anything but pending by its owner', async () => {
    const before = await snap();
    await stored({ status: 'approved', history: [change('approved', NIP.siti)] });
    expect(transitionProblems(before, await snap()).join('\n')).toMatch(/created as approved/);
  });
});

describe('inert events: nothing but the sender’s own bookkeeping', () => {
  const siti = 'telegram:5001';

  it('flags a changed activity, employee, another account or another person’s state; allows the sender’s own', async () => {
    const a = await stored();
    await w.store.linkAccount({ platform: 'telegram', userId: '5001', nip: NIP.siti, linkedAt: AT, lastSeenAt: AT });
    await w.store.linkAccount({ platform: 'telegram', userId: '5000', nip: NIP.atasan, linkedAt: AT, lastSeenAt: AT });
    const before = await snap();

    // The sender's own: their dialogue, their account's last-seen time, the global guessing window.
    await w.store.setState({ key: siti, dialog: 'report', step: 'title', data: {}, trail: [], updatedAt: AT });
    await w.store.setState({ key: 'link-guard:global', dialog: 'link-guard', step: 'window', data: { attempts: [1] }, trail: [], updatedAt: AT });
    await w.store.setUnreachable('telegram', '5001', AT);
    expect(inertProblems(before, await snap(), [siti])).toEqual([]);

    await w.store.updateActivity(a.id, ['pending'], decide('approved', NIP.atasan));
    await w.store.setEmployeeLang(NIP.andi, 'en');
    await w.store.setUnreachable('telegram', '5000', AT);
    await w.store.setState({ key: 'telegram:5000#decision', dialog: 'decision', step: 'a', data: {}, trail: [], updatedAt: AT });
    const problems = inertProblems(before, await snap(), [siti]).join('\n');
    expect(problems).toMatch(`activity ${a.id} changed: pending → approved`);
    expect(problems).toMatch(`employee ${NIP.andi} changed`);
    expect(problems).toMatch('account telegram:5000 changed');
    expect(problems).toMatch('state telegram:5000#decision of someone else changed');
  });

  it('flags a new activity', async () => {
    const before = await snap();
    await stored();
    expect(inertProblems(before, await snap(), [siti])).toEqual(['1 activities created']);
  });

  it('flags a message to anyone but the sender; a turn that may change records may write to linked accounts only', async () => {
    await w.store.linkAccount({ platform: 'telegram', userId: '5000', nip: NIP.atasan, linkedAt: AT, lastSeenAt: AT });
    const after = await snap();
    const to = (platform: 'telegram' | 'slack', id: string) => ({ kind: 'send' as const, to: { platform, id }, text: 'x' });
    expect(recipientProblems([to('telegram', '5001')], siti, after, true)).toEqual([]);
    expect(recipientProblems([to('telegram', '5000')], siti, after, true)).toEqual(['an inert turn sent a send to telegram:5000']);
    expect(recipientProblems([to('telegram', '5000')], siti, after, false)).toEqual([]);
    expect(recipientProblems([to('slack', 'U0STRANGER')], siti, after, false)).toEqual([
      'a send went to slack:U0STRANGER, who is neither the sender nor linked',
    ]);
  });
});

describe('record checks', () => {
  it('flag an invalid record and evidence kept outside the evidence folder', async () => {
    const a = await stored();
    const s = await snap();
    s.activities.set(a.id, { ...a, status: {} as never });
    s.activities.set('ev', { ...a, id: 'ev', evidence: { hash: 'a'.repeat(64), name: 'x.pdf', mime: 'application/pdf', size: 1, path: '/etc/passwd' } });
    const problems = recordProblems(s, `${w.dir}/evidence`).join('\n');
    expect(problems).toMatch(`activity ${a.id}: status`);
    expect(problems).toMatch('activity ev: evidence outside');
  });
});
