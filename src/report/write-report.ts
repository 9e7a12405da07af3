import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { InvalidArgumentError } from '../errors/index.ts';
import type { CoreDatabase } from '../store/schema.ts';
import { queryReportFacts, type ReportFacts } from '../store/report-queries.ts';
import { renderReport, type ReportSection } from './render-report.ts';

/** Default report path, relative to the working directory. */
export const defaultReportPath = 'hotline-report.html';

/**
 * Reads the report facts from the store, renders the HTML and writes it
 * to `file`. Returns the absolute path and the facts it used.
 *
 * @throws InvalidArgumentError when the file cannot be written.
 */
export async function writeReport(
  db: Kysely<CoreDatabase>,
  file: string,
  options: {
    generatedAt: Date;
    extraSections?: ReportSection[];
    /** Flag named in the error message, e.g. `--out`. */
    flag?: string;
  },
): Promise<{ path: string; facts: ReportFacts }> {
  const facts = await queryReportFacts(db);
  const html = renderReport(facts, {
    generatedAt: options.generatedAt,
    ...(options.extraSections ? { extraSections: options.extraSections } : {}),
  });
  const absolute = path.resolve(file);
  try {
    await writeFile(absolute, html, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError({
      parameter: options.flag ?? '--report',
      value: file,
      message:
        `cannot write the report to "${file}": ` +
        `${(error as Error).message}. Pass a path in a writable folder.`,
      cause: error,
    });
  }
  return { path: absolute, facts };
}
