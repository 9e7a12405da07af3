/**
 * File ingest: reads a CSV, TSV, XLSX or JSON Lines file as a stream of
 * masked appeals and rejects.
 */
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { HotlineError, InputFileError, InvalidArgumentError } from '../errors/index.ts';
import { noopLogger, type Logger } from '../logger.ts';
import type { Appeal, Reject, RejectCode } from './appeal.ts';
import { decodeText, type EncodingDetection, type TextEncodingName } from './detect-encoding.ts';
import {
  resolveHeaderMapping,
  uniqueHeaders,
  type AppealField,
  type HeaderMapping,
  type HeaderOverrides,
} from './header-map.ts';
import {
  appealFromFields,
  defaultMaxBodyChars,
  type RawAppealFields,
  type RawValue,
} from './normalize.ts';
import { parseDelimited } from './parse-delimited.ts';
import { parseJsonLines } from './parse-json-lines.ts';
import { readXlsxRows } from './parse-xlsx.ts';

/** File formats the ingest reads. */
export type InputFormat = 'csv' | 'tsv' | 'xlsx' | 'jsonl';

/** One item of {@link readAppeals}: a masked appeal or a rejected record. */
export type ReadItem = { kind: 'appeal'; appeal: Appeal } | { kind: 'reject'; reject: Reject };

/** What the ingest found out about a file, reported once before the first item. */
export interface ReadReport {
  file: string;
  format: InputFormat;
  /** Decoded text encoding; null for XLSX. */
  encoding: TextEncodingName | null;
  /** How the encoding was chosen; null for XLSX. */
  encodingSource: EncodingDetection['source'] | null;
  bom: boolean;
  /** A BOM disagreed with the `encoding` hint and won. */
  hintOverridden: boolean;
  /** Remarks on the encoding and format, in plain English. */
  notes: string[];
  /** Headers (or first-object JSON keys) as found, cleaned and unique. */
  headers: string[];
  /** Header that feeds each Appeal field. */
  mapping: Partial<Record<AppealField, string>>;
  /** Columns read when the body is empty (the teddy `text` field). */
  bodyFallbacks: string[];
  /** Headers that go to `Appeal.extra`. */
  extraColumns: string[];
  /** Cell delimiter for CSV and TSV. */
  delimiter?: string;
}

/** Options of {@link readAppeals}. */
export interface ReadAppealsOptions {
  /**
   * Encoding hint: `utf-8`, `gbk`, `gb2312`, `gb18030`, `utf-16le`,
   * `utf-16be` or `auto` (default). GBK and GB2312 decode as GB18030. A BOM
   * wins over the hint, and the report says so.
   */
  encoding?: string;
  /** Forces the format instead of choosing it by extension. */
  format?: InputFormat;
  /** Columns to use for fields, by header name (CLI: `--map body=诉求描述`). */
  headerMap?: HeaderOverrides;
  /**
   * Records to skip at the start (to resume): they are parsed and counted
   * but not normalised, masked or yielded. Record numbers stay as in the file.
   */
  skipRows?: number;
  /** Longest body accepted; a longer record is rejected as oversized. Default 20,000. */
  maxBodyChars?: number;
  /** Receives file-level facts; never record content. */
  logger?: Logger;
  /** Called once with the {@link ReadReport}, before the first item. */
  onInfo?: (report: ReadReport) => void;
  /** Called after each chunk read from disk, for progress bars. */
  onProgress?: (progress: { bytesRead: number; totalBytes: number }) => void;
}

const extensionFormats: Readonly<Record<string, InputFormat | 'txt'>> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.txt': 'txt',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
};

