import { TZDate } from '@date-fns/tz';
import { addDays, format, set } from 'date-fns';

/** No reminder leaves between 20:00 and 07:00 office time. */
export const QUIET_START_HOUR = 20;
export const QUIET_END_HOUR = 7;

const local = (now: Date, tz: string) => new TZDate(now.getTime(), tz);

/** Calendar year in the office's time zone. */
export function yearIn(now: Date, tz: string): number {
  return local(now, tz).getFullYear();
}

/** `YYYY-MM` in the office's time zone: the period of an employee's monthly reminder mark. */
export function monthPeriod(now: Date, tz: string): string {
  return format(local(now, tz), 'yyyy-MM');
}

/** The `YYYY-MM` before `period`. */
export function previousMonthPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** `HH:mm` in the office's time zone. */
export function localTime(now: Date, tz: string): string {
  return format(local(now, tz), 'HH:mm');
}

/** True between 20:00 (inclusive) and 07:00 (exclusive) office time. */
export function inQuietHours(now: Date, tz: string): boolean {
  const hour = local(now, tz).getHours();
  return hour >= QUIET_START_HOUR || hour < QUIET_END_HOUR;
}

/** The next 07:00 office time at or after `now` (when quiet hours end). */
export function quietHoursEnd(now: Date, tz: string): Date {
  const here = local(now, tz);
  const at7 = set(here, { hours: QUIET_END_HOUR, minutes: 0, seconds: 0, milliseconds: 0 });
  const end = at7.getTime() < now.getTime() ? addDays(at7, 1) : at7;
  return new Date(end.getTime());
}
