import type { AttemptRecord } from './attempt-record.js';
import { AllProvidersFailedError } from './all-providers-failed-error.js';
import { NetworkError } from './network-error.js';
import { RateLimitError } from './rate-limit-error.js';

const rateLimited = new RateLimitError({ message: 'HTTP 429', provider: 'dynaspark', model: 'gemini-2.0-flash' });
const unreachable = new NetworkError({ message: 'ECONNREFUSED', provider: 'local', model: 'flash' });

const attempts: AttemptRecord[] = [
  { provider: 'vision-only', model: 'v', attempt: 0, outcome: 'skipped', durationMs: 0, errorKind: 'capability', message: 'does not accept images' },
  { provider: 'dynaspark', model: 'gemini-2.0-flash', attempt: 1, outcome: 'error', durationMs: 120.4, errorKind: 'rate-limit', message: 'HTTP 429' },
  { provider: 'dynaspark', model: 'gemini-2.0-flash', attempt: 2, outcome: 'error', durationMs: 80.6, errorKind: 'rate-limit', message: 'HTTP 429' },
  { provider: 'local', model: 'flash', attempt: 1, outcome: 'error', durationMs: 3, errorKind: 'network', message: 'ECONNREFUSED' },
];

describe('AllProvidersFailedError', () => {
  it('counts the providers and attempts that failed, and says how many more were skipped', () => {
    const error = new AllProvidersFailedError({ modelId: 'flash', reason: 'all-failed', attempts, errors: [rateLimited, rateLimited, unreachable] });

    expect(error.message.split('\n')[0]).toBe("All 2 providers failed for model 'flash' (3 attempts; 1 more provider skipped).");
  });

  it('lists every attempt: provider, model, outcome, rounded duration, kind and message', () => {
    const error = new AllProvidersFailedError({ modelId: 'flash', reason: 'all-failed', attempts, errors: [rateLimited, rateLimited, unreachable] });

    expect(error.message).toBe(
      [
        "All 2 providers failed for model 'flash' (3 attempts; 1 more provider skipped).",
        '  1. vision-only/v: skipped [capability] does not accept images',
        '  2. dynaspark/gemini-2.0-flash: error after 120 ms [rate-limit] HTTP 429',
        '  3. dynaspark/gemini-2.0-flash: error after 81 ms [rate-limit] HTTP 429',
        '  4. local/flash: error after 3 ms [network] ECONNREFUSED',
      ].join('\n'),
    );
  });

  it('keeps the attempts, every error, and the last one as lastError and cause', () => {
    const errors = [rateLimited, unreachable];
    const error = new AllProvidersFailedError({ modelId: 'flash', reason: 'all-failed', attempts, errors });

    expect(error.modelId).toBe('flash');
    expect(error.reason).toBe('all-failed');
    expect(error.attempts).toBe(attempts);
    expect(error.errors).toBe(errors);
    expect(error.lastError).toBe(unreachable);
    expect(error.cause).toBe(unreachable);
  });

  it('says so when no provider could take the request at all', () => {
    const error = new AllProvidersFailedError({ modelId: 'flash', reason: 'no-candidates', attempts: attempts.slice(0, 1), errors: [] });

    expect(error.message).toBe("No provider could take the request for model 'flash'.\n  1. vision-only/v: skipped [capability] does not accept images");
    expect(error.lastError).toBeUndefined();
    expect('cause' in error).toBe(false);
  });

  it('names a lone provider instead of counting it, says one attempt in the singular, and ends with the hint', () => {
    const error = new AllProvidersFailedError({
      modelId: 'flash',
      reason: 'all-failed',
      attempts: attempts.slice(3),
      errors: [unreachable],
      hint: 'Add another provider serving this model.',
    });

    expect(error.message).toBe(
      "Provider 'local' failed for model 'flash' (1 attempt).\n  1. local/flash: error after 3 ms [network] ECONNREFUSED\nAdd another provider serving this model.",
    );
  });
});
