import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { InputFileError } from '../errors/index.ts';

/** One appeal read for labelling. */
export interface AppealLine {
  id: string;
  text: string;
  /** A label already in the row (e.g. an expert's), passed through. */
  label: string | null;
}

/**
 * Reads appeals from a JSON Lines file (optionally .gz): `id` (else the
 * line number), `text` or `title` + `body`, and an optional `label`.
 * Returns the appeals and the lines that had no text or were not JSON.
 *
 * @throws InputFileError when the file cannot be read.
 */
export async function readAppealLines(
  file: string,
): Promise<{ appeals: AppealLine[]; skipped: Array<{ line: number; reason: string }> }> {
  try {
    await access(file);
  } catch (error) {
    throw new InputFileError({
      file,
      message: `appeal file "${file}" does not exist or cannot be read. Check the --data path.`,
      cause: error,
    });
  }
  let input: NodeJS.ReadableStream = createReadStream(file);
  if (file.endsWith('.gz')) input = input.pipe(createGunzip());
  const appeals: AppealLine[] = [];
  const skipped: Array<{ line: number; reason: string }> = [];
  let line = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    if (raw.trim() === '') continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      skipped.push({ line, reason: 'invalid JSON' });
      continue;
    }
    const text =
      typeof record['text'] === 'string' && record['text'] !== ''
        ? record['text']
        : `${typeof record['title'] === 'string' ? record['title'] : ''}` +
          `${typeof record['body'] === 'string' ? record['body'] : ''}`;
    if (text.trim() === '') {
      skipped.push({ line, reason: 'no text: expected text or title/body' });
      continue;
    }
    const id = record['id'] ?? record['idx'];
    const label = record['label'];
    appeals.push({
      id: id === undefined || id === null ? `line:${line}` : String(id),
      text,
      label: typeof label === 'string' && label !== '' ? label : null,
    });
  }
  return { appeals, skipped };
}
