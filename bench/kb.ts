/**
 * Knowledge-base benchmark: import time of the 62-law folder, index size
 * and query latency (search plus the extractive answer with its grounding
 * checks, no remote model), on the hand-written and generated questions.
 *
 * Run: npx tsx bench/kb.ts [LAWS_FOLDER]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../src/store/database.ts';
import { answerQuestion, importDocuments, loadSynonyms } from '../src/kb/index.ts';
import { allPassages } from '../src/kb/kb-database.ts';
import { handWrittenQuestions } from '../src/kb/eval-questions.ts';
import { generateQuestions } from '../src/kb/generate-questions.ts';
import { searchPassages } from '../src/kb/search-passages.ts';
import { seededRandom } from '../src/kb/seeded-random.ts';
import { sharedData } from '../test/helpers/paths.ts';

const lawsFolder = process.argv[2] ?? sharedData('kb', 'laws');
const folder = mkdtempSync(path.join(tmpdir(), 'hotline-kb-bench-'));
const databaseFile = path.join(folder, 'kb.db');

function percentile(sorted: readonly number[], share: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const store = await openStore(databaseFile);
  const importStart = performance.now();
  const report = await importDocuments(store, [lawsFolder]);
  const importMs = performance.now() - importStart;
  const reimportStart = performance.now();
  await importDocuments(store, [lawsFolder]);
  const reimportMs = performance.now() - reimportStart;
  store.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
  const indexBytes = statSync(databaseFile).size;

  const synonyms = loadSynonyms();
  const questions = [
    ...handWrittenQuestions.map((item) => item.question),
    ...generateQuestions(allPassages(store), synonyms, seededRandom(7), 170).map(
      (item) => item.question,
    ),
  ];
  // Warm up jieba and the statement cache.
  for (const question of questions.slice(0, 10)) {
    await answerQuestion(store, question, { synonyms });
  }
  const measure = async (run: (question: string) => Promise<unknown>): Promise<number[]> => {
    const times: number[] = [];
    for (const question of questions) {
      const start = performance.now();
      await run(question);
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b);
  };
  const searchTimes = await measure((q) => searchPassages(store, q, { synonyms }));
  const answerTimes = await measure((q) => answerQuestion(store, q, { synonyms }));
  await store.close();
  rmSync(folder, { recursive: true, force: true });

  const rows: [string, string][] = [
    ['documents / passages', `${report.added} / ${report.passages}`],
    ['import (first, ms)', importMs.toFixed(0)],
    ['re-import unchanged (ms)', reimportMs.toFixed(0)],
    ['database size (MB)', (indexBytes / 1024 / 1024).toFixed(2)],
    ['queries', String(questions.length)],
    ['search p50 / p95 (ms)', `${percentile(searchTimes, 0.5).toFixed(2)} / ${percentile(searchTimes, 0.95).toFixed(2)}`],
    ['answer p50 / p95 (ms)', `${percentile(answerTimes, 0.5).toFixed(2)} / ${percentile(answerTimes, 0.95).toFixed(2)}`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) {
    process.stdout.write(`${name.padEnd(width)}  ${value}\n`);
  }
}

await main();
