import { describe, expect, it } from 'vitest';
import { applyCaps, computeJp, type ActivityInput, type CapItem } from '../../src/rules/index.js';
import { errorCode, ruleError } from './helpers.js';

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

/** id → counted JP. */
const counted = (r: ReturnType<typeof applyCaps>) => Object.fromEntries(r.items.map((i) => [i.id, i.counted]));

describe('applyCaps: sessions per calendar month (LAN 10/2018 Lampiran B.2 no. 5–6: "maksimal dihitung 2 kali dalam 1 bulan")', () => {
  it('LAN B.2 no. 5 coaching: 3 sessions in March → 2 counted (4 of 6 JP), with a note', () => {
    const r = applyCaps([item('a', coaching(3, '2026-03-02', '2026-03-20'))]);
    expect(r.items).toEqual([{ id: 'a', jp: 6, counted: 4, periods: { '2026-03': 2 } }]);
    expect(r.total).toBe(4);
    expect(r.byType).toEqual({ coaching: 4 });
    expect(r.notes).toEqual([
      { type: 'coaching', period: '2026-03', claimed: 3, counted: 2, unit: 'session', message: 'coaching: 3 sesi di Maret 2026, dihitung 2' },
    ]);
  });

  it('KB IV.D.1.j coaching: 3 sessions in March all count ("maksimal 3 kali pertemuan dalam 1 bulan"), a 4th does not', () => {
    expect(applyCaps([item('a', coaching(3, '2026-03-02'), KB)], KB).total).toBe(6);
    const r = applyCaps([item('a', coaching(4, '2026-03-02', '2026-03-30'), KB)], KB);
    expect(r.total).toBe(6);
    expect(r.notes[0]?.message).toBe('coaching: 4 sesi di Maret 2026, dihitung 3');
  });

  it('LAN B.2 no. 5 international coaching: 3 sessions × 4 JP in one month → 2 × 4 = 8 JP', () => {
    const r = applyCaps([item('a', coaching(3, '2026-03-02', '2026-03-09', 'internasional'))]);
    expect(r.items[0]).toMatchObject({ id: 'a', jp: 12, counted: 8 });
  });

  it('LAN B.2 no. 5: a report spanning two months may use both: 3 sessions Mar 20 – Apr 5 all count', () => {
    const r = applyCaps([item('a', coaching(3, '2026-03-20', '2026-04-05'))]);
    expect(r.total).toBe(6);
    expect(r.notes).toEqual([]);
  });

  it('LAN B.2 no. 5: single-month reports are placed first, a two-month report then uses the month with room', () => {
    // A (Mar 1 – Apr 30, 2 sessions) and B (Mar 10, 2 sessions): March 2 (B) + April 2 (A) = 4 sessions = 8 JP,
    // whatever the order of the input.
    const a = item('A', coaching(2, '2026-03-01', '2026-04-30'));
    const b = item('B', coaching(2, '2026-03-10'));
    for (const items of [[a, b], [b, a]]) {
      const r = applyCaps(items);
      expect(r.total).toBe(8);
      expect(counted(r)).toEqual({ A: 4, B: 4 });
      expect(r.items.find((x) => x.id === 'A')?.periods).toEqual({ '2026-03': 0, '2026-04': 2 });
    }
  });

  it('LAN B.2 no. 5: reports share a month; the months are never above 2 sessions in all', () => {
    // a (Mar 2, 1) → March 1; c (Apr 15, 2) → April 2; b (Mar 10 – Apr 10, 3) → March 1 more, April full.
    const r = applyCaps([
      item('c', coaching(2, '2026-04-15')),
      item('b', coaching(3, '2026-03-10', '2026-04-10')),
      item('a', coaching(1, '2026-03-02')),
    ]);
    expect(counted(r)).toEqual({ c: 4, b: 2, a: 2 });
    expect(r.total).toBe(8);
    expect(r.notes.map((x) => x.message)).toEqual(['coaching: 4 sesi di April 2026, dihitung 2']);
  });

  it('LAN B.2 no. 5: a two-month report takes the room left in each month: 4 sessions Mar 20 – Apr 20 next to 1 in March → 1 + 2', () => {
    const r = applyCaps([item('x', coaching(1, '2026-03-05')), item('y', coaching(4, '2026-03-20', '2026-04-20'))]);
    expect(r.items.find((i) => i.id === 'y')?.periods).toEqual({ '2026-03': 1, '2026-04': 2 });
    expect(r.total).toBe(8);
  });

  it('LAN B.2 no. 5: the higher-JP sessions are kept first (international 4 JP before national 2 JP in one month)', () => {
    const r = applyCaps([item('nas', coaching(2, '2026-03-02')), item('intl', coaching(2, '2026-03-20', '2026-03-20', 'internasional'))]);
    expect(counted(r)).toEqual({ nas: 0, intl: 8 });
  });

  it('same JP per session: chronological by start date, not by id or input order', () => {
    const r = applyCaps([item('a', coaching(2, '2026-03-20')), item('z', coaching(2, '2026-03-02'))]);
    expect(counted(r)).toEqual({ a: 0, z: 4 });
  });

  it('same JP and start date: allocation follows the id', () => {
    const r = applyCaps([item('b', coaching(2, '2026-05-05')), item('a', coaching(2, '2026-05-05'))]);
    expect(counted(r)).toEqual({ b: 0, a: 4 });
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
    expect(r.items.find((i) => i.id === 's')).toEqual({ id: 's', jp: 8, counted: 8 });
  });

  it('kutai-barat keeps the LAN cap of 2 mentoring sessions per month (IV.D.2.i has none of its own)', () => {
    const m = { type: 'mentoring', scope: 'nasional' as const, count: 3, start: '2026-03-03', end: '2026-03-24' };
    expect(applyCaps([item('m', m, KB)], KB).total).toBe(4);
  });

  it('LAN B.2 no. 5: a stated JP does not replace the session conversion, so 3 sessions count 2 × 2 JP', () => {
    const r = applyCaps([item('a', { ...coaching(3, '2026-03-02', '2026-03-16'), jp: 9 })]);
    expect(r.items[0]).toMatchObject({ id: 'a', jp: 6, counted: 4 });
  });

  it('different months and years do not share room', () => {
    const r = applyCaps([item('a', coaching(2, '2026-03-02')), item('b', coaching(2, '2026-04-02')), item('c', coaching(2, '2025-03-02'))]);
    expect(r.total).toBe(12);
  });
});

