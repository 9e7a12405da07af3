/**
 * Personal-data masking for appeal text.
 *
 * Every mask replaces characters one for one with `*`, so the masked text has
 * the length of the original and a span's offsets hold in both. Only ASCII
 * (and full-width ASCII) digits, letters and e-mail characters are ever
 * replaced, so a surrogate pair such as 𠮷 is never split.
 *
 * What each kind keeps visible:
 *
 * | kind | rule | example |
 * | --- | --- | --- |
 * | mobile | 11 digits `1[3-9]…` with non-digit neighbours, optional `+86`/`86`/`0086` prefix, `-` or space separators; keeps the first 3 and last 4 digits (the prefix is left as is) | `158****1234`, `158-****-1234` |
 * | landline | area code `010`/`02x`/`0xxx` + 7–8 digits starting 2–9, or 7–8 digits right after 电话/联系方式/座机/固话; keeps the area code and the last 4 digits | `020****6666`, `0731-****6666`, `电话****6666` |
 * | id_card | 18 digits (last may be X) with a valid ISO 7064 MOD 11-2 check digit, a province code and a birth date 1900–2099; 15-digit old IDs with a province code and a 19YYMMDD date; keeps the first 6 (region) and the last 4 (last 3 for 15 digits) | `440304********1018` |
 * | bank_card | 13–19 digits (groups of 4 allowed) passing Luhn, with a card word (银行卡/卡号/账号/账户/信用卡/借记卡/…卡) just before it in the same clause; keeps the first 4 and last 4 digits | `6200********0005` |
 * | email | local part masked but its first character; the domain kept | `z*******@example.com` |
 * | plate | province character + city letter + 5 (classic) or 6 (new-energy) characters, optional `·` or space after the letter, no letter or digit right after; keeps the province character and the city letter | `沪A******`, `京A *****` |
 *
 * Column context: `field` is the Appeal field (`title`, `body`, `caller`) or
 * the original column header of an extra field. In an ID column (header
 * mentions 身份证/证件) any 15–18 digit run is an ID even without a valid check
 * digit (Excel may have damaged it), and a value in scientific notation has
 * its mantissa digits masked. In a card column (银行卡/卡号/账号/账户) any 13–19
 * digit run is a card, Luhn or not. In a phone column (`caller`, or a header
 * mentioning 电话/手机/联系方式, or 号码 but not 单号/编号/车牌/证件) any 7–12 digit run with no letter or
 * digit beside it is a phone number (so pseudonyms like `u12346696` stay).
 *
 * Placeholders that the data already carries (`13000000000`,
 * `0000-00000000`, `0731-0000-00000000`, `8000000`, `11010119000101000X`,
 * runs of `*`) count as already masked: they are left unchanged and get no
 * span. The rule: the digits after the part a mask would keep are all zero,
 * or an ID's sequence code is `000`.
 *
 * Not masked, by design: dates, amounts, house numbers, and digit runs that
 * only contain a phone or card shape (work-order numbers, device serials,
 * epoch-millisecond timestamps), because every kind demands non-digit
 * neighbours and cards demand a card word or column.
 */
import type { MaskKind, MaskSpan } from './appeal.ts';

/** Result of {@link maskPersonalData}. */
export interface MaskResult {
  /** The text with every span replaced; same length as the input. */
  text: string;
  /** Masked spans in order of position; offsets are UTF-16 code units. */
  spans: MaskSpan[];
}

/** Which kind of column a field is, judged from its name. */
export type ColumnContext = 'id_card' | 'bank_card' | 'phone' | 'none';

interface Candidate {
  kind: MaskKind;
  start: number;
  end: number;
  /** Offsets (into the text) of the characters to replace with `*`. */
  hide: number[];
  /** A placeholder the data already carries: blocks others, changes nothing. */
  placeholder: boolean;
  /** Lower wins when two candidates overlap. */
  rank: number;
}

/** Full-width digits, letters and the signs the patterns use: （）＋－：＠. */
const FULL_WIDTH = /[\uFF08\uFF09\uFF0B\uFF0D\uFF10-\uFF1A\uFF20-\uFF3A\uFF41-\uFF5A]/;
/** Seven digits, maybe with separators: the shortest number any kind needs. */
const LONG_DIGITS = /[0-9](?:[- ]?[0-9]){6}/;
const CARD_SHAPE = /[0-9]{13}|[0-9]{4}[- ][0-9]{4}[- ][0-9]{4}/;
const LANDLINE_WORDS = /电话|联系方式|座机|固话/;
const PLATE_START = /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Za-z]/;

