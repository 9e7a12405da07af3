import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** Files above this size are not pre-counted; the bar then shows no ETA. */
export const maxCountedBytes = 256 * 1024 * 1024;

const newline = 0x0a;
const quote = 0x22;

/**
 * Counts the records of a CSV, TSV or JSON Lines file without parsing it,
 * so the progress bar can show an ETA. CSV newlines inside double quotes
 * do not end a record, and the first line is taken as the header. Returns
 * null for other formats (such as xlsx) and for files above
 * `maxCountedBytes`.
 *
 * The scan works on bytes: `"` and `\n` never occur inside a multi-byte
 * character of UTF-8 or GB18030, so both encodings count correctly.
 * NOTE: UTF-16 files are not counted correctly.
 */
export async function estimateRecordCount(file: string): Promise<number | null> {
  const extension = path.extname(file).toLowerCase();
  const isJsonLines = extension === '.jsonl' || extension === '.ndjson';
  const isDelimited = ['.csv', '.tsv', '.txt'].includes(extension);
  if (!isJsonLines && !isDelimited) return null;
  const { size } = await stat(file);
  if (size > maxCountedBytes) return null;

  let lines = 0;
  let inQuotes = false;
  let lineHasContent = false;
  for await (const chunk of createReadStream(file)) {
    const bytes = chunk as Buffer;
    for (let index = 0; index < bytes.length; index += 1) {
      const byte = bytes[index];
      if (byte === quote && isDelimited) {
        inQuotes = !inQuotes;
      } else if (byte === newline && !inQuotes) {
        if (lineHasContent) lines += 1;
        lineHasContent = false;
        continue;
      }
      if (byte !== 0x0d && byte !== 0x20) lineHasContent = true;
    }
  }
  if (lineHasContent) lines += 1;
  return isDelimited ? Math.max(lines - 1, 0) : lines;
}
