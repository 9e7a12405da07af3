import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputFileError } from '../errors/index.ts';
import {
  markdownBlocks,
  plainTextBlocks,
  type DocumentBlock,
} from './document-blocks.ts';
import { htmlBlocks } from './html-blocks.ts';
import { pdfText } from './pdf-text.ts';

/** File formats the knowledge base imports, keyed by file extension. */
export const documentFormats = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.docx': 'docx',
  '.pdf': 'pdf',
} as const;

/** One of the supported formats. */
export type DocumentFormat = (typeof documentFormats)[keyof typeof documentFormats];

/** Returns the format of a file by its extension, or null if unsupported. */
export function formatOf(file: string): DocumentFormat | null {
  const extension = path.extname(file).toLowerCase();
  return extension in documentFormats
    ? documentFormats[extension as keyof typeof documentFormats]
    : null;
}

/** A file read into blocks, before chunking. */
export interface ReadDocument {
  format: DocumentFormat;
  blocks: DocumentBlock[];
  /** Title from the file's metadata (HTML `<title>`), if any. */
  metadataTitle: string | null;
}

/**
 * Reads a document file into blocks.
 *
 * @throws InputFileError when the format is unsupported or the file cannot
 *   be parsed.
 */
export async function readDocument(
  file: string,
  bytes: Buffer,
): Promise<ReadDocument> {
  const format = formatOf(file);
  if (format === null) {
    throw new InputFileError({
      file,
      message:
        `cannot import "${file}": the extension is not supported. ` +
        `Use one of ${Object.keys(documentFormats).join(', ')}.`,
    });
  }
  try {
    switch (format) {
      case 'markdown':
        return { format, blocks: markdownBlocks(decode(bytes)), metadataTitle: null };
      case 'text':
        return { format, blocks: plainTextBlocks(decode(bytes)), metadataTitle: null };
      case 'html': {
        const { blocks, title } = htmlBlocks(decode(bytes));
        return { format, blocks, metadataTitle: title };
      }
      case 'docx': {
        const mammoth = await import('mammoth');
        const result = await mammoth.convertToHtml({ buffer: bytes });
        return { format, blocks: htmlBlocks(result.value).blocks, metadataTitle: null };
      }
      case 'pdf':
        return {
          format,
          blocks: plainTextBlocks(await pdfText(bytes)),
          metadataTitle: null,
        };
    }
  } catch (error) {
    throw new InputFileError({
      file,
      message:
        `cannot parse "${file}" as ${format}: ${(error as Error).message}. ` +
        'Check that the file is complete and not password-protected, or ' +
        'convert it to Markdown or plain text.',
      cause: error,
    });
  }
}

/** Reads a file's bytes, naming the file in the error. */
export async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new InputFileError({
      file,
      message:
        `cannot read "${file}": ${(error as Error).message}. ` +
        'Check the path and its permissions.',
      cause: error,
    });
  }
}

function decode(bytes: Buffer): string {
  // Strip a UTF-8 byte order mark.
  return new TextDecoder('utf-8').decode(bytes);
}
