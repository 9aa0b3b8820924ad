// Latency histograms with logarithmic bins: recording is one logarithm and one increment, and a
// percentile read back is within 10% of the exact value, from 1 ms to hours.

/** Each bin is this much wider than the one before (so a bin's middle is within ~9.5% of any value in it). */
const GROWTH = 1.2;
const LOG_GROWTH = Math.log(GROWTH);

/** Bins per histogram: bin 0 holds values under 1 ms, bin k (k >= 1) holds [1.2^(k-1), 1.2^k) ms; the last one everything above (~9 hours). */
export const HISTOGRAM_BINS = 96;

/** The bin a duration falls in. */
export function histogramBin(ms: number): number {
  if (!(ms >= 1)) return 0;
  const bin = 1 + Math.floor(Math.log(ms) / LOG_GROWTH);
  return bin < HISTOGRAM_BINS ? bin : HISTOGRAM_BINS - 1;
}

/** The value a bin stands for: its geometric middle (0.5 ms for the first). */
function binValue(bin: number): number {
  if (bin === 0) return 0.5;
  return GROWTH ** (bin - 0.5);
}

/**
 * The `quantile` (0..1) of the `HISTOGRAM_BINS` counts stored in `counts` from `offset`, or null
 * when they hold no sample. Rounded to 0.1 ms.
 */
export function histogramPercentile(counts: ArrayLike<number>, offset: number, quantile: number): number | null {
  let total = 0;
  for (let bin = 0; bin < HISTOGRAM_BINS; bin++) total += counts[offset + bin]!;
  if (total === 0) return null;
  // The rank of the sample asked for, 1-based (the nearest-rank method).
  const rank = Math.max(1, Math.ceil(quantile * total));
  let seen = 0;
  for (let bin = 0; bin < HISTOGRAM_BINS; bin++) {
    seen += counts[offset + bin]!;
    if (seen >= rank) return Math.round(binValue(bin) * 10) / 10;
  }
  return null;
}
