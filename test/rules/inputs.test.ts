import { describe, expect, it } from 'vitest';
import { activityYear, computeJp, formatJp, listForms, type ActivityInput } from '../../src/rules/index.js';
import { errorCode, ruleError } from './helpers.js';

const n = (type: string, extra: Partial<ActivityInput> = {}): ActivityInput => ({ type, scope: 'nasional', ...extra });

describe('errors', () => {
  it.each([
    ['days 0', n('seminar', { days: 0 })],
    ['days negative', n('seminar', { days: -2 })],
    ['days NaN', n('seminar', { days: Number.NaN })],
    ['days not whole', n('seminar', { days: 1.5 })],
    ['days Infinity', n('seminar', { days: Number.POSITIVE_INFINITY })],
    ['count 0', n('coaching', { count: 0 })],
    ['count negative', n('coaching', { count: -1 })],
    ['jp 0', n('kursus', { jp: 0 })],
    ['jp negative', n('kursus', { jp: -10 })],
    ['jp NaN', n('kursus', { jp: Number.NaN })],
    ['minutes 0', n('kursus', { durationMinutes: 0 })],
    ['minutes negative', n('kursus', { durationMinutes: -45 })],
  ])('%s → invalid-number', (_name, input) => {
    expect(errorCode(() => computeJp(input))).toBe('invalid-number');
  });

  it('unknown form → unknown-type, and the message lists every valid key', () => {
    const err = ruleError(() => computeJp(n('rapat-koordinasi', { days: 1 })));
    expect(err.code).toBe('unknown-type');
    for (const form of listForms()) expect(err.message).toContain(form.key);
    expect(err.message).not.toContain('\n');
  });

  it('unknown profile → unknown-profile', () => {
    expect(errorCode(() => computeJp(n('seminar', { days: 1 }), 'jakarta-2030'))).toBe('unknown-profile');
  });

  it('unknown scope → scope-not-allowed', () => {
    expect(errorCode(() => computeJp({ type: 'seminar', scope: 'luar negeri' as never, days: 1 }))).toBe('scope-not-allowed');
  });

  it.each([
    ['kursus without programme JP', n('kursus')],
    ['seminar without days or dates', n('seminar')],
    ['e-learning with JP but without days (daily cap)', n('e-learning', { jp: 6 })],
    ['klasikal lainnya without stated JP', n('klasikal-lainnya', { days: 2 })],
    ['nonklasikal lainnya without stated JP', n('nonklasikal-lainnya', { count: 1 })],
  ])('%s → missing-input', (_name, input) => {
    expect(errorCode(() => computeJp(input))).toBe('missing-input');
  });

  it('missing-input names the field to ask for', () => {
    expect(ruleError(() => computeJp(n('kursus'))).params).toMatchObject({ type: 'kursus', field: 'jp' });
    expect(ruleError(() => computeJp(n('workshop'))).params).toMatchObject({ type: 'workshop', field: 'days' });
    expect(ruleError(() => computeJp(n('belajar-mandiri', { jp: 2 }))).params).toMatchObject({ field: 'days' });
  });

  it.each([
    ['end before start', n('seminar', { start: '2026-03-05', end: '2026-03-01' })],
    ['not a date', n('seminar', { start: 'kemarin', end: '2026-03-01' })],
    ['impossible date', n('seminar', { start: '2026-02-30', end: '2026-03-01' })],
    ['end before start even when days are given', n('seminar', { days: 1, start: '2026-03-05', end: '2026-03-04' })],
    // Days are calendar days of the activity (LAN B.1 no. 7 "Satu hari"): never more than the dates span.
    ['seminar 10 days on a single date', n('seminar', { days: 10, start: '2026-03-02', end: '2026-03-02' })],
    ['workshop 4 days between 30 March and 1 April (3 days)', n('workshop', { days: 4, start: '2026-03-30', end: '2026-04-01' })],
    ['e-learning 2 days of access on a single date', n('e-learning', { jp: 6, days: 2, start: '2026-03-01', end: '2026-03-01' })],
  ])('%s → bad-dates', (_name, input) => {
    expect(errorCode(() => computeJp(input))).toBe('bad-dates');
  });

  it('days above the date span: a clear Indonesian message on one line', () => {
    const err = ruleError(() => computeJp(n('seminar', { days: 10, start: '2026-03-02', end: '2026-03-02' })));
    expect(err.message).toBe(
      'Jumlah hari (10) lebih banyak dari rentang tanggal 2 Maret 2026 (1 hari); periksa jumlah hari atau tanggalnya',
    );
    expect(err.params).toMatchObject({ field: 'days', days: 10, span: 1 });
    // Days within the span are fine, and forms that do not count days do not check them.
    expect(computeJp(n('seminar', { days: 2, start: '2026-03-02', end: '2026-03-05' })).jp).toBe(8);
    expect(computeJp(n('coaching', { count: 1, days: 5, start: '2026-03-02', end: '2026-03-02' })).jp).toBe(2);
  });
});

