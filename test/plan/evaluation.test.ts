import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalog } from '../../src/engine/i18n/index.js';
import { evaluationPrompt, evaluationsDue, GAP_EVALUATION } from '../../src/engine/plan/evaluation.js';
import { activity } from '../helpers/activity.js';
import { buttonIds, makeWorld, NIP, texts, type World } from '../helpers/script-driver.js';

const t = catalog('id');
let w: World;
beforeEach(async () => {
  w = await makeWorld({ now: '2026-09-20T03:00:00Z' });
  await w.link('budi', NIP.atasan);
  await w.link('andi', NIP.andi);
});
afterEach(async () => w.close());

/** A report of Siti's that ended on `end`, approved by Budi in the chat. */
async function approved(end: string, over: Parameters<typeof activity>[1] extends infer O ? Partial<O> : never = {}) {
  const history = [
    { status: 'pending' as const, by: NIP.siti, at: `${end}T09:00:00.000Z` },
    { status: 'approved' as const, by: NIP.atasan, at: `${end}T10:00:00.000Z` },
  ];
  const a = activity(NIP.siti, { type: 'pelatihan-teknis', start: end, jp: 24, title: `Pelatihan ${end}`, history, ...over });
  await w.store.addActivity(a);
  return a;
}

const roster = async () => (await w.store.listEmployees()).filter((e) => e.nip !== NIP.atasan);

describe('the six-month evaluation of the remaining competency gap', () => {
  it.each([
    ['ended six months and more ago', '2026-03-12', true],
    ['ended exactly six months ago', '2026-03-20', true],
    ['ended less than six months ago', '2026-03-21', false],
    ['ended more than a year ago', '2025-09-20', false],
  ])('an approved activity that %s is due: %s', async (_name, end, due) => {
    const a = await approved(end);
    const found = await evaluationsDue(w.store, await roster(), w.clock.now(), 'Asia/Jakarta');
    expect(found.map((d) => d.id)).toEqual(due ? [a.id] : []);
  });

  it('is not due when pending, approved without a decision in the chat, imported, already rated, or asked before (its mark)', async () => {
    await approved('2026-03-01', { status: 'pending' });
    await approved('2026-03-01', { history: [{ status: 'pending', by: NIP.siti, at: '2026-03-01T00:00:00.000Z' }] });
    await approved('2026-03-02', { source: { kind: 'impor', by: 'hr', at: '2026-03-03T00:00:00.000Z', file: 'r.csv', line: 2 } });
    await approved('2026-03-03', { evaluation: { gap: 'rendah', by: NIP.atasan, at: '2026-09-10T00:00:00.000Z' } });
    const asked = await approved('2026-03-04');
    const open = await approved('2026-03-05');
    await w.store.addReminderMark({ kind: GAP_EVALUATION, period: asked.id, nip: NIP.atasan, at: '2026-09-14T01:00:00.000Z' });
    const found = await evaluationsDue(w.store, await roster(), w.clock.now(), 'Asia/Jakarta');
    expect(found).toEqual([{ id: open.id, nip: NIP.siti, name: 'Siti Rahmawati', title: open.title, end: '2026-03-05', raterNip: NIP.atasan }]);
    const prompt = evaluationPrompt(t, 'id', found);
    expect(prompt.text).toContain('1. Siti Rahmawati: "Pelatihan 2026-03-05" (selesai 5 Maret 2026)');
    expect(prompt.buttons).toEqual([[
      { id: `ev:${open.id}:r`, label: '1. Rendah' },
      { id: `ev:${open.id}:s`, label: '1. Sedang' },
      { id: `ev:${open.id}:t`, label: '1. Tinggi' },
    ]]);
  });

  it('the atasan rates it with one tap and adds an optional note; it is stored with the activity', async () => {
    const a = await approved('2026-03-10');
    const rated = await w.chat.press('budi', `ev:${a.id}:s`);
    expect(texts(rated)).toContain('kesenjangan kompetensi Siti Rahmawati setelah "Pelatihan 2026-03-10": *Sedang*');
    expect(buttonIds(rated)).toEqual([`ev:${a.id}:n`]);
    expect((await w.store.getActivity(a.id))?.evaluation).toEqual({ gap: 'sedang', by: NIP.atasan, at: '2026-09-20T03:00:00.000Z' });
    expect(texts(await w.chat.say('budi', 'Perlu pendampingan lanjutan di lapangan'))).toContain(t.evalNoteSaved);
    expect((await w.store.getActivity(a.id))?.evaluation?.note).toBe('Perlu pendampingan lanjutan di lapangan');
    // Rated once: a second tap says so and changes nothing.
    expect(texts(await w.chat.press('budi', `ev:${a.id}:t`))).toContain(t.evalAlready('Sedang'));
    expect((await w.store.getActivity(a.id))?.evaluation?.gap).toBe('sedang');
  });

  it('"lewati" leaves the note empty; someone who is not the atasan, or a rating too early, changes nothing', async () => {
    const a = await approved('2026-03-10');
    const early = await approved('2026-06-10');
    expect(texts(await w.chat.press('andi', `ev:${a.id}:r`))).toContain(t.evalNotPermitted);
    expect(texts(await w.chat.press('budi', `ev:${early.id}:r`))).toContain(t.evalNotDue);
    expect(texts(await w.chat.press('budi', 'ev:nosuchid:r'))).toContain(t.reportNotFound);
    expect((await w.store.getActivity(a.id))?.evaluation).toBeUndefined();
    expect((await w.store.getActivity(early.id))?.evaluation).toBeUndefined();
    await w.chat.press('budi', `ev:${a.id}:r`);
    expect(texts(await w.chat.say('budi', 'lewati'))).toContain(t.evalNoteSkipped);
    expect((await w.store.getActivity(a.id))?.evaluation).toEqual({ gap: 'rendah', by: NIP.atasan, at: '2026-09-20T03:00:00.000Z' });
    // Later text is an ordinary message again.
    expect(texts(await w.chat.say('budi', 'catatan terlambat'))).toContain(t.fallback);
  });
});
