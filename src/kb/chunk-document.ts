import path from 'node:path';
import { chineseNumeralCharacters, parseNumber } from './chinese-numeral.ts';
import type { DocumentBlock } from './document-blocks.ts';

/** A retrievable unit: one article (条) or one paragraph of a document. */
export interface PassageDraft {
  /** 第二十条, or null for text outside numbered articles. */
  article: string | null;
  /** The article's number (20 for 第二十条), or null. */
  articleNumber: number | null;
  /** Headings above the passage, outermost first (编, 章, 节 …). */
  chapterPath: string[];
  /** The text without the article label; 款 separated by newlines. */
  text: string;
}

/** A document split into passages, with the metadata found in it. */
export interface ChunkedDocument {
  title: string;
  /** YYYY-MM-DD from a 施行/生效 statement, else from the file name. */
  effectiveDate: string | null;
  /** YYYY-MM-DD from the file name, e.g. 劳动法(2018-12-29).md. */
  versionDate: string | null;
  passages: PassageDraft[];
}

const numerals = `[${chineseNumeralCharacters}\\d]+`;
const articleStart = new RegExp(
  `^(第${numerals}条(?:之[${chineseNumeralCharacters}]+)?)(?:[\\s:：]+|$)`,
  'u',
);
const structureHeading = new RegExp(
  `^第${numerals}(编|分编|章|节)(?:\\s|$)`,
  'u',
);
const structureLevels: Record<string, number> = {
  编: 1, 分编: 2, 章: 3, 节: 4,
};

/** Longest article text kept whole; longer ones split between 款. */
export const maxPassageCharacters = 900;

/**
 * Splits a document into passages by its structure. Headings (Markdown
 * `#`, HTML h1–h6, or plain lines such as 第一章 总则) form the chapter
 * path; each 第X条 starts an article, and the paragraphs after it are its
 * 款 until the next article or heading. Paragraphs before the first article
 * are enactment history and are only searched for dates. A document with
 * no articles becomes one passage per paragraph, short paragraphs joined.
 */
export function chunkDocument(
  blocks: readonly DocumentBlock[],
  file: string,
  metadataTitle: string | null = null,
): ChunkedDocument {
  const versionDate = dateInFileName(file);
  const allText = blocks
    .map((block) => ('text' in block ? block.text : ''))
    .join('\n');
  const title = findTitle(blocks, file, metadataTitle);
  const hasArticles = blocks.some(
    (block) => block.kind === 'paragraph' && articleStart.test(block.text),
  );
  const passages = hasArticles
    ? articlePassages(blocks, title)
    : paragraphPassages(blocks, title);
  return {
    title,
    effectiveDate: statedEffectiveDate(allText) ?? versionDate,
    versionDate,
    passages: passages.flatMap(splitLongPassage),
  };
}

function findTitle(
  blocks: readonly DocumentBlock[],
  file: string,
  metadataTitle: string | null,
): string {
  // Leading level-1 headings join, so 民法典 + 物权编 reads 民法典·物权编.
  const parts: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading' && block.level === 1) {
      parts.push(block.text);
      continue;
    }
    break;
  }
  if (parts.length > 0) return parts.join('·');
  const firstHeading = blocks.find((block) => block.kind === 'heading');
  if (firstHeading?.kind === 'heading') return firstHeading.text;
  if (metadataTitle !== null && metadataTitle !== '') return metadataTitle;
  const first = blocks.find((block) => block.kind === 'paragraph');
  if (
    first?.kind === 'paragraph' &&
    first.text.length <= 40 &&
    !articleStart.test(first.text) &&
    !/[。；]/u.test(first.text)
  ) {
    return first.text;
  }
  return path
    .basename(file, path.extname(file))
    .replace(/[(（]\d{4}-\d{2}-\d{2}[)）]$/u, '')
    .trim();
}