/**
 * Reads appeals from a file, one record at a time: a million-row file is
 * never held in memory. Each record becomes a masked {@link Appeal} or a
 * {@link Reject} with its 1-based record number (header excluded) and
 * reason; a bad record never stops the rest.
 *
 * The format comes from the extension (`.csv`, `.tsv`, `.txt` with the
 * delimiter sniffed, `.xlsx`, `.jsonl`/`.ndjson`/`.json` as JSON Lines) or
 * from `options.format`. Facts about the file (encoding, headers, mapping)
 * go to `options.onInfo` before the first item.
 *
 * @throws InvalidArgumentError for a bad option or a `headerMap` column that
 *   is not in the file
 * @throws InputFileError when the file cannot be opened, has an unknown
 *   extension, has no title or body column, or is not the format it claims
 * @example
 * for await (const item of readAppeals('calls.csv', { encoding: 'gbk' })) {
 *   if (item.kind === 'appeal') store(item.appeal);
 *   else rejects.push(item.reject);
 * }
 */
export async function* readAppeals(
  file: string,
  options: ReadAppealsOptions = {},
): AsyncGenerator<ReadItem> {
  checkOptions(options);
  const format = chooseFormat(file, options.format);
  const totalBytes = await fileSize(file);
  const logger = options.logger ?? noopLogger;
  const context: ReadContext = {
    file,
    options,
    logger,
    totalBytes,
    skipRows: options.skipRows ?? 0,
    maxBodyChars: options.maxBodyChars ?? defaultMaxBodyChars,
  };

  if (format === 'xlsx') {
    yield* readWorkbook(context);
    return;
  }
  let detection: EncodingDetection | null = null;
  const text = decodeText(readBytes(context, format), {
    ...(options.encoding === undefined ? {} : { hint: options.encoding }),
    onDetected: (found) => {
      detection = found;
    },
    onSwitched: (found) => {
      logger.warn({ file, encoding: found.encoding }, 'encoding switched mid-file');
    },
  });
  if (format === 'jsonl') {
    yield* readJsonLines(context, text, () => detection);
  } else {
    yield* readDelimited(context, text, format, () => detection);
  }
}

interface ReadContext {
  file: string;
  options: ReadAppealsOptions;
  logger: Logger;
  totalBytes: number;
  skipRows: number;
  maxBodyChars: number;
}

function checkOptions(options: ReadAppealsOptions): void {
  const { skipRows, maxBodyChars } = options;
  if (skipRows !== undefined && !(Number.isInteger(skipRows) && skipRows >= 0)) {
    throw new InvalidArgumentError({
      parameter: 'skipRows',
      value: skipRows,
      message: `skipRows must be a whole number of records, 0 or more; got ${String(skipRows)}.`,
    });
  }
  if (maxBodyChars !== undefined && !(Number.isInteger(maxBodyChars) && maxBodyChars > 0)) {
    throw new InvalidArgumentError({
      parameter: 'maxBodyChars',
      value: maxBodyChars,
      message:
        `maxBodyChars must be a whole number of characters above 0; ` +
        `got ${String(maxBodyChars)}.`,
    });
  }
}

function chooseFormat(file: string, forced: InputFormat | undefined): InputFormat | 'txt' {
  if (forced !== undefined) {
    if (!['csv', 'tsv', 'xlsx', 'jsonl'].includes(forced)) {
      throw new InvalidArgumentError({
        parameter: 'format',
        value: forced,
        message: `format "${String(forced)}" is not supported. Supported: csv, tsv, xlsx, jsonl.`,
      });
    }
    return forced;
  }
  const extension = path.extname(file).toLowerCase();
  const format = extensionFormats[extension];
  if (format !== undefined) return format;
  const hint =
    extension === '.xls'
      ? 'The old binary .xls format is not read: save the sheet as .xlsx or CSV UTF-8.'
      : 'Fix: rename it to .csv, .tsv, .txt, .xlsx or .jsonl, ' +
        'or pass --format csv, tsv, xlsx or jsonl.';
  throw new InputFileError({
    file,
    message: `cannot tell the format of ${file} from its extension "${extension}". ${hint}`,
  });
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      throw new InputFileError({
        file,
        message: `${file} is not a file. Fix: pass the path of a file.`,
      });
    }
    return info.size;
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError({
      file,
      message:
        code === 'ENOENT'
          ? `cannot open ${file}: no such file. Fix: check the path.`
          : `cannot open ${file} (${code ?? 'unknown error'}). ` +
            `Fix: check the path and permissions.`,
      cause: error,
    });
  }
}

