/**
 * Student model benchmark: training time on the shipped training set,
 * held-out accuracy and macro-F1 on raw text, microseconds per appeal on
 * one core (single-threaded predict, including Traditional folding and
 * featurization), model file size and peak memory.
 *
 * Run: npx tsx bench/model.ts [--skip-training]
 */
import { statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readTrainingData } from '../src/model/read-training-data.ts';
import { loadStudent, saveStudent } from '../src/model/model-file.ts';
import { loadStudentForInference } from '../src/model/load-for-inference.ts';
import { evaluateStudent } from '../src/model/evaluate-student.ts';
import { trainStudent } from '../src/model/train-student.ts';
import { defaultTrainingSetup } from '../src/model/default-training.ts';
import { defaultModelPath } from '../src/triage/triage.ts';

const skipTraining = process.argv.includes('--skip-training');
const rows: Array<[string, string]> = [];
const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

const train = await readTrainingData(['data/teddy/train.jsonl.gz']);
const holdout = await readTrainingData(['data/teddy/holdout.jsonl.gz']);

if (!skipTraining) {
  const wall = performance.now();
  const cpu = cpuSeconds();
  const { student } = trainStudent(train.examples, defaultTrainingSetup());
  const trainedFile = path.join(mkdtempSync(path.join(tmpdir(), 'hotline-bench-')), 'model.hlm');
  saveStudent(student, trainedFile);
  rows.push(['training wall seconds (full set, refit included)', ((performance.now() - wall) / 1000).toFixed(1)]);
  rows.push(['training CPU seconds', (cpuSeconds() - cpu).toFixed(1)]);
  const fresh = evaluateStudent(loadStudent(trainedFile), holdout.examples);
  rows.push(['retrained model held-out macro-F1', fresh.macroF1.toFixed(4)]);
}

const student = loadStudentForInference(defaultModelPath);
const evaluation = evaluateStudent(student, holdout.examples);
rows.push(['shipped model', student.metadata.version]);
rows.push(['held-out raw-text appeals', String(evaluation.n)]);
rows.push(['held-out accuracy', evaluation.accuracy.toFixed(4)]);
rows.push(['held-out macro-F1', evaluation.macroF1.toFixed(4)]);
rows.push(['held-out ECE', evaluation.expectedCalibrationError.toFixed(4)]);

const texts = holdout.examples.map((example) => example.text);
const probabilities = new Float32Array(student.labels.length);
for (const text of texts) student.probabilitiesInto(text, probabilities);
const rounds = 20;
const wall = performance.now();
const cpu = cpuSeconds();
for (let round = 0; round < rounds; round++) {
  for (const text of texts) student.probabilitiesInto(text, probabilities);
}
const count = rounds * texts.length;
const meanChars = texts.reduce((sum, text) => sum + text.length, 0) / texts.length;
rows.push(['mean appeal length (characters)', meanChars.toFixed(0)]);
rows.push(['µs per appeal (wall)', (((performance.now() - wall) * 1000) / count).toFixed(2)]);
rows.push(['µs per appeal (CPU)', (((cpuSeconds() - cpu) * 1e6) / count).toFixed(2)]);
rows.push(['model file bytes', String(statSync(defaultModelPath).size)]);
rows.push(['peak RSS MiB', (process.resourceUsage().maxRSS / 1024).toFixed(0)]);

const width = Math.max(...rows.map(([name]) => name.length));
process.stdout.write(`| ${'measure'.padEnd(width)} | value |\n`);
process.stdout.write(`| ${'-'.repeat(width)} | --- |\n`);
for (const [name, value] of rows) {
  process.stdout.write(`| ${name.padEnd(width)} | ${value} |\n`);
}
