/**
 * Expert specialisation of an MoE student. It trains one on the training
 * file (seeded, a few epochs, early stopping on its 10 % validation split).
 * Then it prints, per expert, its routing share and the categories, places
 * and appeal types over-represented among its appeals, as markdown. The report
 * routes every row of the training file, then the raw-text validation
 * rows alone (appeals the model did not train on). A value needs 10
 * appeals in an expert (2 on the validation rows) to be listed.
 *
 * Run: nice -n 10 npx tsx bench/moe-experts.ts [--epochs 6] [--experts 4]
 *        [--top-k 1] [--seed 20241204]
 */
import { expertReport, expertReportMarkdown } from '../src/model/expert-report.ts';
import { readTrainingData } from '../src/model/read-training-data.ts';
import { defaultMoeTrainingOptions } from '../src/model/train-moe.ts';
import { trainMoeStudent } from '../src/model/train-moe-student.ts';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const epochs = flag('--epochs', 6);
const experts = flag('--experts', 4);
const topK = flag('--top-k', 1);
const seed = flag('--seed', defaultMoeTrainingOptions.seed);

const { examples } = await readTrainingData(['data/teddy/train.jsonl.gz']);
const started = performance.now();
const { student, report, split } = trainMoeStudent(examples, {
  settings: { buckets: 2 ** 17, charNgramMin: 1, charNgramMax: 3, sublinearTf: true },
  shape: { dimension: 16, experts, hidden: 16, topK, skip: true },
  training: { ...defaultMoeTrainingOptions, maxEpochs: epochs, seed },
  validationFraction: 0.1,
  refit: false,
});
const trainSeconds = (performance.now() - started) / 1000;

const lines = [
  `MoE student: 1-3 grams, 2^17 buckets, d16, ${experts} experts (h16), top-${topK}, ` +
    `seed ${seed}, ${report.history.length} of at most ${epochs} epochs ` +
    `(best ${report.bestEpoch}), validation macro-F1 ${report.validationMacroF1.toFixed(3)}, ` +
    `${trainSeconds.toFixed(0)} s.`,
  '',
  `Utilisation per epoch (share of routing slots): ${report.history
    .map((epoch) => `[${epoch.utilisation.map((share) => share.toFixed(2)).join(' ')}]`)
    .join(' ')}`,
  '',
  '### All rows of the training file',
  '',
  expertReportMarkdown(expertReport(student, examples, { minCount: 10 })),
  '',
  '### Raw-text validation rows',
  '',
  expertReportMarkdown(expertReport(student, split.heldOut, { minCount: 2 })),
];
console.log(lines.join('\n'));
