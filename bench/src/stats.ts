/** Order statistics for benchmark samples. Inputs are never modified. */

/** The p-th percentile (0–100) by nearest rank; NaN for no samples. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return percentileOfSorted(sorted, p);
}

/** The p-th percentile of an already sorted array (nearest rank). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** The median (mean of the two middle values for an even count); NaN for no samples. */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return Number.NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Smallest and largest sample, to show how far repeated rounds spread. */
export function spread(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let index = 0; index < values.length; index++) {
    min = Math.min(min, values[index]!);
    max = Math.max(max, values[index]!);
  }
  return { min, max };
}
