/**
 * Wall-clock arithmetic in China Standard Time (UTC+08:00, no daylight
 * saving) that does not depend on the machine's time zone. A local time is
 * held as the milliseconds at which a UTC clock would show the same fields,
 * so the getUTC* methods read local fields.
 */

/** Offset of China Standard Time from UTC, in milliseconds. */
export const chinaOffsetMs = 8 * 3600 * 1000;

/** One day in milliseconds. */
export const dayMs = 24 * 3600 * 1000;

/** Converts an instant to local wall-clock milliseconds. */
export function toLocal(instant: Date): number {
  return instant.getTime() + chinaOffsetMs;
}

/** Midnight that starts the local day of `local`. */
export function startOfDay(local: number): number {
  return Math.floor(local / dayMs) * dayMs;
}

/** Monday 00:00 of the week containing `local` (weeks start on Monday). */
export function startOfWeek(local: number): number {
  const day = startOfDay(local);
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * dayMs;
}

/** Local midnight of a calendar date; null when the date does not exist. */
export function localDate(
  year: number,
  month: number,
  day: number,
): number | null {
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  const value = Date.UTC(year, month - 1, day);
  // Date.UTC maps years 0-99 to 1900-1999.
  return new Date(value).getUTCFullYear() === year ? value : null;
}

/** Number of days in a month (1-12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Moves `local` by whole calendar months, keeping the time of day and
 * clamping the day to the target month (3-31 minus one month is 2-29 or
 * 2-28).
 */
export function addMonths(local: number, months: number): number {
  const date = new Date(local);
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  return Date.UTC(year, month - 1, day) + (local - startOfDay(local));
}

/** Formats local milliseconds as ISO 8601 without a zone: 2024-05-17T22:00:00. */
export function formatLocal(local: number): string {
  return new Date(local).toISOString().slice(0, 19);
}
