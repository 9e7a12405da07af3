/** Where an appeal came from: a file row, an API call or a stream message. */
export interface AppealSource {
  kind: 'file' | 'api' | 'stream';
  /** File path, API client name or stream subject. */
  name: string;
  /** 1-based record number within the file (header excluded); 0 otherwise. */
  row: number;
}

/** Kinds of personal data the masker recognises. */
export type MaskKind =
  | 'mobile'
  | 'landline'
  | 'id_card'
  | 'bank_card'
  | 'email'
  | 'plate';

/**
 * One masked span. Masks keep the length of what they replace, so the
 * offsets (UTF-16 code units, end exclusive) are valid in both the original
 * and the masked text.
 */
export interface MaskSpan {
  kind: MaskKind;
  field: string;
  start: number;
  end: number;
}

/**
 * The canonical appeal (诉求) after parsing, header mapping and masking.
 * Every text field here is already masked: nothing unmasked is stored or
 * logged.
 */
export interface Appeal {
  /** 留言编号 / 工单编号 from the source, as a string exactly as written. */
  externalId: string | null;
  /** 留言主题; empty when the source has only a body. */
  title: string;
  /** 留言详情 / 诉求内容. */
  body: string;
  /** 留言时间 / 来电时间 as ISO 8601 (local time, no zone), or null. */
  receivedAt: string | null;
  /** 留言用户 / 来电号码, masked when it is a number. */
  caller: string | null;
  /** 一级标签 / 分类 recorded in the source, if any. */
  recordedCategory: string | null;
  /** Columns that map to no field, kept by their original header. */
  extra: Record<string, string>;
  /** sha256 hex of the normalised title and body; the dedupe key. */
  contentHash: string;
  source: AppealSource;
  maskSpans: MaskSpan[];
  /** Data-quality warnings, e.g. an id in scientific notation. */
  warnings: string[];
}

/** A row that could not be read, kept with the reason instead of dropped. */
export interface Reject {
  file: string;
  /** 1-based record number (header excluded), or 0 for a file-level fault. */
  row: number;
  reason: string;
  /** Machine code of the reason; the reason text is for people. */
  code?: RejectCode;
  /** 1-based physical line (text files) or sheet row (workbooks) where the record starts. */
  line?: number;
}

/** Why a record was rejected. */
export type RejectCode =
  | 'empty_record'
  | 'tokens_only'
  | 'oversized'
  | 'column_count'
  | 'invalid_json'
  | 'not_an_object'
  | 'undecodable';

/** Appeal types (诉求类型). */
export const appealTypes = [
  'complaint',
  'consultation',
  'help',
  'suggestion',
  'report',
  'praise',
] as const;

export type AppealType = (typeof appealTypes)[number];