describe('dates', () => {
  it('days = calendar days inclusive between start and end', () => {
    expect(computeJp(n('seminar', { start: '2026-03-30', end: '2026-04-01' })).jp).toBe(12); // 3 days × 4
    expect(computeJp(n('workshop', { start: '2024-02-28', end: '2024-03-01' })).jp).toBe(15); // leap year: 3 days × 5
    expect(computeJp(n('seminar', { start: '2026-03-30', end: '2026-03-30' })).jp).toBe(4);
    expect(computeJp(n('seminar', { end: '2026-03-30' })).jp).toBe(4); // one date = one day
  });

  it('given days win over the span of the dates (online access days)', () => {
    expect(computeJp(n('e-learning', { jp: 20, days: 2, start: '2026-03-01', end: '2026-03-31' })).jp).toBe(6);
    expect(computeJp(n('e-learning', { jp: 20, start: '2026-03-01', end: '2026-03-31' })).jp).toBe(20);
  });

  it('activityYear is the year of the end date', () => {
    expect(activityYear({ type: 'seminar', scope: 'nasional', start: '2025-12-30', end: '2026-01-02' })).toBe(2026);
    expect(activityYear({ type: 'seminar', scope: 'nasional', start: '2025-12-30' })).toBe(2025);
    expect(activityYear({ type: 'seminar', scope: 'nasional' })).toBeUndefined();
  });
});

describe('certificate JP replaces the day / activity / session conversion', () => {
  it('seminar 3 days with a 10 JP certificate counts 10, not 3 × 4 = 12', () => {
    const r = computeJp(n('seminar', { days: 3, jp: 10 }));
    expect(r.jp).toBe(10);
    expect(r.explanation).toContain('bukti dukung');
    expect(r.explanation).toContain('menggantikan konversi 3 hari × 4 JP');
  });

  it('works without days for a day form (B.1 no. 8) and for an activity form (B.2 no. 2)', () => {
    expect(computeJp(n('workshop', { jp: 6 })).jp).toBe(6);
    expect(computeJp(n('magang', { jp: 12 })).jp).toBe(12);
    expect(computeJp({ type: 'seminar', scope: 'internasional', days: 1, jp: 5 }).jp).toBe(5);
  });

  it('does not replace the session or semester conversion (B.2 no. 5, A no. 1)', () => {
    expect(computeJp(n('coaching', { count: 2, jp: 3 })).jp).toBe(4);
    expect(computeJp(n('tugas-belajar', { count: 2, jp: 30 })).jp).toBe(40);
  });

  it('caps still apply: e-learning 12 JP in 2 days counts 6', () => {
    expect(computeJp(n('e-learning', { jp: 12, days: 2 })).jp).toBe(6);
  });
});

