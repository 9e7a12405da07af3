import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Appeal, Reject } from '../appeal/appeal.ts';
import { HotlineError } from '../errors/index.ts';
import { noopLogger, type Logger } from '../logger.ts';
import { computeAgreement, type Agreement } from '../report/agreement.ts';
import type {
  AppealRepository,
  TriagedAppeal,
} from '../store/appeal-repository.ts';
import type { CategoryPairCount } from '../store/report-queries.ts';
import type { TriageResult } from '../triage/triage-result.ts';
import { estimateRecordCount } from './estimate-record-count.ts';
import { identifyFile } from './file-key.ts';
import type { NearDuplicateStep } from './record-near-duplicates.ts';
import { silentProgress, type RunProgress } from './run-progress.ts';

/** One item that the appeal reader yields. */
export type AppealRecord =
  | { kind: 'appeal'; appeal: Appeal }
  | { kind: 'reject'; reject: Reject };

/** Options the appeal reader accepts; a subset of the ingest module's. */
export interface ReadAppealsOptions {
  encoding?: string;
  /** File format when the extension does not tell it. */
  format?: 'csv' | 'tsv' | 'xlsx' | 'jsonl';
  headerMap?: Record<string, string>;
  /** Records to skip from the start (header excluded), for resuming. */
  skipRows?: number;
  logger?: Logger;
  /** Receives the decoded encoding (null for workbooks) before any item. */
  onInfo?: (report: { encoding: string | null }) => void;
  /** Receives bytes read so far, for an ETA on files too big to count. */
  onProgress?: (progress: { bytesRead: number; totalBytes: number }) => void;
}

/** Reads a file of appeals as a stream of appeals and rejected rows. */
export type ReadAppeals = (
  file: string,
  options: ReadAppealsOptions,
) => AsyncIterable<AppealRecord>;

/** The triage step: a model version and a synchronous triage call. */
export interface AppealTriage {
  modelVersion: string;
  triage(input: {
    title: string;
    body: string;
    receivedAt: string | null;
  }): TriageResult;
}

/** Result of one input file. */
export interface FileSummary {
  /** The path as given on the command line. */
  file: string;
  /**
   * Encoding the file was decoded with, "xlsx" for workbooks, or "unknown"
   * when the file could not be opened.
   */
  encoding: string;
  rows: number;
  stored: number;
  duplicates: number;
  rejected: number;
  /** Records skipped because an earlier run had committed them. */
  resumedFrom: number;
  /** Reason the file could not be read in full, or null. */
  error: string | null;
  /** The first few rejected rows of this run, for the summary. */
  firstRejects: Array<{ row: number; reason: string }>;
}

/** Result of a whole run; `rows = stored + duplicates + rejected`. */
export interface RunSummary {
  runId: number;
  status: 'completed' | 'failed';
  modelVersion: string;
  rows: number;
  stored: number;
  duplicates: number;
  rejected: number;
  files: FileSummary[];
  /** Agreement over appeals stored by this run that had a recorded category. */
  agreement: Agreement | null;
  /** Appeals stored by this run with at least one near-duplicate; 0 when
   *  the run had no near-duplicate step. */
  nearDuplicates: number;
  elapsedSeconds: number;
  appealsPerSecond: number;
}

/** Rejected rows per file that the summary quotes. */
const shownRejects = 3;

/** Inputs of `runFiles`. */
export interface RunFilesOptions {
  files: string[];
  repository: AppealRepository;
  readAppeals: ReadAppeals;
  pipeline: AppealTriage;
  /** Records per transaction; a killed run loses at most one batch. */
  batchSize?: number;
  encoding?: string;
  format?: 'csv' | 'tsv' | 'xlsx' | 'jsonl';
  headerMap?: Record<string, string>;
  progress?: RunProgress;
  logger?: Logger;
  /** Monotonic clock in milliseconds, for elapsed time and rates. */
  clock?: () => number;
  /** Signs, indexes and links each committed batch's new appeals. */
  nearDuplicates?: NearDuplicateStep;
  /** Puts the run's new appeals into the topic clusters at its end. */
  clusters?: { assignRun(runId: number): Promise<number> };
}

/** Default records per batch transaction. */
export const defaultBatchSize = 500;

// Progress is reported every this many records, besides once per batch.
const progressStep = 100;

