import { describe, expect, it } from 'vitest';
import { planDeadline, planDeadlineSetting, planYear, proposalsLocked } from '../../src/engine/plan/year.js';
import { parseRupiah } from '../../src/engine/plan/parse-rupiah.js';
import { parseJadwal } from '../../src/engine/plan/parse-jadwal.js';

const TZ = 'Asia/Jakarta';

describe('the plan year and its deadline', () => {
  it.each([
    ['2026-09-30T16:59:00Z', 2026], // 30 September 23:59 in Jakarta
    ['2026-09-30T17:00:00Z', 2027], // 1 October 00:00 in Jakarta
    ['2026-12-31T03:00:00Z', 2027],
    ['2027-01-01T03:00:00Z', 2027],
  ])('at %s the plan being prepared is %i', (now, year) => {
    expect(planYear(new Date(now), TZ)).toBe(year);
  });

  it.each([
    [undefined, { ok: true, mmdd: '11-30' }],
    ['', { ok: true, mmdd: '11-30' }],
    ['12-15', { ok: true, mmdd: '12-15' }],
    [' 10-31 ', { ok: true, mmdd: '10-31' }],
    ['02-29', { ok: true, mmdd: '02-29' }],
    ['11-31', { ok: false }],
    ['13-01', { ok: false }],
    ['30 November', { ok: false }],
    ['2026-11-30', { ok: false }],
  ])('BANGKOM_PLAN_DEADLINE=%j reads as %j', (raw, expected) => {
    expect(planDeadlineSetting(raw === undefined ? {} : { BANGKOM_PLAN_DEADLINE: raw })).toMatchObject(expected);
  });

  it('a bad setting falls back to 30 November; the deadline day itself is still open', () => {
    expect(planDeadline(2027, { BANGKOM_PLAN_DEADLINE: 'kapan-kapan' })).toBe('2026-11-30');
    expect(proposalsLocked(undefined, 2027, new Date('2026-11-30T16:59:00Z'), TZ)).toBe(false);
    expect(proposalsLocked(undefined, 2027, new Date('2026-11-30T17:00:00Z'), TZ)).toBe(true);
    expect(proposalsLocked({ reopened: { by: 'x', at: 'y' } } as never, 2027, new Date('2026-12-15T03:00:00Z'), TZ)).toBe(false);
  });
});

describe('typed cost and schedule', () => {
  it.each([
    ['3500000', 3_500_000],
    ['3.500.000', 3_500_000],
    ['Rp 3.500.000,-', 3_500_000],
    ['Rp3,5 juta', 3_500_000],
    ['3.5 jt', 3_500_000],
    ['750 ribu', 750_000],
    ['750rb', 750_000],
    ['0', 0],
    ['gratis', 0],
    ['tanpa biaya', 0],
    ['abc', undefined],
    ['-5', undefined],
    ['1,2,3', undefined],
    ['3 juta rupiah lebih', undefined],
  ])('cost %j is %j', (text, value) => {
    expect(parseRupiah(text)).toBe(value);
  });

  it.each([
    ['Maret', { month: '2027-03' }],
    ['maret 2027', { month: '2027-03' }],
    ['March 2027', { month: '2027-03' }],
    ['03/2027', { month: '2027-03' }],
    ['2027-03', { month: '2027-03' }],
    ['10 Maret 2027', { start: '2027-03-10', end: '2027-03-10' }],
    ['10 maret', { start: '2027-03-10', end: '2027-03-10' }],
    ['10-12 Maret 2027', { start: '2027-03-10', end: '2027-03-12' }],
    ['10 Maret - 2 April 2027', { start: '2027-03-10', end: '2027-04-02' }],
    ['10/03/2027 s.d. 12/03/2027', { start: '2027-03-10', end: '2027-03-12' }],
  ])('schedule %j is %j', (text, jadwal) => {
    expect(parseJadwal(text, 2027)).toEqual({ ok: true, jadwal });
  });

  it.each([
    ['besok lusa', 'format'],
    ['32 Maret 2027', 'impossible'],
    ['12-10 Maret 2027', 'end-before-start'],
    ['13/2027', 'format'],
  ])('schedule %j is refused (%s)', (text, reason) => {
    expect(parseJadwal(text, 2027)).toEqual({ ok: false, reason });
  });
});
