import { describe, expect, it } from 'vitest';
import { applyCaps, computeJp, type ActivityInput, type CapItem } from '../../src/rules/index.js';
import { errorCode } from './helpers.js';

const KB = 'kutai-barat-2024';

/** A cap item whose JP is the activity's own conversion under the profile. */
function item(id: string, input: ActivityInput, profile = 'lan-2018'): CapItem {
  return { id, input, jp: computeJp(input, profile).jp };
}

const coaching = (count: number, start: string, end = start, scope: ActivityInput['scope'] = 'nasional'): ActivityInput => ({
  type: 'coaching',
  scope,
  count,
  start,
  end,
});

describe('applyCaps: sessions per calendar month (LAN 10/2018 Lampiran B.2 no. 5–6)', () => {
  it('LAN coaching: 3 sessions in March → 2 counted (4 of 6 JP), with a note', () => {
    const r = applyCaps([item('a', coaching(3, '2026-03-02', '2026-03-20'))]);
    expect(r.items).toEqual([{ id: 'a', jp: 6, counted: 4 }]);
    expect(r.total).toBe(4);
    expect(r.byType).toEqual({ coaching: 4 });
    expect(r.notes).toEqual([
      { type: 'coaching', period: '2026-03', claimed: 3, counted: 2, unit: 'session', message: 'coaching: 3 sesi di Maret 2026, dihitung 2' },
    ]);
  });

  it('kutai-barat coaching: 3 sessions in March all count (IV.D.1.j), a 4th does not', () => {
    expect(applyCaps([item('a', coaching(3, '2026-03-02'), KB)], KB).total).toBe(6);
    const r = applyCaps([item('a', coaching(4, '2026-03-02', '2026-03-30'), KB)], KB);
    expect(r.total).toBe(6);
    expect(r.notes[0]?.message).toBe('coaching: 4 sesi di Maret 2026, dihitung 3');
  });

  it('international coaching: 3 sessions × 4 JP in one month → 2 × 4 = 8 JP', () => {
    const r = applyCaps([item('a', coaching(3, '2026-03-02', '2026-03-09', 'internasional'))]);
    expect(r.items[0]).toEqual({ id: 'a', jp: 12, counted: 8 });
  });

  it('a report spanning two months fills March then April: 3 sessions Mar 20 – Apr 5 all count', () => {
    const r = applyCaps([item('a', coaching(3, '2026-03-20', '2026-04-05'))]);
    expect(r.total).toBe(6);
    expect(r.notes).toEqual([]);
  });

  it('reports share a month: the earlier report takes the room first', () => {
    // A (Mar 2, 1 session) → March 1/2. B (Mar 10 – Apr 10, 3 sessions) → March 1 more, April 2.
    // C (Apr 15, 2 sessions) → April is full: 0.
    const r = applyCaps([
      item('c', coaching(2, '2026-04-15')),
      item('b', coaching(3, '2026-03-10', '2026-04-10')),
      item('a', coaching(1, '2026-03-02')),
    ]);
    expect(r.items).toEqual([
      { id: 'c', jp: 4, counted: 0 },
      { id: 'b', jp: 6, counted: 6 },
      { id: 'a', jp: 2, counted: 2 },
    ]);
    expect(r.total).toBe(8);
    expect(r.notes.map((x) => x.message)).toEqual(['coaching: 4 sesi di April 2026, dihitung 2']);
  });

  it('allocation is chronological by start date, not by id or input order', () => {
    const r = applyCaps([item('a', coaching(2, '2026-03-20')), item('z', coaching(2, '2026-03-02'))]);
    expect(r.items).toEqual([
      { id: 'a', jp: 4, counted: 0 },
      { id: 'z', jp: 4, counted: 4 },
    ]);
  });

  it('same start date: allocation follows the id', () => {
    const r = applyCaps([item('b', coaching(2, '2026-05-05')), item('a', coaching(2, '2026-05-05'))]);
    expect(r.items).toEqual([
      { id: 'b', jp: 4, counted: 0 },
      { id: 'a', jp: 4, counted: 4 },
    ]);
  });

  it('coaching and mentoring have separate monthly caps; other forms are untouched', () => {
    const r = applyCaps([
      item('c', coaching(2, '2026-03-02')),
      item('m', { type: 'mentoring', scope: 'nasional', count: 2, start: '2026-03-03', end: '2026-03-03' }),
      item('s', { type: 'seminar', scope: 'nasional', days: 2, start: '2026-03-04', end: '2026-03-05' }),
    ]);
    expect(r.byType).toEqual({ coaching: 4, mentoring: 4, seminar: 8 });
    expect(r.total).toBe(16);
    expect(r.notes).toEqual([]);
  });

  it('kutai-barat keeps the LAN cap of 2 mentoring sessions per month', () => {
    const m = { type: 'mentoring', scope: 'nasional' as const, count: 3, start: '2026-03-03', end: '2026-03-24' };
    expect(applyCaps([item('m', m, KB)], KB).total).toBe(4);
  });

  it('a certificate JP is cut in proportion: 3 sessions stated as 9 JP, 2 counted → 6 JP', () => {
    const r = applyCaps([item('a', { ...coaching(3, '2026-03-02', '2026-03-16'), jp: 9 })]);
    expect(r.items[0]).toEqual({ id: 'a', jp: 9, counted: 6 });
  });

  it('different months and years do not share room', () => {
    const r = applyCaps([item('a', coaching(2, '2026-03-02')), item('b', coaching(2, '2026-04-02')), item('c', coaching(2, '2025-03-02'))]);
    expect(r.total).toBe(12);
  });
});