/**
 * Reads, triages and stores every file. Each batch is committed with the
 * file's progress marker, so a run that was killed resumes after the last
 * committed record. A file that is missing or cannot be read is recorded
 * (reject with row 0 and `FileSummary.error`) and the remaining files are
 * still processed. Errors of the store itself end the run as `failed`.
 */
export async function runFiles(options: RunFilesOptions): Promise<RunSummary> {
  const clock = options.clock ?? (() => performance.now());
  const logger = options.logger ?? noopLogger;
  const progress = options.progress ?? silentProgress;
  const batchSize = options.batchSize ?? defaultBatchSize;
  const startedAt = clock();
  const repository = options.repository;
  const runId = await repository.startRun({
    command: 'run',
    inputs: options.files.map((file) => path.resolve(file)),
    modelVersion: options.pipeline.modelVersion,
  });
  logger.info({ runId, files: options.files.length }, 'run started');

  const files: FileSummary[] = [];
  const pairs = new Map<string, CategoryPairCount>();
  const counters = { pairs, nearDuplicates: 0 };
  try {
    for (const file of options.files) {
      const summary = await runFile(file, runId, batchSize, options, counters);
      files.push(summary);
    }
  } catch (error) {
    await repository.finishRun(runId, 'failed');
    logger.error({ runId, error: String(error) }, 'run failed');
    throw error;
  } finally {
    progress.stop();
  }
  await repository.finishRun(runId, 'completed');
  if (options.clusters !== undefined) {
    const clustered = await options.clusters.assignRun(runId);
    logger.info({ runId, clustered }, 'appeals clustered');
  }

  const elapsedSeconds = (clock() - startedAt) / 1000;
  const total = (key: 'rows' | 'stored' | 'duplicates' | 'rejected') =>
    files.reduce((sum, file) => sum + file[key], 0);
  const rows = total('rows');
  logger.info({ runId, rows, elapsedSeconds }, 'run completed');
  return {
    runId,
    status: 'completed',
    modelVersion: options.pipeline.modelVersion,
    rows,
    stored: total('stored'),
    duplicates: total('duplicates'),
    rejected: total('rejected'),
    files,
    agreement: computeAgreement([...pairs.values()]),
    nearDuplicates: counters.nearDuplicates,
    elapsedSeconds,
    appealsPerSecond: elapsedSeconds > 0 ? rows / elapsedSeconds : 0,
  };
}

/** Totals that runFile adds to across files. */
interface RunCounters {
  pairs: Map<string, CategoryPairCount>;
  nearDuplicates: number;
}

async function runFile(
  file: string,
  runId: number,
  batchSize: number,
  options: RunFilesOptions,
  counters: RunCounters,
): Promise<FileSummary> {
  const repository = options.repository;
  const progress = options.progress ?? silentProgress;
  const logger = options.logger ?? noopLogger;
  const absolute = path.resolve(file);
  const summary: FileSummary = {
    file,
    encoding: 'unknown',
    rows: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    resumedFrom: 0,
    error: null,
    firstRejects: [],
  };

  const problem = await checkReadable(absolute);
  if (problem !== null) {
    summary.error = problem;
    await repository.recordFileFault(runId, absolute, problem);
    logger.warn({ runId, file: absolute }, 'input file skipped');
    return summary;
  }

  const fileKey = (await identifyFile(absolute)).key;
  const marker = await repository.readProgress(fileKey);
  const skipRows = marker !== null && !marker.complete ? marker.rowsDone : 0;
  summary.resumedFrom = skipRows;
  const counted = await estimateRecordCount(absolute);
  const expected = counted === null ? null : Math.max(counted - skipRows, 0);
  progress.startFile(file, expected);
  // Without a count, the total is extrapolated from the bytes read so far.
  let byteShare = 0;
  const estimateTotal = (done: number) => {
    if (expected !== null) return expected;
    return byteShare > 0 ? Math.round(done / byteShare) : null;
  };

  let pending: AppealRecord[] = [];
  const flush = async (complete: boolean) => {
    const batch = pending;
    pending = [];
    const outcome = await commitRecords(batch, {
      runId,
      pipeline: options.pipeline,
      repository,
      progress: {
        fileKey,
        file: absolute,
        rowsDone: skipRows + summary.rows + batch.length,
        complete,
      },
    });
    summary.rows += batch.length;
    summary.stored += outcome.stored;
    summary.duplicates += outcome.duplicates;
    summary.rejected += outcome.rejected;
    for (const record of batch) {
      if (record.kind !== 'reject' || summary.firstRejects.length >= shownRejects) continue;
      summary.firstRejects.push({ row: record.reject.row, reason: record.reject.reason });
    }
    for (const item of outcome.inserted) countPair(counters.pairs, item);
    if (options.nearDuplicates !== undefined) {
      // NOTE: this runs after the batch commit, in its own statements; a
      // run killed in between leaves that batch unsigned and unlinked. The
      // index signs such appeals when it next loads, but their links are
      // only found again for appeals stored later.
      counters.nearDuplicates += await options.nearDuplicates.record(
        runId,
        outcome.inserted,
      );
    }
    progress.update(summary.rows, estimateTotal(summary.rows));
  };

  try {
    const readOptions: ReadAppealsOptions = {
      skipRows,
      logger,
      onInfo: (report) => {
        summary.encoding = report.encoding ?? 'xlsx';
      },
      onProgress: ({ bytesRead, totalBytes }) => {
        if (totalBytes > 0) byteShare = bytesRead / totalBytes;
      },
    };
    if (options.encoding !== undefined) readOptions.encoding = options.encoding;
    if (options.format !== undefined) readOptions.format = options.format;
    if (options.headerMap !== undefined) {
      readOptions.headerMap = options.headerMap;
    }
    for await (const record of options.readAppeals(absolute, readOptions)) {
      pending.push(record);
      if (pending.length >= batchSize) await flush(false);
      else if (pending.length % progressStep === 0) {
        const done = summary.rows + pending.length;
        progress.update(done, estimateTotal(done));
      }
    }
  } catch (error) {
    if (!HotlineError.isInstance(error)) throw error;
    // Keep what was read before the fault; the marker stays incomplete, so
    // the next run continues after the committed records.
    await flush(false);
    summary.error = error.message;
    await repository.recordFileFault(runId, absolute, error.message);
    logger.warn({ runId, file: absolute, code: error.code }, 'input failed');
    progress.finishFile();
    return summary;
  }
  await flush(true);
  progress.finishFile();
  return summary;
}

