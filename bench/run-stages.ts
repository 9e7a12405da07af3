/**
 * Time per appeal of each stage of `hotline run` on examples/appeals.csv.
 * The stages are reading and masking, the student classifier, element
 * extraction, dispatch, the summary and MinHash signing. Then come storing
 * into SQLite with and without the near-duplicate step, and the whole
 * `runFiles` call as `hotline run` makes it. Stage times are process CPU
 * time (user + system), the fastest of three rounds after a warm-up pass,
 * because the machine is shared and wall time counts other processes'
 * turns. Wall time is printed beside it.
 *
 * Run: npx tsx bench/run-stages.ts [FILE]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Appeal } from '../src/appeal/appeal.ts';
import { readAppeals } from '../src/appeal/read-appeals.ts';
import {
  dispatch,
  loadDepartmentCatalogue,
} from '../src/dispatch/index.ts';
import { extractElements } from '../src/extract/index.ts';
import { MinHasher } from '../src/hotspot/minhash.ts';
import { NearDuplicateRecorder } from '../src/run/record-near-duplicates.ts';
import { runFiles, type AppealTriage } from '../src/run/run-files.ts';
import { AppealRepository } from '../src/store/appeal-repository.ts';
import { openStore } from '../src/store/database.ts';
import { summarize } from '../src/summary/index.ts';
import { createTriagePipeline } from '../src/triage/triage.ts';
import type { Elements } from '../src/triage/triage-result.ts';

const input = path.resolve(process.argv[2] ?? 'examples/appeals.csv');

interface Measured {
  cpuMicros: number;
  wallMicros: number;
}

/** Runs `work` once and returns its CPU and wall time in microseconds. */
async function timed(work: () => unknown): Promise<Measured> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  await work();
  const cpu = process.cpuUsage(cpuStart);
  return {
    cpuMicros: cpu.user + cpu.system,
    wallMicros: (performance.now() - wallStart) * 1000,
  };
}

/**
 * Runs `work` once to warm up, then `rounds` times, and keeps the fastest
 * round: other processes on a shared machine only ever add time.
 */
async function warmTimed(
  work: () => unknown,
  rounds = 3,
): Promise<Measured> {
  await work();
  let cpuMicros = Infinity;
  let wallMicros = Infinity;
  for (let round = 0; round < rounds; round += 1) {
    const measured = await timed(work);
    cpuMicros = Math.min(cpuMicros, measured.cpuMicros);
    wallMicros = Math.min(wallMicros, measured.wallMicros);
  }
  return { cpuMicros, wallMicros };
}

async function readAll(): Promise<Appeal[]> {
  const appeals: Appeal[] = [];
  for await (const item of readAppeals(input)) {
    if (item.kind === 'appeal') appeals.push(item.appeal);
  }
  return appeals;
}

function referenceTime(appeal: Appeal): Date {
  return new Date(`${appeal.receivedAt ?? '2019-06-01T12:00:00'}+08:00`);
}

const loadStart = performance.now();
const pipeline = await createTriagePipeline();
const catalogue = loadDepartmentCatalogue();
extractElements('预热', '预热');
const loadMs = performance.now() - loadStart;

const appeals = await readAll();
const count = appeals.length;
const elements: Elements[] = appeals.map((appeal) =>
  extractElements(appeal.title, appeal.body, { now: referenceTime(appeal) }),
);
const hasher = new MinHasher();

const rows: [string, Measured][] = [];
rows.push(['read + mask', await warmTimed(readAll)]);
rows.push([
  'student classify',
  await warmTimed(() => {
    for (const appeal of appeals) {
      pipeline.student.predict(`${appeal.title}${appeal.body}`);
    }
  }),
]);
rows.push([
  'extractElements',
  await warmTimed(() => {
    for (const appeal of appeals) {
      extractElements(appeal.title, appeal.body, {
        now: referenceTime(appeal),
      });
    }
  }),
]);
rows.push([
  'dispatch',
  await warmTimed(() => {
    appeals.forEach((appeal, index) => {
      dispatch(
        {
          category: '城乡建设',
          confidence: 0.5,
          elements: elements[index] as Elements,
          text: `${appeal.title}\n${appeal.body}`,
        },
        catalogue,
      );
    });
  }),
]);
rows.push([
  'summarize',
  await warmTimed(() => {
    for (const appeal of appeals) summarize(appeal.title, appeal.body);
  }),
]);
rows.push([
  'MinHash signature',
  await warmTimed(() => {
    for (const appeal of appeals) {
      hasher.signText(`${appeal.title}\n${appeal.body}`);
    }
  }),
]);
rows.push([
  'triage (classify to summary)',
  await warmTimed(() => {
    for (const appeal of appeals) {
      pipeline.triage({
        title: appeal.title,
        body: appeal.body,
        receivedAt: appeal.receivedAt,
      });
    }
  }),
]);

