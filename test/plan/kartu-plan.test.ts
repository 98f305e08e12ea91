import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kartuData } from '../../src/kartu/data.js';
import { kartuToJson } from '../../src/kartu/json.js';
import { activity } from '../helpers/activity.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld({ now: '2026-11-22T03:00:00Z' });
});
afterEach(async () => w.close());

describe('the Kartu Data JSON names the plan item and the six-month evaluation', () => {
  it('rencana {tahun, no} or null (insidental); evaluasi {kesenjangan, catatan} or null', async () => {
    await w.store.addActivity(
      activity(NIP.siti, {
        type: 'pelatihan-teknis',
        start: '2026-03-10',
        jp: 24,
        title: 'Dari rencana',
        planItem: { year: 2026, no: 2 },
        evaluation: { gap: 'tinggi', note: 'Perlu magang', by: NIP.atasan, at: '2026-09-20T00:00:00.000Z' },
      }),
    );
    await w.store.addActivity(activity(NIP.siti, { type: 'seminar', start: '2026-04-10', jp: 4, title: 'Insidental' }));
    const card = (await kartuData(w.store, NIP.siti, { now: w.clock.now(), tz: 'Asia/Jakarta', profile: 'lan-2018' }))!;
    const json = kartuToJson(card);
    expect(json.kegiatan.map((k) => [k.nama, k.rencana, k.evaluasi])).toEqual([
      ['Dari rencana', { tahun: 2026, no: 2 }, { kesenjangan: 'tinggi', catatan: 'Perlu magang' }],
      ['Insidental', null, null],
    ]);
  });
});