/**
 * Tells whether a first chunk is binary: it holds a NUL byte and no UTF-16
 * byte-order mark (UTF-16 text has NUL bytes in every ASCII character).
 */
function looksBinary(chunk: Uint8Array): boolean {
  const utf16 =
    (chunk[0] === 0xff && chunk[1] === 0xfe) ||
    (chunk[0] === 0xfe && chunk[1] === 0xff);
  return !utf16 && chunk.includes(0);
}

/** Bytes of the file in 64 KB chunks, with progress, refusing a zip as text. */
async function* readBytes(context: ReadContext, format: string): AsyncGenerator<Uint8Array> {
  let bytesRead = 0;
  const stream = createReadStream(context.file, { highWaterMark: 65_536 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (bytesRead === 0 && isZip(chunk)) {
        throw new InputFileError({
          file: context.file,
          message:
            `${context.file} is a zip file (an XLSX workbook?), not ${format} text. ` +
            `Fix: name it .xlsx or pass --format xlsx.`,
        });
      }
      if (bytesRead === 0 && looksBinary(chunk)) {
        throw new InputFileError({
          file: context.file,
          message:
            `${context.file} does not look like a text file: its first ` +
            `${chunk.length} bytes contain NUL bytes. Fix: export the ` +
            'appeals as CSV, TSV, XLSX or JSON Lines.',
        });
      }
      bytesRead += chunk.length;
      context.options.onProgress?.({ bytesRead, totalBytes: context.totalBytes });
      yield chunk;
    }
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError({
      file: context.file,
      message:
        `reading ${context.file} failed after ${bytesRead} bytes. ` +
        `Fix: check the file and the disk.`,
      cause: error,
    });
  } finally {
    stream.destroy();
  }
}

/** A zip archive (XLSX is one) starts with PK\x03\x04. */
function isZip(chunk: Buffer): boolean {
  return chunk[0] === 0x50 && chunk[1] === 0x4b && chunk[2] === 3 && chunk[3] === 4;
}

function report(
  context: ReadContext,
  format: InputFormat,
  mapping: HeaderMapping,
  detection: EncodingDetection | null,
  delimiter?: string,
): void {
  const info: ReadReport = {
    file: context.file,
    format,
    encoding: detection?.encoding ?? null,
    encodingSource: detection?.source ?? null,
    bom: detection?.bom ?? false,
    hintOverridden: detection?.hintOverridden ?? false,
    notes: [...(detection?.notes ?? [])],
    headers: mapping.headers,
    mapping: mapping.fields,
    bodyFallbacks: mapping.bodyFallbacks,
    extraColumns: mapping.extra,
    ...(delimiter === undefined ? {} : { delimiter }),
  };
  const { logger } = context;
  logger.info(
    {
      file: info.file,
      format,
      encoding: info.encoding,
      encodingSource: info.encodingSource,
      hintOverridden: info.hintOverridden,
      columns: info.headers.length,
      mapping: info.mapping,
    },
    'input file opened',
  );
  for (const note of info.notes) logger.warn({ file: info.file }, note);
  context.options.onInfo?.(info);
}

/** Builds one item from a record keyed by header, or a reject. */
function toItem(
  context: ReadContext,
  mapping: HeaderMapping,
  row: number,
  values: Record<string, RawValue>,
  line: number,
  warnings: string[],
): ReadItem {
  const fields: RawAppealFields = { extra: {} };
  for (const [field, header] of Object.entries(mapping.fields) as [AppealField, string][]) {
    fields[field] = values[header];
  }
  const mapped = new Set([...Object.values(mapping.fields), ...mapping.bodyFallbacks]);
  for (const [header, value] of Object.entries(values)) {
    if (!mapped.has(header)) fields.extra![header] = value;
  }
  if (isEmpty(fields.body)) {
    const fallback = mapping.bodyFallbacks.map((header) => values[header]).find((v) => !isEmpty(v));
    if (fallback !== undefined) fields.body = withoutTitle(String(fallback), fields.title);
  }
  const result = appealFromFields(
    fields,
    { kind: 'file', name: context.file, row },
    { maxBodyChars: context.maxBodyChars, columns: mapping.fields, warnings, line },
  );
  if (result.success) return { kind: 'appeal', appeal: result.appeal };
  return rejectItem(context, result.reject);
}