const ID_COLUMN = /身份证|证件|id_?card|id_?number|idno|identity/i;
const CARD_COLUMN = /银行卡|卡号|账号|帐号|账户|帐户|bank|card|account/i;
const PHONE_COLUMN = /电话|手机|联系方式|座机|phone|mobile|(?<![a-z])tel(?![a-z])/i;
/** 号码 names a phone column unless the header says what else it numbers. */
const NOT_PHONE_NUMBER = /单|编号|车牌|牌照|房|门牌|证/;

/**
 * Tells which personal-data column a field or header names.
 *
 * @example columnContext('身份证号') // 'id_card'
 */
export function columnContext(field: string): ColumnContext {
  if (ID_COLUMN.test(field)) return 'id_card';
  if (CARD_COLUMN.test(field)) return 'bank_card';
  if (field === 'caller' || PHONE_COLUMN.test(field)) return 'phone';
  if (field.includes('号码') && !NOT_PHONE_NUMBER.test(field)) return 'phone';
  return 'none';
}

/**
 * Masks phone numbers, ID-card numbers, bank cards, e-mail addresses and
 * licence plates in `text`, keeping its length.
 *
 * @param text the raw value of one field
 * @param field the Appeal field name or the column header; it switches on the
 *   looser column rules described in the module comment
 * @example
 * maskPersonalData('联系电话15800001234', 'body').text // '联系电话158****1234'
 */
export function maskPersonalData(text: string, field: string): MaskResult {
  const context = columnContext(field);
  const ascii = FULL_WIDTH.test(text) ? foldFullWidth(text) : text;
  // Cheap gates first: most fields have no long digit run, '@' or plate.
  const digits = LONG_DIGITS.test(ascii);
  const candidates: Candidate[] = [];
  if (ascii.includes('@')) candidates.push(...findEmails(ascii));
  if (digits) {
    if (/[0-9]{15}|[0-9]{6}[- ][0-9]{4}/.test(ascii)) {
      candidates.push(...findIdCards(ascii));
    }
    if (context === 'bank_card' || CARD_SHAPE.test(ascii)) {
      candidates.push(...findBankCards(ascii, context === 'bank_card'));
    }
    if (/1[3-9][0-9]/.test(ascii)) candidates.push(...findMobiles(ascii));
    if (/0[0-9]{2}/.test(ascii)) candidates.push(...findLandlines(ascii));
    if (LANDLINE_WORDS.test(ascii)) candidates.push(...findKeywordLandlines(ascii));
  }
  if (PLATE_START.test(ascii)) candidates.push(...findPlates(ascii));
  if (context !== 'none' && /[0-9]/.test(ascii)) {
    candidates.push(...findColumnValues(ascii, context));
  }
  if (candidates.length === 0) return { text, spans: [] };

  const spans: MaskSpan[] = [];
  let masked = '';
  let copied = 0;
  for (const candidate of chooseCandidates(candidates)) {
    if (candidate.placeholder) continue;
    for (const offset of candidate.hide) {
      masked += text.slice(copied, offset) + '*';
      copied = offset + 1;
    }
    spans.push({ kind: candidate.kind, field, start: candidate.start, end: candidate.end });
  }
  return { text: masked + text.slice(copied), spans };
}

