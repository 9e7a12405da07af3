import { toSimplified } from '../text/simplified.ts';
import { fileURLToPath } from 'node:url';
import { extractElements } from '../extract/index.ts';
import { dispatch, loadDepartmentCatalogue } from '../dispatch/index.ts';
import { summarize } from '../summary/index.ts';
import { loadStudentForInference } from '../model/load-for-inference.ts';
import type { Student } from '../model/student.ts';
import type { TriageResult } from './triage-result.ts';

/** The model `hotline` ships and uses when no --model is given. */
export const defaultModelPath = fileURLToPath(
  new URL('../../models/default.hlm', import.meta.url),
);

/** Options of `createTriagePipeline`. */
export interface TriagePipelineOptions {
  /** Student model file; defaults to the shipped model. */
  modelPath?: string;
  /** Department catalogue (JSON); defaults to the shipped catalogue. */
  catalogPath?: string;
  /** Clock used for relative times when an appeal has no receipt time. */
  now?: () => Date;
}

/** Input of one triage: already masked title and body. */
export interface TriageInput {
  title: string;
  body: string;
  /** Receipt time (ISO 8601, local), the reference for 昨天 or 上周三. */
  receivedAt: string | null;
}

/** Triage of single appeals with a loaded model and catalogue. */
export interface TriagePipeline {
  modelVersion: string;
  student: Student;
  triage(input: TriageInput): TriageResult;
}

/** Parses a local ISO time as a Date at +08:00; null when it is invalid. */
function referenceTime(receivedAt: string | null): Date | null {
  if (receivedAt === null) return null;
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(receivedAt)
    ? receivedAt
    : `${receivedAt}+08:00`;
  const time = new Date(zoned);
  return Number.isNaN(time.getTime()) ? null : time;
}

/**
 * Loads the student model and the department catalogue and returns a
 * pipeline that classifies, extracts elements, dispatches and summarises
 * one appeal. The input must already be masked.
 *
 * @throws ModelFormatError when the model file is missing or invalid.
 * @throws InputFileError or ConfigFormatError for a bad catalogue.
 */
export async function createTriagePipeline(
  options: TriagePipelineOptions = {},
): Promise<TriagePipeline> {
  const student = loadStudentForInference(options.modelPath ?? defaultModelPath);
  const catalogue =
    options.catalogPath === undefined
      ? loadDepartmentCatalogue()
      : loadDepartmentCatalogue(options.catalogPath);
  const clock = options.now ?? (() => new Date());
  const modelVersion = student.metadata.version;

  return {
    modelVersion,
    student,
    triage(input: TriageInput): TriageResult {
      const text = `${input.title}${input.body}`;
      const prediction = student.predict(text);
      const now = referenceTime(input.receivedAt) ?? clock();
      const elements = extractElements(input.title, input.body, { now });
      const departments = dispatch(
        {
          category: prediction.label,
          confidence: prediction.confidence,
          elements,
          // Routing keywords are Simplified, so Traditional text is folded.
          text: toSimplified(`${input.title}\n${input.body}`),
        },
        catalogue,
      );
      return {
        category: prediction.label,
        confidence: prediction.confidence,
        scores: prediction.scores.slice(0, 3),
        elements,
        departments,
        summary: summarize(input.title, input.body),
        modelVersion,
      };
    },
  };
}
