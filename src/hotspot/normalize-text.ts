/**
 * Placeholders that the anonymisation of published appeal data put in
 * place of numbers and links. They carry no content, so two unrelated
 * appeals must not look alike because both contain them.
 */
const placeholderPattern =
  /https?:\/\/baidu\.com\/?|(?:\d{3,4}-)?0000-0{8}|\*{3,}|130{9}/g;

/** Everything that is not a letter or a digit in any script. */
const nonWordPattern = /[^\p{L}\p{N}]+/gu;

/**
 * Normalises appeal text for shingling: NFKC (full-width to half-width),
 * lower case, anonymisation placeholders and all punctuation and spaces
 * removed. The result is only for comparison, never for display.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(placeholderPattern, '')
    .replace(nonWordPattern, '');
}
