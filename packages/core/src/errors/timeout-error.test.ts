import type { AttemptRecord } from './attempt-record.js';
import { TimeoutError } from './timeout-error.js';

describe('TimeoutError', () => {
  it.each([
    ['attempt', 'The attempt timed out after 60000 ms.'],
    ['first-chunk', 'Waiting for the first chunk timed out after 60000 ms.'],
    ['deadline', 'The request (all attempts together) timed out after 60000 ms.'],
    ['health-probe', 'The health probe timed out after 60000 ms.'],
  ] as const)('says which limit ran out: %s', (phase, message) => {
    const error = new TimeoutError({ phase, timeoutMs: 60_000 });

    expect(error.message).toBe(message);
    expect(error.phase).toBe(phase);
    expect(error.timeoutMs).toBe(60_000);
    expect(error.attempts).toEqual([]);
  });

  it('names the provider and model', () => {
    const error = new TimeoutError({ phase: 'first-chunk', timeoutMs: 500, provider: 'dynaspark', model: 'gemini-2.0-flash' });

    expect(error.message).toBe("Waiting for the first chunk on provider 'dynaspark' (model 'gemini-2.0-flash') timed out after 500 ms.");
    expect(error).toMatchObject({ provider: 'dynaspark', model: 'gemini-2.0-flash' });
  });

  it('lists the attempts made before a deadline', () => {
    const attempts: AttemptRecord[] = [
      { provider: 'dynaspark', model: 'm', attempt: 1, outcome: 'error', durationMs: 900, errorKind: 'rate-limit', message: 'HTTP 429' },
      { provider: 'local', model: 'm', attempt: 1, outcome: 'error', durationMs: 100, errorKind: 'network' },
    ];
    const cause = new TimeoutError({ phase: 'deadline', timeoutMs: 1000 });
    const error = new TimeoutError({ phase: 'deadline', timeoutMs: 1000, attempts, cause });

    expect(error.message).toBe(
      'The request (all attempts together) timed out after 1000 ms.\n  1. dynaspark/m: error [rate-limit] HTTP 429\n  2. local/m: error [network]',
    );
    expect(error.attempts).toBe(attempts);
    expect(error.cause).toBe(cause);
  });
});
