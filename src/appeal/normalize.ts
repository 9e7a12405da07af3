/**
 * Turns the raw fields of one record into a masked, canonical Appeal.
 *
 * Values stay strings as written: nothing is inferred as a number, and an
 * identifier that Excel already turned into scientific notation is flagged,
 * masked where it is personal data, and never expanded.
 */
import { createHash } from 'node:crypto';
import type { Appeal, AppealSource, MaskSpan, Reject, RejectCode } from './appeal.ts';
import type { AppealField } from './header-map.ts';
import { tokenKeys, normalizeHeaderKey } from './header-map.ts';
import { columnContext, isScientificNotation, maskPersonalData } from './mask.ts';

/** A raw value as a parser or a JSON body hands it over. */
export type RawValue = string | number | boolean | null | undefined;

/** The raw fields of one record, before normalisation and masking. */
export type RawAppealFields = Partial<Record<AppealField, RawValue>> & {
  /** Columns that map to no field, by original header. */
  extra?: Record<string, RawValue>;
};

/** Options of {@link appealFromFields}. */
export interface NormalizeOptions {
  /** Longest body accepted; a longer one is rejected as oversized. Default 20,000. */
  maxBodyChars?: number;
  /**
   * Header each field came from, used in warnings (`工单编号: …`); the field
   * name is used where absent.
   */
  columns?: Partial<Record<AppealField, string>>;
  /** Warnings a parser already raised for this record. */
  warnings?: readonly string[];
  /** Physical line (text files) or sheet row (workbooks), for rejects. */
  line?: number;
}

/** Result of {@link appealFromFields}: an appeal, or the reason there is none. */
export type AppealResult =
  | { success: true; appeal: Appeal }
  | { success: false; reject: Reject };

/** Default of {@link NormalizeOptions.maxBodyChars}. */
export const defaultMaxBodyChars = 20_000;

const IDENTIFIER_HEADER = /身份证|证件|电话|号码|手机|phone|mobile|tel|id_?card/i;

/**
 * Makes a masked Appeal from raw fields, or a reject with the reason.
 *
 * Usable for file rows (through `readAppeals`) and for a JSON body posted to
 * the HTTP API. Rejects: no title and no body (`empty_record`, or
 * `tokens_only` when only segmented tokens are there) and a body longer than
 * `maxBodyChars` (`oversized`). An unparseable time is a warning: the appeal
 * keeps `receivedAt: null` and the raw value in `extra`. Empty extra values
 * are dropped. Title, body, caller and extra values are masked (see
 * `maskPersonalData`); the external id and the category are not.
 *
 * @example
 * const result = appealFromFields(
 *   { title: '小区停水', body: '联系电话15800001234', receivedAt: '2019/4/25 9:32:09' },
 *   { kind: 'api', name: 'web-form', row: 0 },
 * );
 * // result.success && result.appeal.body === '联系电话158****1234'
 */
export function appealFromFields(
  fields: RawAppealFields,
  source: AppealSource,
  options: NormalizeOptions = {},
): AppealResult {
  const maxBodyChars = options.maxBodyChars ?? defaultMaxBodyChars;
  const warnings = [...(options.warnings ?? [])];
  const label = (field: AppealField): string => options.columns?.[field] ?? field;
  const reject = (code: RejectCode, reason: string): AppealResult => ({
    success: false,
    reject: {
      file: source.name,
      row: source.row,
      reason,
      code,
      ...(options.line === undefined ? {} : { line: options.line }),
    },
  });

  const title = toText(fields.title, label('title'), warnings).trim();
  const body = toText(fields.body, label('body'), warnings).trim();
  const extraRaw = fields.extra ?? {};

  if (title === '' && body === '') {
    const tokensOnly = Object.entries(extraRaw).some(
      ([key, value]) => tokenKeys.has(normalizeHeaderKey(key)) && nonEmpty(value),
    );
    return tokensOnly
      ? reject('tokens_only', 'no raw text, only segmented tokens: not an appeal')
      : reject('empty_record', 'empty title and body');
  }
  // U+FFFD is what a decoder writes for bytes it cannot read, e.g. one row
  // saved in GBK inside a UTF-8 file. Storing it would keep garbage text.
  const garbled = title.includes('\uFFFD') ? 'title' : body.includes('\uFFFD') ? 'body' : null;
  if (garbled !== null) {
    return reject(
      'undecodable',
      `undecodable: the ${label(garbled)} has bytes that do not decode in the file's encoding ` +
        '(shown as U+FFFD), e.g. a row saved in another encoding. Fix: save the whole file ' +
        'in one encoding (UTF-8 or GB18030), or pass --encoding',
    );
  }
  if (body.length > maxBodyChars) {
    return reject(
      'oversized',
      `oversized: the body has ${body.length} characters, the limit is ` +
        `${maxBodyChars}. Fix: split the text into separate appeals or shorten it`,
    );
  }

  const spans: MaskSpan[] = [];
  const mask = (text: string, field: string): string => {
    const masked = maskPersonalData(text, field);
    spans.push(...masked.spans);
    return masked.text;
  };

  const maskedTitle = mask(title, 'title');
  const maskedBody = mask(body, 'body');
  const extra: Record<string, string> = {};
  let receivedAt: string | null = null;
  const rawTime = toText(fields.receivedAt, label('receivedAt'), warnings).trim();
  if (rawTime !== '') {
    receivedAt = normalizeTime(rawTime);
    if (receivedAt === null) {
      warnings.push(`${label('receivedAt')}: unparseable time, kept in extra`);
      extra[label('receivedAt')] = mask(rawTime, label('receivedAt'));
    }
  }

  const externalId = identifier(fields.externalId, label('externalId'), warnings);
  const callerRaw = identifier(fields.caller, label('caller'), warnings, true);
  const caller = callerRaw === null ? null : mask(callerRaw, 'caller');
  const category = toText(fields.recordedCategory, label('recordedCategory'), warnings).trim();

  for (const [key, value] of Object.entries(extraRaw)) {
    const text = IDENTIFIER_HEADER.test(key)
      ? identifier(value, key, warnings, columnContext(key) === 'phone')
      : toText(value, key, warnings);
    if (text === null || text === '') continue;
    extra[key] = mask(text, key);
  }

  return {
    success: true,
    appeal: {
      externalId: externalId === '' ? null : externalId,
      title: maskedTitle,
      body: maskedBody,
      receivedAt,
      caller,
      recordedCategory: category === '' ? null : category,
      extra,
      contentHash: contentHash(maskedTitle, maskedBody),
      source,
      maskSpans: spans,
      warnings,
    },
  };
}


