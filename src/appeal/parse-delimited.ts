/**
 * Streaming CSV/TSV parser for call-centre exports.
 *
 * Rules, after RFC 4180 and what Excel writes:
 * - a cell that starts with `"` is quoted: delimiters and line breaks inside
 *   belong to the cell (Alt+Enter), `""` is one quote;
 * - a quote inside an unquoted cell is text (`物业说"马上修"结果没人来`);
 * - a quoted cell followed by more text before the delimiter
 *   (`"马上修"结果`) is kept as written, quotes included;
 * - a quote that never closes (at the end of the file, or after
 *   `maxRecordChars`) is read as text, and the record ends at its first line
 *   break, so one stray quote cannot swallow the rest of the file;
 * - CRLF, LF and CR end a record; line breaks inside cells come out as LF;
 * - blank lines are skipped; every cell is a string, nothing is inferred.
 */

/** One record of a delimited file. */
export interface DelimitedRecord {
  cells: string[];
  /** 1-based physical line where the record starts. */
  line: number;
  /** A framing problem that was worked around, for the record's warnings. */
  problem?: string;
}

/** Options of {@link parseDelimited}. */
export interface ParseDelimitedOptions {
  /** Cell delimiter, or `auto` to choose tab, comma or semicolon from the first line. */
  delimiter: string;
  /** Longest quoted record before its quote is taken as text; default 1,000,000. */
  maxRecordChars?: number;
  /** Called once with the delimiter in use (the sniffed one for `auto`). */
  onDelimiter?: (delimiter: string) => void;
}

type Parsed =
  | { status: 'complete'; cells: string[]; end: number; lineBreaks: number }
  | { status: 'incomplete' };

const unclosedQuote = 'a quoted cell never closes; its quote was read as text';
const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Parses delimited text into records, holding at most one record plus one
 * chunk in memory.
 */
export async function* parseDelimited(
  chunks: AsyncIterable<string>,
  options: ParseDelimitedOptions,
): AsyncGenerator<DelimitedRecord> {
  const maxRecordChars = options.maxRecordChars ?? 1_000_000;
  let delimiter = options.delimiter === 'auto' ? null : options.delimiter;
  let buffer = '';
  let position = 0;
  let line = 1;
  let announced = false;
  // The record at `position` has a quote that never closed: read it as text.
  let literal = false;

  const drain = function* (eof: boolean): Generator<DelimitedRecord> {
    while (position < buffer.length) {
      let parsed = literal
        ? ({ status: 'incomplete' } as const)
        : parseRecord(buffer, position, delimiter!, eof, false);
      if (parsed.status === 'incomplete') {
        if (!eof && buffer.length - position <= maxRecordChars) return;
        literal = true;
        parsed = parseRecord(buffer, position, delimiter!, eof, true);
        if (parsed.status === 'incomplete') return;
      }
      const problem = literal ? unclosedQuote : undefined;
      literal = false;
      const start = line;
      line += parsed.lineBreaks;
      position = parsed.end;
      const blank = parsed.cells.length === 1 && parsed.cells[0] === '';
      if (blank) continue;
      yield problem === undefined
        ? { cells: parsed.cells, line: start }
        : { cells: parsed.cells, line: start, problem };
    }
  };

  for await (const chunk of chunks) {
    buffer = position > 0 ? buffer.slice(position) + chunk : buffer + chunk;
    position = 0;
    if (delimiter === null) {
      delimiter = sniffDelimiter(buffer);
      if (delimiter === null) continue;
      options.onDelimiter?.(delimiter);
    } else if (!announced) {
      options.onDelimiter?.(delimiter);
    }
    announced = true;
    yield* drain(false);
  }
  if (delimiter === null) {
    delimiter = sniffDelimiter(buffer, true) ?? ',';
    options.onDelimiter?.(delimiter);
  }
  yield* drain(true);
}

/**
 * Chooses the delimiter of a `.txt` export from its first line: tab, then
 * comma, then semicolon, by count. Returns null while the first line is
 * not complete.
 */
