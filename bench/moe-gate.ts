/**
 * Gate training check for the MoE student. It trains the student of the
 * MoE row in bench/student.ts (1-3 grams, 2^18 buckets, d32, 4 experts of
 * 32 hidden units, at most 12 epochs) on the training file, without the
 * refit. It prints the validation macro-F1 and the routing share per
 * epoch. For the raw-text validation rows it prints each expert's top-1
 * share and mean gate probability, the mean highest gate probability and
 * the range of gate probabilities. Only the validation split of the
 * training file is scored, and the held-out file is not read.
 *
 * Run: nice -n 10 npx tsx bench/moe-gate.ts [--top-k 1] [--epochs 12]
 *        [--balance 0.01] [--seed 20241204]
 */
import { expertReport } from '../src/model/expert-report.ts';
import { readTrainingData } from '../src/model/read-training-data.ts';
import { defaultMoeTrainingOptions } from '../src/model/train-moe.ts';
import { trainMoeStudent } from '../src/model/train-moe-student.ts';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const topK = flag('--top-k', 1);
const epochs = flag('--epochs', 12);
const balanceWeight = flag('--balance', defaultMoeTrainingOptions.balanceWeight);
const seed = flag('--seed', defaultMoeTrainingOptions.seed);

const { examples } = await readTrainingData(['data/teddy/train.jsonl.gz']);
const started = performance.now();
const { student, report, split } = trainMoeStudent(examples, {
  settings: { buckets: 2 ** 18, charNgramMin: 1, charNgramMax: 3, sublinearTf: true },
  shape: { dimension: 32, experts: 4, hidden: 32, topK, skip: true },
  training: { ...defaultMoeTrainingOptions, maxEpochs: epochs, balanceWeight, seed },
  validationFraction: 0.1,
  refit: false,
});
const seconds = (performance.now() - started) / 1000;
const routing = expertReport(student, split.heldOut, { minCount: 2 });

const lines = [
  `MoE d32 2^18, 4 experts, top-${topK}, balance ${balanceWeight}, seed ${seed}: ` +
    `${report.history.length} epochs (best ${report.bestEpoch}), ` +
    `validation macro-F1 ${report.validationMacroF1.toFixed(4)}, ${seconds.toFixed(0)} s`,
  `training routing share per epoch: ${report.history
    .map((epoch) => `[${epoch.utilisation.map((share) => share.toFixed(2)).join(' ')}]`)
    .join(' ')}`,
  `validation rows (${routing.appeals}): top-1 share ` +
    `[${routing.profiles.map((p) => p.top1Share.toFixed(3)).join(' ')}], mean gate p ` +
    `[${routing.profiles.map((p) => p.meanGateProbability.toFixed(3)).join(' ')}], ` +
    `mean highest p ${routing.meanTopProbability.toFixed(3)}, range ` +
    `${routing.gateRange[0].toFixed(3)}–${routing.gateRange[1].toFixed(3)}`,
];
console.log(lines.join('\n'));
