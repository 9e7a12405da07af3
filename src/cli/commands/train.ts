import type { Command } from 'commander';
import type { CliContext, RegisterCommand } from '../command.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { readTrainingData } from '../../model/read-training-data.ts';
import { saveStudent } from '../../model/model-file.ts';
import { trainStudent } from '../../model/train-student.ts';
import { defaultSoftmaxTrainingOptions } from '../../model/train-softmax.ts';
import { defaultTrainingSetup, hashedSoftmaxSetup } from '../../model/default-training.ts';
import { defaultModelPath } from '../../triage/triage.ts';

interface TrainFlags {
  data: string[];
  out: string;
  seed: string;
  buckets?: string;
  kind: string;
  slots?: string;
  fill?: string;
  ngrams: string;
  epochs: string;
  learningRate: string;
  validation: string;
  refit: boolean;
  prune: string;
  ensemble?: string;
  json?: boolean;
}

function positiveNumber(flag: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new InvalidArgumentError({
      parameter: flag,
      value: text,
      message: `${flag} must be a positive ${integer ? 'integer' : 'number'}, got "${text}".`,
    });
  }
  return value;
}

function parseNgrams(text: string): [number, number] {
  const match = /^(\d)-(\d)$/.exec(text);
  const low = Number(match?.[1]);
  const high = Number(match?.[2]);
  if (match === null || low < 1 || high < low || high > 6) {
    throw new InvalidArgumentError({
      parameter: '--ngrams',
      value: text,
      message: `--ngrams must look like MIN-MAX with 1 <= MIN <= MAX <= 6 (e.g. 1-4), got "${text}".`,
    });
  }
  return [low, high];
}

