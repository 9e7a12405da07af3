/**
 * k-center greedy selection (Sener and Savarese's core-set heuristic):
 * repeatedly pick the candidate farthest, by cosine distance, from every
 * point chosen so far and every point in `covered`. Points are dense
 * vectors of unit L2 norm, so cosine distance is 1 − dot product.
 *
 * @param candidates points to choose from
 * @param count how many to choose
 * @param covered already labelled points the choice should stay away from
 * @param first index to start from when nothing is covered yet
 * @returns indexes into `candidates`, in the order chosen
 */
export function kCenterGreedy(
  candidates: readonly Float32Array[],
  count: number,
  covered: readonly Float32Array[] = [],
  first = 0,
): number[] {
  const size = candidates.length;
  const take = Math.min(count, size);
  if (take <= 0) return [];
  const distance = new Float64Array(size).fill(Infinity);
  const lower = (point: Float32Array) => {
    for (let i = 0; i < size; i++) {
      const d = 1 - dot(point, candidates[i]!);
      if (d < distance[i]!) distance[i] = d;
    }
  };
  for (const point of covered) lower(point);
  const chosen: number[] = [];
  const taken = new Uint8Array(size);
  let next = covered.length === 0 ? Math.min(Math.max(0, first), size - 1) : -1;
  while (chosen.length < take) {
    if (next < 0) {
      let farthest = -Infinity;
      for (let i = 0; i < size; i++) {
        if (taken[i] === 0 && distance[i]! > farthest) {
          farthest = distance[i]!;
          next = i;
        }
      }
    }
    chosen.push(next);
    taken[next] = 1;
    lower(candidates[next]!);
    next = -1;
  }
  return chosen;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
