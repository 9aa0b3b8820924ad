import { describe, expect, it } from '@jest/globals';
import { HISTOGRAM_BINS, histogramBin, histogramPercentile } from './log-histogram.js';

function histogramOf(values: readonly number[]): Uint32Array {
  const counts = new Uint32Array(HISTOGRAM_BINS);
  for (const value of values) counts[histogramBin(value)]!++;
  return counts;
}

describe('log histograms', () => {
  it('put sub-millisecond, ordinary and absurd durations in a bin', () => {
    expect(histogramBin(0)).toBe(0);
    expect(histogramBin(0.4)).toBe(0);
    expect(histogramBin(Number.NaN)).toBe(0);
    expect(histogramBin(1)).toBe(1);
    expect(histogramBin(1e12)).toBe(HISTOGRAM_BINS - 1);
    expect(histogramBin(120)).toBeGreaterThan(histogramBin(100));
  });

  it.each([1.5, 12, 250, 4_000, 90_000, 3_600_000])('read back %d ms within 10%%', (ms) => {
    const p50 = histogramPercentile(histogramOf([ms]), 0, 0.5)!;
    expect(Math.abs(p50 - ms) / ms).toBeLessThanOrEqual(0.1);
  });

  it('give the nearest-rank percentiles of a spread of samples', () => {
    const samples = Array.from({ length: 100 }, (_, index) => (index + 1) * 10); // 10..1000 ms
    const counts = histogramOf(samples);
    expect(histogramPercentile(counts, 0, 0.5)).toBeCloseTo(500, -2);
    expect(Math.abs(histogramPercentile(counts, 0, 0.95)! - 950) / 950).toBeLessThanOrEqual(0.1);
    expect(Math.abs(histogramPercentile(counts, 0, 0.99)! - 990) / 990).toBeLessThanOrEqual(0.1);
  });

  it('read a histogram stored at an offset of a larger array, and say null when it is empty', () => {
    const counts = new Uint32Array(HISTOGRAM_BINS * 2);
    expect(histogramPercentile(counts, HISTOGRAM_BINS, 0.5)).toBeNull();
    counts[HISTOGRAM_BINS + histogramBin(40)] = 3;
    expect(Math.abs(histogramPercentile(counts, HISTOGRAM_BINS, 0.5)! - 40) / 40).toBeLessThanOrEqual(0.1);
    expect(histogramPercentile(counts, 0, 0.5)).toBeNull();
  });
});
