import type { Command } from 'commander';
import type { CliContext, RegisterCommand } from '../command.ts';
import { openStore, resolveDatabasePath } from '../../store/database.ts';
import { AppealRepository } from '../../store/appeal-repository.ts';
import { defaultReportPath, writeReport } from '../../report/write-report.ts';
import { renderStoreSections } from '../../report/store-sections.ts';
import { scanAlerts } from '../../hotspot/alerts.ts';
import { countAlerts } from '../../run/count-alerts.ts';
import { assignRunToClusters } from '../../hotspot/assign-to-clusters.ts';
import { NearDuplicateRecorder } from '../../run/record-near-duplicates.ts';
import { formatRunSummary } from '../../run/format-run-summary.ts';
import {
  loadRunModules,
  type RunModules,
} from '../../run/load-run-modules.ts';
import {
  createBarProgress,
  createLineProgress,
} from '../../run/run-progress.ts';
import { defaultBatchSize, runFiles } from '../../run/run-files.ts';
import { parseEncodingHint } from '../../appeal/detect-encoding.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { createCliLogger } from './create-cli-logger.ts';
import { parseCount, parseHeaderMap } from './parse-options.ts';

interface RunFlags {
  db?: string;
  report?: string;
  json?: boolean;
  encoding?: string;
  format?: string;
  map?: string;
  batch?: string;
}

/**
 * Builds the `run` command on the given reader and pipeline loader, so
 * tests can substitute both.
 */
export function createRunCommand(
  load: () => Promise<RunModules> = loadRunModules,
): RegisterCommand {
  return (program: Command, context: CliContext) => {
    program
      .command('run')
      .description(
        'Read appeal files, triage every appeal and store the results; ' +
          'writes an HTML report at the end. A file that cannot be read ' +
          'is reported and skipped; the exit status is then 1.',
      )
      .argument('<files...>', 'CSV, xlsx or JSON Lines files of appeals')
      .option('--db <path>', 'SQLite database (default: $HOTLINE_DB or ./hotline.db)')
      .option('--report <path>', `HTML report path (default: ./${defaultReportPath})`)
      .option('--json', 'print one JSON object instead of the text summary')
      .option('--encoding <name>', 'text encoding: auto, utf-8, gbk, gb18030, utf-16le, utf-16be')
      .option('--format <format>', 'file format when the extension does not tell it: csv, tsv, xlsx or jsonl')
      .option('--map <pairs>', 'column overrides, e.g. body=诉求描述,title=标题')
      .option('--batch <count>', `records per transaction (default: ${defaultBatchSize})`)
      .action(async (files: string[], flags: RunFlags) => {
        context.exitCode = await executeRun(files, flags, context, load);
      });
  };
}

/** Registers `hotline run` with the real reader and pipeline. */
export const registerRun: RegisterCommand = createRunCommand();

async function executeRun(
  files: string[],
  flags: RunFlags,
  context: CliContext,
  load: () => Promise<RunModules>,
): Promise<number> {
  const batchSize =
    flags.batch === undefined
      ? defaultBatchSize
      : parseCount('--batch', flags.batch, 1, 100_000);
  const headerMap = flags.map === undefined ? undefined : parseHeaderMap(flags.map);
  parseEncodingHint(flags.encoding);
  const format = parseFormat(flags.format);
  const logger = createCliLogger(context);
  const modules = await load();
  const pipeline = await modules.createTriagePipeline();

  const store = await openStore(resolveDatabasePath(flags.db, context.env));
  try {
    const progress = context.stderr.isTTY
      ? createBarProgress(context.stderr)
      : createLineProgress(context.stderr);
    const nearDuplicates = await NearDuplicateRecorder.open(store);
    const summary = await runFiles({
      files,
      repository: new AppealRepository(store.db),
      readAppeals: modules.readAppeals,
      pipeline,
      batchSize,
      progress,
      logger,
      nearDuplicates,
      clusters: { assignRun: (runId) => assignRunToClusters(store, runId) },
      ...(flags.encoding === undefined ? {} : { encoding: flags.encoding }),
      ...(format === undefined ? {} : { format }),
      ...(headerMap === undefined ? {} : { headerMap }),
    });
    // scanAlerts updates an alert that is already stored, so new alerts
    // are the growth of the table rather than its return value.
    const alertsBefore = await countAlerts(store);
    await scanAlerts(store);
    const alerts = (await countAlerts(store)) - alertsBefore;
    logger.info({ runId: summary.runId, alerts }, 'alerts scanned');
    const report = await writeReport(
      store.db,
      flags.report ?? defaultReportPath,
      {
        generatedAt: new Date(),
        flag: '--report',
        extraSections: await renderStoreSections(store),
      },
    );
    if (flags.json === true) {
      context.stdout.write(
        `${JSON.stringify({ ...summary, alerts, reportPath: report.path })}\n`,
      );
    } else {
      context.stdout.write(formatRunSummary({ ...summary, alerts }, report.path));
    }
    const failedFiles = summary.files.filter((file) => file.error !== null);
    for (const file of failedFiles) {
      context.stderr.write(`hotline: error: ${file.error ?? ''}\n`);
    }
    return failedFiles.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

const formats = ['csv', 'tsv', 'xlsx', 'jsonl'] as const;

/**
 * Checks a --format value.
 *
 * @throws InvalidArgumentError for any value but csv, tsv, xlsx or jsonl.
 */
function parseFormat(text: string | undefined): (typeof formats)[number] | undefined {
  if (text === undefined) return undefined;
  const format = formats.find((name) => name === text.toLowerCase());
  if (format === undefined) {
    throw new InvalidArgumentError({
      parameter: '--format',
      value: text,
      message: `--format must be csv, tsv, xlsx or jsonl, got "${text}".`,
    });
  }
  return format;
}
