import { hostname } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import type { Appeal, Reject } from '../appeal/appeal.ts';
import type { TriageResult } from '../triage/triage-result.ts';
import type { CoreDatabase } from './schema.ts';
import { appealRow, triageRow } from './appeal-rows.ts';

/** An appeal with the triage result computed for it. */
export interface TriagedAppeal {
  appeal: Appeal;
  result: TriageResult;
}

/**
 * Tells whether a process with this id exists on this host. Signal 0
 * checks without sending anything; EPERM means it exists under another user.
 */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Run statuses as stored in `runs.status`. */
export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** Counters of a run; `rowsRead = stored + duplicates + rejected`. */
export interface RunCounts {
  rowsRead: number;
  stored: number;
  duplicates: number;
  rejected: number;
}

/** Resume marker of one input file. */
export interface IngestProgress {
  /** Records (appeals and rejected rows) committed from the file start. */
  rowsDone: number;
  /** True once the whole file was read in some run. */
  complete: boolean;
}

/** Everything one batch commits, in one transaction. */
export interface BatchInput {
  runId: number;
  /** New appeals to insert; content hashes already in the store are skipped. */
  appeals: TriagedAppeal[];
  /** Records of this batch found to be duplicates before the insert. */
  knownDuplicates: number;
  rejects: Reject[];
  /** Progress marker of the file after this batch. */
  progress: { fileKey: string; file: string; rowsDone: number; complete: boolean };
}

/** Counts and inserted appeals of one committed batch. */
export interface BatchOutcome {
  stored: number;
  /** Known duplicates plus appeals whose hash was already stored. */
  duplicates: number;
  rejected: number;
  /** The appeals that were inserted, in input order. */
  inserted: TriagedAppeal[];
}

/** A model version as registered in `model_versions`. */
export interface ModelVersionInfo {
  version: string;
  format: string;
  sha256: string;
  labels: string[];
  metrics: Record<string, unknown>;
}

// SQLite allows 32,766 bound variables per statement; 15 columns times 200
// rows stays far below it, and PostgreSQL's 65,535 as well.
const insertChunkRows = 200;

/**
 * Writes appeals, triage results, rejects, runs and ingest progress. Each
 * batch is one transaction that also moves the file's progress marker, so a
 * killed process loses at most the batch in flight and a new run resumes
 * right after the last committed record.
 */
export class AppealRepository {
  readonly #db: Kysely<CoreDatabase>;
  readonly #now: () => Date;

