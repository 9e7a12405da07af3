/**
 * Streaming JSON Lines parser: one object per line. A line that is not a
 * JSON object is reported and the rest goes on.
 */

/** One non-blank line of a JSON Lines file. */
export type JsonLineRecord =
  | { line: number; value: Record<string, unknown> }
  | { line: number; error: 'invalid_json' | 'not_an_object'; message: string };

/** Parses JSON Lines text, holding one line plus one chunk in memory. */
export async function* parseJsonLines(
  chunks: AsyncIterable<string>,
): AsyncGenerator<JsonLineRecord> {
  let pending = '';
  let line = 0;
  for await (const chunk of chunks) {
    pending += chunk;
    let newline = pending.indexOf('\n');
    let from = 0;
    while (newline >= 0) {
      line += 1;
      const record = parseLine(pending.slice(from, newline), line);
      if (record) yield record;
      from = newline + 1;
      newline = pending.indexOf('\n', from);
    }
    pending = pending.slice(from);
  }
  if (pending.length > 0) {
    const record = parseLine(pending, line + 1);
    if (record) yield record;
  }
}

function parseLine(text: string, line: number): JsonLineRecord | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    // The engine's message quotes the line, which may hold personal data.
    return {
      line,
      error: 'invalid_json',
      message: `line ${line} is not valid JSON (${trimmed.length} characters)`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return {
      line,
      error: 'not_an_object',
      message: `line ${line} holds ${kind}, not an object with appeal fields`,
    };
  }
  return { line, value: value as Record<string, unknown> };
}
