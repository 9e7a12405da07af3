/**
 * Maps the column headers (or JSON keys) of an input file to Appeal fields.
 *
 * A header matches a field when, after {@link normalizeHeaderKey}, it equals
 * one of the field's synonyms; earlier synonyms win when several columns
 * match. Matching is exact (no substring guesses: 答复时间 must not become the
 * appeal time); anything else is mapped with an override.
 */
import { InvalidArgumentError } from '../errors/index.ts';
import { InputFileError } from '../errors/index.ts';
import { maskPersonalData } from './mask.ts';

/** Appeal fields that a column can feed. */
export const appealFields = [
  'title',
  'body',
  'receivedAt',
  'recordedCategory',
  'externalId',
  'caller',
] as const;

export type AppealField = (typeof appealFields)[number];

/** Column name overrides, e.g. `{ body: '诉求描述' }` (CLI: `--map body=诉求描述`). */
export type HeaderOverrides = Partial<Record<AppealField, string>>;

/** Synonyms per field, most specific first. */
export const headerSynonyms: Readonly<Record<AppealField, readonly string[]>> = {
  title: ['留言主题', '诉求主题', '工单标题', '主题', '标题', 'title', 'subject'],
  body: [
    '留言详情',
    '诉求内容',
    '诉求描述',
    '诉求',
    '来电内容',
    '工单内容',
    '内容',
    '详情',
    'body',
    'content',
    'description',
    'text',
    '文本',
  ],
  receivedAt: [
    '留言时间',
    '来电时间',
    '受理时间',
    '登记时间',
    '创建时间',
    '时间',
    'received_at',
    'created_at',
    'time',
    'date',
    'datetime',
    'timestamp',
  ],
  recordedCategory: [
    '一级标签',
    '一级分类',
    '分类',
    '类别',
    '标签',
    'category',
    'label',
  ],
  externalId: [
    '留言编号',
    '工单编号',
    '工单号',
    '受理编号',
    '编号',
    'id',
    'ticket_id',
    'external_id',
  ],
  caller: [
    '留言用户',
    '来电号码',
    '来电人',
    '联系电话',
    '用户',
    'caller',
    'phone',
    'user',
  ],
};

/**
 * Body synonyms that hold title and body joined (the teddy `text` field).
 * When another column is the body, these are only read where the body is
 * empty, and they do not go to `extra`.
 */
const joinedTextKeys = new Set(['text', '文本']);

/** Columns that hold segmented tokens instead of raw text. */
export const tokenKeys = new Set(['tokens', '分词', '分词结果']);

/** How the columns of one file feed an appeal. */
export interface HeaderMapping {
  /** Headers as found, cleaned of BOM, quotes and outer spaces. */
  headers: string[];
  /** Header that feeds each field. */
  fields: Partial<Record<AppealField, string>>;
  /** Columns read, in order, when the body column is empty (teddy `text`). */
  bodyFallbacks: string[];
  /** Headers that go to `Appeal.extra`. */
  extra: string[];
}

/**
 * Cleans a header as written in a file: drops a BOM, surrounding quotes and
 * outer white space (including U+3000).
 */
export function cleanHeader(header: string): string {
  let cleaned = header.replace(/^\uFEFF/, '').trim();
  while (/^(["'“”‘’]).*\1$/s.test(cleaned) || /^[“‘].*[”’]$/s.test(cleaned)) {
    cleaned = cleaned.slice(1, -1).trim();
  }
  return cleaned.replace(/^\uFEFF/, '').trim();
}

/**
 * The key a header is matched on: cleaned, lower case, without spaces,
 * `_`, `-` or a trailing `*` marking a required column.
 *
 * @example normalizeHeaderKey(' Created-At ') // 'createdat'
 */
export function normalizeHeaderKey(header: string): string {
  return cleanHeader(header)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-*]/g, '');
}

const synonymIndex: ReadonlyMap<string, { field: AppealField; rank: number }> =
  (() => {
    const index = new Map<string, { field: AppealField; rank: number }>();
    for (const field of appealFields) {
      headerSynonyms[field].forEach((synonym, rank) => {
        index.set(normalizeHeaderKey(synonym), { field, rank });
      });
    }
    return index;
  })();

