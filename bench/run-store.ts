/**
 * End-to-end benchmark of `hotline run` into SQLite: appeals per second,
 * peak RSS of this process and database size, on examples/appeals.csv.
 * Two rows: with a constant triage (reading, masking and storing only)
 * and with the student model, when the triage pipeline is available.
 *
 * Run: npx tsx bench/run-store.ts [FILE]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readAppeals } from '../src/appeal/read-appeals.ts';
import { loadRunModules } from '../src/run/load-run-modules.ts';
import {
  runFiles,
  type AppealTriage,
  type ReadAppeals,
} from '../src/run/run-files.ts';
import { AppealRepository } from '../src/store/appeal-repository.ts';
import { openStore } from '../src/store/database.ts';
import type { TriageResult } from '../src/triage/triage-result.ts';

const input = path.resolve(process.argv[2] ?? 'examples/appeals.csv');

const constantResult: TriageResult = {
  category: '城乡建设',
  confidence: 0.5,
  scores: [{ label: '城乡建设', probability: 0.5 }],
  elements: {
    locations: [],
    division: null,
    times: [],
    appealType: 'complaint',
    appealTypeReason: 'constant',
  },
  departments: [],
  summary: '',
  modelVersion: 'constant',
};

const constantTriage: AppealTriage = {
  modelVersion: 'constant',
  triage: () => constantResult,
};

interface Row {
  triage: string;
  appeals: number;
  seconds: number;
  perSecond: number;
  databaseBytes: number;
}

async function measure(
  name: string,
  pipeline: AppealTriage,
  reader: ReadAppeals,
): Promise<Row> {
  const folder = mkdtempSync(path.join(tmpdir(), 'hotline-run-bench-'));
  const database = path.join(folder, 'bench.db');
  try {
    const store = await openStore(database);
    const started = performance.now();
    const summary = await runFiles({
      files: [input],
      repository: new AppealRepository(store.db),
      readAppeals: reader,
      pipeline,
    });
    const seconds = (performance.now() - started) / 1000;
    await store.close();
    const bytes = ['', '-wal'].reduce((sum, suffix) => {
      try {
        return sum + statSync(database + suffix).size;
      } catch {
        return sum;
      }
    }, 0);
    return {
      triage: name,
      appeals: summary.rows,
      seconds,
      perSecond: summary.rows / seconds,
      databaseBytes: bytes,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const rows: Row[] = [await measure('constant', constantTriage, readAppeals)];
let modelNote = '';
try {
  const modules = await loadRunModules();
  const pipeline = await modules.createTriagePipeline();
  rows.push(await measure(`model ${pipeline.modelVersion}`, pipeline, readAppeals));
} catch (error) {
  modelNote = `model row skipped: ${(error as Error).message.split('\n')[0]}`;
}

const header = ['triage', 'appeals', 'seconds', 'appeals/s', 'db MiB'];
const table = rows.map((row) => [
  row.triage,
  String(row.appeals),
  row.seconds.toFixed(2),
  row.perSecond.toFixed(0),
  (row.databaseBytes / 1024 / 1024).toFixed(1),
]);
const widths = header.map((title, column) =>
  Math.max(title.length, ...table.map((cells) => (cells[column] ?? '').length)),
);
const format = (cells: string[]) =>
  cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
process.stdout.write(`run into SQLite: ${path.relative(process.cwd(), input)}\n`);
process.stdout.write(`${format(header)}\n`);
for (const cells of table) process.stdout.write(`${format(cells)}\n`);
// maxRSS is in kibibytes and covers the whole process, both rows included.
const rss = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`peak RSS of the process: ${rss.toFixed(0)} MiB\n`);
if (modelNote !== '') process.stdout.write(`${modelNote}\n`);