describe('applyCaps: kutai-barat-2024 caps per year and per month (seed 004)', () => {
  const patok = (start: string, end = start): ActivityInput => ({ type: 'patok-banding', scope: 'nasional', start, end });

  it('IV.D.7.i patok banding: at most 1 activity counted per year', () => {
    const r = applyCaps([item('a', patok('2026-02-10'), KB), item('b', patok('2026-09-01'), KB)], KB);
    expect(r.items).toEqual([
      { id: 'a', jp: 10, counted: 10 },
      { id: 'b', jp: 10, counted: 0 },
    ]);
    expect(r.notes.map((x) => x.message)).toEqual(['patok-banding: 2 kegiatan di tahun 2026, dihitung 1']);
    expect(r.notes[0]?.period).toBe('2026');
  });

  it('IV.D.7.i patok banding: the year is the year of the end date', () => {
    const r = applyCaps(
      [item('x', patok('2025-12-30', '2026-01-02'), KB), item('y', patok('2026-06-01'), KB), item('z', patok('2025-03-01'), KB)],
      KB,
    );
    expect(r.items.map((x) => x.counted)).toEqual([10, 0, 10]);
  });

  it('lan-2018 has no yearly cap for patok banding', () => {
    const r = applyCaps([item('a', patok('2026-02-10')), item('b', patok('2026-09-01'))]);
    expect(r.total).toBe(20);
  });

  it('IV.D.11.i bimbingan di tempat kerja: 1 JP each, at most 4 per year', () => {
    const btk = (id: string, count: number, start: string) =>
      item(id, { type: 'bimbingan-di-tempat-kerja', scope: 'nasional', count, start, end: start }, KB);
    const r = applyCaps([btk('jan', 2, '2026-01-10'), btk('feb', 2, '2026-02-10'), btk('mar', 1, '2026-03-10')], KB);
    expect(r.items.map((x) => x.counted)).toEqual([2, 2, 0]);
    expect(r.total).toBe(4);
    expect(r.notes.map((x) => x.message)).toEqual(['bimbingan-di-tempat-kerja: 5 kegiatan di tahun 2026, dihitung 4']);
  });

  it('IV.D.11.e.4 bimbingan di tempat kerja: at most 3 times in one month', () => {
    const r = applyCaps(
      [item('a', { type: 'bimbingan-di-tempat-kerja', scope: 'nasional', count: 4, start: '2026-01-05', end: '2026-01-26' }, KB)],
      KB,
    );
    expect(r.total).toBe(3);
    expect(r.notes.map((x) => x.message)).toEqual(['bimbingan-di-tempat-kerja: 4 kegiatan di Januari 2026, dihitung 3']);
  });

  it('IV.D.10.e.7 komunitas belajar: at most 3 times (days) per month', () => {
    const kom = (id: string, start: string, end: string) =>
      item(id, { type: 'komunitas-belajar', scope: 'nasional', days: 2, start, end }, KB);
    const r = applyCaps([kom('a', '2026-03-03', '2026-03-04'), kom('b', '2026-03-10', '2026-03-11')], KB);
    expect(r.items).toEqual([
      { id: 'a', jp: 4, counted: 4 },
      { id: 'b', jp: 4, counted: 2 },
    ]);
    expect(r.notes[0]?.message).toBe('komunitas-belajar: 4 hari di Maret 2026, dihitung 3');
  });

  it('IV.D.9.e.4 belajar mandiri: at most 2 times (days) per month', () => {
    const bm = (id: string, day: string) =>
      item(id, { type: 'belajar-mandiri', scope: 'nasional', jp: 2, start: day, end: day }, KB);
    const r = applyCaps([bm('a', '2026-03-02'), bm('b', '2026-03-09'), bm('c', '2026-03-16')], KB);
    expect(r.items.map((x) => x.counted)).toEqual([2, 2, 0]);
    expect(r.total).toBe(4);
  });

  it('lan-2018 has no monthly cap for belajar mandiri', () => {
    const bm = (id: string, day: string) => item(id, { type: 'belajar-mandiri', scope: 'nasional', jp: 2, start: day, end: day });
    expect(applyCaps([bm('a', '2026-03-02'), bm('b', '2026-03-09'), bm('c', '2026-03-16')]).total).toBe(6);
  });
});

describe('applyCaps: totals and errors', () => {
  it('sums the parts when nothing is capped, per form key', () => {
    const r = applyCaps([
      item('1', { type: 'seminar', scope: 'internasional', days: 2 }),
      item('2', { type: 'pelatihan-teknis', scope: 'internasional', jp: 7 }),
      item('3', { type: 'seminar', scope: 'nasional', days: 1 }),
    ]);
    expect(r.total).toBe(24.4);
    expect(r.byType).toEqual({ seminar: 16, 'pelatihan-teknis': 8.4 });
    expect(applyCaps([]).total).toBe(0);
  });

  it('undated items cannot be placed in a month and count in full', () => {
    const r = applyCaps([item('a', { type: 'coaching', scope: 'nasional', count: 3 })]);
    expect(r.total).toBe(6);
  });

  it('rejects unknown profiles, unknown forms and bad JP', () => {
    expect(errorCode(() => applyCaps([], 'jakarta-2030'))).toBe('unknown-profile');
    expect(errorCode(() => applyCaps([{ id: 'x', input: { type: 'rapat', scope: 'nasional' }, jp: 2 }]))).toBe('unknown-type');
    expect(errorCode(() => applyCaps([{ id: 'x', input: { type: 'seminar', scope: 'nasional', days: 1 }, jp: -4 }]))).toBe(
      'invalid-number',
    );
    expect(errorCode(() => applyCaps([{ id: 'x', input: { type: 'seminar', scope: 'nasional', days: 1 }, jp: Number.NaN }]))).toBe(
      'invalid-number',
    );
  });
});
