import { chineseNumeralCharacters, parseNumber } from './chinese-numeral.ts';

/** A number found in text, with its unit in a normal form. */
export interface Quantity {
  /** The text as written, e.g. 三十日 or 2万元. */
  text: string;
  value: number;
  /** Normal unit: 日, 工作日, 小时, 元, %, 倍, 年 … or '' when bare. */
  unit: string;
  /** `${value}${unit}`; two quantities match when their keys are equal. */
  key: string;
}

const numeral = `(?:\\d+(?:\\.\\d+)?[万亿]?|[${chineseNumeralCharacters}]+)`;
const unitAlternatives = [
  '个工作日', '工作日', '个月', '个小时', '小时', '日', '天', '周', '年',
  '月', '元', '倍', '岁', '次', '人', '公里', '米', '分贝', '周岁', '项',
  '分钟', '种', '级', '户', '名', '%', '时', '点',
].sort((a, b) => b.length - a.length);
const unitNames: Record<string, string> = {
  个工作日: '工作日', 天: '日', 个月: '月', 个小时: '小时', 周岁: '岁', 点: '时',
};

const percentPattern = new RegExp(`百分之(${numeral})`, 'gu');
const quantityPattern = new RegExp(
  `(${numeral})(${unitAlternatives.join('|')})?`,
  'gu',
);
const articlePattern = new RegExp(
  `第([${chineseNumeralCharacters}\\d]+)(编|分编|章|节|条|款|项)`,
  'gu',
);

/**
 * Finds the quantities in text: Arabic or Chinese numbers with their unit
 * (三十日 = 30日 = 30天, 2万元 = 20000元, 百分之五十 = 50%). Ordinals
 * such as 第三十条 are not quantities (see `findArticleReferences`). A
 * Chinese numeral counts only with a unit, because 一 and 十 occur inside
 * ordinary words (统一, 十分).
 */
export function findQuantities(text: string): Quantity[] {
  const found: Quantity[] = [];
  // Blank out ordinals and percentages first so their digits are not
  // read twice.
  let rest = text.replace(articlePattern, (m) => ' '.repeat(m.length));
  rest = rest.replace(percentPattern, (match, digits: string) => {
    const value = parseNumber(digits);
    if (value !== null) found.push(quantity(match, value, '%'));
    return ' '.repeat(match.length);
  });
  for (const match of rest.matchAll(quantityPattern)) {
    const digits = match[1] ?? '';
    const rawUnit = match[2];
    const isArabic = /^\d/u.test(digits);
    if (!isArabic && rawUnit === undefined) continue;
    // 万元 or 千米 on their own carry no number.
    if (!isArabic && /^[十百千万亿]+$/u.test(digits) && digits !== '十') {
      continue;
    }
    const value = parseNumber(digits);
    if (value === null) continue;
    const unit = rawUnit === undefined ? '' : (unitNames[rawUnit] ?? rawUnit);
    found.push(quantity(match[0], value, unit));
  }
  return found;
}

/**
 * Blanks out every quantity (三个月, 30日, 百分之五十), article reference
 * (第三十条) and remaining digit run, keeping the other characters and
 * their positions. A question's numbers and time spans carry no topic, so
 * retrieval must not match 三个月 in 建筑法 for a question about wages.
 */
export function removeQuantities(text: string): string {
  const blank = (match: string): string => ' '.repeat(match.length);
  let rest = text.replace(articlePattern, blank);
  rest = rest.replace(percentPattern, blank);
  for (const found of findQuantities(rest)) {
    rest = rest.replace(found.text, blank(found.text));
  }
  return rest.replace(/\d+(?:\.\d+)?/gu, blank);
}

function quantity(text: string, value: number, unit: string): Quantity {
  return { text, value, unit, key: `${value}${unit}` };
}

/** An ordinal reference such as 第二十条, with its number parsed. */
export interface ArticleReference {
  text: string;
  /** 条, 款, 章 … */
  level: string;
  number: number;
  /** `第${number}${level}`, the form compared across Arabic and Chinese. */
  key: string;
}

/** Finds ordinal references (第二十条, 第3款, 第一章). */
export function findArticleReferences(text: string): ArticleReference[] {
  const references: ArticleReference[] = [];
  for (const match of text.matchAll(articlePattern)) {
    const number = parseNumber(match[1] ?? '');
    const level = match[2] ?? '';
    if (number === null) continue;
    references.push({
      text: match[0],
      level,
      number,
      key: `第${number}${level}`,
    });
  }
  return references;
}

/** Finds law titles written in book-title marks: 《…》. */
export function findLawTitles(text: string): string[] {
  return [...text.matchAll(/《([^《》]+)》/gu)].map((match) => match[1] ?? '');
}
