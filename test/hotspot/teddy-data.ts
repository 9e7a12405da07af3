import { readFileSync } from 'node:fs';
import { sharedData } from '../helpers/paths.ts';

/** One published appeal of the Teddy Cup 2020 problem C data. */
export interface TeddyMessage {
  /** File key and message id, e.g. `att3:188006`. */
  key: string;
  id: string;
  user: string | null;
  title: string;
  body: string;
  time: string | null;
  likes: number;
  dislikes: number;
  label: string | null;
}

const files = {
  att2: 'att2_train.jsonl',
  att3: 'att3_hotspot.jsonl',
  att4: 'att4_replies.jsonl',
  testdata: 'testdata_unlabeled.jsonl',
} as const;

/** Key of a file of the data set. */
export type TeddyFile = keyof typeof files;

/**
 * Reads one file of the data set. Rows of the labelled file without raw
 * text are skipped, and their key uses the row index.
 */
export function readTeddy(file: TeddyFile): TeddyMessage[] {
  const path = sharedData('teddy2020_c', files[file]);
  const messages: TeddyMessage[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as Record<string, unknown>;
    const title = typeof row['title'] === 'string' ? row['title'] : '';
    const body =
      typeof row['body'] === 'string'
        ? row['body']
        : typeof row['text'] === 'string'
          ? row['text']
          : null;
    if (body === null) continue;
    const id = file === 'att2' ? String(row['idx']) : String(row['id']);
    messages.push({
      key: `${file}:${id}`,
      id,
      user: typeof row['user'] === 'string' ? row['user'] : null,
      title,
      body,
      time: typeof row['time'] === 'string' ? row['time'] : null,
      likes: typeof row['likes'] === 'number' ? row['likes'] : 0,
      dislikes: typeof row['dislikes'] === 'number' ? row['dislikes'] : 0,
      label: typeof row['label'] === 'string' ? row['label'] : null,
    });
  }
  return messages;
}

/** A hand-checked pair: two message keys and whether they are repeats. */
export type LabelledPair = [left: string, right: string, same: boolean];

/**
 * Reads the hand-checked near-duplicate pairs: reworded repeats confirmed
 * by reading both messages (same place, same concrete problem) and
 * unrelated or merely similar-sounding messages (same template at another
 * estate, same requester asking something else).
 */
export function readLabelledPairs(): LabelledPair[] {
  const url = new URL('./near-duplicate-pairs.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as LabelledPair[];
}
