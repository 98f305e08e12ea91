import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GAP_EVALUATION } from '../../src/engine/plan/evaluation.js';
import { runReminders } from '../../src/reminders/run.js';
import { activity, recordingSender } from '../reminders/fixtures.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';

let w: World;
let out: ReturnType<typeof recordingSender>;
beforeEach(async () => {
  // Monday 14 September 2026, 10:00 in Jakarta.
  w = await makeWorld({ now: '2026-09-14T03:00:00Z' });
  await w.link('siti', NIP.siti);
  await w.link('budi', NIP.atasan);
  await w.link('rina', NIP.admin);
  await w.link('dewi', NIP.orphan);
  out = recordingSender('console');
});
afterEach(async () => w.close());

/** A report of `nip`'s that ended on 10 March 2026, approved in the chat by `by`. */
async function approved(nip: string, by: string, title: string) {
  const history = [
    { status: 'pending' as const, by: nip, at: '2026-03-11T01:00:00.000Z' },
    { status: 'approved' as const, by, at: '2026-03-11T02:00:00.000Z' },
  ];
  const a = activity(nip, { type: 'pelatihan-teknis', start: '2026-03-10', jp: 24, title, history });
  await w.store.addActivity(a);
  return a;
}
const run = () => runReminders({ store: w.store, senders: [out], clock: w.clock, tz: 'Asia/Jakarta', profile: 'lan-2018', pageSize: 2 });
const evaluationsTo = (id: string) => out.sent.filter((m) => m.to.id === id && m.text.includes('Evaluasi pasca pengembangan kompetensi'));

describe('the six-month evaluation reaches someone, and asks again (defect 10)', () => {
  it.each([
    ['one week later', 1, '2026-09-21T03:00:00Z'],
    ['three weeks later', 1, '2026-10-05T03:00:00Z'],
    ['four weeks later, still not rated', 2, '2026-10-12T03:00:00Z'],
  ])('an ignored prompt, %s: the atasan has been asked %i time(s)', async (_name, times, later) => {
    await approved(NIP.siti, NIP.atasan, 'Pelatihan Aset');
    await run();
    expect(evaluationsTo('budi')).toHaveLength(1);
    w.clock.set(later);
    await run();
    expect(evaluationsTo('budi')).toHaveLength(times);
  });

  it('a rated activity is not asked again', async () => {
    const a = await approved(NIP.siti, NIP.atasan, 'Pelatihan Aset');
    await run();
    await w.chat.press('budi', `ev:${a.id}:s`);
    w.clock.set('2026-10-12T03:00:00Z');
    await run();
    expect(evaluationsTo('budi')).toHaveLength(1);
  });

  it('an employee with no atasan in the roster: the admins are asked (not the employee), paged', async () => {
    const a = await approved(NIP.orphan, NIP.admin, 'Kearsipan digital');
    const summary = await run();
    const [prompt] = evaluationsTo('rina');
    expect(prompt?.text).toContain('Dewi Lestari: "Kearsipan digital"');
    expect(evaluationsTo('dewi')).toEqual([]);
    expect(summary.digests.sent).toBeGreaterThanOrEqual(1);
    expect(await w.store.getReminderMark(GAP_EVALUATION, a.id, NIP.admin)).toBeDefined();
    // The admin rates it from the prompt.
    await w.chat.press('rina', `ev:${a.id}:t`);
    expect((await w.store.getActivity(a.id))?.evaluation?.gap).toBe('tinggi');
  });

  it("an admin's own activity, with no atasan, goes to the other admins and never to themself", async () => {
    await approved(NIP.admin, NIP.atasan, 'Analisis jabatan');
    await run();
    expect(evaluationsTo('rina')).toEqual([]);
  });
});
