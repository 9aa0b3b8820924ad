import { inspect } from 'node:util';
import { jest } from '@jest/globals';
import { AllProvidersFailedError } from './all-providers-failed-error.js';
import { ApiCallError } from './api-call-error.js';
import { EmptyResponseError } from './empty-response-error.js';
import { HtmlResponseError } from './html-response-error.js';
import { InvalidArgumentError } from './invalid-argument-error.js';
import { MediaError } from './media-error.js';
import { ModelNotFoundError } from './model-not-found-error.js';
import { NetworkError } from './network-error.js';
import { ProviderNotFoundError } from './provider-not-found-error.js';
import { RateLimitError } from './rate-limit-error.js';
import { ResponseFormatError } from './response-format-error.js';
import { StreamInterruptedError } from './stream-interrupted-error.js';
import { SwitchboardError } from './switchboard-error.js';
import { TimeoutError } from './timeout-error.js';

const call = { message: 'failed', provider: 'dynaspark', model: 'gemini-2.0-flash' };

interface ErrorClass {
  readonly errorName: string;
  isInstance(error: unknown): boolean;
}

// One example of every error class, with the chain of classes it belongs to (itself first).
const examples: { error: SwitchboardError; chain: readonly ErrorClass[] }[] = [
  { error: new SwitchboardError({ message: 'x' }), chain: [SwitchboardError] },
  { error: new InvalidArgumentError({ argument: 'options.proxy', reason: 'bad' }), chain: [InvalidArgumentError, SwitchboardError] },
  { error: new ModelNotFoundError({ modelId: 'x', availableModels: [], closestModels: [] }), chain: [ModelNotFoundError, SwitchboardError] },
  { error: new ProviderNotFoundError({ providerId: 'x', availableProviders: [], closestProviders: [] }), chain: [ProviderNotFoundError, SwitchboardError] },
  { error: new MediaError({ message: 'x', index: 0 }), chain: [MediaError, SwitchboardError] },
  { error: new ApiCallError({ ...call, isRetryable: false }), chain: [ApiCallError, SwitchboardError] },
  { error: new RateLimitError(call), chain: [RateLimitError, ApiCallError, SwitchboardError] },
  { error: new HtmlResponseError({ ...call, isRetryable: true, isChallenge: false }), chain: [HtmlResponseError, ApiCallError, SwitchboardError] },
  { error: new ResponseFormatError(call), chain: [ResponseFormatError, ApiCallError, SwitchboardError] },
  { error: new EmptyResponseError({ provider: 'dynaspark', model: 'm' }), chain: [EmptyResponseError, ApiCallError, SwitchboardError] },
  { error: new NetworkError(call), chain: [NetworkError, ApiCallError, SwitchboardError] },
  { error: new TimeoutError({ phase: 'attempt', timeoutMs: 1 }), chain: [TimeoutError, SwitchboardError] },
  {
    error: new StreamInterruptedError({ provider: 'p', model: 'm', deliveredCharacters: 1, deliveredParts: 1, cause: new Error('reset') }),
    chain: [StreamInterruptedError, SwitchboardError],
  },
  {
    error: new AllProvidersFailedError({ modelId: 'm', reason: 'no-candidates', attempts: [], errors: [] }),
    chain: [AllProvidersFailedError, SwitchboardError],
  },
];

const everyClass = examples.map(({ chain }) => chain[0]!);

describe.each(examples.map((example) => [example.chain[0]!.errorName, example] as const))('%s', (name, { error, chain }) => {
  it('has a stable name, the same on the class and the instance', () => {
    expect(error.name).toBe(name);
    expect(chain[0]!.errorName).toBe(name);
    expect(String(error)).toMatch(new RegExp(`^${name}: `));
  });

  it('is an Error with a stack', () => {
    expect(error).toBeInstanceOf(Error);
    expect(error.stack).toMatch(new RegExp(`^${name}: `));
  });

  it('is recognised by isInstance of its class and of every parent', () => {
    for (const ErrorClass of chain) expect(ErrorClass.isInstance(error)).toBe(true);
  });

  it('is not recognised by isInstance of any other class', () => {
    for (const ErrorClass of everyClass.filter((candidate) => !chain.includes(candidate))) {
      expect(ErrorClass.isInstance(error)).toBe(false);
    }
  });
});

describe('SwitchboardError.isInstance', () => {
  it('is false for values that are not Switchboard errors', () => {
    for (const value of [undefined, null, 0, 'RateLimitError', new Error('plain'), {}, { name: 'RateLimitError' }]) {
      expect(SwitchboardError.isInstance(value)).toBe(false);
      expect(RateLimitError.isInstance(value)).toBe(false);
    }
  });

  it('recognises any object carrying the class marker, as an error from another copy of core would', () => {
    const foreign = Object.assign(new Error('from another copy'), {
      [Symbol.for('switchboard.error.RateLimitError')]: true,
      [Symbol.for('switchboard.error.ApiCallError')]: true,
      [Symbol.for('switchboard.error.SwitchboardError')]: true,
    });

    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(ApiCallError.isInstance(foreign)).toBe(true);
    expect(SwitchboardError.isInstance(foreign)).toBe(true);
    expect(NetworkError.isInstance(foreign)).toBe(false);
  });

  it('needs the marker to be exactly true', () => {
    expect(RateLimitError.isInstance({ [Symbol.for('switchboard.error.RateLimitError')]: 'yes' })).toBe(false);
  });

  it('works across two loaded copies of core, where instanceof does not', async () => {
    let copy: typeof import('../entries/index.js') | undefined;
    await jest.isolateModulesAsync(async () => {
      copy = await import('../entries/index.js');
    });
    const fromCopy = new copy!.RateLimitError({ ...call, retryAfterMs: 1000 });

    expect(copy!.RateLimitError).not.toBe(RateLimitError);
    expect(fromCopy instanceof RateLimitError).toBe(false);
    expect(RateLimitError.isInstance(fromCopy)).toBe(true);
    expect(ApiCallError.isInstance(fromCopy)).toBe(true);
    expect(SwitchboardError.isInstance(fromCopy)).toBe(true);
    expect(MediaError.isInstance(fromCopy)).toBe(false);
    // And the other way round.
    expect(copy!.ApiCallError.isInstance(new RateLimitError(call))).toBe(true);
  });

  it("covers subclasses a plugin defines, with their own marker and their parents'", () => {
    class QuotaExceededError extends RateLimitError {
      static override readonly errorName: string = 'QuotaExceededError';
      override readonly name: string = 'QuotaExceededError';
    }
    const error = new QuotaExceededError(call);

    expect(QuotaExceededError.isInstance(error)).toBe(true);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(QuotaExceededError.isInstance(new RateLimitError(call))).toBe(false);
  });
});

describe('SwitchboardError', () => {
  it('keeps the message and the cause', () => {
    const cause = new Error('socket hang up');
    const error = new SwitchboardError({ message: 'the call failed', cause });

    expect(error.message).toBe('the call failed');
    expect(error.cause).toBe(cause);
  });

  it('has no cause property when none was given', () => {
    expect('cause' in new SwitchboardError({ message: 'x' })).toBe(false);
  });

  it('keeps its markers out of printed and serialised errors', () => {
    const error = new RateLimitError({ ...call, retryAfterMs: 5 });

    expect(inspect(error)).not.toContain('switchboard.error');
    expect(JSON.stringify(error)).not.toContain('switchboard.error');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ provider: 'dynaspark', retryAfterMs: 5, isRetryable: true });
  });
});
