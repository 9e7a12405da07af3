import { expectedCalibrationError } from './calibrate.ts';
import { computeMetrics, type ClassificationMetrics } from './metrics.ts';
import type { Student } from './student.ts';
import type { TrainingExample } from './training-example.ts';

/** Metrics of a student on labelled examples, plus calibration. */
export interface StudentEvaluation extends ClassificationMetrics {
  expectedCalibrationError: number;
  /** Examples whose label the model does not know (counted as errors). */
  unknownLabels: number;
}

/** Classifies every example and compares with its label. */
export function evaluateStudent(
  student: Student,
  examples: readonly TrainingExample[],
): StudentEvaluation {
  const probabilities = new Float32Array(student.labels.length);
  const predicted: string[] = [];
  const confidences: number[] = [];
  const correct: boolean[] = [];
  const known = new Set(student.labels);
  for (const example of examples) {
    const best = student.probabilitiesInto(example.text, probabilities);
    const label = student.labels[best]!;
    predicted.push(label);
    confidences.push(probabilities[best]!);
    correct.push(label === example.label);
  }
  const labels = [...student.labels];
  for (const example of examples) {
    if (!known.has(example.label) && !labels.includes(example.label)) {
      labels.push(example.label);
    }
  }
  return {
    ...computeMetrics(
      examples.map((example) => example.label),
      predicted,
      labels,
    ),
    expectedCalibrationError: expectedCalibrationError(confidences, correct),
    unknownLabels: examples.filter((example) => !known.has(example.label))
      .length,
  };
}
