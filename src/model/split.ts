import type { Random } from './random.ts';
import { shuffle } from './random.ts';
import type { TrainingExample } from './training-example.ts';

/**
 * Splits examples into two parts, stratified by label. Only examples that
 * `eligible` accepts can go to the held-out part, and all examples of one
 * group (duplicates) stay on the same side, so a held-out text never has a
 * copy in training.
 */
export function splitExamples(
  examples: readonly TrainingExample[],
  heldOutFraction: number,
  random: Random,
  eligible: (example: TrainingExample) => boolean = () => true,
): { kept: TrainingExample[]; heldOut: TrainingExample[] } {
  const groups = new Map<string, TrainingExample[]>();
  for (const example of examples) {
    const members = groups.get(example.group);
    if (members) members.push(example);
    else groups.set(example.group, [example]);
  }
  const byLabel = new Map<string, string[]>();
  const ineligible = new Set<string>();
  for (const [group, members] of groups) {
    if (!members.every(eligible)) {
      ineligible.add(group);
      continue;
    }
    const label = members[0]!.label;
    const list = byLabel.get(label);
    if (list) list.push(group);
    else byLabel.set(label, [group]);
  }
  const heldOutGroups = new Set<string>();
  for (const label of [...byLabel.keys()].sort()) {
    const list = shuffle(byLabel.get(label)!.sort(), random);
    const take = Math.round(list.length * heldOutFraction);
    for (const group of list.slice(0, take)) heldOutGroups.add(group);
  }
  const kept: TrainingExample[] = [];
  const heldOut: TrainingExample[] = [];
  for (const example of examples) {
    if (heldOutGroups.has(example.group)) heldOut.push(example);
    else kept.push(example);
  }
  return { kept, heldOut };
}
