import { parentPort } from 'node:worker_threads';
import { readTrainingData } from '../model/read-training-data.ts';
import type { FeatureSettings } from '../text/features.ts';
import { splitAndEncode, type EncodedSplit } from '../model/train-moe-student.ts';
import { MoeTrainer, type MoeTrainingOptions } from '../model/train-moe.ts';
import type { TrainingExample } from '../model/training-example.ts';
import { evaluateCandidate } from './evaluate-candidate.ts';
import { CompactTrial, type SearchSplit } from './compact-trial.ts';
import type { CompactEncoding } from '../model/compact-encoding.ts';
import { splitTrainingExamples } from '../model/split-and-encode.ts';
import { defaultTrainingSetup } from '../model/default-training.ts';
import { candidateKey, featureSettingsOf, type Candidate } from './search-space.ts';
import type { TrialReply, TrialRequest } from './trial-messages.ts';

// Runs in a worker thread: trains and measures the trials the search
// assigns to it. Trials stay in memory between rungs so that a promoted
// trial resumes from its weights instead of starting again.

interface Trial {
  trainer: MoeTrainer;
  candidate: Candidate;
  settings: FeatureSettings;
  split: EncodedSplit;
  seconds: number;
}

let examples: TrainingExample[] = [];
let validationFraction = 0.1;
let training: MoeTrainingOptions | null = null;
const splits = new Map<string, EncodedSplit>();
const compactEncodings = new Map<string, CompactEncoding>();
const compactSplits = new Map<number, SearchSplit>();
const trials = new Map<number, Trial>();
const compactTrials = new Map<number, CompactTrial>();

/** Trains and measures a compact-family trial; see `CompactTrial`. */
function trainCompactTrial(
  id: number,
  candidate: Candidate,
  untilEpoch: number,
  splitSeed: number,
): TrialReply {
  let trial = compactTrials.get(id);
  if (!trial) {
    let split = compactSplits.get(splitSeed);
    if (!split) {
      split = splitTrainingExamples(examples, validationFraction, splitSeed);
      compactSplits.set(splitSeed, split);
    }
    // The encoding depends on the split, n-grams, slots and fill only.
    const key = `${splitSeed} ${candidateKey({ ...candidate, bits: 8, pruneRatio: 0 })}`;
    let encoding = compactEncodings.get(key);
    if (!encoding) {
      encoding = CompactTrial.encode(candidate, split);
      compactEncodings.set(key, encoding);
    }
    trial = new CompactTrial(
      candidate,
      split,
      encoding,
      { ...defaultTrainingSetup().training, seed: training!.seed },
      training!.maxEpochs,
    );
    compactTrials.set(id, trial);
  }
  trial.train(untilEpoch);
  const { measures, file } = trial.evaluate();
  return {
    type: 'result',
    id,
    epochs: trial.history.length,
    bestEpoch: trial.bestEpoch,
    finished: trial.finished,
    trainSeconds: trial.seconds,
    measures,
    file: new Uint8Array(file),
  };
}

function splitFor(settings: FeatureSettings, splitSeed: number): EncodedSplit {
  const key = `${splitSeed}:${settings.buckets}:${settings.charNgramMax}`;
  let split = splits.get(key);
  if (!split) {
    split = splitAndEncode(examples, settings, validationFraction, splitSeed);
    splits.set(key, split);
  }
  return split;
}

function trainTrial(
  id: number,
  candidate: Candidate,
  untilEpoch: number,
  splitSeed: number,
): TrialReply {
  if (candidate.family === 'compact') return trainCompactTrial(id, candidate, untilEpoch, splitSeed);
  let trial = trials.get(id);
  if (!trial) {
    const settings = featureSettingsOf(candidate);
    const split = splitFor(settings, splitSeed);
    const trainer = new MoeTrainer(
      {
        buckets: settings.buckets,
        dimension: candidate.dimension,
        experts: candidate.experts,
        hidden: candidate.hidden,
        topK: candidate.topK,
        classCount: split.labels.length,
        skip: true,
      },
      training!,
    );
    trial = { trainer, candidate, settings, split, seconds: 0 };
    trials.set(id, trial);
  }
  const started = performance.now();
  trial.trainer.train(trial.split.train, trial.split.validation, untilEpoch);
  trial.seconds += (performance.now() - started) / 1000;
  const { measures, file } = evaluateCandidate(
    trial.trainer.model,
    candidate,
    trial.split,
    trial.settings,
  );
  return {
    type: 'result',
    id,
    epochs: trial.trainer.history.length,
    bestEpoch: trial.trainer.bestEpoch,
    finished: trial.trainer.finished,
    trainSeconds: trial.seconds,
    measures,
    file: new Uint8Array(file),
  };
}

async function handle(request: TrialRequest): Promise<TrialReply | null> {
  switch (request.type) {
    case 'init': {
      examples = (await readTrainingData([request.dataFile])).examples;
      validationFraction = request.validationFraction;
      training = request.training;
      return { type: 'ready' };
    }
    case 'train':
      return trainTrial(
        request.id,
        request.candidate,
        request.untilEpoch,
        request.splitSeed ?? training!.seed,
      );
    case 'drop':
      trials.delete(request.id);
      compactTrials.delete(request.id);
      return null;
  }
}

const port = parentPort;
if (port === null) {
  throw new Error('trial-worker.ts must run in a worker thread');
}
// Requests are handled one at a time, in arrival order.
let queue = Promise.resolve();
port.on('message', (request: TrialRequest) => {
  queue = queue.then(async () => {
    try {
      const reply = await handle(request);
      if (reply) port.postMessage(reply);
    } catch (error) {
      port.postMessage({
        type: 'error',
        id: 'id' in request ? request.id : -1,
        message: (error as Error).stack ?? String(error),
      } satisfies TrialReply);
    }
  });
});
