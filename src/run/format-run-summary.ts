import type { RunSummary } from './run-files.ts';

/**
 * Formats a run summary for people: totals, one line per file, agreement
 * when the input had recorded categories, near-duplicates, new surge
 * alerts when they were scanned, and speed.
 */
export function formatRunSummary(
  summary: RunSummary & { alerts?: number },
  reportPath: string | null,
): string {
  const lines = [
    `run ${summary.runId} (model ${summary.modelVersion})`,
    `  rows ${summary.rows}: stored ${summary.stored}, ` +
      `duplicates ${summary.duplicates}, rejected ${summary.rejected}`,
  ];
  for (const file of summary.files) {
    if (file.error !== null) {
      lines.push(`  ${file.file}: FAILED: ${file.error}`);
      if (file.rows === 0) continue;
    }
    const resumed =
      file.resumedFrom > 0 ? `, resumed after ${file.resumedFrom}` : '';
    lines.push(
      `  ${file.file} [${file.encoding}]: rows ${file.rows}, ` +
        `stored ${file.stored}, duplicates ${file.duplicates}, ` +
        `rejected ${file.rejected}${resumed}`,
    );
    for (const reject of file.firstRejects) {
      lines.push(`    rejected row ${reject.row}: ${reject.reason}`);
    }
    if (file.rejected > file.firstRejects.length && file.firstRejects.length > 0) {
      lines.push(`    (${file.rejected - file.firstRejects.length} more rejected rows: see the report or the rejects table)`);
    }
  }
  const agreement = summary.agreement;
  if (agreement === null) {
    lines.push('  agreement: no stored row had a recorded category');
  } else {
    lines.push(
      `  agreement with recorded category over ${agreement.rows} rows: ` +
        `accuracy ${(agreement.accuracy * 100).toFixed(1)}%, ` +
        `macro-F1 ${agreement.macroF1.toFixed(3)}`,
    );
  }
  lines.push(
    `  near-duplicates: ${summary.nearDuplicates} new appeals repeat ` +
      'a stored one',
  );
  if (summary.alerts !== undefined) {
    lines.push(`  new surge alerts: ${summary.alerts}`);
  }
  lines.push(
    `  elapsed ${summary.elapsedSeconds.toFixed(1)} s, ` +
      `${Math.round(summary.appealsPerSecond)} appeals/s`,
  );
  if (reportPath !== null) lines.push(`  report: ${reportPath}`);
  return `${lines.join('\n')}\n`;
}