/** Registers `hotline train`. */
export const registerTrain: RegisterCommand = (
  program: Command,
  context: CliContext,
) => {
  program
    .command('train')
    .description(
      'Train the student classifier on labelled JSON Lines files and write ' +
        'a model file. Early stopping and temperature scaling use a ' +
        'validation split of the raw-text rows.',
    )
    .requiredOption('--data <files...>', 'labelled .jsonl or .jsonl.gz files')
    .option('--out <path>', 'model file to write', defaultModelPath)
    .option('--seed <n>', 'random seed (split, shuffling)', String(defaultSoftmaxTrainingOptions.seed))
    .option('--kind <kind>', 'compact (selected n-grams, int8, the default) or softmax (all n-grams hashed)', 'compact')
    .option('--slots <bits>', `compact: table slots as a power of two (bits, default ${defaultTrainingSetup().selection!.slotBits})`)
    .option('--fill <share>', `compact: share of the slots filled with selected n-grams, above 0 up to 1 (default ${defaultTrainingSetup().selection!.fill})`)
    .option('--buckets <bits>', 'softmax: hash buckets as a power of two (bits, default 20)')
    .option('--ngrams <min-max>', 'character n-gram lengths', `${defaultTrainingSetup().settings.charNgramMin}-${defaultTrainingSetup().settings.charNgramMax}`)
    .option('--epochs <n>', 'maximum epochs', String(defaultSoftmaxTrainingOptions.maxEpochs))
    .option('--learning-rate <rate>', 'AdaGrad step size', String(defaultSoftmaxTrainingOptions.learningRate))
    .option('--validation <fraction>', 'share of raw-text rows for validation', String(defaultTrainingSetup().validationFraction))
    .option('--prune <ratio>', 'share of weight rows to remove by magnitude, 0 to 0.95', String(defaultTrainingSetup().pruneRatio ?? 0))
    .option('--ensemble <n>', 'models averaged over shuffling seeds (default: 1 for compact, 3 for softmax)')
    .option('--no-refit', 'keep the early-stopped model instead of refitting on all rows')
    .option('--json', 'print the training report as one JSON object')
    .action(async (flags: TrainFlags) => {
      // Size flags of the other kind would be ignored, so they are refused.
      let otherKindFlag: string | null = null;
      if (flags.kind === 'softmax' && flags.slots !== undefined) otherKindFlag = '--slots';
      if (flags.kind === 'softmax' && flags.fill !== undefined) otherKindFlag = '--fill';
      if (flags.kind === 'compact' && flags.buckets !== undefined) otherKindFlag = '--buckets';
      if (otherKindFlag !== null) {
        throw new InvalidArgumentError({
          parameter: otherKindFlag,
          value: flags.kind,
          message:
            `${otherKindFlag} does not apply to --kind ${flags.kind}: --slots and --fill size ` +
            'the compact kind, --buckets the softmax kind. Drop the flag or change --kind.',
        });
      }
      const bits = positiveNumber('--buckets', flags.buckets ?? '20', true);
      if (bits < 10 || bits > 24) {
        throw new InvalidArgumentError({
          parameter: '--buckets',
          value: flags.buckets,
          message: `--buckets is a power of two between 10 and 24 bits, got ${flags.buckets}.`,
        });
      }
      const [charNgramMin, charNgramMax] = parseNgrams(flags.ngrams);
      const validation = positiveNumber('--validation', flags.validation, false);
      if (validation >= 0.5) {
        throw new InvalidArgumentError({
          parameter: '--validation',
          value: flags.validation,
          message: `--validation must be below 0.5, got ${flags.validation}.`,
        });
      }
      const pruneRatio = Number(flags.prune);
      if (!(pruneRatio >= 0 && pruneRatio <= 0.95)) {
        throw new InvalidArgumentError({
          parameter: '--prune',
          value: flags.prune,
          message: `--prune must be a number from 0 to 0.95, got "${flags.prune}".`,
        });
      }
      const data = await readTrainingData(flags.data);
      for (const row of data.skipped.slice(0, 10)) {
        context.stderr.write(`skipped ${row.source}: ${row.reason}\n`);
      }
      if (flags.kind !== 'compact' && flags.kind !== 'softmax') {
        throw new InvalidArgumentError({
          parameter: '--kind',
          value: flags.kind,
          message: `--kind must be compact or softmax, got "${flags.kind}".`,
        });
      }
      const compact = flags.kind === 'compact';
      const slots = flags.slots ?? String(defaultTrainingSetup().selection!.slotBits);
      const slotBits = positiveNumber('--slots', slots, true);
      if (slotBits < 8 || slotBits > 24) {
        throw new InvalidArgumentError({
          parameter: '--slots',
          value: slots,
          message: `--slots is a power of two between 8 and 24 bits, got ${slots}.`,
        });
      }
      const fillText = flags.fill ?? String(defaultTrainingSetup().selection!.fill);
      const fill = positiveNumber('--fill', fillText, false);
      if (fill > 1) {
        throw new InvalidArgumentError({
          parameter: '--fill',
          value: fillText,
          message: `--fill is a share of the slots, above 0 and at most 1, got ${fillText}.`,
        });
      }
      const setup = compact ? defaultTrainingSetup() : hashedSoftmaxSetup();
      const { student, report } = trainStudent(data.examples, {
        ...setup,
        ...(compact ? { selection: { slotBits, fill } } : {}),
        settings: {
          ...setup.settings,
          buckets: 2 ** bits,
          charNgramMin,
          charNgramMax,
        },
        training: {
          ...setup.training,
          seed: positiveNumber('--seed', flags.seed, true),
          maxEpochs: positiveNumber('--epochs', flags.epochs, true),
          learningRate: positiveNumber('--learning-rate', flags.learningRate, false),
          ensembleSize:
            flags.ensemble === undefined
              ? setup.training.ensembleSize ?? 1
              : positiveNumber('--ensemble', flags.ensemble, true),
        },
        pruneRatio,
        validationFraction: validation,
        refit: flags.refit,
        onEpoch: (epoch, phase) => {
          const f1 =
            epoch.validationMacroF1 === null
              ? ''
              : ` validation macro-F1 ${epoch.validationMacroF1.toFixed(4)}`;
          context.stderr.write(
            `${phase} epoch ${String(epoch.epoch).padStart(2)} loss ` +
              `${epoch.loss.toFixed(4)}${f1} (${epoch.seconds.toFixed(1)} s)\n`,
          );
        },
      });
      const bytes = saveStudent(student, flags.out);
      const summary = {
        model: flags.out,
        version: student.metadata.version,
        bytes,
        examples: report.examples,
        segmentedOnly: report.segmentedOnly,
        skipped: data.skipped.length,
        validationExamples: report.validationExamples,
        bestEpoch: report.bestEpoch,
        temperature: report.temperature,
        validationAccuracy: report.validation.accuracy,
        validationMacroF1: report.validation.macroF1,
        expectedCalibrationError: report.expectedCalibrationError,
        seconds: report.seconds,
      };
      if (flags.json === true) {
        context.stdout.write(`${JSON.stringify(summary)}\n`);
        return;
      }
      context.stdout.write(
        [
          `model:        ${summary.model} (${(bytes / 1e6).toFixed(2)} MB, ${summary.version})`,
          `examples:     ${summary.examples} (${summary.segmentedOnly} segmented only, ${summary.skipped} skipped)`,
          `validation:   ${summary.validationExamples} raw-text rows, accuracy ${summary.validationAccuracy.toFixed(4)}, macro-F1 ${summary.validationMacroF1.toFixed(4)}`,
          `calibration:  temperature ${summary.temperature.toFixed(3)}, ECE ${summary.expectedCalibrationError.toFixed(4)}`,
          `best epoch:   ${summary.bestEpoch}, ${summary.seconds.toFixed(1)} s`,
          '',
        ].join('\n'),
      );
    });
};
