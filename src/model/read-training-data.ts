import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { InputFileError, InvalidArgumentError } from '../errors/index.ts';
import type { TrainingExample } from './training-example.ts';

const labelKeys = ['label', 'category', 'recordedCategory', '一级标签', '一级分类'];

function pickString(
  record: Record<string, unknown>,
  keys: readonly string[],
): string | null {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

/**
 * Turns one JSON record into a training example, or returns the reason it
 * cannot be one. Raw text comes from `text`, else `title` + `body`; rows with
 * only `tokens` (space-separated segmentation) are joined without spaces and
 * flagged `segmentedOnly`.
 */
export function exampleFromRecord(
  record: Record<string, unknown>,
  source: string,
): TrainingExample | string {
  const label = pickString(record, labelKeys);
  if (label === null) {
    return `no label: expected one of the fields ${labelKeys.join(', ')}`;
  }
  const title = pickString(record, ['title', '留言主题']) ?? '';
  const body = pickString(record, ['body', '留言详情']) ?? '';
  const raw = pickString(record, ['text']) ?? `${title}${body}`;
  const group =
    record['dup_group'] !== null && record['dup_group'] !== undefined
      ? `group:${String(record['dup_group'])}`
      : `row:${source}`;
  if (raw !== '') {
    return { text: raw, label, segmentedOnly: false, group, source };
  }
  const tokens = pickString(record, ['tokens']);
  if (tokens !== null) {
    const text = tokens.split(/\s+/).join('');
    return { text, label, segmentedOnly: true, group, source };
  }
  return 'no text: expected text, title/body or tokens';
}

/** Result of reading training files: the examples and the skipped rows. */
export interface TrainingData {
  examples: TrainingExample[];
  skipped: Array<{ source: string; reason: string }>;
}

/**
 * Reads labelled examples from JSON Lines files (optionally gzip-compressed,
 * `.jsonl.gz`). Each line is an object with a label (`label`, `category`,
 * `一级标签`) and `text`, `title`/`body` or `tokens`. Unreadable lines are
 * returned in `skipped` with their line number; reading goes on.
 *
 * @throws InputFileError when a file is missing or not JSON Lines.
 */
export async function readTrainingData(
  files: readonly string[],
): Promise<TrainingData> {
  const examples: TrainingExample[] = [];
  const skipped: Array<{ source: string; reason: string }> = [];
  for (const file of files) {
    const name = path.basename(file);
    if (!/\.jsonl(\.gz)?$|\.ndjson$/i.test(name)) {
      throw new InvalidArgumentError({
        parameter: '--data',
        value: file,
        message:
          `training file "${file}" is not JSON Lines (.jsonl, .jsonl.gz). ` +
          'Training reads one JSON object per line with a label and a text.',
      });
    }
    try {
      await access(file);
    } catch (error) {
      throw new InputFileError({
        file,
        message: `training file "${file}" does not exist or cannot be read. Check the --data path.`,
        cause: error,
      });
    }
    let input: NodeJS.ReadableStream = createReadStream(file);
    if (name.endsWith('.gz')) input = input.pipe(createGunzip());
    const lines = createInterface({ input, crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      const source = `${name}:${lineNumber}`;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        skipped.push({ source, reason: 'invalid JSON' });
        continue;
      }
      if (typeof record !== 'object' || record === null) {
        skipped.push({ source, reason: 'not a JSON object' });
        continue;
      }
      const example = exampleFromRecord(
        record as Record<string, unknown>,
        source,
      );
      if (typeof example === 'string') skipped.push({ source, reason: example });
      else examples.push(example);
    }
  }
  return { examples, skipped };
}