  constructor(db: Kysely<CoreDatabase>, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * Marks runs `interrupted` that are still `running` but whose process on
   * this host has died (killed, or the machine restarted), then inserts a
   * run in status `running`, owned by this process, and returns its id. A
   * run's committed batches stay valid either way, and the next run
   * resumes after them.
   */
  async startRun(options: {
    command: string;
    inputs: string[];
    modelVersion: string | null;
  }): Promise<number> {
    const host = hostname();
    const open = await this.#db
      .selectFrom('runs')
      .select(['id', 'pid'])
      .where('status', '=', 'running')
      .where('host', '=', host)
      .execute();
    const dead = open.filter((run) => run.pid !== null && !processIsAlive(Number(run.pid)));
    if (dead.length > 0) {
      await this.#db
        .updateTable('runs')
        .set({ status: 'interrupted' })
        .where('id', 'in', dead.map((run) => run.id))
        .execute();
    }
    const row = await this.#db
      .insertInto('runs')
      .values({
        started_at: this.#timestamp(),
        command: options.command,
        inputs: JSON.stringify(options.inputs),
        model_version: options.modelVersion,
        status: 'running',
        host,
        pid: process.pid,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Sets the final status and finish time; counters were kept per batch. */
  async finishRun(runId: number, status: RunStatus): Promise<void> {
    await this.#db
      .updateTable('runs')
      .set({ status, finished_at: this.#timestamp() })
      .where('id', '=', runId)
      .execute();
  }

  /** Reads the counters a run has committed so far. */
  async readRunCounts(runId: number): Promise<RunCounts> {
    const row = await this.#db
      .selectFrom('runs')
      .select(['rows_read', 'stored', 'duplicates', 'rejected'])
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    return {
      rowsRead: Number(row.rows_read),
      stored: Number(row.stored),
      duplicates: Number(row.duplicates),
      rejected: Number(row.rejected),
    };
  }

  /** Returns the resume marker of a file key, or null for a new file. */
  async readProgress(fileKey: string): Promise<IngestProgress | null> {
    const row = await this.#db
      .selectFrom('ingest_progress')
      .select(['rows_done', 'complete'])
      .where('file_key', '=', fileKey)
      .executeTakeFirst();
    if (row === undefined) return null;
    return { rowsDone: Number(row.rows_done), complete: row.complete === 1 };
  }

  /** Returns which of the given content hashes are already stored. */
  async findStoredHashes(hashes: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let start = 0; start < hashes.length; start += 500) {
      const chunk = hashes.slice(start, start + 500);
      if (chunk.length === 0) continue;
      const rows = await this.#db
        .selectFrom('appeals')
        .select('content_hash')
        .where('content_hash', 'in', chunk)
        .execute();
      for (const row of rows) found.add(row.content_hash);
    }
    return found;
  }

  /**
   * Commits one batch: appeals with their triage results (skipping stored
   * content hashes), rejects, the run counters and the file's progress
   * marker, all in one transaction.
   */
  async commitBatch(input: BatchInput): Promise<BatchOutcome> {
    return this.#db.transaction().execute(async (trx) => {
      const createdAt = this.#timestamp();
      const inserted = await this.#insertAppeals(trx, input, createdAt);
      const rejected = input.rejects.length;
      if (rejected > 0) {
        await trx
          .insertInto('rejects')
          .values(
            input.rejects.map((reject) => ({
              run_id: input.runId,
              file: reject.file,
              row: reject.row,
              reason: reject.reason,
              code: reject.code ?? null,
              created_at: createdAt,
            })),
          )
          .execute();
      }
      const stored = inserted.length;
      const duplicates =
        input.knownDuplicates + input.appeals.length - inserted.length;
      await trx
        .updateTable('runs')
        .set((eb) => ({
          rows_read: eb('rows_read', '+', stored + duplicates + rejected),
          stored: eb('stored', '+', stored),
          duplicates: eb('duplicates', '+', duplicates),
          rejected: eb('rejected', '+', rejected),
        }))
        .where('id', '=', input.runId)
        .execute();
      await this.#writeProgress(trx, input.progress, createdAt);
      return { stored, duplicates, rejected, inserted };
    });
  }

  /**
   * Records a file-level fault (missing or unreadable file) as a reject
   * with row 0. It does not count as a rejected record.
   */
  async recordFileFault(
    runId: number,
    file: string,
    reason: string,
  ): Promise<void> {
    await this.#db
      .insertInto('rejects')
      .values({
        run_id: runId,
        file,
        row: 0,
        reason,
        created_at: this.#timestamp(),
      })
      .execute();
  }

  /** Registers a model version unless that version is already present. */
  async registerModelVersion(info: ModelVersionInfo): Promise<void> {
    await this.#db
      .insertInto('model_versions')
      .values({
        version: info.version,
        format: info.format,
        sha256: info.sha256,
        labels: JSON.stringify(info.labels),
        metrics: JSON.stringify(info.metrics),
        created_at: this.#timestamp(),
      })
      .onConflict((conflict) => conflict.column('version').doNothing())
      .execute();
  }

  async #insertAppeals(
    trx: Transaction<CoreDatabase>,
    input: BatchInput,
    createdAt: string,
  ): Promise<TriagedAppeal[]> {
    const inserted: TriagedAppeal[] = [];
    for (let start = 0; start < input.appeals.length; start += insertChunkRows) {
      const chunk = input.appeals.slice(start, start + insertChunkRows);
      const rows = await trx
        .insertInto('appeals')
        .values(
          chunk.map(({ appeal }) => appealRow(appeal, input.runId, createdAt)),
        )
        .onConflict((conflict) => conflict.column('content_hash').doNothing())
        .returning(['id', 'content_hash'])
        .execute();
      if (rows.length === 0) continue;
      const idByHash = new Map(rows.map((row) => [row.content_hash, row.id]));
      const results = [];
      for (const item of chunk) {
        const id = idByHash.get(item.appeal.contentHash);
        if (id === undefined) continue;
        // A hash repeated inside one chunk is inserted once; later copies
        // are duplicates.
        idByHash.delete(item.appeal.contentHash);
        inserted.push(item);
        results.push(triageRow(id, item.result, createdAt));
      }
      await trx.insertInto('triage_results').values(results).execute();
    }
    return inserted;
  }

  async #writeProgress(
    trx: Transaction<CoreDatabase>,
    progress: BatchInput['progress'],
    updatedAt: string,
  ): Promise<void> {
    const values = {
      file: progress.file,
      rows_done: progress.rowsDone,
      complete: progress.complete ? 1 : 0,
      updated_at: updatedAt,
    };
    await trx
      .insertInto('ingest_progress')
      .values({ file_key: progress.fileKey, ...values })
      .onConflict((conflict) =>
        conflict.column('file_key').doUpdateSet(values),
      )
      .execute();
  }

  #timestamp(): string {
    return this.#now().toISOString();
  }
}
