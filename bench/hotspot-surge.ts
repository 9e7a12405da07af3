/**
 * Surge detection on real background traffic with injected surges.
 * Background: receive days of the public messages (2018-2019), each put
 * in one of 7 categories × 9 districts by a seeded draw, because the
 * messages carry no labels. Each trial injects k extra appeals per day
 * into one series from a random day on, and records the days until the
 * first alert. Run: npx tsx bench/hotspot-surge.ts
 */
import { createSeededRandom } from '../src/hotspot/seeded-random.ts';
import { dayNumber, dayString, defaultSurgeOptions, detectSurges, type SurgeEvent } from '../src/hotspot/surge.ts';
import { readTeddy } from '../test/hotspot/teddy-data.ts';

const random = createSeededRandom(2020);
const seriesKeys: string[] = [];
for (let c = 0; c < 7; c += 1) for (let d = 1; d <= 9; d += 1) seriesKeys.push(`c${c}|A${d}`);
const days: string[] = [];
for (const file of ['att3', 'att4', 'testdata'] as const) {
  for (const message of readTeddy(file)) {
    if (message.time !== null && message.time >= '2018-01-01' && message.time < '2020-01-01') {
      days.push(message.time.slice(0, 10));
    }
  }
}
const background: SurgeEvent[] = days.map((day, index) => ({
  seriesKey: seriesKeys[Math.floor(random() * seriesKeys.length)] as string,
  day,
  appealId: index,
}));
const from = '2018-04-01';
const to = '2019-12-31';
const months = (dayNumber(to) - dayNumber(from) + 1) / 30.44;
console.log(`background: ${background.length} appeals, ${seriesKeys.length} series, ${from} to ${to}`);
console.log('target FA/month | FA/month measured | k/day | detected | median delay | mean delay');
for (const target of [0.5, 1, 2]) {
  const options = { ...defaultSurgeOptions, falseAlarmsPerMonth: target, from, to };
  const falseAlarms = detectSurges(background, options).length / months;
  for (const perDay of [1, 2, 3, 5]) {
    const delays: number[] = [];
    let detected = 0;
    const trials = 30;
    for (let trial = 0; trial < trials; trial += 1) {
      const key = seriesKeys[Math.floor(random() * seriesKeys.length)] as string;
      const start = dayNumber(from) + 60 + Math.floor(random() * 480);
      const injected: SurgeEvent[] = [];
      for (let day = start; day < start + 14; day += 1) {
        for (let k = 0; k < perDay; k += 1) {
          injected.push({ seriesKey: key, day: dayString(day), appealId: 1e7 + trial * 1000 + (day - start) * 10 + k });
        }
      }
      const alerts = detectSurges([...background, ...injected], {
        ...options,
        from: dayString(start - 1),
        to: dayString(start + 13),
      });
      const hit = alerts.find((alert) => alert.seriesKey === key && alert.lastDay >= dayString(start));
      if (hit === undefined) continue;
      detected += 1;
      // Delay: days from the surge start to the first alarming day
      // (0 = alerted on the first day of the surge).
      delays.push(Math.max(0, dayNumber(hit.detectedOn) - start));
    }
    delays.sort((a, b) => a - b);
    const median = delays[Math.floor(delays.length / 2)] ?? Number.NaN;
    const mean = delays.reduce((sum, value) => sum + value, 0) / Math.max(1, delays.length);
    console.log(
      `${target} | ${falseAlarms.toFixed(2)} | ${perDay} | ${detected}/${trials} | ${median} | ${mean.toFixed(1)}`,
    );
  }
}
