import { InvalidArgumentError } from '../errors/index.ts';
import { extractElements } from '../extract/index.ts';
import { Featurizer } from '../text/features.ts';
import { toSimplified } from '../text/simplified.ts';
import {
  MoeModel,
  embedInto,
  gateProbabilitiesInto,
  selectTopK,
} from './moe-model.ts';
import { QuantizedMoeModel } from './quantized-moe-model.ts';
import type { Student } from './student.ts';

/** One labelled appeal to route. `text` contains title and body, and `title` is optional. */
export interface ExpertReportExample {
  text: string;
  label: string;
  title?: string;
}

/** A value (category, place or appeal type) over-represented in an expert. */
export interface LiftEntry {
  value: string;
  /** Appeals with this value routed (top-1) to the expert. */
  count: number;
  /** count / appeals routed to the expert. */
  share: number;
  /** Share of this value among all appeals. */
  overallShare: number;
  /** share / overallShare. Above 1, the value is over-represented in the expert. */
  lift: number;
}

/** Routing and specialisation of one expert. */
export interface ExpertProfile {
  expert: number;
  /** Appeals whose highest gate probability is this expert. */
  routed: number;
  /** routed / appeals. */
  top1Share: number;
  /** Share of appeals with this expert among their topK experts. */
  topKShare: number;
  /** Mean gate probability of this expert over all appeals. */
  meanGateProbability: number;
  categories: LiftEntry[];
  places: LiftEntry[];
  appealTypes: LiftEntry[];
}

/** Routing figures of every expert over one set of appeals. */
export interface ExpertReport {
  appeals: number;
  experts: number;
  topK: number;
  /** Mean over appeals of the highest gate probability (1/N is uniform). */
  meanTopProbability: number;
  /** Lowest and highest gate probability seen over all appeals and experts. */
  gateRange: [number, number];
  profiles: ExpertProfile[];
}

/** Options of {@link expertReport}. */
export interface ExpertReportOptions {
  /** Values listed per column and expert. */
  top?: number;
  /** A value needs this many appeals in the expert to be listed. */
  minCount?: number;
  /** Reference time for the extractor (it only affects times). */
  now?: Date;
}

/**
 * Returns the float MoE model of a student, dequantizing an int8 one.
 *
 * @throws InvalidArgumentError for a model of another kind.
 */
export function moeModelOf(student: Student): MoeModel {
  const model = student.model;
  if (model instanceof MoeModel) return model;
  if (model instanceof QuantizedMoeModel) return model.toModel();
  throw new InvalidArgumentError({
    parameter: '--model',
    value: model.kind,
    message:
      `invalid model for the expert report: kind "${model.kind}" has no ` +
      'experts, and the report needs a mixture-of-experts model. Pass ' +
      'an MoE model file with --model.',
  });
}

/**
 * Routes every example through the student's gate and reports, per
 * expert, its utilisation and the categories, places (the extractor's
 * division) and appeal types whose share among the appeals routed to it
 * most exceeds their overall share. An appeal belongs to the expert with
 * its highest gate probability (top-1). A quantized model is routed with
 * its dequantized weights, so rare near-ties may route differently from
 * the int8 path.
 *
 * @throws InvalidArgumentError when the student is not an MoE model with
 *   experts.
 */
