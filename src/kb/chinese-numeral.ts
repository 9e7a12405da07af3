const digitValues: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4,
  五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const smallUnits: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const largeUnits: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/** Characters that may form a Chinese numeral. */
export const chineseNumeralCharacters = '零〇一二两三四五六七八九十百千万亿';

/**
 * Parses a Chinese numeral such as 三十, 一百零五, 两千 or 十五万 into a
 * number; a run of bare digits (二〇一八) reads digit by digit. Returns
 * null when the text holds a character outside the numeral set.
 */
export function parseChineseNumeral(text: string): number | null {
  if (text === '') return null;
  const characters = [...text];
  if (characters.some((c) => !chineseNumeralCharacters.includes(c))) {
    return null;
  }
  const hasUnit = characters.some(
    (c) => c in smallUnits || c in largeUnits,
  );
  if (!hasUnit) {
    return Number(characters.map((c) => digitValues[c] ?? 0).join(''));
  }
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const character of characters) {
    const value = digitValues[character];
    if (value !== undefined) {
      digit = value;
      continue;
    }
    const small = smallUnits[character];
    if (small !== undefined) {
      // 十 alone at the start means 一十.
      section += (digit === 0 ? 1 : digit) * small;
      digit = 0;
      continue;
    }
    const large = largeUnits[character] ?? 1;
    total = (total + section + digit) * large;
    section = 0;
    digit = 0;
  }
  return total + section + digit;
}

/**
 * Parses an Arabic or Chinese number, allowing a 万/亿 suffix on Arabic
 * digits (2万 → 20000, 1.5亿). Returns null for anything else.
 */
export function parseNumber(text: string): number | null {
  const arabic = /^(\d+(?:\.\d+)?)([万亿])?$/u.exec(text);
  if (arabic !== null) {
    const base = Number(arabic[1]);
    const unit = arabic[2];
    const factor = unit === undefined ? 1 : (largeUnits[unit] ?? 1);
    return Math.round(base * factor * 1e6) / 1e6;
  }
  return parseChineseNumeral(text);
}
