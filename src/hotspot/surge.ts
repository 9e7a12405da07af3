import { InvalidArgumentError } from '../errors/index.ts';
import { upperTail } from './count-tail.ts';

/** One appeal counted in a series. */
export interface SurgeEvent {
  /** Series key, e.g. `category:城乡建设|division:A3区`. */
  seriesKey: string;
  /** Calendar day, YYYY-MM-DD. */
  day: string;
  appealId: number;
}

/** Settings of surge detection. */
export interface SurgeOptions {
  /** Target false alarms per month over all series together. */
  falseAlarmsPerMonth: number;
  /** Days of history that give a series' normal level. */
  baselineDays: number;
  /** Days summed for the test, so a rise spread over days still shows. */
  windowDays: number;
  /** No alert below this many appeals in the window. */
  minimumObserved: number;
  /** First and last day (YYYY-MM-DD) to evaluate. */
  from: string;
  to: string;
  /**
   * Counts in α only the series that reach `minimumObserved` in some
   * window evaluated. Only such series can alarm, so a family of many
   * tiny series (topic clusters) is not tested far more strictly. Off by
   * default. NOTE: the bound is then approximate, because which series
   * reach the minimum depends on the data; its rate is not measured.
   */
  countTestableSeriesOnly?: boolean;
}

/** Defaults: one false alarm a month over all series, 8 weeks of history. */
export const defaultSurgeOptions = {
  falseAlarmsPerMonth: 1,
  baselineDays: 56,
  windowDays: 3,
  minimumObserved: 3,
} as const;

/** An abnormal rise in one series. */
export interface SurgeAlert {
  seriesKey: string;
  /** First day of the run of abnormal days (start of the first window). */
  since: string;
  /** First day whose test alarmed, i.e. when the alert was raised. */
  detectedOn: string;
  /** Last abnormal day evaluated. */
  lastDay: string;
  /** Appeals in the window ending on the most abnormal day. */
  observed: number;
  /** Expected appeals in that window from the baseline. */
  expected: number;
  ratio: number;
  /** (observed - expected) / standard deviation. */
  zScore: number;
  /** P(count ≥ observed) under the baseline model. */
  pValue: number;
  /** Appeals in the abnormal run, newest first (at most 5). */
  exampleIds: number[];
}

const dayMs = 86_400_000;
const daysPerMonth = 30.44;

/**
 * Detects abnormal rises in daily appeal counts per series.
 *
 * Each day d in [from, to] is tested: the count over the `windowDays`
 * ending at d against its expectation from the `baselineDays` before the
 * window. The expectation is the series' baseline level times a
 * day-of-week factor (pooled over all series, because single series are
 * too sparse to estimate seven factors). Counts are negative binomial
 * with dispersion estimated from the series' baseline days (Poisson when
 * they are not over-dispersed), and a day alarms when
 * P(count ≥ observed) < α, with α = falseAlarmsPerMonth /
 * (30.44 × series). That bounds the expected number of alarming days, and
 * so of alerts, per month over all series. Consecutive alarming days form
 * one alert.
 */
export function detectSurges(
  events: readonly SurgeEvent[],
  options: SurgeOptions,
): SurgeAlert[] {
  checkOptions(options);
  const from = dayNumber(options.from);
  const to = dayNumber(options.to);
  const start = from - options.baselineDays - options.windowDays;
  const length = to - start + 1;

  const series = new Map<string, { counts: Float64Array; ids: number[][] }>();
  const total = new Float64Array(length);
  for (const event of events) {
    const index = dayNumber(event.day) - start;
    if (index < 0 || index >= length) continue;
    let entry = series.get(event.seriesKey);
    if (entry === undefined) {
      entry = {
        counts: new Float64Array(length),
        ids: Array.from({ length }, () => []),
      };
      series.set(event.seriesKey, entry);
    }
    entry.counts[index] = (entry.counts[index] ?? 0) + 1;
    entry.ids[index]?.push(event.appealId);
    total[index] = (total[index] ?? 0) + 1;
  }
  const weekdayFactor = weekdayFactors(total, start);
  const tested =
    options.countTestableSeriesOnly === true
      ? [...series.values()].filter((entry) =>
          reachesMinimum(entry.counts, from - start, to - start, options),
        ).length
      : series.size;
  const alpha =
    options.falseAlarmsPerMonth / (daysPerMonth * Math.max(1, tested));

  const alerts: SurgeAlert[] = [];
  const keys = [...series.keys()].sort();
  for (const key of keys) {
    const entry = series.get(key) as { counts: Float64Array; ids: number[][] };
    let open: SurgeAlert | null = null;
    for (let day = from; day <= to; day += 1) {
      const test = testDay(entry.counts, day - start, start, weekdayFactor, options);
      const alarming =
        test.observed >= options.minimumObserved && test.pValue < alpha;
      if (!alarming) {
        if (open !== null) alerts.push(open);
        open = null;
        continue;
      }
      const windowStart = day - start - options.windowDays + 1;
      const ids: number[] = [];
      for (let i = day - start; i >= windowStart; i -= 1) {
        ids.push(...[...(entry.ids[i] ?? [])].reverse());
      }
      if (open === null) {
        open = {
          seriesKey: key,
          since: dayString(start + firstRaisedDay(entry.counts, windowStart, day - start)),
          detectedOn: dayString(day),
          lastDay: dayString(day),
          ...test,
          exampleIds: ids.slice(0, 5),
        };
      } else {
        open.lastDay = dayString(day);
        if (test.pValue < open.pValue) {
          Object.assign(open, test);
        }
        open.exampleIds = [...ids, ...open.exampleIds]
          .filter((id, index, all) => all.indexOf(id) === index)
          .slice(0, 5);
      }
    }
    if (open !== null) alerts.push(open);
  }
  return alerts;
}

