const digitValues: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4,
  五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

const unitValues: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * Parses a whole number written in Arabic digits or Chinese numerals:
 * 17, 十七, 二十三, 两, 一百零五, and digit-by-digit years such as 二〇一九.
 * Returns null for anything else, including an empty string.
 */
export function parseChineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '') return null;
  let hasUnit = false;
  for (const character of text) {
    if (unitValues[character] !== undefined) hasUnit = true;
    else if (digitValues[character] === undefined) return null;
  }
  if (!hasUnit) {
    let value = 0;
    for (const character of text) value = value * 10 + (digitValues[character] as number);
    return value;
  }
  let total = 0;
  let current: number | null = null;
  for (const character of text) {
    const unit = unitValues[character];
    if (unit === undefined) {
      current = digitValues[character] as number;
      continue;
    }
    // 十七 has no digit before 十; it means one ten.
    total += (current ?? 1) * unit;
    current = null;
  }
  return total + (current ?? 0);
}