/** Returns why a path cannot be read as an input file, or null. */
async function checkReadable(file: string): Promise<string | null> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      return `input "${file}" is not a regular file; pass a CSV, xlsx or JSONL file.`;
    }
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return `input file "${file}" was not found; check the path.`;
    }
    return (
      `input file "${file}" cannot be read (${code ?? 'unknown error'}); ` +
      'check its permissions.'
    );
  }
}

/**
 * Splits a batch into rejects, in-batch duplicates, stored duplicates and
 * new appeals; triages only the new ones, then commits everything. An
 * appeal whose triage throws becomes a reject rather than failing the run.
 */
async function commitRecords(
  records: AppealRecord[],
  context: {
    runId: number;
    pipeline: AppealTriage;
    repository: AppealRepository;
    progress: {
      fileKey: string;
      file: string;
      rowsDone: number;
      complete: boolean;
    };
  },
) {
  const rejects: Reject[] = [];
  const unique = new Map<string, Appeal>();
  let knownDuplicates = 0;
  for (const record of records) {
    if (record.kind === 'reject') {
      rejects.push(record.reject);
    } else if (unique.has(record.appeal.contentHash)) {
      knownDuplicates += 1;
    } else {
      unique.set(record.appeal.contentHash, record.appeal);
    }
  }
  const stored = await context.repository.findStoredHashes([...unique.keys()]);
  const appeals: TriagedAppeal[] = [];
  for (const [hash, appeal] of unique) {
    if (stored.has(hash)) {
      knownDuplicates += 1;
      continue;
    }
    try {
      const result = context.pipeline.triage({
        title: appeal.title,
        body: appeal.body,
        receivedAt: appeal.receivedAt,
      });
      appeals.push({ appeal, result });
    } catch (error) {
      rejects.push({
        file: appeal.source.name,
        row: appeal.source.row,
        reason: `triage failed: ${(error as Error).message}`,
      });
    }
  }
  return context.repository.commitBatch({
    runId: context.runId,
    appeals,
    knownDuplicates,
    rejects,
    progress: context.progress,
  });
}

function countPair(
  pairs: Map<string, CategoryPairCount>,
  item: TriagedAppeal,
): void {
  const recorded = item.appeal.recordedCategory;
  if (recorded === null || recorded === '') return;
  const predicted = item.result.category;
  const key = `${recorded}\u0000${predicted}`;
  const pair = pairs.get(key);
  if (pair === undefined) pairs.set(key, { recorded, predicted, count: 1 });
  else pair.count += 1;
}