describe('minutes → JP (1 JP = 45 minutes)', () => {
  it.each([
    ['kursus nasional 135 menit = 3 JP', n('kursus', { durationMinutes: 135 }), 3],
    ['kursus internasional 90 menit = 2 JP + 20% = 2,4 JP', { type: 'kursus', scope: 'internasional', durationMinutes: 90 } as ActivityInput, 2.4],
    ['pelatihan teknis 100 menit = 2,22 JP', n('pelatihan-teknis', { durationMinutes: 100 }), 2.22],
    // Rounded once at the end: 100/45 × 1,2 = 2,666… → 2,67 (not 2,22 × 1,2 = 2,66).
    ['pelatihan teknis internasional 100 menit = 100/45 × 1,2 = 2,67 JP', { type: 'pelatihan-teknis', scope: 'internasional', durationMinutes: 100 } as ActivityInput, 2.67],
    ['kursus internasional 50 menit = 50/45 × 1,2 = 1,33 JP', { type: 'kursus', scope: 'internasional', durationMinutes: 50 } as ActivityInput, 1.33],
    ['belajar mandiri internasional 100 menit in 2 days = 2,67 JP (under 2 × 2,4)', { type: 'belajar-mandiri', scope: 'internasional', durationMinutes: 100, days: 2 } as ActivityInput, 2.67],
    ['e-learning 180 menit in 1 day = 4 JP, at most 3', n('e-learning', { durationMinutes: 180, days: 1 }), 3],
    ['klasikal lainnya 90 menit = 2 JP', n('klasikal-lainnya', { durationMinutes: 90 }), 2],
    ['programme JP wins over minutes', n('kursus', { jp: 10, durationMinutes: 45 }), 10],
    ['seminar is measured in days: minutes ignored', n('seminar', { days: 1, durationMinutes: 90 }), 4],
  ])('%s', (_name, input, expected) => {
    expect(computeJp(input).jp).toBe(expected);
  });

  it('explains the conversion', () => {
    expect(computeJp(n('kursus', { durationMinutes: 135 })).explanation).toBe(
      'Kursus nasional: JP program 135 menit ÷ 45 = 3 JP (Peraturan LAN 10/2018, Lampiran B.1 no. 9)',
    );
    expect(computeJp({ type: 'pelatihan-teknis', scope: 'internasional', durationMinutes: 100 }).explanation).toBe(
      'Pelatihan teknis internasional: JP program 100 menit ÷ 45 = 2,22 JP + 20% = 2,67 JP (Peraturan LAN 10/2018, Lampiran B.1 no. 4)',
    );
  });
});

describe('formatJp and two decimals', () => {
  it.each([
    [12, 'id', '12 JP'],
    [8.4, 'id', '8,4 JP'],
    [2.25, 'id', '2,25 JP'],
    [8.4, 'en', '8.4 JP'],
    [7 * 1.2, 'id', '8,4 JP'],
    [0.1 + 0.2, 'id', '0,3 JP'],
    [2.005, 'en', '2.01 JP'],
    [1234.5, 'id', '1.234,5 JP'],
    [1234.5, 'en', '1,234.5 JP'],
    [1234567.891, 'id', '1.234.567,89 JP'],
    [1000, 'id', '1.000 JP'],
    [999.999, 'id', '1.000 JP'],
    [0, 'id', '0 JP'],
  ] as const)('formatJp(%s, %s) = %s', (value, lang, expected) => {
    expect(formatJp(value, lang)).toBe(expected);
  });

  it('defaults to Indonesian', () => {
    expect(formatJp(8.4)).toBe('8,4 JP');
  });

  it('never rounds to whole JP: 7 JP international = 8.4', () => {
    expect(computeJp({ type: 'kursus', scope: 'internasional', jp: 7 }).jp).toBe(8.4);
    expect(computeJp({ type: 'kursus', scope: 'internasional', jp: 1.25 }).jp).toBe(1.5);
  });
});
