import { parse, NodeType, type HTMLElement, type Node } from 'node-html-parser';
import { normalizeSpace, type DocumentBlock } from './document-blocks.ts';

const blockTags = new Set([
  'p', 'div', 'li', 'td', 'th', 'tr', 'br', 'section', 'article', 'blockquote',
  'pre', 'dd', 'dt', 'caption',
]);
const skippedTags = new Set(['script', 'style', 'noscript', 'head', 'nav']);

/**
 * Reads HTML (also the HTML that mammoth makes from DOCX): h1–h6 are
 * headings, other block elements are paragraphs; scripts, styles and
 * navigation are dropped. Returns the blocks and the `<title>` text.
 */
export function htmlBlocks(html: string): {
  blocks: DocumentBlock[];
  title: string | null;
} {
  const root = parse(html, { comment: false });
  const titleElement = root.querySelector('title');
  const title = titleElement ? normalizeSpace(titleElement.text) : null;
  const blocks: DocumentBlock[] = [];
  let buffer = '';
  const flush = (): void => {
    for (const line of buffer.split('\n')) {
      const text = normalizeSpace(line);
      if (text !== '') blocks.push({ kind: 'paragraph', text });
    }
    buffer = '';
  };
  const visit = (node: Node): void => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      buffer += node.text;
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const element = node as HTMLElement;
    const tag = element.rawTagName?.toLowerCase() ?? '';
    if (skippedTags.has(tag)) return;
    const heading = /^h([1-6])$/u.exec(tag);
    if (heading !== null) {
      flush();
      const text = normalizeSpace(element.text);
      if (text !== '') {
        blocks.push({ kind: 'heading', level: Number(heading[1]), text });
      }
      return;
    }
    const isBlock = blockTags.has(tag);
    if (isBlock) buffer += '\n';
    for (const child of element.childNodes) visit(child);
    if (isBlock) buffer += '\n';
  };
  const body = root.querySelector('body') ?? root;
  visit(body);
  flush();
  return { blocks, title };
}
