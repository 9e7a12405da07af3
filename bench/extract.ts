/**
 * Time per appeal of each extraction step on the first 1,000 real appeals
 * (title and body) of the Teddy Cup 2020 hotspot file, one core, after one
 * warm-up pass, in process CPU time. Run: npx tsx bench/extract.ts
 */
import { readFileSync } from 'node:fs';
import {
  classifyAppealType,
  extractAddressElements,
  extractElements,
  extractTimes,
  matchDivisions,
} from '../src/extract/index.ts';
import { divisionIndex } from '../src/extract/division-index.ts';
import { summarize } from '../src/summary/index.ts';
import { sharedData } from '../test/helpers/paths.ts';

interface Row {
  title: string;
  body: string;
}

const rows: Row[] = readFileSync(
  sharedData('teddy2020_c', 'att3_hotspot.jsonl'),
  'utf8',
)
  .trim()
  .split('\n')
  .slice(0, 1000)
  .map((line) => JSON.parse(line) as Row);

const now = new Date('2019-06-01T12:00:00+08:00');
const meanLength =
  rows.reduce((sum, row) => sum + row.title.length + row.body.length, 0) /
  rows.length;

const loadStart = performance.now();
divisionIndex();
const loadMs = performance.now() - loadStart;

const steps: [string, (row: Row) => unknown][] = [
  ['divisions', (row) => matchDivisions(row.title + '\n' + row.body)],
  ['address', (row) => extractAddressElements(row.body)],
  ['times', (row) => extractTimes(row.body, { now })],
  ['appeal type', (row) => classifyAppealType(row.title, row.body)],
  ['extractElements', (row) => extractElements(row.title, row.body, { now })],
  ['summary', (row) => summarize(row.title, row.body)],
];

const lines = [
  `appeals: ${rows.length}, mean length ${meanLength.toFixed(0)} characters`,
  `division index load: ${loadMs.toFixed(0)} ms (once per process)`,
  '',
  '| step | CPU µs per appeal |',
  '| --- | ---: |',
];
for (const [name, step] of steps) {
  for (const row of rows) step(row);
  // CPU time, not wall time: the machine is shared and wall time would
  // count other processes' turns.
  const start = process.cpuUsage();
  const rounds = 3;
  for (let round = 0; round < rounds; round++) {
    for (const row of rows) step(row);
  }
  const used = process.cpuUsage(start);
  const micros = (used.user + used.system) / (rounds * rows.length);
  lines.push(`| ${name} | ${micros.toFixed(1)} |`);
}
process.stdout.write(lines.join('\n') + '\n');