describe('applyCaps: kutai-barat-2024 caps per year (seed 004 "i. Konversi")', () => {
  const patok = (start: string, end = start, scope: ActivityInput['scope'] = 'nasional'): ActivityInput => ({
    type: 'patok-banding',
    scope,
    start,
    end,
  });

  it('IV.D.7.i patok banding: "paling banyak 1 kali kegiatan dalam setahun"', () => {
    const r = applyCaps([item('a', patok('2026-02-10'), KB), item('b', patok('2026-09-01'), KB)], KB);
    expect(counted(r)).toEqual({ a: 10, b: 0 });
    expect(r.notes.map((x) => x.message)).toEqual(['patok-banding: 2 kegiatan di tahun 2026, dihitung 1']);
    expect(r.notes[0]?.period).toBe('2026');
  });

  it('IV.D.7.i patok banding: the one counted is the one worth most (internasional 20 JP over nasional 10 JP)', () => {
    const r = applyCaps([item('n', patok('2026-02-01'), KB), item('i', patok('2026-05-01', '2026-05-01', 'internasional'), KB)], KB);
    expect(counted(r)).toEqual({ n: 0, i: 20 });
    expect(r.total).toBe(20);
  });

  it('IV.D.7.i patok banding: the year is the year of the end date', () => {
    const r = applyCaps(
      [item('x', patok('2025-12-30', '2026-01-02'), KB), item('y', patok('2026-06-01'), KB), item('z', patok('2025-03-01'), KB)],
      KB,
    );
    expect(counted(r)).toEqual({ x: 10, y: 0, z: 10 });
  });

  it('lan-2018 has no yearly cap for patok banding (Lampiran B.2 no. 3)', () => {
    const r = applyCaps([item('a', patok('2026-02-10')), item('b', patok('2026-09-01'))]);
    expect(r.total).toBe(20);
  });

  it('IV.D.11.i bimbingan di tempat kerja: 1 JP each, "dalam setahun maksimal 4 kali"', () => {
    const btk = (id: string, count: number, start: string) =>
      item(id, { type: 'bimbingan-di-tempat-kerja', scope: 'nasional', count, start, end: start }, KB);
    const r = applyCaps([btk('jan', 2, '2026-01-10'), btk('feb', 2, '2026-02-10'), btk('mar', 1, '2026-03-10')], KB);
    expect(counted(r)).toEqual({ jan: 2, feb: 2, mar: 0 });
    expect(r.total).toBe(4);
    expect(r.notes.map((x) => x.message)).toEqual(['bimbingan-di-tempat-kerja: 5 kegiatan di tahun 2026, dihitung 4']);
  });
});