interface DayTest {
  observed: number;
  expected: number;
  ratio: number;
  zScore: number;
  pValue: number;
}

function testDay(
  counts: Float64Array,
  index: number,
  start: number,
  weekdayFactor: Float64Array,
  options: SurgeOptions,
): DayTest {
  const windowStart = index - options.windowDays + 1;
  const baselineStart = windowStart - options.baselineDays;
  let baselineSum = 0;
  let factorSum = 0;
  let squares = 0;
  for (let i = baselineStart; i < windowStart; i += 1) {
    const count = counts[i] ?? 0;
    baselineSum += count;
    squares += count * count;
    factorSum += weekdayFactor[weekday(start + i)] as number;
  }
  // Half an appeal of prior mass keeps the level above zero for a series
  // that was silent during the baseline.
  const level = (baselineSum + 0.5) / Math.max(factorSum, 1);
  let observed = 0;
  let expected = 0;
  for (let i = windowStart; i <= index; i += 1) {
    observed += counts[i] ?? 0;
    expected += level * (weekdayFactor[weekday(start + i)] as number);
  }
  const days = options.baselineDays;
  const mean = baselineSum / days;
  const variance = squares / days - mean * mean;
  // Method-of-moments dispersion per day; the window sum of independent
  // days with a shared p has size r × windowDays.
  const size =
    variance > mean * 1.05 && mean > 0
      ? ((mean * mean) / (variance - mean)) * options.windowDays
      : Infinity;
  const standardDeviation = Math.sqrt(
    expected + (Number.isFinite(size) ? (expected * expected) / size : 0),
  );
  return {
    observed,
    expected,
    ratio: observed / expected,
    zScore: (observed - expected) / standardDeviation,
    pValue: upperTail(observed, expected, size),
  };
}

/** Mean count per weekday over the mean count per day (1 = average). */
function weekdayFactors(total: Float64Array, start: number): Float64Array {
  const sums = new Float64Array(7);
  const days = new Float64Array(7);
  let all = 0;
  for (let i = 0; i < total.length; i += 1) {
    const w = weekday(start + i);
    sums[w] = (sums[w] ?? 0) + (total[i] ?? 0);
    days[w] = (days[w] ?? 0) + 1;
    all += total[i] ?? 0;
  }
  const overall = all / Math.max(1, total.length);
  const factors = new Float64Array(7).fill(1);
  if (overall === 0) return factors;
  for (let w = 0; w < 7; w += 1) {
    const mean = (sums[w] ?? 0) / Math.max(1, days[w] ?? 0);
    // Shrink towards 1 so a weekday with almost no data stays neutral.
    factors[w] = Math.max(0.2, (mean + overall) / (2 * overall));
  }
  return factors;
}

function firstRaisedDay(
  counts: Float64Array,
  windowStart: number,
  index: number,
): number {
  for (let i = windowStart; i <= index; i += 1) {
    if ((counts[i] ?? 0) > 0) return i;
  }
  return index;
}

/** Days since 1970-01-01 of a YYYY-MM-DD (or longer ISO) string, UTC. */
export function dayNumber(day: string): number {
  const value = Date.parse(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(value)) {
    throw new InvalidArgumentError({
      parameter: 'day',
      value: day,
      message:
        `"${day}" is not a date. Dates must start with YYYY-MM-DD, e.g. ` +
        '2020-01-26.',
    });
  }
  return Math.round(value / dayMs);
}

/** The YYYY-MM-DD string of a day number. */
export function dayString(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

function weekday(day: number): number {
  // 1970-01-01 was a Thursday; 0 is Sunday as in Date.getUTCDay.
  return (day + 4) % 7;
}

/** Tells whether any window ending in [first, last] reaches the minimum. */
function reachesMinimum(
  counts: Float64Array,
  first: number,
  last: number,
  options: SurgeOptions,
): boolean {
  for (let index = first; index <= last; index += 1) {
    let sum = 0;
    for (let i = index - options.windowDays + 1; i <= index; i += 1) {
      sum += counts[i] ?? 0;
    }
    if (sum >= options.minimumObserved) return true;
  }
  return false;
}

function checkOptions(options: SurgeOptions): void {
  const positive: [string, number][] = [
    ['falseAlarmsPerMonth', options.falseAlarmsPerMonth],
    ['baselineDays', options.baselineDays],
    ['windowDays', options.windowDays],
  ];
  for (const [name, value] of positive) {
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new InvalidArgumentError({
        parameter: name,
        value,
        message:
          `surge option ${name} must be a positive number, got ` +
          `${String(value)}. Defaults: ${JSON.stringify(defaultSurgeOptions)}.`,
      });
    }
  }
  if (dayNumber(options.from) > dayNumber(options.to)) {
    throw new InvalidArgumentError({
      parameter: 'from',
      value: options.from,
      message:
        `surge detection range starts (${options.from}) after it ends ` +
        `(${options.to}). Pass from ≤ to.`,
    });
  }
}