export function expertReport(
  student: Student,
  examples: readonly ExpertReportExample[],
  options: ExpertReportOptions = {},
): ExpertReport {
  const model = moeModelOf(student);
  const { experts: n, topK, dimension: d } = model.architecture;
  if (n === 0) {
    throw new InvalidArgumentError({
      parameter: '--model',
      value: n,
      message:
        'invalid model for the expert report: this MoE model has no experts, ' +
        'only the skip layer. Pass an MoE model file with experts.',
    });
  }
  const top = options.top ?? 3;
  const minCount = options.minCount ?? 3;
  const now = options.now ?? new Date(0);
  const featurizer = new Featurizer(student.settings);
  const e = new Float32Array(d);
  const p = new Float32Array(n);
  const selected = new Int32Array(topK);
  const routed = new Float64Array(n);
  const inTopK = new Float64Array(n);
  const probabilitySum = new Float64Array(n);
  let topProbabilitySum = 0;
  let lowest = 1;
  let highest = 0;
  const columns = ['categories', 'places', 'appealTypes'] as const;
  type Column = (typeof columns)[number];
  const overall = new Map<Column, Map<string, number>>();
  const perExpert = new Map<Column, Array<Map<string, number>>>();
  for (const column of columns) {
    overall.set(column, new Map());
    perExpert.set(column, Array.from({ length: n }, () => new Map()));
  }
  const add = (counts: Map<string, number>, key: string) =>
    counts.set(key, (counts.get(key) ?? 0) + 1);

  for (const example of examples) {
    const features = featurizer.featurize(toSimplified(example.text));
    embedInto(model, features.ids, features.weights, 0, features.count, e);
    gateProbabilitiesInto(model, e, p);
    selectTopK(p, topK, selected);
    const expert = selected[0]!;
    routed[expert]! += 1;
    for (let s = 0; s < topK; s++) inTopK[selected[s]!]! += 1;
    for (let i = 0; i < n; i++) {
      probabilitySum[i]! += p[i]!;
      lowest = Math.min(lowest, p[i]!);
      highest = Math.max(highest, p[i]!);
    }
    topProbabilitySum += p[expert]!;
    // The text contains title and body. A known title is passed apart
    // because appeal-type cues in the title weigh more.
    const body =
      example.title !== undefined && example.text.startsWith(example.title)
        ? example.text.slice(example.title.length)
        : example.text;
    const elements = extractElements(example.title ?? '', body, { now });
    const path = elements.division?.path ?? [];
    const values: Record<Column, string | null> = {
      categories: example.label,
      places: path.length === 0 ? null : path[path.length - 1]!,
      appealTypes: elements.appealType,
    };
    for (const column of columns) {
      const value = values[column];
      if (value === null) continue;
      add(overall.get(column)!, value);
      add(perExpert.get(column)![expert]!, value);
    }
  }

  const total = examples.length;
  const profiles: ExpertProfile[] = [];
  for (let i = 0; i < n; i++) {
    const lifts = (column: Column): LiftEntry[] => {
      const entries: LiftEntry[] = [];
      for (const [value, count] of perExpert.get(column)![i]!) {
        if (count < minCount) continue;
        const share = count / routed[i]!;
        const overallShare = overall.get(column)!.get(value)! / total;
        const lift = share / overallShare;
        if (lift <= 1) continue;
        entries.push({ value, count, share, overallShare, lift });
      }
      return entries
        .sort((a, b) => b.lift - a.lift || b.count - a.count || (a.value < b.value ? -1 : 1))
        .slice(0, top);
    };
    profiles.push({
      expert: i,
      routed: routed[i]!,
      top1Share: total === 0 ? 0 : routed[i]! / total,
      topKShare: total === 0 ? 0 : inTopK[i]! / total,
      meanGateProbability: total === 0 ? 0 : probabilitySum[i]! / total,
      categories: lifts('categories'),
      places: lifts('places'),
      appealTypes: lifts('appealTypes'),
    });
  }
  return {
    appeals: total,
    experts: n,
    topK,
    meanTopProbability: total === 0 ? 0 : topProbabilitySum / total,
    gateRange: total === 0 ? [0, 0] : [lowest, highest],
    profiles,
  };
}

/** Joins entries as `value ×lift (count)` for a table cell. */
function cell(entries: readonly LiftEntry[]): string {
  if (entries.length === 0) return '–';
  return entries
    .map((entry) => `${entry.value} ×${entry.lift.toFixed(1)} (${entry.count})`)
    .join(', ');
}

/** Formats the report as a markdown table with one row per expert. */
export function expertReportMarkdown(report: ExpertReport): string {
  const lines = [
    `${report.appeals} appeals, ${report.experts} experts, top-${report.topK} routing. ` +
      `Mean highest gate probability ${report.meanTopProbability.toFixed(3)} ` +
      `(uniform ${(1 / report.experts).toFixed(3)}); gate probabilities range ` +
      `${report.gateRange[0].toFixed(3)}–${report.gateRange[1].toFixed(3)}. ` +
      'Lift = share among the appeals routed to the expert ÷ share among all appeals; ' +
      'counts in brackets.',
    '',
    '| expert | top-1 share | mean gate p | categories (lift) | places (lift) | appeal types (lift) |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const profile of report.profiles) {
    lines.push(
      `| ${profile.expert} | ${(profile.top1Share * 100).toFixed(1)} % (${profile.routed}) | ` +
        `${profile.meanGateProbability.toFixed(3)} | ${cell(profile.categories)} | ` +
        `${cell(profile.places)} | ${cell(profile.appealTypes)} |`,
    );
  }
  return lines.join('\n');
}

/** Formats the report as plain text for a terminal, one block per expert. */
export function expertReportText(report: ExpertReport): string {
  const lines = [
    `appeals: ${report.appeals}   experts: ${report.experts}   routing: top-${report.topK}`,
    `mean highest gate probability: ${report.meanTopProbability.toFixed(3)} ` +
      `(uniform ${(1 / report.experts).toFixed(3)}), range ` +
      `${report.gateRange[0].toFixed(3)}–${report.gateRange[1].toFixed(3)}`,
    '',
    'expert  top-1 share        top-k share  mean gate p',
  ];
  for (const profile of report.profiles) {
    lines.push(
      `${String(profile.expert).padStart(6)}  ` +
        `${`${(profile.top1Share * 100).toFixed(1)} % (${profile.routed})`.padEnd(17)}  ` +
        `${`${(profile.topKShare * 100).toFixed(1)} %`.padStart(11)}  ` +
        `${profile.meanGateProbability.toFixed(3).padStart(11)}`,
    );
  }
  lines.push('', 'specialisation (value ×lift (appeals routed to the expert)):');
  for (const profile of report.profiles) {
    lines.push(
      `expert ${profile.expert}`,
      `  categories:    ${cell(profile.categories)}`,
      `  places:        ${cell(profile.places)}`,
      `  appeal types:  ${cell(profile.appealTypes)}`,
    );
  }
  return lines.join('\n');
}