function isEmpty(value: RawValue): boolean {
  return value === null || value === undefined || String(value).trim() === '';
}

/** Joined title+body text (teddy `text`) without its leading title. */
function withoutTitle(text: string, title: RawValue): string {
  const prefix = isEmpty(title) ? '' : String(title).trim();
  const trimmed = text.trim();
  return prefix !== '' && trimmed.startsWith(prefix) && trimmed.length > prefix.length
    ? trimmed.slice(prefix.length)
    : trimmed;
}

function rejectItem(context: ReadContext, reject: Reject): ReadItem {
  context.logger.debug(
    { file: reject.file, row: reject.row, line: reject.line, code: reject.code },
    'record rejected',
  );
  return { kind: 'reject', reject };
}

function recordReject(
  context: ReadContext,
  row: number,
  line: number,
  code: RejectCode,
  reason: string,
): ReadItem {
  return rejectItem(context, { file: context.file, row, reason, code, line });
}

// --------------------------------------------------------- CSV and TSV

async function* readDelimited(
  context: ReadContext,
  text: AsyncIterable<string>,
  format: InputFormat | 'txt',
  detection: () => EncodingDetection | null,
): AsyncGenerator<ReadItem> {
  const delimiter = format === 'csv' ? ',' : format === 'tsv' ? '\t' : 'auto';
  let mapping: HeaderMapping | null = null;
  let row = 0;
  let usedDelimiter = delimiter;
  const records = parseDelimited(text, {
    delimiter,
    onDelimiter: (chosen) => {
      usedDelimiter = chosen;
    },
  });

  for await (const record of records) {
    if (mapping === null) {
      mapping = resolveHeaderMapping(
        uniqueHeaders(record.cells),
        context.options.headerMap,
        context.file,
      );
      report(context, usedDelimiter === '\t' ? 'tsv' : 'csv', mapping, detection(), usedDelimiter);
      continue;
    }
    row += 1;
    if (row <= context.skipRows) continue;
    const headers = mapping.headers;
    const { cells, line } = record;
    if (cells.length !== headers.length) {
      const extraFilled = cells.slice(headers.length).some((cell) => cell.trim() !== '');
      if (cells.length < headers.length || extraFilled) {
        yield recordReject(
          context,
          row,
          line,
          'column_count',
          cells.length < headers.length
            ? `line ${line} has ${cells.length} cells, the header has ${headers.length}: ` +
                `a line break outside quotes may have split the record; nothing was shifted`
            : `line ${line} has ${cells.length} cells, the header has ${headers.length}, and ` +
                `the cells past the header are not empty: an unquoted delimiter inside a cell? ` +
                `nothing was shifted`,
        );
        continue;
      }
    }
    const values: Record<string, string> = {};
    headers.forEach((header, index) => {
      values[header] = cells[index] ?? '';
    });
    const warnings = record.problem === undefined ? [] : [`line ${line}: ${record.problem}`];
    yield toItem(context, mapping, row, values, line, warnings);
  }
  if (mapping === null) {
    throw new InputFileError({
      file: context.file,
      message: `${context.file} is empty: no header row. Fix: check that the export finished.`,
    });
  }
}

// ------------------------------------------------------------ JSON Lines

/** Leading lines that may fail before the file is judged not to be JSON Lines. */
const jsonProbeLines = 1000;

