import { describe, expect, it } from '@jest/globals';
import { backoffDelay } from './backoff-delay.js';

const base = { baseDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffDelay', () => {
  it('is 0 when the random draw is 0 (full jitter starts at zero)', () => {
    for (const retry of [1, 2, 5, 20]) expect(backoffDelay({ ...base, retry, random: () => 0 })).toBe(0);
  });

  it('stays below the ceiling base * 2^(retry-1) for the largest draw', () => {
    const almostOne = () => 0.999_999_9;
    expect([1, 2, 3, 4].map((retry) => backoffDelay({ ...base, retry, random: almostOne }))).toEqual([99, 199, 399, 799]);
  });

  it('scales the draw linearly inside [0, ceiling)', () => {
    expect(backoffDelay({ ...base, retry: 3, random: () => 0.5 })).toBe(200);
    expect(backoffDelay({ ...base, retry: 3, random: () => 0.25 })).toBe(100);
  });

  it('never exceeds the cap, however many retries', () => {
    for (const retry of [5, 10, 60, 2_000]) {
      const delay = backoffDelay({ ...base, retry, random: () => 0.999_999_9 });
      expect(delay).toBeLessThan(1_000);
      expect(delay).toBeGreaterThanOrEqual(999);
    }
  });

  it('uses the base as the ceiling of the first retry (and of a retry number below 1)', () => {
    expect(backoffDelay({ ...base, retry: 1, random: () => 0.5 })).toBe(50);
    expect(backoffDelay({ ...base, retry: 0, random: () => 0.5 })).toBe(50);
  });

  it('returns whole milliseconds, spread over the whole range for a uniform draw', () => {
    const draws = Array.from({ length: 1_000 }, (_, index) => index / 1_000);
    const delays = draws.map((draw) => backoffDelay({ ...base, retry: 4, random: () => draw }));
    expect(delays.every(Number.isInteger)).toBe(true);
    expect(Math.min(...delays)).toBe(0);
    expect(Math.max(...delays)).toBe(799);
  });

  it('is 0 with a zero base or a zero cap', () => {
    expect(backoffDelay({ baseDelayMs: 0, maxDelayMs: 1_000, retry: 3, random: () => 0.9 })).toBe(0);
    expect(backoffDelay({ baseDelayMs: 100, maxDelayMs: 0, retry: 3, random: () => 0.9 })).toBe(0);
  });
});
