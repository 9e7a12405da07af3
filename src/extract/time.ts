import type { TimeElement } from '../triage/triage-result.ts';
import { foldCharacters } from './fold-characters.ts';
import {
  addMonths,
  dayMs,
  formatLocal,
  localDate,
  startOfDay,
  startOfWeek,
  toLocal,
} from './local-clock.ts';
import {
  parseRangeEnd,
  parseTimeAt,
  timeStartPattern,
  type TimeFields,
} from './time-expression.ts';

/** Options of {@link extractTimes}. */
export interface TimeOptions {
  /** The instant relative expressions count from: usually when the appeal
   *  was received. Read in China Standard Time (UTC+08:00). */
  now: Date;
}

interface Resolved {
  from: number;
  /** Exclusive end; null for a clock time (a point). */
  to: number | null;
  relative: boolean;
}

/** Hours each part of the day covers, end exclusive; 30 is 06:00 next day. */
const periodHours: Record<string, [number, number]> = {
  凌晨: [0, 6], 清晨: [5, 9], 早晨: [5, 9], 早上: [5, 9], 上午: [8, 12],
  中午: [11, 14], 午后: [12, 18], 下午: [12, 18], 傍晚: [17, 19],
  晚上: [18, 24], 晚间: [18, 24], 夜里: [20, 30], 夜间: [20, 30],
  半夜: [23, 29], 深夜: [22, 29], 白天: [6, 18],
};

/** Parts of the day whose clock hours below 12 mean the afternoon. */
const afternoonPeriods = new Set([
  '午后', '下午', '傍晚', '晚上', '晚间', '夜里', '夜间', '深夜',
]);

/** Parts of the day in which 12点 means midnight. */
const nightPeriods = new Set(['晚上', '晚间', '夜里', '夜间', '深夜']);

/**
 * Finds time expressions in an appeal and resolves them against `now`.
 * Appeals describe the past, so a weekday (周三, 本周三) is the one in the
 * current week even when it has not come yet, never the next one. A month
 * and day without a year take the year that puts them nearest to `now`.
 * Ranges (下周一到下下周一) resolve each end from `now` and run to the end
 * of the right-hand day. Expressions that name no real date (2月30日) give
 * no element.
 */
export function extractTimes(text: string, options: TimeOptions): TimeElement[] {
  const folded = foldCharacters(text);
  const now = toLocal(options.now);
  const elements: TimeElement[] = [];
  let i = 0;
  while (i < folded.length) {
    timeStartPattern.lastIndex = i;
    const candidate = timeStartPattern.exec(folded);
    if (candidate === null) break;
    i = candidate.index;
    const parsed = parseTimeAt(folded, i);
    const resolved = parsed ? resolveFields(parsed.fields, now) : null;
    if (parsed === null || resolved === null) {
      i++;
      continue;
    }
    let end = parsed.end;
    const rangeEnd = parseRangeEnd(folded, end, parsed.fields);
    const resolvedEnd = rangeEnd ? resolveFields(rangeEnd.fields, now) : null;
    if (rangeEnd !== null && resolvedEnd !== null) {
      end = rangeEnd.end;
      resolved.to = resolvedEnd.to ?? resolvedEnd.from;
      resolved.relative ||= resolvedEnd.relative;
    }
    elements.push({
      text: text.slice(i, end),
      start: i,
      end,
      from: formatLocal(resolved.from),
      to: resolved.to === null ? null : formatLocal(resolved.to),
      relative: resolved.relative,
    });
    i = end;
  }
  return elements;
}

function resolveFields(fields: TimeFields, now: number): Resolved | null {
  if (fields.span !== undefined) return resolveSpan(fields.span, now);
  const day = resolveDay(fields, now);
  if (day === null) return null;
  if (fields.hour !== undefined) {
    if (day.to === null || day.to - day.from !== dayMs) return null;
    const hour = clockHour(fields.hour, fields.period);
    const minute = fields.minute ?? 0;
    const second = fields.second ?? 0;
    if (hour === null || minute > 59 || second > 59) return null;
    const from = day.from + ((hour * 60 + minute) * 60 + second) * 1000;
    return { from, to: null, relative: day.relative };
  }
  if (fields.period !== undefined && day.to === day.from + dayMs) {
    const [first, last] = periodHours[fields.period] as [number, number];
    return {
      from: day.from + first * 3600 * 1000,
      to: day.from + last * 3600 * 1000,
      relative: day.relative,
    };
  }
  return day;
}

