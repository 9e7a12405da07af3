/** A stored passage with the document it belongs to. */
export interface Passage {
  id: number;
  documentId: number;
  documentTitle: string;
  sourcePath: string;
  article: string | null;
  articleNumber: number | null;
  chapterPath: string[];
  text: string;
  effectiveDate: string | null;
}

/**
 * Formats the passage the way an answer cites it: 《title》第X条：text. The
 * grounding checks match law titles and article numbers against this form.
 */
export function citedText(passage: Passage): string {
  const article = passage.article ?? '';
  return `《${passage.documentTitle}》${article}：${passage.text}`;
}