function articlePassages(
  blocks: readonly DocumentBlock[],
  title: string,
): PassageDraft[] {
  const passages: PassageDraft[] = [];
  const headings: { level: number; text: string }[] = [];
  let current: PassageDraft | null = null;
  let seenArticle = false;
  for (const block of blocks) {
    if (block.kind === 'preamble-end') continue;
    const heading = asHeading(block);
    if (heading !== null) {
      if (heading.text === title || title.split('·').includes(heading.text)) {
        continue;
      }
      while ((headings.at(-1)?.level ?? 0) >= heading.level) headings.pop();
      headings.push(heading);
      current = null;
      continue;
    }
    if (block.kind !== 'paragraph') continue;
    const start = articleStart.exec(block.text);
    if (start !== null) {
      seenArticle = true;
      const label = start[1] ?? '';
      current = {
        article: label,
        articleNumber: parseNumber(label.replace(/^第|条.*$/gu, '')),
        chapterPath: headings.map((h) => h.text),
        text: block.text.slice(start[0].length).trim(),
      };
      passages.push(current);
      continue;
    }
    if (!seenArticle) continue;
    if (current !== null) {
      current.text += `\n${block.text}`;
      continue;
    }
    current = {
      article: null,
      articleNumber: null,
      chapterPath: headings.map((h) => h.text),
      text: block.text,
    };
    passages.push(current);
  }
  return passages;
}

function paragraphPassages(
  blocks: readonly DocumentBlock[],
  title: string,
): PassageDraft[] {
  const passages: PassageDraft[] = [];
  const headings: { level: number; text: string }[] = [];
  let pending = '';
  const flush = (): void => {
    if (pending !== '') {
      passages.push({
        article: null,
        articleNumber: null,
        chapterPath: headings.map((h) => h.text),
        text: pending,
      });
    }
    pending = '';
  };
  for (const block of blocks) {
    const heading = asHeading(block);
    if (heading !== null) {
      flush();
      if (heading.text === title) continue;
      while ((headings.at(-1)?.level ?? 0) >= heading.level) headings.pop();
      headings.push(heading);
      continue;
    }
    if (block.kind !== 'paragraph' || block.text === title) continue;
    pending = pending === '' ? block.text : `${pending}\n${block.text}`;
    // Short lines (a question, a label) join the paragraph that follows.
    if (pending.length >= 40 || /[。！？]$/u.test(pending)) flush();
  }
  flush();
  return passages;
}

function asHeading(
  block: DocumentBlock,
): { level: number; text: string } | null {
  if (block.kind === 'heading') return block;
  if (block.kind !== 'paragraph' || block.text.length > 40) return null;
  const match = structureHeading.exec(block.text);
  if (match === null) return null;
  // Plain-text headings sit below the title (level 1).
  return { level: (structureLevels[match[1] ?? ''] ?? 3) + 1, text: block.text };
}

function splitLongPassage(passage: PassageDraft): PassageDraft[] {
  if (passage.text.length <= maxPassageCharacters) return [passage];
  const parts: PassageDraft[] = [];
  let text = '';
  for (const paragraph of passage.text.split('\n')) {
    if (text !== '' && text.length + paragraph.length > maxPassageCharacters) {
      parts.push({ ...passage, text });
      text = '';
    }
    text = text === '' ? paragraph : `${text}\n${paragraph}`;
  }
  if (text !== '') parts.push({ ...passage, text });
  return parts;
}

/** Finds 自2008年1月1日起施行 or 2021年1月1日 施行 and returns YYYY-MM-DD. */
export function statedEffectiveDate(text: string): string | null {
  const patterns = [
    /自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|生效)/u,
    /(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:起\s*)?(?:施行|生效)/u,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match !== null) return isoDate(match[1], match[2], match[3]);
  }
  return null;
}

function dateInFileName(file: string): string | null {
  const match = /[(（](\d{4})-(\d{2})-(\d{2})[)）]/u.exec(path.basename(file));
  return match === null ? null : isoDate(match[1], match[2], match[3]);
}

function isoDate(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
): string {
  return `${year}-${(month ?? '').padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`;
}
