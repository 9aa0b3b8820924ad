import { describe, expect, it } from '@jest/globals';
import { createFakeClock } from '../testing/fake-clock.js';
import { RetryBudget } from './retry-budget.js';

const budget = (options: Partial<{ ratio: number; minRetries: number; windowMs: number }> = {}) => {
  const clock = createFakeClock();
  return { clock, budget: new RetryBudget({ ratio: 0.2, minRetries: 3, windowMs: 10_000, ...options }, clock) };
};

describe('RetryBudget', () => {
  it('allows minRetries with no traffic at all, then refuses', () => {
    const { budget: retries } = budget();

    expect([1, 2, 3, 4].map(() => retries.tryRetry('alpha'))).toEqual([true, true, true, false]);
  });

  it('allows ratio × requests more on top of the floor', () => {
    const { budget: retries } = budget();
    for (let request = 0; request < 50; request++) retries.recordRequest('alpha');

    let allowed = 0;
    while (retries.tryRetry('alpha')) allowed++;

    expect(allowed).toBe(3 + 10);
    expect(retries.totals('alpha')).toEqual({ requests: 50, retries: 13 });
  });

  it('keeps one budget per provider', () => {
    const { budget: retries } = budget({ minRetries: 1 });

    expect(retries.tryRetry('alpha')).toBe(true);
    expect(retries.tryRetry('alpha')).toBe(false);
    expect(retries.tryRetry('beta')).toBe(true);
  });

  it('forgets what is older than the window, a tenth of it at a time (fake time)', async () => {
    const { clock, budget: retries } = budget({ minRetries: 2 });
    retries.tryRetry('alpha');
    await clock.advance(5_000);
    retries.tryRetry('alpha');
    expect(retries.tryRetry('alpha')).toBe(false);

    await clock.advance(5_000);
    // The first retry left the window; the second is still in it.
    expect(retries.totals('alpha').retries).toBe(1);
    expect(retries.tryRetry('alpha')).toBe(true);

    await clock.advance(10_000);
    expect(retries.totals('alpha')).toEqual({ requests: 0, retries: 0 });
  });

  it('with ratio 0 and no floor, never retries', () => {
    const { budget: retries } = budget({ ratio: 0, minRetries: 0 });
    retries.recordRequest('alpha');

    expect(retries.tryRetry('alpha')).toBe(false);
  });
});