function nonEmpty(value: RawValue): boolean {
  return value !== null && value !== undefined && String(value).trim() !== '';
}

/** A raw value as text; numbers that lost digits get a warning. */
function toText(value: RawValue, label: string, warnings: string[]): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      warnings.push(`${label}: number beyond 2^53, digits may be lost; send it as a string`);
    }
    return numberToText(value);
  }
  return String(value);
}

/**
 * Writes a number without inventing digits: safe integers in full, larger
 * ones in scientific notation (`4.4030419850615104E+17`), fractions to 15
 * significant digits (as Excel keeps them).
 */
export function numberToText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) {
    if (Number.isSafeInteger(value)) return String(value);
    return value.toExponential().toUpperCase();
  }
  return String(Number(value.toPrecision(15)));
}

/**
 * An identifier kept as the exact string written, with warnings for values
 * that Excel damaged: scientific notation (digits lost) and, for phone
 * columns, 10 digits starting with 1–9 (leading 0 probably lost).
 */
function identifier(
  value: RawValue,
  label: string,
  warnings: string[],
  phone = false,
): string | null {
  const text = toText(value, label, warnings).trim();
  if (text === '') return null;
  if (isScientificNotation(text)) {
    warnings.push(`${label}: scientific notation, digits lost`);
  } else if (phone && /^[1-9][0-9]{9}$/.test(text)) {
    warnings.push(`${label}: 10 digits, leading 0 probably lost`);
  }
  return text;
}

/**
 * The dedupe key: sha256 hex over the normalised title, a line feed and the
 * normalised body (NFKC, white space runs collapsed to one space, trimmed).
 * It is taken over the masked texts, so no hash of unmasked data is kept.
 */
export function contentHash(title: string, body: string): string {
  const clean = (text: string): string =>
    text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  return createHash('sha256').update(`${clean(title)}\n${clean(body)}`).digest('hex');
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Normalises a time to ISO `YYYY-MM-DDTHH:MM:SS` (local time, no zone), or
 * returns null when it cannot be read.
 *
 * Reads `2019/4/25 9:32:09`, `2019-04-25 09:32:09`, `2019-04-25T09:32:09`
 * (a zone or offset is converted to UTC+8, China time), `2019年4月25日 9时32分`,
 * `20190425`, `20190425093209`, a date alone (midnight), Excel serial numbers
 * between 20000 and 80000 (1954–2119, 1900 date system) and epoch seconds or
 * milliseconds (taken as UTC, shown in UTC+8).
 *
 * @example normalizeTime('2019/4/25 9:32:09') // '2019-04-25T09:32:09'
 */
export function normalizeTime(value: string): string | null {
  const text = value.normalize('NFKC').trim();

  const serial = /^\d{5}(?:\.\d+)?$/.exec(text);
  if (serial) {
    const days = Number(text);
    if (days < 20000 || days > 80000) return null;
    const ms = Math.round((days - 25569) * 86_400) * 1000;
    return formatUtc(new Date(ms));
  }
  const epoch = /^(\d{10}|\d{13})$/.exec(text);
  if (epoch) {
    const ms = text.length === 10 ? Number(text) * 1000 : Number(text);
    return formatUtc(new Date(ms + 8 * 3_600_000));
  }
  const compact = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/.exec(text);
  if (compact) return build(compact.slice(1));

  const chinese =
    /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?\s*(?:(\d{1,2})[时点:](\d{1,2})?分?(?::?(\d{1,2})秒?)?)?$/.exec(
      text,
    );
  if (chinese) return build(chinese.slice(1));

  const iso =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(
      text,
    );
  if (!iso) return null;
  const local = build(iso.slice(1, 7));
  const zone = iso[7];
  if (local === null || zone === undefined) return local;
  const offsetMinutes =
    zone.toUpperCase() === 'Z'
      ? 0
      : (zone.startsWith('-') ? -1 : 1) *
        (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const utc = Date.parse(`${local}Z`) - offsetMinutes * 60_000;
  return formatUtc(new Date(utc + 8 * 3_600_000));
}

function build(parts: readonly (string | undefined)[]): string | null {
  const [year, month, day, hour, minute, second] = parts.map((part) =>
    part === undefined || part === '' ? 0 : Number(part),
  ) as [number, number, number, number, number, number];
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

function formatUtc(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null;
  return build([
    String(date.getUTCFullYear()),
    String(date.getUTCMonth() + 1),
    String(date.getUTCDate()),
    String(date.getUTCHours()),
    String(date.getUTCMinutes()),
    String(date.getUTCSeconds()),
  ]);
}