export function sniffDelimiter(text: string, eof = false): string | null {
  const newline = text.search(/[\r\n]/);
  if (newline < 0 && !eof) return null;
  const first = newline < 0 ? text : text.slice(0, newline);
  const counts: [string, number][] = [
    ['\t', first.split('\t').length - 1],
    [',', first.split(',').length - 1],
    [';', first.split(';').length - 1],
  ];
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

/**
 * Parses one record starting at `start`. With `literal`, quotes are plain
 * text and the record ends at the first line break.
 */
function parseRecord(
  text: string,
  start: number,
  delimiter: string,
  eof: boolean,
  literal: boolean,
): Parsed {
  const cells: string[] = [];
  const delimiterCode = delimiter.charCodeAt(0);
  let i = start;
  let lineBreaks = 0;

  while (true) {
    // At the start of a cell.
    const quoted =
      !literal && text.charCodeAt(i) === QUOTE ? readQuoted(text, i, delimiterCode, eof) : 'plain';
    if (quoted === null) return { status: 'incomplete' };
    if (quoted !== 'plain') {
      cells.push(quoted.value);
      lineBreaks += quoted.lineBreaks;
      i = quoted.end;
    } else {
      let j = i;
      while (j < text.length) {
        const code = text.charCodeAt(j);
        if (code === delimiterCode || code === LF || code === CR) break;
        j += 1;
      }
      cells.push(text.slice(i, j));
      i = j;
    }

    // After a cell: a delimiter, a line break or the end.
    if (i >= text.length) {
      if (!eof) return { status: 'incomplete' };
      return { status: 'complete', cells, end: i, lineBreaks };
    }
    const code = text.charCodeAt(i);
    if (code === delimiterCode) {
      i += 1;
      continue;
    }
    if (code === CR) {
      if (i + 1 >= text.length && !eof) return { status: 'incomplete' };
      const end = text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      return { status: 'complete', cells, end, lineBreaks: lineBreaks + 1 };
    }
    return { status: 'complete', cells, end: i + 1, lineBreaks: lineBreaks + 1 };
  }
}

interface Quoted {
  value: string;
  end: number;
  lineBreaks: number;
}

/**
 * Reads a cell that starts with a quote at `start`. Returns null when the
 * text ends before the cell does, and `plain` when the quote is text: the
 * quoted part is followed by more text and spans a line break, so it was a
 * stray quote that would otherwise swallow the next lines.
 */
function readQuoted(
  text: string,
  start: number,
  delimiterCode: number,
  eof: boolean,
): Quoted | 'plain' | null {
  let value = '';
  let from = start + 1;
  while (true) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return null;
    value += text.slice(from, quote);
    if (quote + 1 >= text.length && !eof) return null;
    const next = text.charCodeAt(quote + 1);
    if (next === QUOTE) {
      value += '"';
      from = quote + 2;
      continue;
    }
    if (
      quote + 1 >= text.length ||
      next === delimiterCode ||
      next === LF ||
      next === CR
    ) {
      return withLineBreaks(value, quote + 1);
    }
    // Text after the closing quote: keep the cell as written, quotes included.
    let j = quote + 1;
    while (j < text.length) {
      const code = text.charCodeAt(j);
      if (code === delimiterCode || code === LF || code === CR) break;
      j += 1;
    }
    if (j >= text.length && !eof) return null;
    const raw = text.slice(start, j);
    if (/[\r\n]/.test(raw)) return 'plain';
    return withLineBreaks(raw, j);
  }
}

function withLineBreaks(raw: string, end: number): Quoted {
  let lineBreaks = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const code = raw.charCodeAt(i);
    if (code === LF) lineBreaks += 1;
    else if (code === CR && raw.charCodeAt(i + 1) !== LF) lineBreaks += 1;
  }
  const value = lineBreaks > 0 ? raw.replace(/\r\n?/g, '\n') : raw;
  return { value, end, lineBreaks };
}
