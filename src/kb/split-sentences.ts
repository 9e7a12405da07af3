const openingQuotes = '「『“‘（(';
const closingQuotes = '」』”’）)';

/**
 * Splits an answer into sentences at 。！？!? and line breaks, but not
 * inside quotation marks or brackets, so a quoted article stays one
 * sentence with its citation. Citation markers right after the end mark
 * ([1] after 。) stay with the sentence they follow.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let current = '';
  let depth = 0;
  const characters = [...text];
  for (let i = 0; i < characters.length; i += 1) {
    const character = characters[i] ?? '';
    if (openingQuotes.includes(character)) depth += 1;
    if (closingQuotes.includes(character)) depth = Math.max(0, depth - 1);
    if (character === '\n' && depth === 0) {
      push(sentences, current);
      current = '';
      continue;
    }
    current += character;
    if (depth === 0 && /[。！？!?]/u.test(character)) {
      // Keep trailing markers such as 。[1][2] with this sentence.
      const rest = characters.slice(i + 1).join('');
      const markers = /^(\s*\[\d+(?:\s*[,，、]\s*\d+)*\])+/u.exec(rest);
      if (markers !== null) {
        current += markers[0];
        i += [...markers[0]].length;
      }
      push(sentences, current);
      current = '';
    }
  }
  push(sentences, current);
  return sentences;
}

function push(sentences: string[], text: string): void {
  const trimmed = text.trim();
  if (trimmed !== '') sentences.push(trimmed);
}
