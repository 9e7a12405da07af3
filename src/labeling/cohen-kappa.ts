/** Agreement of two raters on the same items. */
export interface KappaResult {
  /** Items both raters labelled. */
  items: number;
  /** Share of items with the same label (observed agreement). */
  observed: number;
  /** Agreement expected by chance from each rater's label shares. */
  expected: number;
  /** (observed − expected) / (1 − expected); 1 when both are 1. */
  kappa: number;
}

/**
 * Cohen's kappa of two raters over paired labels: `first[i]` and
 * `second[i]` are the two labels of item i.
 *
 * @throws RangeError when the lists differ in length.
 */
export function cohenKappa(
  first: readonly string[],
  second: readonly string[],
): KappaResult {
  if (first.length !== second.length) {
    throw new RangeError(
      `rater label lists differ in length: ${first.length} and ${second.length}`,
    );
  }
  const items = first.length;
  if (items === 0) return { items: 0, observed: 0, expected: 0, kappa: 0 };
  const firstCounts = new Map<string, number>();
  const secondCounts = new Map<string, number>();
  let same = 0;
  for (let i = 0; i < items; i++) {
    const a = first[i]!;
    const b = second[i]!;
    if (a === b) same += 1;
    firstCounts.set(a, (firstCounts.get(a) ?? 0) + 1);
    secondCounts.set(b, (secondCounts.get(b) ?? 0) + 1);
  }
  let expected = 0;
  for (const [label, count] of firstCounts) {
    expected += (count / items) * ((secondCounts.get(label) ?? 0) / items);
  }
  const observed = same / items;
  const kappa = expected === 1 ? 1 : (observed - expected) / (1 - expected);
  return { items, observed, expected, kappa };
}