// Triage results computed once, so that the cached pipeline below
// costs a map lookup and the row measures reading and storing only.
const keyOf = (input: { title: string; body: string }) =>
  `${input.title}\u0000${input.body}`;
const results = new Map(
  appeals.map((appeal) => [
    keyOf(appeal),
    pipeline.triage({
      title: appeal.title,
      body: appeal.body,
      receivedAt: appeal.receivedAt,
    }),
  ]),
);
const precomputed: AppealTriage = {
  modelVersion: pipeline.modelVersion,
  triage: (input) => {
    const result = results.get(keyOf(input));
    if (result === undefined) throw new Error('appeal missing from the cache');
    return result;
  },
};

// Whole runs, into a new database each time.
const folder = mkdtempSync(path.join(tmpdir(), 'hotline-stage-bench-'));
let runs = 0;
const runInto = async (triage: AppealTriage, nearDuplicates: boolean) => {
  runs += 1;
  const store = await openStore(path.join(folder, `run-${runs}.db`));
  try {
    await runFiles({
      files: [input],
      repository: new AppealRepository(store.db),
      readAppeals,
      pipeline: triage,
      ...(nearDuplicates
        ? { nearDuplicates: await NearDuplicateRecorder.open(store) }
        : {}),
    });
  } finally {
    await store.close();
  }
};
try {
  rows.push([
    'read + store (triage cached)',
    await warmTimed(() => runInto(precomputed, false)),
  ]);
  rows.push([
    'read + store + near-duplicates',
    await warmTimed(() => runInto(precomputed, true)),
  ]);
  rows.push([
    'runFiles end to end',
    await warmTimed(() => runInto(pipeline, true)),
  ]);
} finally {
  rmSync(folder, { recursive: true, force: true });
}

/**
 * CPU µs per appeal of the same stages before the speed-up: commit 525d17f
 * measured with this script (fastest of two runs), on the same 2-core
 * machine at a load average near 2. That run had no near-duplicate step.
 * Printed for comparison only.
 */
const baseline: Record<string, number> = {
  'read + mask': 34.9,
  'student classify': 238.4,
  extractElements: 84.3,
  dispatch: 7.3,
  summarize: 102.9,
  'MinHash signature': 112.1,
  'triage (classify to summary)': 462.0,
  'read + store (triage cached)': 92.7,
  'runFiles end to end': 610.3,
};

const header = [
  'stage',
  'CPU µs per appeal',
  'appeals/s (CPU)',
  'wall µs',
  'before: CPU µs',
];
const table = rows.map(([name, measured]) => [
  name,
  (measured.cpuMicros / count).toFixed(1),
  (count / (measured.cpuMicros / 1e6)).toFixed(0),
  (measured.wallMicros / count).toFixed(1),
  baseline[name]?.toFixed(1) ?? '—',
]);
const widths = header.map((title, column) =>
  Math.max(title.length, ...table.map((cells) => (cells[column] ?? '').length)),
);
const format = (cells: string[]) =>
  `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
process.stdout.write(
  `stages of hotline run: ${path.relative(process.cwd(), input)}, ` +
    `${count} appeals, model ${pipeline.modelVersion}\n` +
    `model, catalogue and division index load: ${loadMs.toFixed(0)} ms\n`,
);
process.stdout.write(`${format(header)}\n`);
process.stdout.write(`${format(widths.map((width) => '-'.repeat(width)))}\n`);
for (const cells of table) process.stdout.write(`${format(cells)}\n`);
