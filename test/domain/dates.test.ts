import { describe, expect, it } from 'vitest';
import { daysInclusive, parseUserDate } from '../../src/domain/dates.js';

// 2026-03-15 02:00 in Jakarta is still 2026-03-14 in UTC: "hari ini" must follow the office's zone.
const now = new Date('2026-03-14T19:00:00Z');
const tz = 'Asia/Jakarta';

describe('parseUserDate', () => {
  it.each([
    ['2026-03-10', '2026-03-10'],
    ['10/03/2026', '2026-03-10'],
    ['10-3-2026', '2026-03-10'],
    ['10 Maret 2026', '2026-03-10'],
    ['10 maret 2026', '2026-03-10'],
    ['10 Mar 2026', '2026-03-10'],
    ['17 Agustus 2025', '2025-08-17'],
    ['10 March 2026', '2026-03-10'],
    ['hari ini', '2026-03-15'],
    ['Kemarin', '2026-03-14'],
  ])('reads %s', (input, date) => {
    expect(parseUserDate(input, now, tz)).toEqual({ ok: true, date });
  });

  it.each([
    ['32 Februari 2026', 'impossible'],
    ['29 Februari 2026', 'impossible'],
    ['31/04/2026', 'impossible'],
    ['minggu depan', 'format'],
    ['', 'format'],
  ])('refuses %s (%s)', (input, reason) => {
    expect(parseUserDate(input, now, tz)).toEqual({ ok: false, reason });
  });

  it('counts calendar days inclusively, across months and leap days', () => {
    expect(daysInclusive('2026-03-10', '2026-03-10')).toBe(1);
    expect(daysInclusive('2028-02-28', '2028-03-01')).toBe(3);
  });
});
