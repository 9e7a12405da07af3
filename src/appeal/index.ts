/**
 * Appeals: the canonical record, file ingest (CSV, TSV, XLSX, JSON Lines in
 * UTF-8, GBK or GB18030), header mapping, normalisation and personal-data
 * masking.
 *
 * @module
 */
export type {
  Appeal,
  AppealSource,
  AppealType,
  MaskKind,
  MaskSpan,
  Reject,
  RejectCode,
} from './appeal.ts';
export { appealTypes } from './appeal.ts';
export {
  decodeText,
  detectEncoding,
  parseEncodingHint,
  type DecodeTextOptions,
  type DetectEncodingOptions,
  type EncodingDetection,
  type TextEncodingName,
} from './detect-encoding.ts';
export {
  appealFields,
  cleanHeader,
  describeHeaders,
  headerSynonyms,
  normalizeHeaderKey,
  resolveHeaderMapping,
  uniqueHeaders,
  type AppealField,
  type HeaderMapping,
  type HeaderOverrides,
} from './header-map.ts';
export {
  columnContext,
  hasValidIdCheckDigit,
  isScientificNotation,
  maskPersonalData,
  passesLuhn,
  type ColumnContext,
  type MaskResult,
} from './mask.ts';
export {
  appealFromFields,
  contentHash,
  defaultMaxBodyChars,
  normalizeTime,
  numberToText,
  type AppealResult,
  type NormalizeOptions,
  type RawAppealFields,
  type RawValue,
} from './normalize.ts';
export {
  parseDelimited,
  sniffDelimiter,
  type DelimitedRecord,
  type ParseDelimitedOptions,
} from './parse-delimited.ts';
export { parseJsonLines, type JsonLineRecord } from './parse-json-lines.ts';
export { readXlsxRows, type SheetRow } from './parse-xlsx.ts';
export {
  readAppeals,
  type InputFormat,
  type ReadAppealsOptions,
  type ReadItem,
  type ReadReport,
} from './read-appeals.ts';