async function* readJsonLines(
  context: ReadContext,
  text: AsyncIterable<string>,
  detection: () => EncodingDetection | null,
): AsyncGenerator<ReadItem> {
  let mapping: HeaderMapping | null = null;
  let row = 0;
  const early: ReadItem[] = [];
  let firstChunk = true;
  const checked = async function* (): AsyncGenerator<string> {
    for await (const chunk of text) {
      if (firstChunk && chunk.trim() !== '') {
        firstChunk = false;
        if (chunk.trimStart().startsWith('[')) {
          throw new InputFileError({
            file: context.file,
            message:
              `${context.file} is a JSON array, not JSON Lines. Fix: write one object per ` +
              `line, e.g. jq -c '.[]' input.json > input.jsonl.`,
          });
        }
      }
      yield chunk;
    }
  };

  for await (const record of parseJsonLines(checked())) {
    row += 1;
    if ('error' in record) {
      const item = recordReject(context, row, record.line, record.error, record.message);
      if (mapping !== null) {
        if (row > context.skipRows) yield item;
        continue;
      }
      if (row > context.skipRows) early.push(item);
      if (row >= jsonProbeLines) {
        throw new InputFileError({
          file: context.file,
          message:
            `${context.file} does not read as JSON Lines: the first ${row} lines hold no ` +
            `JSON object. Fix: check the file, or pass --format csv, tsv or xlsx.`,
        });
      }
      continue;
    }
    if (mapping === null) {
      mapping = resolveHeaderMapping(
        uniqueHeaders(Object.keys(record.value)),
        context.options.headerMap,
        context.file,
      );
      report(context, 'jsonl', mapping, detection());
      yield* early;
      early.length = 0;
    }
    if (row <= context.skipRows) continue;
    const values: Record<string, RawValue> = {};
    for (const [key, value] of Object.entries(record.value)) values[key] = jsonValue(value);
    yield toItem(context, mapping, row, values, record.line, []);
  }
  if (mapping === null) {
    throw new InputFileError({
      file: context.file,
      message:
        row === 0
          ? `${context.file} is empty. Fix: check that the export finished.`
          : `${context.file} holds no JSON object in its ${row} lines. Fix: check the format.`,
    });
  }
}

function jsonValue(value: unknown): RawValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return JSON.stringify(value);
}

// ------------------------------------------------------------------ XLSX

async function* readWorkbook(context: ReadContext): AsyncGenerator<ReadItem> {
  let mapping: HeaderMapping | null = null;
  let row = 0;
  try {
    const rows = readXlsxRows(countingStream(context));
    for await (const sheetRow of rows) {
      if (mapping === null) {
        mapping = resolveHeaderMapping(
          uniqueHeaders(sheetRow.cells),
          context.options.headerMap,
          context.file,
        );
        report(context, 'xlsx', mapping, null);
        continue;
      }
      row += 1;
      if (row <= context.skipRows) continue;
      const headers = mapping.headers;
      const values: Record<string, string> = {};
      headers.forEach((header, index) => {
        values[header] = sheetRow.cells[index] ?? '';
      });
      for (let index = headers.length; index < sheetRow.cells.length; index += 1) {
        const cell = sheetRow.cells[index] ?? '';
        if (cell.trim() !== '') values[`column_${index + 1}`] = cell;
      }
      const warnings = sheetRow.warnings.map(
        ({ column, message }) => `${headers[column] ?? `column_${column + 1}`}: ${message}`,
      );
      yield toItem(context, mapping, row, values, sheetRow.sheetRow, warnings);
    }
  } catch (error) {
    if (HotlineError.isInstance(error)) throw error;
    throw new InputFileError({
      file: context.file,
      message:
        `${context.file} cannot be read as an XLSX workbook` +
        (row > 0 ? ` after ${row} records` : '') +
        `. Fix: open and re-save it in Excel as .xlsx, or export CSV UTF-8.`,
      cause: error,
    });
  }
  if (mapping === null) {
    throw new InputFileError({
      file: context.file,
      message: `${context.file} has no rows in its first worksheet. Fix: check the workbook.`,
    });
  }
}

/** The file as a stream that reports progress as exceljs reads it. */
function countingStream(context: ReadContext): Readable {
  let bytesRead = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytesRead += chunk.length;
      context.options.onProgress?.({ bytesRead, totalBytes: context.totalBytes });
      callback(null, chunk);
    },
  });
  const source = createReadStream(context.file, { highWaterMark: 65_536 });
  source.on('error', (error) => counter.destroy(error));
  return source.pipe(counter);
}
