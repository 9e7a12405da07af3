import { parseChineseNumber } from './chinese-number.ts';

/**
 * The calendar fields one time expression names, before resolution against
 * the current time. Offsets count from the current year, month, week or day.
 */
export interface TimeFields {
  year?: number;
  yearOffset?: number;
  month?: number;
  monthOffset?: number;
  day?: number;
  dayOffset?: number;
  weekOffset?: number;
  /** 0 = Monday … 6 = Sunday; 'weekend' for Saturday and Sunday. */
  weekday?: number | 'weekend';
  /** Part of the day: 上午, 下午, 晚上, … */
  period?: string;
  hour?: number;
  minute?: number;
  second?: number;
  /** Duration back from now: 三天前 is { amount: 3, unit: 'day', ago }. */
  span?: { amount: number; unit: SpanUnit; kind: 'ago' | 'recent' };
}

/** Unit of a relative duration. */
export type SpanUnit = 'day' | 'week' | 'month' | 'year';

/** One parsed expression and where it ends. */
export interface ParsedTime {
  fields: TimeFields;
  end: number;
}

const numeral = '\\d{1,2}|[零〇一二两三四五六七八九十]{1,3}';
const amount = '\\d{1,3}|[零〇一二两三四五六七八九十百]{1,4}|半';

const numericDatePattern =
  /(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])(?:[日号])?/y;
const yearPattern = /(\d{4}|[〇零一二三四五六七八九]{4})年/y;
const relativeYearPattern = /(大前|前|去|今|本|明|后)年/y;
const monthPattern = new RegExp(`(${numeral})月份?`, 'y');
const relativeMonthPattern = /(上个?|本|这个?|下个?)月份?/y;
const dayPattern = new RegExp(`(${numeral})[日号]`, 'y');
const relativeDayPattern =
  /(大前天|前天|昨天|昨日|昨晚|昨夜|今天|今日|今晚|今早|今晨|明天|明日|明早|明晚|大后天|后天)/y;
const weekPattern =
  /(?:(上上|上|本|这|下下|下)个?)?(周|星期|礼拜)([一二三四五六日天1-7]|末)?/y;
const periodPattern =
  /(凌晨|清晨|早晨|早上|上午|中午|午后|下午|傍晚|晚上|晚间|夜里|夜间|半夜|深夜|白天)/y;
const clockPattern = new RegExp(
  `(${numeral})[点时](?:(${numeral})分|(半)|(一刻)|(三刻))?(?:钟)?`,
  'y',
);
const digitalClockPattern = /(\d{1,2})[:：](\d{2})(?::(\d{2}))?(?!\d)/y;
const agoPattern = new RegExp(
  `(${amount})(个)?多?(天|日|周|星期|礼拜|月|年)多?(以前|之前|前)`,
  'y',
);
const recentPattern = new RegExp(
  `(近来|最近|近|过去|这)?(?:的)?(${amount})(个)?多?(天|日|周|星期|礼拜|月|年)多?(以来|来)?`,
  'y',
);
const separatorPattern = /\s*(?:到|至|~|～|—|-|－)\s*/y;

const weekdayValues: Record<string, number> = {
  一: 0, 二: 1, 三: 2, 四: 3, 五: 4, 六: 5, 日: 6, 天: 6,
  '1': 0, '2': 1, '3': 2, '4': 3, '5': 4, '6': 5, '7': 6,
};

const offsetValues: Record<string, number> = {
  大前: -3, 前: -2, 去: -1, 今: 0, 本: 0, 明: 1, 后: 1,
  上上: -2, 上: -1, 这: 0, 下: 1, 下下: 2,
};

const relativeDays: Record<string, [number, string | null]> = {
  大前天: [-3, null], 前天: [-2, null], 昨天: [-1, null], 昨日: [-1, null],
  昨晚: [-1, '晚上'], 昨夜: [-1, '夜里'], 今天: [0, null], 今日: [0, null],
  今晚: [0, '晚上'], 今早: [0, '早上'], 今晨: [0, '早上'], 明天: [1, null],
  明日: [1, null], 明早: [1, '早上'], 明晚: [1, '晚上'], 后天: [2, null],
  大后天: [3, null],
};

const spanUnits: Record<string, SpanUnit> = {
  天: 'day', 日: 'day', 周: 'week', 星期: 'week', 礼拜: 'week',
  月: 'month', 年: 'year',
};

/**
 * Characters after 一 that make it part of a word (一直, 一起, 一样), so
 * 上周一直 is "all last week", not "last Monday". 一再 is not in the list:
 * 下礼拜一再来 means "come again next Monday".
 */
