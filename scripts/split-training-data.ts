/**
 * Splits the labelled Teddy Cup 2020 messages into the shipped training set
 * and a held-out set used only for evaluation, and writes both as gzip JSON
 * Lines under data/teddy/.
 *
 * Usage: npx tsx scripts/split-training-data.ts [SOURCE_JSONL]
 *
 * The held-out set takes 20 % of the rows that have raw text, stratified by
 * label, with duplicate groups kept on one side. Rows whose message also
 * appears in the unlabelled files (hotspot, reply and test files) never go
 * to the held-out set, so self-training on those files cannot see a
 * held-out text.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { createRandom } from '../src/model/random.ts';
import { splitExamples } from '../src/model/split.ts';
import type { TrainingExample } from '../src/model/training-example.ts';

const source =
  process.argv[2] ?? '../shared/data/teddy2020_c/att2_train.jsonl';
const outputDir = 'data/teddy';
const seed = 20241204;

interface SourceRow {
  idx: number;
  label: string;
  text: string | null;
  title: string | null;
  body: string | null;
  tokens: string;
  dup_group: number | null;
  xref: Record<string, string[]> | null;
}

const rows = readFileSync(source, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as SourceRow);

const byIdx = new Map(rows.map((row) => [String(row.idx), row]));
const examples: TrainingExample[] = rows.map((row) => ({
  text: row.text ?? row.tokens,
  label: row.label,
  segmentedOnly: row.text === null,
  group: row.dup_group === null ? `row:${row.idx}` : `group:${row.dup_group}`,
  source: String(row.idx),
}));
const { kept, heldOut } = splitExamples(
  examples,
  0.2,
  createRandom(seed),
  (example) =>
    !example.segmentedOnly && byIdx.get(example.source)!.xref === null,
);

function write(name: string, part: TrainingExample[]): void {
  const lines = part.map((example) => {
    const row = byIdx.get(example.source)!;
    const record: Record<string, unknown> = {
      idx: row.idx,
      label: row.label,
      dup_group: row.dup_group,
    };
    if (row.text !== null) {
      record['title'] = row.title;
      record['body'] = row.body;
      record['text'] = row.text;
    } else {
      record['tokens'] = row.tokens;
    }
    return JSON.stringify(record);
  });
  mkdirSync(outputDir, { recursive: true });
  const file = path.join(outputDir, name);
  writeFileSync(file, gzipSync(Buffer.from(lines.join('\n') + '\n'), { level: 9 }));
  process.stdout.write(`${file}: ${part.length} rows\n`);
}

write('train.jsonl.gz', kept);
write('holdout.jsonl.gz', heldOut);
