import { Worker } from 'node:worker_threads';
import { HotlineError } from '../errors/index.ts';
import { createRandom } from '../model/random.ts';
import { defaultMoeTrainingOptions, type MoeTrainingOptions } from '../model/train-moe.ts';
import type { CandidateMeasures } from './evaluate-candidate.ts';
import { paretoFront, paretoRanks } from './pareto-front.ts';
import {
  candidateKey,
  mutateCandidate,
  sampleCandidate,
  type Candidate,
} from './search-space.ts';
import type { TrialReply, TrialRequest } from './trial-messages.ts';

/** Settings of the architecture search. */
export interface SearchOptions {
  /** Labelled JSON Lines file; validation uses its raw-text rows. */
  dataFile: string;
  /** Wall-clock budget; the rung running when it expires still finishes. */
  budgetMs: number;
  workers: number;
  seed: number;
  validationFraction: number;
  /** Candidates per generation. */
  populationSize: number;
  /** Epoch totals of the successive-halving rungs, increasing. */
  rungs: number[];
  /** Share of a rung's trials promoted to the next rung. */
  keepFraction: number;
  /** The chosen model may lose at most this much macro-F1 to the best. */
  f1Tolerance: number;
  /**
   * After the budget, the best front members (up to `confirmCount`, by
   * macro-F1) are trained again on this many other validation splits, and
   * the choice uses their mean macro-F1. One split of a few hundred rows
   * is too noisy to rank trials that differ by a point.
   */
  confirmSplits: number;
  confirmCount: number;
  training: MoeTrainingOptions;
  onTrial?: (trial: TrialRecord) => void;
}

export const defaultSearchOptions: Omit<SearchOptions, 'dataFile' | 'budgetMs'> = {
  workers: 2,
  seed: 20241204,
  validationFraction: 0.1,
  populationSize: 6,
  rungs: [2, 5, 12],
  keepFraction: 1 / 3,
  f1Tolerance: 0.003,
  confirmSplits: 2,
  confirmCount: 6,
  training: { ...defaultMoeTrainingOptions, maxEpochs: 12 },
};

/** One measured trial at the latest rung it reached. */
export interface TrialRecord {
  id: number;
  candidate: Candidate;
  key: string;
  generation: number;
  rung: number;
  epochs: number;
  bestEpoch: number;
  trainSeconds: number;
  measures: CandidateMeasures;
  /** Mean validation macro-F1 over the search split and the confirmation splits. */
  confirmedMacroF1?: number;
}

/** Objectives, all minimised: −macro-F1, operations, µs, bytes. */
export function objectivesOf(measures: CandidateMeasures): number[] {
  return [-measures.macroF1, measures.operations, measures.microseconds, measures.bytes];
}

/**
 * Picks the front member with the fewest operations among those within
 * `tolerance` macro-F1 of the best front member. When some members were
 * confirmed on more splits, only those compete, by their mean macro-F1.
 */
export function chooseTrial(front: readonly TrialRecord[], tolerance: number): TrialRecord {
  const confirmed = front.filter((t) => t.confirmedMacroF1 !== undefined);
  const pool = confirmed.length > 0 ? confirmed : front;
  const score = (t: TrialRecord) => t.confirmedMacroF1 ?? t.measures.macroF1;
  const best = Math.max(...pool.map(score));
  const eligible = pool.filter((t) => score(t) >= best - tolerance);
  return eligible.reduce((a, b) => (b.measures.operations < a.measures.operations ? b : a));
}

class TrialPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, (reply: TrialReply) => void>();
  private readyCount = 0;

  constructor(count: number) {
    // Node 20 does not apply `--import tsx` from a worker's execArgv, so a
    // small bootstrap registers the tsx loader and then imports the
    // TypeScript worker module.
    const loader = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./trial-worker.ts', import.meta.url).href;
    const bootstrap =
      `import(${JSON.stringify(loader)}).then(({ register }) => {` +
      ` register(); return import(${JSON.stringify(entry)}); });`;
    this.workers = Array.from(
      { length: count },
      () => new Worker(bootstrap, { eval: true }),
    );
    this.workers.forEach((worker, index) => {
      worker.on('message', (reply: TrialReply) => {
        const key = reply.type === 'ready' ? -1 - index : reply.id;
        const resolve = this.waiting.get(key);
        this.waiting.delete(key);
        resolve?.(reply);
      });
    });
  }

  async init(request: TrialRequest): Promise<void> {
    await Promise.all(
      this.workers.map(
        (worker, index) =>
          new Promise<TrialReply>((resolve, reject) => {
            this.waiting.set(-1 - index, resolve);
            worker.once('error', reject);
            worker.postMessage(request);
          }),
      ),
    );
    this.readyCount = this.workers.length;
  }

  // A trial always runs on the same worker, which keeps its weights.
  private workerOf(id: number): Worker {
    return this.workers[id % this.readyCount]!;
  }

  train(
    id: number,
    candidate: Candidate,
    untilEpoch: number,
    splitSeed?: number,
  ): Promise<TrialReply> {
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      const request: TrialRequest = { type: 'train', id, candidate, untilEpoch };
      if (splitSeed !== undefined) request.splitSeed = splitSeed;
      this.workerOf(id).postMessage(request);
    });
  }

  drop(id: number): void {
    this.workerOf(id).postMessage({ type: 'drop', id } satisfies TrialRequest);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** Result of a search: every trial, the Pareto front and the chosen one. */
export interface SearchResult {
  trials: TrialRecord[];
  front: TrialRecord[];
  chosen: TrialRecord;
  /** Model file of the chosen trial. */
  chosenFile: Buffer;
  seconds: number;
}

/**
 * Multi-objective architecture search: an evolutionary loop whose every
 * generation runs successive halving. A generation trains its candidates
 * for the first rung's epochs on worker threads, promotes the best
 * `keepFraction` by Pareto rank (then macro-F1) to the next rung, where
 * they resume from their own weights, and so on. Later generations mutate
 * members of the Pareto front and add one random candidate.
 *
 * @throws HotlineError when a trial fails in its worker.
 */
export async function runArchitectureSearch(options: SearchOptions): Promise<SearchResult> {
  const started = Date.now();
  const deadline = started + options.budgetMs;
  const random = createRandom(options.seed);
  const pool = new TrialPool(options.workers);
  const latest = new Map<number, TrialRecord>();
  const files = new Map<number, Buffer>();
  const seen = new Set<string>();
  let nextId = 0;
  try {
    await pool.init({
      type: 'init',
      dataFile: options.dataFile,
      validationFraction: options.validationFraction,
      training: options.training,
    });
    for (let generation = 0; Date.now() < deadline; generation++) {
      const front = paretoFront(
        [...latest.values()].map((t) => ({ trial: t, objectives: objectivesOf(t.measures) })),
      );
      const population: Candidate[] = [];
      for (let attempt = 0; population.length < options.populationSize && attempt < 200; attempt++) {
        const candidate =
          generation === 0 || front.length === 0 || population.length === options.populationSize - 1
            ? sampleCandidate(random)
            : mutateCandidate(front[Math.floor(random() * front.length)]!.trial.candidate, random);
        const key = candidateKey(candidate);
        if (seen.has(key)) continue;
        seen.add(key);
        population.push(candidate);
      }
      let active = population.map((candidate) => ({ id: nextId++, candidate }));
      for (let rung = 0; rung < options.rungs.length && active.length > 0; rung++) {
        if (Date.now() >= deadline) {
          active.forEach(({ id }) => pool.drop(id));
          break;
        }
        const replies = await Promise.all(
          active.map(({ id, candidate }) => pool.train(id, candidate, options.rungs[rung]!)),
        );
        const records: TrialRecord[] = replies.map((reply, i) => {
          if (reply.type !== 'result') {
            throw new HotlineError('nas_trial_failed', {
              message: `architecture search trial ${candidateKey(active[i]!.candidate)} failed: ${reply.type === 'error' ? reply.message : reply.type}`,
            });
          }
          const record: TrialRecord = {
            id: reply.id,
            candidate: active[i]!.candidate,
            key: candidateKey(active[i]!.candidate),
            generation,
            rung,
            epochs: reply.epochs,
            bestEpoch: reply.bestEpoch,
            trainSeconds: reply.trainSeconds,
            measures: reply.measures,
          };
          latest.set(record.id, record);
          files.set(record.id, Buffer.from(reply.file));
          options.onTrial?.(record);
          return record;
        });
        const ranks = paretoRanks(records.map((r) => ({ objectives: objectivesOf(r.measures) })));
        const order = records
          .map((record, i) => ({ record, rank: ranks[i]! }))
          .sort((a, b) => a.rank - b.rank || b.record.measures.macroF1 - a.record.measures.macroF1);
        const keep = Math.max(1, Math.round(records.length * options.keepFraction));
        const promoted = new Set(
          order.filter(({ record }) => !replies.find((r) => r.type === 'result' && r.id === record.id && r.finished))
            .slice(0, keep)
            .map(({ record }) => record.id),
        );
        for (const { id } of active) if (!promoted.has(id)) pool.drop(id);
        active = active.filter(({ id }) => promoted.has(id));
        if (rung === options.rungs.length - 1) active.forEach(({ id }) => pool.drop(id));
      }
      // Keep model files of the current front only.
      const frontIds = new Set(
        paretoFront([...latest.values()].map((t) => ({ id: t.id, objectives: objectivesOf(t.measures) }))).map((p) => p.id),
      );
      for (const id of files.keys()) if (!frontIds.has(id)) files.delete(id);
    }
    nextId = await confirmFront(pool, latest, options, nextId);
  } finally {
    await pool.close();
  }
  const trials = [...latest.values()];
  if (trials.length === 0) {
    throw new HotlineError('nas_no_trials', {
      message: `the architecture search budget of ${options.budgetMs / 1000} s ended before any trial finished. Pass a larger --budget.`,
    });
  }
  const front = paretoFront(
    trials.map((t) => ({ trial: t, objectives: objectivesOf(t.measures) })),
  ).map((p) => p.trial);
  const chosen = chooseTrial(front, options.f1Tolerance);
  return {
    trials,
    front,
    chosen,
    chosenFile: files.get(chosen.id)!,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Trains the best front members again on `confirmSplits` other validation
 * splits (split seeds seed + 1, seed + 2, …) for the epochs they reached,
 * and records each member's mean macro-F1 over all its splits.
 */
async function confirmFront(
  pool: TrialPool,
  latest: Map<number, TrialRecord>,
  options: SearchOptions,
  firstId: number,
): Promise<number> {
  let nextId = firstId;
  if (options.confirmSplits <= 0 || latest.size === 0) return nextId;
  const front = paretoFront(
    [...latest.values()].map((t) => ({ trial: t, objectives: objectivesOf(t.measures) })),
  )
    .map((p) => p.trial)
    .sort((a, b) => b.measures.macroF1 - a.measures.macroF1)
    .slice(0, options.confirmCount);
  const sums = new Map(front.map((t) => [t.id, t.measures.macroF1]));
  for (let split = 1; split <= options.confirmSplits; split++) {
    const jobs = front.map((trial) => ({ trial, id: nextId++ }));
    const replies = await Promise.all(
      jobs.map(({ trial, id }) =>
        pool.train(id, trial.candidate, trial.epochs, options.training.seed + split),
      ),
    );
    replies.forEach((reply, i) => {
      const { trial, id } = jobs[i]!;
      pool.drop(id);
      if (reply.type !== 'result') {
        throw new HotlineError('nas_trial_failed', {
          message: `confirming trial ${trial.key} failed: ${reply.type === 'error' ? reply.message : reply.type}`,
        });
      }
      sums.set(trial.id, sums.get(trial.id)! + reply.measures.macroF1);
    });
  }
  for (const trial of front) {
    trial.confirmedMacroF1 = sums.get(trial.id)! / (options.confirmSplits + 1);
  }
  return nextId;
}