describe('applyCaps: kutai-barat-2024 "Persyaratan, lama pelaksanaan" limits per month (seed 004)', () => {
  it('IV.D.11.e.4 bimbingan di tempat kerja: "Maksimal 3x dalam 1 bulan", counted by reported activities', () => {
    const r = applyCaps(
      [item('a', { type: 'bimbingan-di-tempat-kerja', scope: 'nasional', count: 4, start: '2026-01-05', end: '2026-01-26' }, KB)],
      KB,
    );
    expect(r.total).toBe(3);
    expect(r.notes.map((x) => x.message)).toEqual(['bimbingan-di-tempat-kerja: 4 kegiatan di Januari 2026, dihitung 3']);
  });

  it('IV.D.11.e.4 then IV.D.11.i: a Dec–Jan report uses both months (2 + 2), then the 2026 year keeps 4', () => {
    const btk = (id: string, count: number, start: string, end: string) =>
      item(id, { type: 'bimbingan-di-tempat-kerja', scope: 'nasional', count, start, end }, KB);
    const r = applyCaps([btk('a', 4, '2025-12-20', '2026-01-05'), btk('b', 3, '2026-02-01', '2026-02-01')], KB);
    expect(r.items.find((i) => i.id === 'a')?.periods).toEqual({ '2025-12': 2, '2026-01': 2, '2026': 4 });
    expect(counted(r)).toEqual({ a: 4, b: 0 });
  });

  describe('IV.D.9.e.4 belajar mandiri: "Maksimal 2x dalam 1 bulan, dengan durasi kegiatan selama 2 JP" = 4 JP per month', () => {
    const bm = (id: string, jp: number, start: string, end = start, scope: ActivityInput['scope'] = 'nasional') =>
      item(id, { type: 'belajar-mandiri', scope, jp, start, end }, KB);

    it('4 JP studied over 1–31 March counts 4 JP (not cut by the 31 calendar days)', () => {
      const r = applyCaps([bm('a', 4, '2026-03-01', '2026-03-31')], KB);
      expect(r.total).toBe(4);
      expect(r.notes).toEqual([]);
    });

    it('three reports of 2 JP on three days in March: 2 × 2 JP counted', () => {
      const r = applyCaps([bm('a', 2, '2026-03-02'), bm('b', 2, '2026-03-09'), bm('c', 2, '2026-03-16')], KB);
      expect(counted(r)).toEqual({ a: 2, b: 2, c: 0 });
      expect(r.notes.map((x) => x.message)).toEqual(['belajar-mandiri: 6 JP di Maret 2026, dihitung 4 JP']);
    });

    it('20 JP over 1–10 March (2 JP per day, IV.D.9.i) counts 4 JP in March', () => {
      const r = applyCaps([bm('a', 20, '2026-03-01', '2026-03-10')], KB);
      expect(r.items[0]).toMatchObject({ jp: 20, counted: 4 });
    });

    it('internasional: 2 × (2 JP + 20%) = 4,8 JP per month', () => {
      const r = applyCaps([bm('a', 6, '2026-03-02', '2026-03-04', 'internasional')], KB);
      expect(r.items[0]).toMatchObject({ jp: 7.2, counted: 4.8 });
    });

    it('8 JP over 30 March – 2 April (4 days) counts 4 JP in March and 4 JP in April', () => {
      const r = applyCaps([bm('a', 8, '2026-03-30', '2026-04-02')], KB);
      expect(r.items[0]).toMatchObject({ jp: 8, counted: 8, periods: { '2026-03': 2, '2026-04': 2 } });
    });

    it('lan-2018 has no monthly limit for belajar mandiri (Lampiran B.2 no. 9)', () => {
      const lan = (id: string, day: string) => item(id, { type: 'belajar-mandiri', scope: 'nasional', jp: 2, start: day, end: day });
      expect(applyCaps([lan('a', '2026-03-02'), lan('b', '2026-03-09'), lan('c', '2026-03-16')]).total).toBe(6);
    });
  });

  describe('IV.D.10.e.7 komunitas belajar: "Maksimal 3x dalam 1 bulan", 1 hari = 2 JP (IV.D.10.i)', () => {
    const kom = (id: string, start: string, end: string, extra: Partial<ActivityInput> = {}) =>
      item(id, { type: 'komunitas-belajar', scope: 'nasional', start, end, ...extra }, KB);

    it('two 2-day meetings in March: 3 of 4 days counted', () => {
      const r = applyCaps([kom('a', '2026-03-03', '2026-03-04'), kom('b', '2026-03-10', '2026-03-11')], KB);
      expect(counted(r)).toEqual({ a: 4, b: 2 });
      expect(r.notes[0]?.message).toBe('komunitas-belajar: 8 JP di Maret 2026, dihitung 6 JP');
    });

    it('30 March – 4 April (6 days): 2 days in March + at most 3 of the 4 in April = 5 days = 10 JP', () => {
      const r = applyCaps([kom('a', '2026-03-30', '2026-04-04')], KB);
      expect(r.items[0]).toEqual({ id: 'a', jp: 12, counted: 10, periods: { '2026-03': 2, '2026-04': 3 } });
      expect(r.notes.map((x) => x.message)).toEqual(['komunitas-belajar: 8 JP di April 2026, dihitung 6 JP']);
    });

    it('a report never uses a month for days it does not have there: 31 Mar – 1 Apr next to 10–12 April', () => {
      // April is full with the 3 days of b; a has only 1 day in March: 1 + 3 = 4 days = 8 JP.
      const r = applyCaps([kom('a', '2026-03-31', '2026-04-01'), kom('b', '2026-04-10', '2026-04-12')], KB);
      expect(counted(r)).toEqual({ a: 2, b: 6 });
      expect(r.items.find((i) => i.id === 'a')?.periods).toEqual({ '2026-03': 1, '2026-04': 0 });
    });

    it('3 meeting days within 1–30 April all count', () => {
      const r = applyCaps([kom('a', '2026-04-01', '2026-04-30', { days: 3 })], KB);
      expect(r.items[0]).toMatchObject({ jp: 6, counted: 6 });
    });

    it('a certificate stating 6 JP for 1–31 March (IV.D.10.i "dalam hal tidak disebutkan") counts 6 JP = 3 × 2 JP', () => {
      const r = applyCaps([kom('a', '2026-03-01', '2026-03-31', { jp: 6 })], KB);
      expect(r.items[0]).toMatchObject({ jp: 6, counted: 6 });
    });

    it('a certificate stating 10 JP for one day is held to 3 × 2 JP = 6 JP in that month', () => {
      const r = applyCaps([kom('a', '2026-03-05', '2026-03-05', { jp: 10 })], KB);
      expect(r.items[0]).toMatchObject({ jp: 10, counted: 6 });
    });
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

  it('a capped form needs dates: an undated coaching report → missing-input, field "dates"', () => {
    const err = ruleError(() => applyCaps([item('a', { type: 'coaching', scope: 'nasional', count: 10 })]));
    expect(err.code).toBe('missing-input');
    expect(err.params).toMatchObject({ field: 'dates', type: 'coaching', id: 'a' });
    // Also next to a dated one, and for a yearly cap (KB IV.D.7.i).
    expect(errorCode(() => applyCaps([item('a', coaching(2, '2026-03-02')), item('b', { type: 'coaching', scope: 'nasional', count: 2 })]))).toBe(
      'missing-input',
    );
    expect(errorCode(() => applyCaps([item('p', { type: 'patok-banding', scope: 'nasional' }, KB)], KB))).toBe('missing-input');
  });

  it('forms without caps do not need dates', () => {
    expect(applyCaps([item('s', { type: 'seminar', scope: 'nasional', days: 2 })]).total).toBe(8);
    expect(applyCaps([item('p', { type: 'patok-banding', scope: 'nasional' })]).total).toBe(10);
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