/** Keeps the best non-overlapping candidates, in order of position. */
function chooseCandidates(candidates: Candidate[]): Candidate[] {
  const ordered = [...candidates].sort(
    (a, b) => a.rank - b.rank || b.end - b.start - (a.end - a.start),
  );
  const chosen: Candidate[] = [];
  for (const candidate of ordered) {
    const overlaps = chosen.some(
      (kept) => candidate.start < kept.end && kept.start < candidate.end,
    );
    if (!overlaps) chosen.push(candidate);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/**
 * Maps full-width digits, letters and signs to ASCII, one code unit for one,
 * so the patterns below see `１５８` as `158` and offsets stay the same.
 */
function foldFullWidth(text: string): string {
  return text.replace(new RegExp(FULL_WIDTH, 'g'), (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Offsets of the digits in [start, end), skipping separators. */
function digitOffsets(ascii: string, start: number, end: number): number[] {
  const offsets: number[] = [];
  for (let i = start; i < end; i += 1) {
    const code = ascii.charCodeAt(i);
    if (code >= 48 && code <= 57) offsets.push(i);
  }
  return offsets;
}

/** The digits of `offsets` but the first `keepStart` and last `keepEnd`. */
function middle(offsets: number[], keepStart: number, keepEnd: number): number[] {
  return offsets.slice(keepStart, Math.max(keepStart, offsets.length - keepEnd));
}

function allZero(ascii: string, offsets: number[]): boolean {
  return offsets.length > 0 && offsets.every((i) => ascii[i] === '0');
}

// ---------------------------------------------------------------- e-mail

const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;

function findEmails(ascii: string): Candidate[] {
  if (!ascii.includes('@')) return [];
  const found: Candidate[] = [];
  for (const match of ascii.matchAll(EMAIL)) {
    const start = match.index;
    const at = ascii.indexOf('@', start);
    const hide: number[] = [];
    for (let i = start + 1; i < at; i += 1) hide.push(i);
    found.push({
      kind: 'email',
      start,
      end: start + match[0].length,
      hide,
      placeholder: hide.length === 0,
      rank: 0,
    });
  }
  return found;
}

// --------------------------------------------------------------- ID cards

const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34',
  '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52',
  '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const ID18 = /(?<![0-9])[1-8][0-9]{16}[0-9Xx](?![0-9])/g;
const ID15 = /(?<![0-9])[1-8][0-9]{14}(?![0-9])/g;
// 18-digit IDs written in groups, 6-8-4 or 6-4-4-4, with spaces or dashes.
const ID18_GROUPED =
  /(?<![0-9])[1-8][0-9]{5}(?:([ -])[0-9]{8}\1[0-9]{3}[0-9Xx]|([ -])[0-9]{4}\2[0-9]{4}\2[0-9]{3}[0-9Xx])(?![0-9])/g;

/** Tells whether an 18-character ID has a valid ISO 7064 MOD 11-2 check digit. */
export function hasValidIdCheckDigit(id: string): boolean {
  if (!/^[0-9]{17}[0-9Xx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(id[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

function isPlausibleDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

function findIdCards(ascii: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of ascii.matchAll(ID18)) {
    const id = match[0];
    const year = Number(id.slice(6, 10));
    if (
      !PROVINCE_CODES.has(id.slice(0, 2)) ||
      year < 1900 ||
      year > 2099 ||
      !isPlausibleDate(year, Number(id.slice(10, 12)), Number(id.slice(12, 14))) ||
      !hasValidIdCheckDigit(id)
    ) {
      continue;
    }
    found.push(idCandidate(match.index, id.length, id.slice(14, 17) === '000'));
  }
  for (const match of ascii.matchAll(ID18_GROUPED)) {
    const start = match.index;
    const offsets = digitOffsets(ascii, start, start + match[0].length);
    const last = ascii[start + match[0].length - 1]!;
    const id = offsets.map((i) => ascii[i]).join('') + (/[Xx]/.test(last) ? last : '');
    const year = Number(id.slice(6, 10));
    if (
      id.length !== 18 ||
      !PROVINCE_CODES.has(id.slice(0, 2)) ||
      !isPlausibleDate(year, Number(id.slice(10, 12)), Number(id.slice(12, 14))) ||
      !hasValidIdCheckDigit(id)
    ) {
      continue;
    }
    found.push({
      kind: 'id_card',
      start,
      end: start + match[0].length,
      hide: middle(offsets, 6, /[Xx]/.test(last) ? 3 : 4),
      placeholder: id.slice(14, 17) === '000',
      rank: 1,
    });
  }
  for (const match of ascii.matchAll(ID15)) {
    const id = match[0];
    const year = 1900 + Number(id.slice(6, 8));
    if (
      !PROVINCE_CODES.has(id.slice(0, 2)) ||
      !isPlausibleDate(year, Number(id.slice(8, 10)), Number(id.slice(10, 12)))
    ) {
      continue;
    }
    found.push(idCandidate(match.index, id.length, id.slice(12, 15) === '000'));
  }
  return found;
}

function idCandidate(start: number, length: number, placeholder: boolean): Candidate {
  const keepEnd = length === 15 ? 3 : 4;
  const hide: number[] = [];
  for (let i = start + 6; i < start + length - keepEnd; i += 1) hide.push(i);
  return { kind: 'id_card', start, end: start + length, hide, placeholder, rank: 1 };
}

// ------------------------------------------------------------ bank cards

const CARD_RUN =
  /(?<![0-9])(?<!\d[- ])(?:[0-9]{4}(?:[- ][0-9]{4}){2,3}(?:[- ][0-9]{1,3})?|[0-9]{13,19})(?![0-9])(?![- ][0-9])/g;
const CARD_WORDS = /银行卡|卡号|账号|帐号|账户|帐户|信用卡|借记卡|储蓄卡|工资卡|bank ?card|card ?(?:no|number)|account/i;
const CARD_SUFFIX = /卡(?:号|号码)?(?:是|为)?[:\s]*$/;
const REFERENCE_WORDS = /工单|单号|编号|订单|流水|序列号|序号|时间戳|设备|批次|案号|受理号|条码/;
const CLAUSE_END = /[,.;!?\n、。，；！？]/;

/** Tells whether a digit string passes the Luhn check. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Tells whether a card word stands in the same clause, at most 12 characters
 * before `start`, with no reference word (工单, 编号, 时间戳 …) after it.
 */
function hasCardContext(ascii: string, start: number): boolean {
  let window = ascii.slice(Math.max(0, start - 12), start);
  let cut = -1;
  for (let i = window.length - 1; i >= 0; i -= 1) {
    if (CLAUSE_END.test(window[i]!)) {
      cut = i;
      break;
    }
  }
  window = window.slice(cut + 1);
  if (CARD_SUFFIX.test(window)) return true;
  const match = CARD_WORDS.exec(window);
  if (!match) return false;
  let last = match.index + match[0].length;
  for (const later of window.matchAll(new RegExp(CARD_WORDS, 'gi'))) {
    last = later.index + later[0].length;
  }
  return !REFERENCE_WORDS.test(window.slice(last));
}

function findBankCards(ascii: string, cardColumn: boolean): Candidate[] {
  const found: Candidate[] = [];
  for (const match of ascii.matchAll(CARD_RUN)) {
    const start = match.index;
    const end = start + match[0].length;
    const offsets = digitOffsets(ascii, start, end);
    if (offsets.length < 13 || offsets.length > 19) continue;
    const digits = offsets.map((i) => ascii[i]).join('');
    const card = cardColumn || (passesLuhn(digits) && hasCardContext(ascii, start));
    if (!card) continue;
    found.push({
      kind: 'bank_card',
      start,
      end,
      hide: middle(offsets, 4, 4),
      // No placeholder rule: test cards such as 6200000000000005 are mostly zeros.
      placeholder: false,
      rank: 2,
    });
  }
  return found;
}

// ---------------------------------------------------------------- phones

const MOBILE =
  /(?<![0-9])(?<![0-9]-)(?:(?:\+|00)?86[- ]?)?(1[3-9][0-9](?:[- ]?[0-9]{4}){2})(?![0-9])(?!-[0-9])/dg;
const LANDLINE =
  /(?<![0-9])(?<![0-9]-)(?:(0(?:10|2[0-9]|[3-9][0-9]{2}))[- ]?|\((0(?:10|2[0-9]|[3-9][0-9]{2}))\) ?)([2-9][0-9]{6,7})(?![0-9])/dg;
const KEYWORD_LANDLINE =
  /(?:电话|联系方式|座机|固话)(?:号码|号)?(?:是|为)?[:\s]*(?<![0-9])([0-9]{7,8})(?![0-9])/dg;

function findMobiles(ascii: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of ascii.matchAll(MOBILE)) {
    const [start, end] = match.indices![1]!;
    const offsets = digitOffsets(ascii, start, end);
    const hide = middle(offsets, 3, 4);
    found.push({
      kind: 'mobile',
      start,
      end,
      hide,
      placeholder: allZero(ascii, offsets.slice(3)),
      rank: 3,
    });
  }
  return found;
}

function findLandlines(ascii: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of ascii.matchAll(LANDLINE)) {
    const [subscriberStart, end] = match.indices![3]!;
    const offsets = digitOffsets(ascii, subscriberStart, end);
    found.push({
      kind: 'landline',
      start: match.index,
      end,
      hide: middle(offsets, 0, 4),
      placeholder: allZero(ascii, offsets.slice(1)),
      rank: 4,
    });
  }
  return found;
}

function findKeywordLandlines(ascii: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of ascii.matchAll(KEYWORD_LANDLINE)) {
    const [start, end] = match.indices![1]!;
    const offsets = digitOffsets(ascii, start, end);
    found.push({
      kind: 'landline',
      start,
      end,
      hide: middle(offsets, 0, 4),
      placeholder: allZero(ascii, offsets.slice(1)),
      rank: 5,
    });
  }
  return found;
}

// ---------------------------------------------------------------- plates

const PLATE =
  /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Za-hj-np-z]([·•・ ]?)([A-HJ-Ka-hj-k][A-HJ-NP-Za-hj-np-z0-9][0-9]{4}|[0-9]{5}[A-HJ-Ka-hj-k]|[A-HJ-NP-Za-hj-np-z0-9]{4}[A-HJ-NP-Za-hj-np-z0-9挂学警港澳])(?![A-Za-z0-9])/dg;

function findPlates(ascii: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of ascii.matchAll(PLATE)) {
    const serial = match[2]!;
    if (serial.length === 5 && (serial.match(/[0-9]/g)?.length ?? 0) < 3) continue;
    const [serialStart, end] = match.indices![2]!;
    const hide: number[] = [];
    for (let i = serialStart; i < end; i += 1) {
      if (/[A-Za-z0-9]/.test(ascii[i]!)) hide.push(i);
    }
    found.push({ kind: 'plate', start: match.index, end, hide, placeholder: false, rank: 6 });
  }
  return found;
}

// ------------------------------------------------------- column context

const SCIENTIFIC = /^\s*[+-]?([0-9]+(?:\.[0-9]+)?)[eE][+-]?[0-9]+\s*$/d;
const ID_RUN = /(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15,18})(?![0-9A-Za-z])/g;
const PHONE_RUN =
  /(?<![0-9A-Za-z])(?:\+?86[- ]?)?([0-9](?:[- ]?[0-9]){6,11})(?![0-9A-Za-z])/dg;

/** Tells whether a value is a number written in scientific notation. */
export function isScientificNotation(value: string): boolean {
  return SCIENTIFIC.test(value);
}

/** Looser rules for values that sit in an ID, card or phone column. */
function findColumnValues(ascii: string, context: ColumnContext): Candidate[] {
  if (context === 'none') return [];
  const scientific = SCIENTIFIC.exec(ascii);
  if (scientific) {
    const [start, end] = scientific.indices![1]!;
    const exponent = Number(ascii.slice(ascii.search(/[eE]/) + 1));
    const kind: MaskKind =
      context === 'id_card'
        ? 'id_card'
        : context === 'bank_card'
          ? 'bank_card'
          : ascii.trim().startsWith('1') && exponent === 10
            ? 'mobile'
            : 'landline';
    const hide = digitOffsets(ascii, start, end);
    return [{ kind, start, end, hide, placeholder: false, rank: 7 }];
  }
  const found: Candidate[] = [];
  if (context === 'id_card') {
    for (const match of ascii.matchAll(ID_RUN)) {
      const placeholder = match[0].length === 18 && match[0].slice(14, 17) === '000';
      found.push({ ...idCandidate(match.index, match[0].length, placeholder), rank: 7 });
    }
  }
  if (context === 'phone') {
    for (const match of ascii.matchAll(PHONE_RUN)) {
      const [start, end] = match.indices![1]!;
      const offsets = digitOffsets(ascii, start, end);
      const mobile = offsets.length === 11 && ascii[start] === '1';
      const keepStart = offsets.length >= 10 ? 3 : 0;
      found.push({
        kind: mobile ? 'mobile' : 'landline',
        start,
        end,
        hide: middle(offsets, keepStart, 4),
        placeholder: allZero(ascii, offsets.slice(Math.max(keepStart, 1))),
        rank: 7,
      });
    }
  }
  return found;
}
