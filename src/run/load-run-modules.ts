import { readAppeals } from '../appeal/read-appeals.ts';
import {
  createTriagePipeline,
  type TriagePipelineOptions,
} from '../triage/triage.ts';
import type { AppealTriage, ReadAppeals } from './run-files.ts';

/** Options of the triage pipeline factory. */
export type PipelineOptions = TriagePipelineOptions;

/** The reader and the pipeline factory that `hotline run` uses. */
export interface RunModules {
  readAppeals: ReadAppeals;
  createTriagePipeline(options?: PipelineOptions): Promise<AppealTriage>;
}

/**
 * Returns the ingest reader and the triage pipeline factory. Commands take
 * this as a parameter so that tests can substitute a cheaper pipeline.
 */
export async function loadRunModules(): Promise<RunModules> {
  return { readAppeals, createTriagePipeline };
}