/** Hour of the day (0-24) for a clock hour read with its part of the day. */
function clockHour(hour: number, period: string | undefined): number | null {
  if (hour > 24) return null;
  if (period === undefined) return hour;
  if (period === '凌晨' || period === '半夜') return hour === 12 ? 0 : hour;
  if (period === '中午') return hour < 6 ? hour + 12 : hour;
  if (afternoonPeriods.has(period) && hour < 12) return hour + 12;
  // 晚上12点 is midnight at the end of the day, not noon.
  if (nightPeriods.has(period) && hour === 12) return 24;
  return hour;
}

/** Resolves the date part to a day, week, month or year range. */
function resolveDay(fields: TimeFields, now: number): Resolved | null {
  const today = startOfDay(now);
  if (fields.weekOffset !== undefined) {
    const monday = startOfWeek(now) + fields.weekOffset * 7 * dayMs;
    if (fields.weekday === 'weekend') {
      return { from: monday + 5 * dayMs, to: monday + 7 * dayMs, relative: true };
    }
    if (fields.weekday !== undefined) {
      const day = monday + fields.weekday * dayMs;
      return { from: day, to: day + dayMs, relative: true };
    }
    return { from: monday, to: monday + 7 * dayMs, relative: true };
  }
  if (fields.dayOffset !== undefined) {
    const day = today + fields.dayOffset * dayMs;
    return { from: day, to: day + dayMs, relative: true };
  }
  const nowDate = new Date(now);
  const nowYear = nowDate.getUTCFullYear();
  if (fields.monthOffset !== undefined) {
    const first = addMonths(Date.UTC(nowYear, nowDate.getUTCMonth(), 1), fields.monthOffset);
    const date = new Date(first);
    return calendarRange(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      fields.day,
      true,
    );
  }
  let year = fields.year;
  if (year === undefined && fields.yearOffset !== undefined) {
    year = nowYear + fields.yearOffset;
  }
  if (year !== undefined) {
    if (year < 1900 || year > 2100) return null;
    if (fields.month === undefined) {
      const from = Date.UTC(year, 0, 1);
      return { from, to: Date.UTC(year + 1, 0, 1), relative: fields.year === undefined };
    }
    return calendarRange(year, fields.month, fields.day, fields.year === undefined);
  }
  if (fields.month !== undefined) {
    return nearestYearRange(fields.month, fields.day, now);
  }
  if (fields.hour !== undefined) {
    // A clock time alone (晚上10点) is on the day of `now`.
    return { from: today, to: today + dayMs, relative: true };
  }
  return null;
}

function calendarRange(
  year: number,
  month: number,
  day: number | undefined,
  relative: boolean,
): Resolved | null {
  const from = localDate(year, month, day ?? 1);
  if (from === null) return null;
  const to = day === undefined ? addMonths(from, 1) : from + dayMs;
  return { from, to, relative };
}

/** Picks the year that puts a month (and day) nearest to now; ties go back. */
function nearestYearRange(
  month: number,
  day: number | undefined,
  now: number,
): Resolved | null {
  const year = new Date(now).getUTCFullYear();
  let best: Resolved | null = null;
  let bestDistance = Infinity;
  for (const candidate of [year - 1, year, year + 1]) {
    const range = calendarRange(candidate, month, day, true);
    if (range === null || range.to === null) continue;
    const distance =
      now < range.from ? range.from - now : now >= range.to ? now - range.to : 0;
    if (distance < bestDistance) {
      best = range;
      bestDistance = distance;
    }
  }
  return best;
}

function resolveSpan(
  span: NonNullable<TimeFields['span']>,
  now: number,
): Resolved {
  const back = moveBack(now, span.amount, span.unit);
  if (span.kind === 'recent') {
    return { from: startOfDay(back), to: now, relative: true };
  }
  const day = startOfDay(back);
  return { from: day, to: day + dayMs, relative: true };
}

function moveBack(now: number, amount: number, unit: string): number {
  switch (unit) {
    case 'day':
      return now - Math.round(amount) * dayMs;
    case 'week':
      return now - Math.round(amount * 7) * dayMs;
    case 'month':
      // 半个月 is 15 days; whole months are calendar months.
      return Number.isInteger(amount)
        ? addMonths(now, -amount)
        : now - Math.round(amount * 30) * dayMs;
    default:
      return addMonths(now, -Math.round(amount * 12));
  }
}
