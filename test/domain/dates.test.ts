import { describe, expect, it } from 'vitest';
import { daysInclusive, earliestReportableDate, parseUserDate } from '../../src/domain/dates.js';

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

describe('parseUserDate: the forms people type (review fixes)', () => {
  it.each([
    ['10/03/26', '2026-03-10'],
    ['10-3-26', '2026-03-10'],
    ['1.12.25', '2025-12-01'],
    ['2026/03/10', '2026-03-10'],
    ['2026/3/9', '2026-03-09'],
    ['10 Agu 2025', '2025-08-10'],
    ['10 Agus 2025', '2025-08-10'],
    ['10 Agt 2025', '2025-08-10'],
    ['10 agu. 2025', '2025-08-10'],
    ['3 Nop 2025', '2025-11-03'],
    ['3 Nopember 2025', '2025-11-03'],
    ['9 Sept 2025', '2025-09-09'],
    ['9 Sep 2025', '2025-09-09'],
    ['5 Peb 2026', '2026-02-05'],
    ['5 Pebruari 2026', '2026-02-05'],
    ['24 Des 2025', '2025-12-24'],
    ['1 Mei 2025', '2025-05-01'],
    ['1 Mei 25', '2025-05-01'],
    ['10-Mar-2026', '2026-03-10'],
    ['Selasa, 10 Maret 2026', '2026-03-10'],
    ['March 10, 2026', '2026-03-10'],
    ['Aug 17 2025', '2025-08-17'],
    ['10 Maret 2026.', '2026-03-10'],
  ])('reads %s', (input, date) => {
    expect(parseUserDate(input, now, tz)).toEqual({ ok: true, date });
  });

  it.each([
    ['30/02/2026', 'impossible'],
    ['30/02/26', 'impossible'],
    ['13/13/2026', 'impossible'],
    ['0/3/2026', 'impossible'],
    ['2026/02/30', 'impossible'],
    ['32 Des 2025', 'impossible'],
    ['29 Feb 2026', 'impossible'],
    ['10 Foo 2026', 'format'],
    ['10 Juta 2026', 'format'],
    ['10/03/2026x', 'format'],
    ['1/2/3/4', 'format'],
    ['10/03/202', 'format'],
    ['besok lusa', 'format'],
  ])('refuses %s (%s)', (input, reason) => {
    expect(parseUserDate(input, now, tz)).toEqual({ ok: false, reason });
  });

  it('leaves judging the year to the caller: 1900 is read, not called impossible', () => {
    expect(parseUserDate('1/1/1900', now, tz)).toEqual({ ok: true, date: '1900-01-01' });
  });
});

describe('earliestReportableDate', () => {
  it('is 1 January of the previous year in the office time zone', () => {
    expect(earliestReportableDate(now, tz)).toBe('2025-01-01');
    // 31 Dec 2025 18:00 UTC is already 1 Jan 2026 in Jakarta.
    expect(earliestReportableDate(new Date('2025-12-31T18:00:00Z'), tz)).toBe('2025-01-01');
    expect(earliestReportableDate(new Date('2025-12-31T16:00:00Z'), tz)).toBe('2024-01-01');
  });
});
