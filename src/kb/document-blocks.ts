/**
 * A document read into headings and paragraphs, whatever its file format.
 * The chunker works only on this form.
 */
export type DocumentBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  /** End of the enactment history that precedes the articles. */
  | { kind: 'preamble-end' };

/** Collapses runs of white space (including full-width) to one space. */
export function normalizeSpace(text: string): string {
  return text.replace(/[\s\u3000]+/gu, ' ').trim();
}

/**
 * Reads Markdown: `#` lines are headings, other non-blank lines are
 * paragraphs, `<!-- INFO END -->` ends the preamble and other HTML comments
 * are dropped.
 */
export function markdownBlocks(text: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  for (const rawLine of text.split(/\r?\n/u)) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (/^<!--\s*INFO END\s*-->$/u.test(line)) {
      blocks.push({ kind: 'preamble-end' });
      continue;
    }
    if (line.startsWith('<!--')) continue;
    const heading = /^(#{1,6})\s+(.*)$/u.exec(line);
    if (heading !== null) {
      blocks.push({
        kind: 'heading',
        level: heading[1]?.length ?? 1,
        text: normalizeSpace(heading[2] ?? ''),
      });
      continue;
    }
    blocks.push({ kind: 'paragraph', text: normalizeSpace(line) });
  }
  return blocks;
}

/**
 * Reads plain text (also the text layer of a PDF): every non-blank line is
 * a paragraph. Structural headings (第一章 总则) are recognised later by
 * the chunker, because plain text has no heading markup.
 */
export function plainTextBlocks(text: string): DocumentBlock[] {
  return text
    .split(/\r?\n/u)
    .map(normalizeSpace)
    .filter((line) => line !== '')
    .map((line) => ({ kind: 'paragraph', text: line }) as const);
}
