export { extractElements, type ExtractOptions } from './extract-elements.ts';
export {
  matchDivisions,
  defaultHomeProvinceCode,
  type DivisionMatchOptions,
  type DivisionResult,
} from './divisions.ts';
export { extractAddressElements } from './address.ts';
export { extractTimes, type TimeOptions } from './time.ts';
export {
  classifyAppealType,
  appealTypeCues,
  type AppealTypeCue,
  type AppealTypeResult,
} from './appeal-type.ts';
export { parseChineseNumber } from './chinese-number.ts';
export { foldCharacters } from './fold-characters.ts';
