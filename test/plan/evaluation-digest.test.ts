import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalog } from '../../src/engine/i18n/index.js';
import { GAP_EVALUATION } from '../../src/engine/plan/evaluation.js';
import { runReminders } from '../../src/reminders/run.js';
import { activity, recordingSender } from '../reminders/fixtures.js';
import { makeWorld, NIP, texts, type World } from '../helpers/script-driver.js';

const t = catalog('id');
let w: World;
let out: ReturnType<typeof recordingSender>;
beforeEach(async () => {
  // Monday 7 September 2026, 10:00 in Jakarta.
  w = await makeWorld({ now: '2026-09-07T03:00:00Z' });
  await w.link('siti', NIP.siti);
  await w.link('budi', NIP.atasan);
  out = recordingSender('console');
});
afterEach(async () => w.close());

/** A report's history: sent by Siti, approved by Budi in the chat on `day`. */
const approvedBy = (day: string) => [
  { status: 'pending' as const, by: NIP.siti, at: `${day}T01:00:00.000Z` },
  { status: 'approved' as const, by: NIP.atasan, at: `${day}T02:00:00.000Z` },
];
const run = () => runReminders({ store: w.store, senders: [out], clock: w.clock, tz: 'Asia/Jakarta', profile: 'lan-2018' });
const evaluationsTo = (id: string) => out.sent.filter((m) => m.to.id === id && m.text.includes('Evaluasi pasca pengembangan kompetensi'));

describe('the weekly atasan digest asks for the six-month evaluation (fake clock)', () => {
  it('asks nothing before six months; then the atasan gets one row of buttons per activity, each activity asked once', async () => {
    const first = activity(NIP.siti, { type: 'pelatihan-teknis', start: '2026-03-10', end: '2026-03-12', jp: 24, title: 'Pelatihan Aset', history: approvedBy('2026-03-13') });
    const second = activity(NIP.siti, { type: 'seminar', start: '2026-03-20', jp: 4, title: 'Seminar SPBE', history: approvedBy('2026-03-21') });
    await w.store.addActivity(first);
    await w.store.addActivity(second);

    await run();
    expect(evaluationsTo('budi')).toEqual([]);

    // 14 September: the training ended six months ago (12 March); the seminar (20 March) not yet.
    w.clock.set('2026-09-14T03:00:00Z');
    const summary = await run();
    const [prompt] = evaluationsTo('budi');
    expect(prompt?.text).toContain('1. Siti Rahmawati: "Pelatihan Aset" (selesai 12 Maret 2026)');
    expect(prompt?.text).not.toContain('Seminar SPBE');
    expect(prompt && 'buttons' in prompt ? prompt.buttons : undefined).toEqual([
      [
        { id: `ev:${first.id}:r`, label: '1. Rendah' },
        { id: `ev:${first.id}:s`, label: '1. Sedang' },
        { id: `ev:${first.id}:t`, label: '1. Tinggi' },
      ],
    ]);
    expect(summary.digests.sent).toBe(1);
    expect(await w.store.getReminderMark(GAP_EVALUATION, first.id, NIP.atasan)).toBeDefined();
    expect(evaluationsTo('siti')).toEqual([]);

    // A week later: the seminar is due; the training, asked once, is not asked again.
    w.clock.set('2026-09-21T03:00:00Z');
    await run();
    const prompts = evaluationsTo('budi');
    expect(prompts).toHaveLength(2);
    expect(prompts[1]!.text).toContain('"Seminar SPBE"');
    expect(prompts[1]!.text).not.toContain('Pelatihan Aset');

    // The buttons work from the chat: the rating is stored with the activity and counted.
    const rated = await w.chat.press('budi', `ev:${second.id}:t`);
    expect(texts(rated)).toContain(`*${t.evalGap.tinggi}*`);
    expect((await w.store.getActivity(second.id))?.evaluation?.gap).toBe('tinggi');
  });
});