const wordAfterOne = new Set('直起样些般定切共下次个点向律致边旦齐口'.split(''));

function exec(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

function toNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  return text === '半' ? 0.5 : parseChineseNumber(text);
}

/** Parses a relative duration: 三天前, 两个月以前, 近半年, 三个月来. */
function parseSpan(text: string, at: number): ParsedTime | null {
  const ago = exec(agoPattern, text, at);
  if (ago !== null) {
    const unit = spanUnits[ago[3] as string] as SpanUnit;
    const value = toNumber(ago[1]);
    // 三月前 reads as "before March"; only 三个月前 is a duration.
    if (value !== null && value > 0 && (unit !== 'month' || ago[2])) {
      return {
        fields: { span: { amount: value, unit, kind: 'ago' } },
        end: at + ago[0].length,
      };
    }
  }
  const recent = exec(recentPattern, text, at);
  if (recent === null) return null;
  const prefix = recent[1];
  const suffix = recent[5];
  // 停水三天 is a length, not a time. A prefix (近, 最近) or the suffix 来
  // is required to show that the period runs up to now.
  if (prefix === undefined && suffix === undefined) return null;
  const unit = spanUnits[recent[4] as string] as SpanUnit;
  const value = toNumber(recent[2]);
  if (value === null || value <= 0) return null;
  if (unit === 'month' && !recent[3] && value !== 0.5) return null;
  return {
    fields: { span: { amount: value, unit, kind: 'recent' } },
    end: at + recent[0].length,
  };
}

/** Parses the date part: a numeric date, year-month-day, a day or a week. */
function parseDate(
  text: string,
  at: number,
  fields: TimeFields,
): number {
  const numeric = exec(numericDatePattern, text, at);
  if (numeric !== null) {
    fields.year = Number(numeric[1]);
    fields.month = Number(numeric[3]);
    fields.day = Number(numeric[4]);
    return at + numeric[0].length;
  }
  let position = at;
  const year = exec(yearPattern, text, position);
  const relativeYear = year ? null : exec(relativeYearPattern, text, position);
  if (year !== null) {
    fields.year = parseChineseNumber(year[1] as string) as number;
    position += year[0].length;
  } else if (relativeYear !== null) {
    fields.yearOffset = offsetValues[relativeYear[1] as string] as number;
    position += relativeYear[0].length;
  }
  const month = exec(monthPattern, text, position);
  const relativeMonth =
    month || year || relativeYear
      ? null
      : exec(relativeMonthPattern, text, position);
  if (month !== null) {
    const value = parseChineseNumber(month[1] as string);
    if (value === null) return at;
    fields.month = value;
    position += month[0].length;
  } else if (relativeMonth !== null) {
    const key = (relativeMonth[1] as string).replace('个', '');
    fields.monthOffset = offsetValues[key] as number;
    position += relativeMonth[0].length;
  }
  if (month !== null || relativeMonth !== null) {
    const day = exec(dayPattern, text, position);
    const value = day ? parseChineseNumber(day[1] as string) : null;
    if (day !== null && value !== null) {
      fields.day = value;
      position += day[0].length;
    }
  }
  if (position > at) return position;

  const relativeDay = exec(relativeDayPattern, text, at);
  if (relativeDay !== null) {
    const [offset, period] = relativeDays[relativeDay[1] as string] as [
      number,
      string | null,
    ];
    fields.dayOffset = offset;
    if (period !== null) fields.period = period;
    return at + relativeDay[0].length;
  }
  return parseWeek(text, at, fields);
}

function parseWeek(text: string, at: number, fields: TimeFields): number {
  const week = exec(weekPattern, text, at);
  if (week === null) return at;
  const prefix = week[1];
  let weekday = week[3];
  let end = at + week[0].length;
  if (weekday === '一' && wordAfterOne.has(text[end] ?? '')) {
    weekday = undefined;
    end -= 1;
  }
  // A bare 周 needs a weekday (周三); 周边 and 周围 are not times.
  if (prefix === undefined && weekday === undefined) return at;
  fields.weekOffset = prefix === undefined ? 0 : (offsetValues[prefix] as number);
  if (weekday === '末') fields.weekday = 'weekend';
  else if (weekday !== undefined) {
    fields.weekday = weekdayValues[weekday] as number;
  }
  return end;
}

