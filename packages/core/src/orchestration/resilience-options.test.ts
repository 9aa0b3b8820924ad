import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { DEFAULT_RESILIENCE, resolveResilienceOptions } from './resilience-options.js';
import { thrown } from '../testing/captured-error.js';

describe('DEFAULT_RESILIENCE', () => {
  it('matches the documented defaults', () => {
    expect(DEFAULT_RESILIENCE).toEqual({
      maxAttemptsPerProvider: 2,
      maxAttempts: 6,
      baseDelayMs: 250,
      maxDelayMs: 4_000,
      maxRetryAfterMs: 5_000,
      attemptTimeoutMs: 60_000,
      firstChunkTimeoutMs: 30_000,
      deadlineMs: 120_000,
      fallback: true,
      providers: undefined,
      circuitFailureThreshold: 5,
      circuitCooldownMs: 30_000,
      retryBudget: { ratio: 0.2, minRetries: 10, windowMs: 10_000 },
    });
  });
});

describe('resolveResilienceOptions', () => {
  it('returns the base itself when there is nothing to override', () => {
    expect(resolveResilienceOptions(DEFAULT_RESILIENCE, undefined, 'resilience')).toBe(DEFAULT_RESILIENCE);
  });

  it('overrides field by field, leaving the base untouched', () => {
    const resolved = resolveResilienceOptions(
      DEFAULT_RESILIENCE,
      { maxAttempts: 3, baseDelayMs: 0, fallback: false, providers: ['beta', 'alpha'] },
      'resilience',
    );

    expect(resolved).toEqual({ ...DEFAULT_RESILIENCE, maxAttempts: 3, baseDelayMs: 0, fallback: false, providers: ['beta', 'alpha'] });
    expect(DEFAULT_RESILIENCE.maxAttempts).toBe(6);
  });

  it('layers a call over a registry over the defaults', () => {
    const registry = resolveResilienceOptions(DEFAULT_RESILIENCE, { maxAttempts: 3, deadlineMs: 10_000 }, 'resilience');
    const call = resolveResilienceOptions(registry, { deadlineMs: 2_000 }, 'options.resilience');

    expect(call).toMatchObject({ maxAttempts: 3, deadlineMs: 2_000, maxAttemptsPerProvider: 2 });
  });

  it.each<[string, unknown, string]>([
    ['maxAttemptsPerProvider', 0, 'a whole number >= 1'],
    ['maxAttempts', 1.5, 'a whole number >= 1'],
    ['circuitFailureThreshold', '3', 'a whole number >= 1'],
    ['baseDelayMs', -1, 'milliseconds >= 0'],
    ['maxDelayMs', Number.NaN, 'milliseconds >= 0'],
    ['maxRetryAfterMs', Infinity, 'milliseconds >= 0'],
    ['attemptTimeoutMs', '100', 'milliseconds >= 0'],
    ['firstChunkTimeoutMs', null, 'milliseconds >= 0'],
    ['deadlineMs', -0.5, 'milliseconds >= 0'],
    ['circuitCooldownMs', true, 'milliseconds >= 0'],
    ['fallback', 'no', 'true or false'],
    ['providers', [], 'non-empty array of provider ids'],
    ['providers[1]', ['alpha', 3], 'expected a provider id, got 3'],
    ['providers', 'alpha', 'non-empty array of provider ids'],
  ])('refuses %s = %p, naming the field', (field, value, expected) => {
    const error = thrown(() => resolveResilienceOptions(DEFAULT_RESILIENCE, { [field.replace(/\[\d+\]$/, '')]: value } as never, 'options.resilience'));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: `options.resilience.${field}` });
    expect((error as Error).message).toContain(expected);
  });

  it('refuses an unknown option, listing the known ones', () => {
    const error = thrown(() => resolveResilienceOptions(DEFAULT_RESILIENCE, { retries: 3 } as never, 'resilience'));

    expect(error).toMatchObject({ argument: 'resilience.retries' });
    expect((error as Error).message).toContain('maxAttemptsPerProvider');
  });

  it.each([null, 3, 'fast'])('refuses %p instead of an object', (value) => {
    const error = thrown(() => resolveResilienceOptions(DEFAULT_RESILIENCE, value as never, 'resilience'));

    expect(error).toMatchObject({ argument: 'resilience' });
  });

  it.each(['circuitFailureThreshold', 'circuitCooldownMs', 'retryBudget'])('refuses %s per call: every call shares the circuits and the budget', (key) => {
    const value = key === 'retryBudget' ? { ratio: 0.5 } : 3;
    const error = thrown(() => resolveResilienceOptions(DEFAULT_RESILIENCE, { [key]: value } as never, 'options.resilience', { perCall: true }));

    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe(`options.resilience.${key}`);
    expect((error as Error).message).toContain(`set it in createRegistry({ resilience: { ${key} } })`);
  });

  it('merges a retry budget field by field over the defaults', () => {
    expect(resolveResilienceOptions(DEFAULT_RESILIENCE, { retryBudget: { ratio: 0.5 } }, 'resilience').retryBudget).toEqual({
      ratio: 0.5,
      minRetries: 10,
      windowMs: 10_000,
    });
    expect(thrown(() => resolveResilienceOptions(DEFAULT_RESILIENCE, { retryBudget: { ratio: -1 } }, 'resilience'))).toMatchObject({
      argument: 'resilience.retryBudget.ratio',
    });
  });
});