/**
 * Makes header names unique and non-empty: an empty header becomes
 * `column_N` (1-based) and a repeated one gets `_2`, `_3` ….
 */
export function uniqueHeaders(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((header, index) => {
    let name = cleanHeader(header) || `column_${index + 1}`;
    if (seen.has(name)) {
      let n = 2;
      while (seen.has(`${name}_${n}`)) n += 1;
      name = `${name}_${n}`;
    }
    seen.add(name);
    return name;
  });
}

/**
 * Decides which column feeds which Appeal field.
 *
 * @param headers cleaned, unique headers (see {@link uniqueHeaders})
 * @param overrides columns named by the operator; they win over synonyms
 * @param file the file name, for messages
 * @throws InvalidArgumentError when an override names an unknown field or a
 *   column that is not in the file
 * @throws InputFileError when no column feeds the title or the body
 */
export function resolveHeaderMapping(
  headers: readonly string[],
  overrides: HeaderOverrides = {},
  file = 'the input',
): HeaderMapping {
  const fields: Partial<Record<AppealField, string>> = {};
  const taken = new Set<string>();

  for (const [field, column] of Object.entries(overrides)) {
    if (column === undefined) continue;
    if (!(appealFields as readonly string[]).includes(field)) {
      throw new InvalidArgumentError({
        parameter: 'headerMap',
        value: field,
        message:
          `headerMap names the field "${field}", which is not an appeal field. ` +
          `Fields: ${appealFields.join(', ')}. Fix: use one of these names, ` +
          `e.g. --map body=<column>.`,
      });
    }
    const found = findColumn(headers, column);
    if (found === undefined) {
      throw new InvalidArgumentError({
        parameter: `headerMap.${field}`,
        value: column,
        message:
          `headerMap.${field} names the column "${column}", which is not in ${file}. ` +
          `Headers found: ${describeHeaders(headers)}. Fix: name one of these ` +
          `columns, e.g. --map ${field}=<column>.`,
      });
    }
    fields[field as AppealField] = found;
    taken.add(found);
  }

  const best = new Map<AppealField, { header: string; rank: number }>();
  const bodyFallbacks: string[] = [];
  for (const header of headers) {
    if (taken.has(header)) continue;
    const key = normalizeHeaderKey(header);
    const match = synonymIndex.get(key);
    if (!match || fields[match.field] !== undefined) continue;
    const current = best.get(match.field);
    if (!current || match.rank < current.rank) best.set(match.field, { header, rank: match.rank });
  }
  for (const [field, { header }] of best) {
    fields[field] = header;
    taken.add(header);
  }
  for (const header of headers) {
    if (!taken.has(header) && joinedTextKeys.has(normalizeHeaderKey(header))) {
      bodyFallbacks.push(header);
      taken.add(header);
    }
  }

  if (fields.title === undefined && fields.body === undefined && bodyFallbacks.length === 0) {
    throw new InputFileError({
      file,
      message:
        `${file} has no title or body column. Headers found: ${describeHeaders(headers)}. ` +
        `Recognised body names: ${headerSynonyms.body.join(', ')}; title names: ` +
        `${headerSynonyms.title.join(', ')}. Fix: rename the column, or map it with ` +
        `headerMap { body: '<column>' } (CLI: --map body=<column>,title=<column>).`,
    });
  }

  return {
    headers: [...headers],
    fields,
    bodyFallbacks,
    extra: headers.filter((header) => !taken.has(header)),
  };
}

/** Finds a column by exact name, then by normalised key. */
function findColumn(headers: readonly string[], column: string): string | undefined {
  const cleaned = cleanHeader(column);
  const exact = headers.find((header) => header === cleaned);
  if (exact !== undefined) return exact;
  const key = normalizeHeaderKey(column);
  return headers.find((header) => normalizeHeaderKey(header) === key);
}

/**
 * Lists headers for a message, masked: a file without a header row has data
 * (maybe phone numbers) where the headers should be.
 */
export function describeHeaders(headers: readonly string[]): string {
  if (headers.length === 0) return '(none)';
  const shown = headers
    .slice(0, 30)
    .map((header) => maskPersonalData(header, 'header').text);
  const more = headers.length > 30 ? `, … (${headers.length - 30} more)` : '';
  return shown.join(', ') + more;
}