/** Parses 上午, 晚上10点, 下午3点半, 9:30 after a date or on their own. */
function parseClock(
  text: string,
  at: number,
  fields: TimeFields,
  hasDate: boolean,
): number {
  let position = at;
  const period = exec(periodPattern, text, position);
  if (period !== null) {
    fields.period = period[1] as string;
    position += period[0].length;
  }
  const digital = exec(digitalClockPattern, text, position);
  if (digital !== null) {
    fields.hour = Number(digital[1]);
    fields.minute = Number(digital[2]);
    if (digital[3] !== undefined) fields.second = Number(digital[3]);
    return position + digital[0].length;
  }
  const clock = exec(clockPattern, text, position);
  if (clock === null) return position;
  const hourText = clock[1] as string;
  // 一点 and 两点 alone mean "a little"; 第3点 is a list item.
  const anchored = hasDate || period !== null;
  if (!anchored && !/^\d/.test(hourText)) return position;
  if (!anchored && text[at - 1] === '第') return position;
  const hour = parseChineseNumber(hourText);
  if (hour === null) return position;
  fields.hour = hour;
  const minute = clock[2] ? parseChineseNumber(clock[2]) : null;
  if (minute !== null) fields.minute = minute;
  else if (clock[3]) fields.minute = 30;
  else if (clock[4]) fields.minute = 15;
  else if (clock[5]) fields.minute = 45;
  return position + clock[0].length;
}

/**
 * Parses one time expression starting at `at`, or returns null. A date part
 * may be followed by a part of the day and a clock time (昨天晚上,
 * 5月17日下午3点半, 2019/5/17 9:30).
 */
export function parseTimeAt(text: string, at: number): ParsedTime | null {
  // Never start inside a number: 13812345678 has no 5月 in it.
  if (/\d/.test(text[at] ?? '') && /\d/.test(text[at - 1] ?? '')) return null;
  const span = parseSpan(text, at);
  if (span !== null) return span;

  const fields: TimeFields = {};
  let position = parseDate(text, at, fields);
  const hasDate = position > at;
  const dayPrecise =
    !hasDate ||
    fields.day !== undefined ||
    fields.dayOffset !== undefined ||
    typeof fields.weekday === 'number';
  if (dayPrecise) {
    const gap = hasDate ? (/^\s+/.exec(text.slice(position)) ?? [''])[0] : '';
    const clockEnd = parseClock(text, position + gap.length, fields, hasDate);
    if (clockEnd > position + gap.length) position = clockEnd;
  }
  if (position === at) return null;
  // A period alone (晚上) is too vague to place.
  if (!hasDate && fields.hour === undefined) return null;
  return { fields, end: position };
}

/**
 * Parses the right end of a range (到, 至, ~) after an expression ending at
 * `at`. The end may leave out what it shares with the start: 5月17日至19日,
 * 下午3点到5点.
 */
export function parseRangeEnd(
  text: string,
  at: number,
  start: TimeFields,
): ParsedTime | null {
  const separator = exec(separatorPattern, text, at);
  if (separator === null) return null;
  const position = at + separator[0].length;
  const full = parseTimeAt(text, position);
  if (full !== null && full.fields.span === undefined) {
    if (
      full.fields.hour !== undefined &&
      Object.keys(full.fields).every((key) =>
        ['hour', 'minute', 'second', 'period'].includes(key),
      )
    ) {
      return { fields: inheritDay(start, full.fields), end: full.end };
    }
    return full;
  }
  if (start.month === undefined && start.monthOffset === undefined) return null;
  const day = exec(dayPattern, text, position);
  const value = day ? parseChineseNumber(day[1] as string) : null;
  if (day === null || value === null) return null;
  const fields: TimeFields = { ...start, day: value };
  delete fields.period;
  delete fields.hour;
  delete fields.minute;
  delete fields.second;
  return { fields, end: position + day[0].length };
}

function inheritDay(start: TimeFields, clock: TimeFields): TimeFields {
  const fields: TimeFields = { ...start, ...clock };
  if (clock.period === undefined) {
    if (start.period !== undefined) fields.period = start.period;
    else delete fields.period;
  }
  if (clock.minute === undefined) delete fields.minute;
  if (clock.second === undefined) delete fields.second;
  return fields;
}

/**
 * Finds places where a time expression may start, so the parsers run at a
 * few positions instead of every character: a number followed within three
 * characters by a time unit, or a time word.
 */
export const timeStartPattern =
  /[\d零〇一二两三四五六七八九十百半](?=[\d零〇一二两三四五六七八九十百半个多]{0,3}[年月日号点时:：天周星礼\-/.])|大前|前[天年]|去年|今|本[周月年]|明[天日早晚年]|后[天年]|上上|上个|上[周月]|上星期|上礼拜|这|下下|下个|下[周月午]|下星期|下礼拜|昨|周[一二三四五六日天末1-7]|星期|礼拜|凌晨|清晨|早[晨上]|中午|午后|傍晚|晚[上间]|夜[里间]|半夜|深夜|白天|近|最近|过去/g;
