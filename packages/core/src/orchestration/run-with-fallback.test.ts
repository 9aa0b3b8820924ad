// The fallback loop, driven the way a host drives it: createRegistry() over small in-test providers
// in a child container, in fake time (jest's modern timers also fake Date.now, which cockatiel reads).
import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { pino } from 'pino';
import type { DependencyContainer } from 'tsyringe';
import { AllProvidersFailedError } from '../errors/all-providers-failed-error.js';
import { CircuitOpenError } from '../errors/circuit-open-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { StreamInterruptedError } from '../errors/stream-interrupted-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { httpErrorFromResponse } from '../http/http-error-from-response.js';
import type { ProviderCallOptions } from '../provider/provider-call-options.js';
import type { ProviderChunk, StreamPart } from '../provider/stream-part.js';
import type { RegistryOptions } from '../registry/registry-options.js';
import { createFakeClock } from '../testing/fake-clock.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';
import type { AttemptRecord } from '../errors/attempt-record.js';
import type { RegistryEventMap, RegistryEventName } from '../events/registry-event-map.js';
import type { RegistryEvents } from '../events/registry-events.js';
import { rejection } from '../testing/captured-error.js';

// tsyringe checks for the Reflect metadata API as soon as it loads, and jest's ESM loader may run a
// CommonJS dependency before reflect-metadata: what pulls in tsyringe is imported only once it is there.
const { container } = await import('tsyringe');
const { registerProvider } = await import('../di/register-provider.js');
const { createRegistry } = await import('../registry/create-registry.js');

type Answer = (options: ProviderCallOptions) => AsyncIterable<ProviderChunk>;
type TestProvider = ReturnType<typeof createFakeProvider>;

/** A provider serving `shared` that answers call N with `script[N]` (the last entry repeats). */
function provider(id: string, ...script: (Answer | Error)[]): TestProvider {
  const answer: Answer = async function* () {
    yield `hello from ${id}`;
  };
  let call = 0;
  return createFakeProvider({
    id,
    models: ['shared'],
    answer: (_model, _messages, options) => {
      const step = script.length === 0 ? answer : script[Math.min(call++, script.length - 1)]!;
      if (step instanceof Error) {
        return (async function* () {
          throw step;
        })();
      }
      return step(options);
    },
  });
}

const ok = (text: string): Answer =>
  async function* () {
    yield text;
  };

/** Waits for its signal (as an HTTP client does), then fails with "request cancelled". */
const hang: Answer = async function* (options) {
  await new Promise((_, reject) => options.signal.addEventListener('abort', () => reject(new Error('request cancelled')), { once: true }));
};

/** Never settles and never looks at its signal. */
const deaf: Answer = async function* () {
  await new Promise(() => {});
};

/** The error the HTTP boundary makes of a status: what real providers throw. */
function http(id: string, status: number, headers: Record<string, string> = {}, body = '{"error":"upstream says no"}'): Error {
  return httpErrorFromResponse({
    provider: id,
    model: 'shared',
    url: `https://${id}.example/chat`,
    status,
    headers: new Headers({ 'content-type': 'application/json', ...headers }),
    body,
  });
}

let c: DependencyContainer;

beforeEach(() => {
  c = container.createChildContainer();
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
});

afterEach(() => {
  jest.useRealTimers();
});

/** Full jitter with random() = 0.5 is half the ceiling: easy to compute by hand. */
function registryWith(providers: readonly TestProvider[], options: Omit<RegistryOptions, 'container'> = {}) {
  for (const item of providers) registerProvider(item, { container: c });
  return createRegistry({ container: c, random: () => 0.5, ...options });
}

/** Attaches handlers at once, so a rejection while fake time runs is never "unhandled". */
function settle<T>(promise: Promise<T>) {
  const state: { status: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = { status: 'pending' };
  const done = promise.then(
    (value) => void Object.assign(state, { status: 'resolved', value }),
    (error: unknown) => void Object.assign(state, { status: 'rejected', error }),
  );
  return Object.assign(state, { done });
}

/** Lets promise reactions run without moving fake time. */
const flush = () => jest.advanceTimersByTimeAsync(0);

async function drain(stream: AsyncIterable<StreamPart>, into: StreamPart[] = []): Promise<StreamPart[]> {
  for await (const part of stream) into.push(part);
  return into;
}

/** provider + outcome/kind + decision of each attempt: the story a caller reads. */
const story = (attempts: readonly AttemptRecord[]) =>
  attempts.map((a) =>
    [a.provider, a.outcome === 'error' ? a.errorKind : a.outcome === 'skipped' ? `skipped:${a.errorKind}` : 'ok', a.decision].filter(Boolean).join(' '),
  );

const ALL_EVENTS: RegistryEventName[] = ['attempt:start', 'attempt:end', 'retry', 'fallback', 'circuit:open', 'circuit:half-open', 'circuit:close'];

/** Every event as one short line, in order. */
function eventLog(events: RegistryEvents): string[] {
  const log: string[] = [];
  const line: { [E in RegistryEventName]?: (payload: RegistryEventMap[E]) => string } = {
    'attempt:start': (p) => `start ${p.provider}#${p.attempt}`,
    'attempt:end': (p) => `end ${p.provider}#${p.attempt} ${p.outcome}${p.errorKind ? ` ${p.errorKind}` : ''}`,
    retry: (p) => `retry ${p.provider}#${p.attempt} in ${p.delayMs} ms (${p.errorKind})`,
    fallback: (p) => `fallback ${p.from.provider} -> ${p.to?.provider ?? '(none)'} (${p.errorKind})`,
    'circuit:open': (p) => `circuit open ${p.provider}`,
    'circuit:half-open': (p) => `circuit half-open ${p.provider}`,
    'circuit:close': (p) => `circuit close ${p.provider}`,
  };
  for (const name of ALL_EVENTS) events.on(name, (payload) => log.push((line[name] as (p: unknown) => string)(payload)));
  return log;
}

describe('retries on the same provider', () => {
  it('retries a retryable failure after a full-jitter delay, then succeeds', async () => {
    const alpha = provider('alpha', http('alpha', 503), ok('second time lucky'));
    const registry = registryWith([alpha], { resilience: { baseDelayMs: 1_000 } });
    const log = eventLog(registry.events);

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(499);
    expect(alpha.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await call.done;

    expect(alpha.calls).toHaveLength(2);
    expect(call.value).toMatchObject({ text: 'second time lucky', provider: 'alpha' });
    expect(story(call.value!.attempts)).toEqual(['alpha api-call retry', 'alpha ok']);
    expect(log).toEqual(['start alpha#1', 'end alpha#1 error api-call', 'retry alpha#1 in 500 ms (api-call)', 'start alpha#2', 'end alpha#2 success']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('doubles the backoff ceiling per retry, up to maxDelayMs', async () => {
    const alpha = provider('alpha', http('alpha', 500), http('alpha', 500), http('alpha', 500), http('alpha', 500), ok('fifth'));
    const registry = registryWith([alpha], { random: () => 0.999_999, resilience: { maxAttemptsPerProvider: 5, baseDelayMs: 100, maxDelayMs: 500 } });
    const delays: number[] = [];
    registry.events.on('retry', ({ delayMs }) => delays.push(delayMs));

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(10_000);
    await call.done;

    expect(delays).toEqual([99, 199, 399, 499]);
    expect(call.value?.text).toBe('fifth');
  });

  it('sleeps exactly the Retry-After a 429 asks for, when within maxRetryAfterMs (no jitter)', async () => {
    const alpha = provider('alpha', http('alpha', 429, { 'retry-after': '3' }), ok('after the wait'));
    const registry = registryWith([alpha]);
    const retries: RegistryEventMap['retry'][] = [];
    registry.events.on('retry', (event) => retries.push(event));

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(2_999);
    expect(alpha.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await call.done;

    expect(alpha.calls).toHaveLength(2);
    expect(retries).toEqual([expect.objectContaining({ provider: 'alpha', attempt: 1, delayMs: 3_000, errorKind: 'rate-limit' })]);
    expect(call.value?.text).toBe('after the wait');
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    jest.setSystemTime(new Date('2025-06-01T12:00:00Z'));
    const alpha = provider('alpha', http('alpha', 429, { 'retry-after': 'Sun, 01 Jun 2025 12:00:04 GMT' }), ok('later'));
    const registry = registryWith([alpha]);

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(3_999);
    expect(alpha.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await call.done;

    expect(call.value?.text).toBe('later');
    expect(Date.now()).toBe(Date.parse('2025-06-01T12:00:04Z'));
  });

  it('reads retry-after-ms (it wins over Retry-After)', async () => {
    const alpha = provider('alpha', http('alpha', 429, { 'retry-after-ms': '750', 'retry-after': '30' }), ok('soon'));
    const registry = registryWith([alpha]);

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(749);
    expect(alpha.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await call.done;

    expect(call.value?.text).toBe('soon');
  });

  it('uses backoff for a 429 without any retry hint', async () => {
    const alpha = provider('alpha', http('alpha', 429), ok('ok'));
    const registry = registryWith([alpha], { resilience: { baseDelayMs: 200 } });
    const retries: number[] = [];
    registry.events.on('retry', ({ delayMs }) => retries.push(delayMs));

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(100);
    await call.done;

    expect(retries).toEqual([100]);
    expect(call.value?.text).toBe('ok');
  });

  it('falls over at once, without sleeping, when Retry-After is over maxRetryAfterMs', async () => {
    const alpha = provider('alpha', http('alpha', 429, { 'retry-after': '60' }));
    const beta = provider('beta');
    const registry = registryWith([alpha, beta]);
    const log = eventLog(registry.events);
    const before = Date.now();

    const result = await registry.create('shared').generate('Hi');

    expect(Date.now()).toBe(before);
    expect(result.provider).toBe('beta');
    expect(story(result.attempts)).toEqual(['alpha rate-limit fallback', 'beta ok']);
    expect(log).not.toContainEqual(expect.stringMatching(/^retry/));
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps a lone 429 a RateLimitError (the same error), without sleeping, when no one else serves the model', async () => {
    const limited = http('alpha', 429, { 'retry-after': '60' });
    const registry = registryWith([provider('alpha', limited)]);

    const error = await rejection(registry.create('shared').generate('Hi'));

    expect(error).toBe(limited);
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(60_000);
  });

  it('follows maxRetryAfterMs set per call', async () => {
    const alpha = provider('alpha', http('alpha', 429, { 'retry-after': '2' }), ok('waited'));
    const beta = provider('beta');
    const registry = registryWith([alpha, beta]);

    const impatient = await registry.create('shared').generate('Hi', { resilience: { maxRetryAfterMs: 1_000 } });

    expect(impatient.provider).toBe('beta');
  });

  it('makes at most maxAttemptsPerProvider attempts on one provider, then falls back', async () => {
    const alpha = provider('alpha', http('alpha', 502));
    const beta = provider('beta');
    const registry = registryWith([alpha, beta], { resilience: { maxAttemptsPerProvider: 3, baseDelayMs: 10 } });

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(1_000);
    await call.done;

    expect(alpha.calls).toHaveLength(3);
    expect(story(call.value!.attempts)).toEqual(['alpha api-call retry', 'alpha api-call retry', 'alpha api-call fallback', 'beta ok']);
  });

  it('falls over instead of sleeping when the retry delay would end past the deadline', async () => {
    const alpha = provider('alpha', http('alpha', 429, { 'retry-after': '4' }));
    const beta = provider('beta');
    const registry = registryWith([alpha, beta], { resilience: { deadlineMs: 3_000 } });

    const result = await registry.create('shared').generate('Hi');

    expect(story(result.attempts)).toEqual(['alpha rate-limit fallback', 'beta ok']);
  });
});

describe('the attempt budget and fallback switches', () => {
  it('gives a lone provider maxAttemptsPerProvider attempts (2 by default): a 503 then an answer succeeds', async () => {
    const alpha = provider('alpha', http('alpha', 503), ok('second time'));
    const registry = registryWith([alpha]);

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(10_000);
    await call.done;

    expect(call.value?.text).toBe('second time');
    expect(story(call.value!.attempts)).toEqual(['alpha api-call retry', 'alpha ok']);
  });

  it.each([
    [1, ['lone api-call stop']],
    [2, ['lone api-call retry', 'lone api-call stop']],
    [3, ['lone api-call retry', 'lone api-call retry', 'lone api-call stop']],
  ])('makes exactly maxAttemptsPerProvider = %i request(s) to a lone provider that keeps failing, and says why it stopped', async (perProvider, expected) => {
    const lone = provider('lone', http('lone', 503));
    const registry = registryWith([lone], { resilience: { maxAttemptsPerProvider: perProvider, baseDelayMs: 10 } });

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(10_000);
    await call.done;

    expect(lone.calls).toHaveLength(perProvider);
    const attempts = AllProvidersFailedError.isInstance(call.error) ? call.error.attempts : [];
    if (perProvider > 1) expect(story(attempts)).toEqual(expected);
    else expect(call.error).toMatchObject({ name: 'ApiCallError', status: 503 });
    expect(attempts.at(-1)?.retryDeclined ?? 'max-attempts-per-provider').toBe('max-attempts-per-provider');
  });

  it('gives the last provider no more attempts than the others: the call stops at maxAttemptsPerProvider there too', async () => {
    const alpha = provider('alpha', http('alpha', 503));
    const beta = provider('beta', http('beta', 503), http('beta', 503), http('beta', 503), ok('beta at last'));
    const registry = registryWith([alpha, beta], { resilience: { maxAttempts: 6 } });
    const declined: RegistryEventMap['retry:declined'][] = [];
    registry.events.on('retry:declined', (event) => declined.push(event));

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(30_000);
    await call.done;

    const { attempts } = call.error as AllProvidersFailedError;
    expect(story(attempts)).toEqual(['alpha api-call retry', 'alpha api-call fallback', 'beta api-call retry', 'beta api-call stop']);
    expect(beta.calls).toHaveLength(2);
    expect(declined.map(({ provider, reason }) => `${provider} ${reason}`)).toEqual(['alpha max-attempts-per-provider', 'beta max-attempts-per-provider']);
  });

  it('stops at maxAttempts across all providers, and does not announce a fallback it will not make', async () => {
    const [alpha, beta, gamma] = ['alpha', 'beta', 'gamma'].map((id) => provider(id, http(id, 503)));
    const registry = registryWith([alpha!, beta!, gamma!], { resilience: { maxAttempts: 3, baseDelayMs: 10 } });
    const log = eventLog(registry.events);

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(1_000);
    await call.done;

    expect(gamma!.calls).toHaveLength(0);
    expect(AllProvidersFailedError.isInstance(call.error)).toBe(true);
    const { attempts } = call.error as AllProvidersFailedError;
    expect(story(attempts)).toEqual(['alpha api-call retry', 'alpha api-call fallback', 'beta api-call stop']);
    expect(attempts.at(-1)!.retryDeclined).toBe('max-attempts');
    // A fallback event means a next provider is asked: none is announced when the call stops.
    expect(log.filter((line) => line.startsWith('fallback'))).toEqual(['fallback alpha -> beta (api-call)']);
  });

  it('with fallback: false, retries the first provider only and says fallback is off', async () => {
    const alpha = provider('alpha', http('alpha', 503));
    const beta = provider('beta');
    const registry = registryWith([alpha, beta], { resilience: { baseDelayMs: 10 } });

    const call = settle(registry.create('shared').generate('Hi', { resilience: { fallback: false } }));
    await jest.advanceTimersByTimeAsync(1_000);
    await call.done;

    expect(beta.calls).toHaveLength(0);
    expect(alpha.calls).toHaveLength(2);
    expect(AllProvidersFailedError.isInstance(call.error)).toBe(true);
    expect(story((call.error as AllProvidersFailedError).attempts)).toEqual(['alpha api-call retry', 'alpha api-call stop']);
    expect((call.error as Error).message).toContain('Fallback is off for this call (resilience.fallback = false).');
  });

  it('tries only the providers a call lists, in its order', async () => {
    const [alpha, beta, gamma] = ['alpha', 'beta', 'gamma'].map((id) => provider(id, http(id, 401)));
    const registry = registryWith([alpha!, beta!, gamma!]);

    const error = await rejection(registry.create('shared').generate('Hi', { resilience: { providers: ['gamma', 'alpha'] } }));

    expect(story((error as AllProvidersFailedError).attempts)).toEqual(['gamma auth fallback', 'alpha auth stop']);
    expect(beta!.calls).toHaveLength(0);
  });

  it('lets a call order beat the registry routing order', async () => {
    const registry = registryWith([provider('alpha'), provider('beta')], { routing: { order: { shared: ['alpha', 'beta'] } } });

    expect((await registry.create('shared').generate('Hi')).provider).toBe('alpha');
    expect((await registry.create('shared').generate('Hi', { resilience: { providers: ['beta', 'alpha'] } })).provider).toBe('beta');
  });
});

describe('what each failure leads to', () => {
  it.each<[string, (id: string) => Error, string]>([
    ['401', (id) => http(id, 401), 'alpha auth fallback'],
    ['403', (id) => http(id, 403), 'alpha auth fallback'],
    ['404', (id) => http(id, 404), 'alpha api-call fallback'],
    [
      'a challenge page',
      (id) => http(id, 403, { 'content-type': 'text/html', 'cf-mitigated': 'challenge' }, '<html><title>Just a moment...</title></html>'),
      'alpha html-page fallback',
    ],
  ])('%s falls back without a retry', async (_name, failure, first) => {
    const alpha = provider('alpha', failure('alpha'));
    const registry = registryWith([alpha, provider('beta')]);

    const result = await registry.create('shared').generate('Hi');

    expect(alpha.calls).toHaveLength(1);
    expect(story(result.attempts)).toEqual([first, 'beta ok']);
  });

  it.each<[string, Error]>([
    ['HTTP 400', http('alpha', 400)],
    ['HTTP 422', http('alpha', 422)],
    ['an InvalidArgumentError', new InvalidArgumentError({ argument: 'providerOptions.alpha.temperature', reason: 'expected a number' })],
  ])('%s is fatal: no retry, no fallback, the error itself', async (_name, failure) => {
    const alpha = provider('alpha', failure);
    const beta = provider('beta');
    const registry = registryWith([alpha, beta]);
    const log = eventLog(registry.events);

    const error = await rejection(registry.create('shared').generate('Hi'));

    expect(error).toBe(failure);
    expect([alpha.calls.length, beta.calls.length]).toEqual([1, 0]);
    expect(log.filter((line) => /^(retry|fallback)/.test(line))).toEqual([]);
  });

  it.each([408, 500, 502, 503, 504])('HTTP %i is retried on the same provider first', async (status) => {
    const alpha = provider('alpha', http('alpha', status), ok('fine now'));
    const registry = registryWith([alpha, provider('beta')], { resilience: { baseDelayMs: 0 } });

    const result = await registry.create('shared').generate('Hi');

    expect(story(result.attempts)).toEqual(['alpha api-call retry', 'alpha ok']);
  });
});

describe("the caller's abort", () => {
  it('stops everything at once: the provider sees its signal aborted, no attempt follows, no timer is left', async () => {
    const alpha = provider('alpha', hang);
    const beta = provider('beta');
    const registry = registryWith([alpha, beta], { resilience: { maxAttemptsPerProvider: 3 } });
    const log = eventLog(registry.events);
    const controller = new AbortController();
    const reason = new DOMException('The user left', 'AbortError');

    const call = settle(registry.create('shared').generate('Hi', { signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(1_000);
    controller.abort(reason);
    await call.done;

    expect(call.error).toBe(reason);
    expect(alpha.calls[0]!.options.signal.aborted).toBe(true);
    expect([alpha.calls.length, beta.calls.length]).toEqual([1, 0]);
    expect(log).toEqual(['start alpha#1']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops a retry delay at once', async () => {
    const alpha = provider('alpha', http('alpha', 503), ok('never'));
    const registry = registryWith([alpha, provider('beta')], { resilience: { baseDelayMs: 60_000 } });
    const controller = new AbortController();
    const reason = new Error('user left');

    const call = settle(registry.create('shared').generate('Hi', { signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(jest.getTimerCount()).toBe(1); // the retry delay (the deadline has no timer of its own)
    controller.abort(reason);
    await call.done;

    expect(call.error).toBe(reason);
    expect(alpha.calls).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops a provider that ignores its signal', async () => {
    const alpha = provider('alpha', deaf);
    const registry = registryWith([alpha, provider('beta')]);
    const controller = new AbortController();
    const reason = new Error('user left');

    const call = settle(registry.create('shared').generate('Hi', { signal: controller.signal }));
    await flush();
    controller.abort(reason);
    await call.done;

    expect(call.error).toBe(reason);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('is rethrown as is after earlier failures, never wrapped', async () => {
    const alpha = provider('alpha', http('alpha', 401));
    const beta = provider('beta', hang);
    const registry = registryWith([alpha, beta]);
    const controller = new AbortController();
    const reason = new Error('user left');

    const call = settle(registry.create('shared').generate('Hi', { signal: controller.signal }));
    await flush();
    controller.abort(reason);
    await call.done;

    expect(call.error).toBe(reason);
  });

  it('never counts against the circuit breaker', async () => {
    const alpha = provider('alpha', hang);
    const registry = registryWith([alpha, provider('beta')], { resilience: { circuitFailureThreshold: 2 } });
    const log = eventLog(registry.events);

    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const call = settle(registry.create('shared').generate('Hi', { signal: controller.signal }));
      await flush();
      controller.abort(new Error('user left'));
      await call.done;
    }

    expect(log.filter((line) => line.startsWith('circuit'))).toEqual([]);
    expect(alpha.calls).toHaveLength(3);
  });

  it('works for streams: the reason is rethrown, the provider aborted', async () => {
    const alpha = provider('alpha', hang);
    const registry = registryWith([alpha, provider('beta')]);
    const controller = new AbortController();
    const reason = new Error('user left');

    const call = settle(drain(registry.create('shared').stream('Hi', { signal: controller.signal })));
    await flush();
    controller.abort(reason);
    await call.done;

    expect(call.error).toBe(reason);
    expect(alpha.calls[0]!.options.signal.aborted).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('the deadline', () => {
  it('ends the call with a deadline TimeoutError that carries the attempts so far', async () => {
    const alpha = provider('alpha', http('alpha', 503), hang);
    const beta = provider('beta');
    const registry = registryWith([alpha, beta], { resilience: { deadlineMs: 5_000, baseDelayMs: 100 } });

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(4_999);
    expect(call.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    await call.done;

    const error = call.error as TimeoutError;
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ phase: 'deadline', timeoutMs: 5_000 });
    expect(story(error.attempts)).toEqual(['alpha api-call retry', 'alpha timeout']);
    expect(error.message).toContain('The request (all attempts together) timed out after 5000 ms.');
    expect(error.message).toContain('alpha/shared: error [api-call]');
    expect(alpha.calls[1]!.options.signal.aborted).toBe(true);
    expect(beta.calls).toHaveLength(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('is told apart from an abort: a TimeoutError, not the abort reason', async () => {
    const registry = registryWith([provider('alpha', deaf)], { resilience: { deadlineMs: 1_000 } });
    const controller = new AbortController();

    const call = settle(registry.create('shared').generate('Hi', { signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(1_000);
    await call.done;

    expect(controller.signal.aborted).toBe(false);
    expect(TimeoutError.isInstance(call.error)).toBe(true);
    expect((call.error as TimeoutError).phase).toBe('deadline');
  });

  it('also bounds a stream', async () => {
    const registry = registryWith([provider('alpha', hang)], { resilience: { deadlineMs: 1_000 } });

    const call = settle(drain(registry.create('shared').stream('Hi')));
    await jest.advanceTimersByTimeAsync(1_000);
    await call.done;

    expect(call.error).toMatchObject({ name: 'TimeoutError', phase: 'deadline' });
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('attempt and first-chunk timeouts', () => {
  it('retries an attempt that times out, then falls back', async () => {
    const alpha = provider('alpha', hang);
    const beta = provider('beta');
    const registry = registryWith([alpha, beta], { resilience: { firstChunkTimeoutMs: 1_000, baseDelayMs: 0 } });

    const call = settle(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(2_000);
    await call.done;

    expect(story(call.value!.attempts)).toEqual(['alpha timeout retry', 'alpha timeout fallback', 'beta ok']);
    expect(call.value!.attempts[0]!.message).toContain('Waiting for the first chunk');
  });
});

describe('the circuit breaker', () => {
  // One attempt per provider, the last one included (maxAttempts), so each call is one failure per circuit.
  const tripping = { circuitFailureThreshold: 2, circuitCooldownMs: 10_000, maxAttemptsPerProvider: 1, maxAttempts: 2 };

  it('opens after N failures, skips the provider while cooling, probes it after the cooldown and closes on success', async () => {
    let healthy = false;
    const alpha = createFakeProvider({
      id: 'alpha',
      models: ['shared'],
      answer: async function* () {
        if (!healthy) throw http('alpha', 503);
        yield 'alpha is back';
      },
    });
    const beta = provider('beta');
    const registry = registryWith([alpha, beta], { resilience: tripping });
    const log = eventLog(registry.events);
    const pinned = { resilience: { providers: ['alpha', 'beta'] } };
    const model = registry.create('shared');

    await model.generate('1', pinned);
    await model.generate('2', pinned);
    expect(log.filter((line) => line.startsWith('circuit'))).toEqual(['circuit open alpha']);

    const skipped = await model.generate('3', pinned);
    expect(alpha.calls).toHaveLength(2);
    expect(skipped.attempts).toEqual([
      {
        provider: 'alpha',
        model: 'shared',
        attempt: 0,
        outcome: 'skipped',
        durationMs: 0,
        errorKind: 'circuit-open',
        message: 'circuit open after repeated failures; cooling down',
      },
      expect.objectContaining({ provider: 'beta', outcome: 'success' }),
    ]);

    await jest.advanceTimersByTimeAsync(10_000);
    healthy = true;
    const probed = await model.generate('4', pinned);

    expect(probed.provider).toBe('alpha');
    expect(log.filter((line) => line.startsWith('circuit'))).toEqual(['circuit open alpha', 'circuit half-open alpha', 'circuit close alpha']);
  });

  // Known bug, in health/health-monitor.ts (not ours to change): the monitor caches a provider's
  // status and recomputes it only on attempt:end events and probes. The circuit opening made alpha
  // 'down', so health ranking puts it last; once the cooldown is over (breakers.state() now reads
  // 'half-open'), nothing refreshes that cached 'down', so while beta keeps answering alpha is never
  // tried again: no probe, no recovery. Fix there: refresh on circuit events, or derive the circuit
  // part of the status when it is read.
  it('probes a provider again after its cooldown even while the next one keeps answering (routing order + health ranking)', async () => {
    let healthy = false;
    const alpha = createFakeProvider({
      id: 'alpha',
      models: ['shared'],
      answer: async function* () {
        if (!healthy) throw http('alpha', 503);
        yield 'alpha is back';
      },
    });
    const registry = registryWith([alpha, provider('beta')], { resilience: tripping, routing: { order: { shared: ['alpha', 'beta'] } } });
    const model = registry.create('shared');
    await model.generate('1');
    await model.generate('2');
    expect((await model.generate('3')).provider).toBe('beta');

    await jest.advanceTimersByTimeAsync(10_000);
    healthy = true;

    expect((await model.generate('4')).provider).toBe('alpha');
  });

  it('moves in the time of an injected clock (not only Date.now)', async () => {
    jest.useRealTimers();
    const clock = createFakeClock();
    let healthy = false;
    const alpha = createFakeProvider({
      id: 'alpha',
      models: ['shared'],
      answer: async function* () {
        if (!healthy) throw http('alpha', 503);
        yield 'alpha is back';
      },
    });
    const registry = registryWith([alpha, provider('beta')], { clock, resilience: tripping });
    const pinned = { resilience: { providers: ['alpha', 'beta'] } };
    await registry.create('shared').generate('1', pinned);
    await registry.create('shared').generate('2', pinned);

    await clock.advance(10_000);
    healthy = true;

    expect((await registry.create('shared').generate('3', pinned)).provider).toBe('alpha');
  });

  it('fails at once with a CircuitOpenError when every candidate is cooling down: no request, and when to come back', async () => {
    const alpha = provider('alpha', http('alpha', 503), ok('alpha after the cooldown'));
    const beta = provider('beta', http('beta', 503));
    const registry = registryWith([alpha, beta], { resilience: { ...tripping, circuitFailureThreshold: 1 } });
    const log = eventLog(registry.events);
    const pinned = { resilience: { providers: ['alpha', 'beta'] } };
    const model = registry.create('shared');
    await rejection(model.generate('1', pinned));
    expect(log.filter((line) => line.startsWith('circuit'))).toEqual(['circuit open alpha', 'circuit open beta']);
    await jest.advanceTimersByTimeAsync(4_000);

    const error = await rejection(model.generate('2', pinned));

    expect(CircuitOpenError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      modelId: 'shared',
      retryAfterMs: 6_000,
      providers: [
        { provider: 'alpha', model: 'shared' },
        { provider: 'beta', model: 'shared' },
      ],
    });
    expect(story((error as CircuitOpenError).attempts)).toEqual(['alpha skipped:circuit-open', 'beta skipped:circuit-open']);
    expect((error as Error).message).toContain('No request was sent');
    expect([alpha.calls.length, beta.calls.length]).toEqual([1, 1]);

    await jest.advanceTimersByTimeAsync(6_000);
    const trial = await model.generate('3', pinned);
    expect(trial.text).toBe('alpha after the cooldown');
  });

  it("does not count the caller's own mistakes", async () => {
    const alpha = provider('alpha', http('alpha', 400));
    const registry = registryWith([alpha, provider('beta')], { resilience: tripping });
    const log = eventLog(registry.events);

    for (let i = 0; i < 3; i++) await rejection(registry.create('shared').generate('Hi'));

    expect(log.filter((line) => line.startsWith('circuit'))).toEqual([]);
    expect(alpha.calls).toHaveLength(3);
  });
});

describe('an outage is not multiplied', () => {
  /** A lone provider answering every request with 503, counting the requests that reach it. */
  const storm = () => provider('lone', http('lone', 503));

  it('500 calls, one after the other, to a lone provider in a 503 storm: 5 upstream requests, then the open circuit sheds the rest', async () => {
    const lone = storm();
    const registry = registryWith([lone]);
    const outcomes = new Map<string, number>();

    for (let call = 0; call < 500; call++) {
      const pending = settle(registry.create('shared').generate('Hi'));
      // Fake time moves only through back-offs: all 500 calls fall within the 30 s cooldown.
      while (pending.status === 'pending') await jest.advanceTimersByTimeAsync(10);
      await pending.done;
      const name = (pending.error as Error).name;
      outcomes.set(name, (outcomes.get(name) ?? 0) + 1);
    }

    // Defaults: 2 attempts per call, the circuit opens at the 5th failure in a row (call 3's first
    // attempt), and its retry is declined. Every later call fails at once without a request.
    expect(lone.calls).toHaveLength(5);
    expect(Object.fromEntries(outcomes)).toEqual({ AllProvidersFailedError: 3, CircuitOpenError: 497 });
    // Health keeps the last real failure: calls turned away by the circuit are not evidence.
    const [health] = (await registry.health({ probe: false })).providers;
    expect(health).toMatchObject({ status: 'down', circuit: 'open', lastError: { kind: 'api-call', message: expect.stringContaining('HTTP 503') } });
  });

  it('a CircuitOpenError says when the next trial goes through, and the trial is one request', async () => {
    const lone = storm();
    const registry = registryWith([lone], { resilience: { maxAttemptsPerProvider: 1 } });
    for (let call = 0; call < 5; call++) await rejection(registry.create('shared').generate('Hi'));
    await jest.advanceTimersByTimeAsync(12_000);

    const shed = await rejection(registry.create('shared').generate('Hi'));
    expect(shed).toMatchObject({ name: 'CircuitOpenError', retryAfterMs: 18_000 });

    await jest.advanceTimersByTimeAsync(18_000);
    const calls = Array.from({ length: 20 }, () => settle(registry.create('shared').generate('Hi')));
    await flush();
    await Promise.all(calls.map((call) => call.done));

    // One trial after the cooldown; the 19 calls arriving while it runs are turned away, not sent.
    expect(lone.calls).toHaveLength(6);
    expect(calls.filter((call) => CircuitOpenError.isInstance(call.error))).toHaveLength(19);
  });

  it('500 calls at once, circuit aside: retries stay within the budget (10 + 20% of 500 = 110), and the trail says so', async () => {
    const lone = storm();
    // A threshold the storm never reaches, so only the budget bounds the retries.
    const registry = registryWith([lone], { resilience: { circuitFailureThreshold: 10_000, baseDelayMs: 10 } });
    const declined: string[] = [];
    registry.events.on('retry:declined', ({ reason }) => declined.push(reason));

    const calls = Array.from({ length: 500 }, () => settle(registry.create('shared').generate('Hi')));
    await jest.advanceTimersByTimeAsync(5_000);
    await Promise.all(calls.map((call) => call.done));

    const retries = lone.calls.length - 500;
    expect(retries).toBeGreaterThan(0);
    expect(retries).toBeLessThanOrEqual(110);
    // Without the budget every call would retry once: 1,000 requests.
    expect(declined.filter((reason) => reason === 'retry-budget')).toHaveLength(500 - retries);
    const refused = calls.map((call) => call.error).find((error) => ApiCallErrorAttempts(error).some((attempt) => attempt.retryDeclined === 'retry-budget'));
    expect(refused).toBeDefined();
  });
});

/** The attempts an error carries (AllProvidersFailedError), or, for a lone failure, none. */
function ApiCallErrorAttempts(error: unknown): readonly AttemptRecord[] {
  return AllProvidersFailedError.isInstance(error) ? error.attempts : [];
}

describe('when everything fails', () => {
  it('throws AllProvidersFailedError listing every attempt: provider, model, outcome, kind, message', async () => {
    const alpha = provider('alpha', http('alpha', 503, {}, '{"error":"alpha is overloaded"}'));
    const beta = provider('beta', http('beta', 429, { 'retry-after': '60' }, '{"error":"slow down"}'));
    const registry = registryWith([alpha, beta], { resilience: { baseDelayMs: 0 } });

    const error = (await rejection(registry.create('shared').generate('Hi'))) as AllProvidersFailedError;

    expect(AllProvidersFailedError.isInstance(error)).toBe(true);
    expect(error.reason).toBe('all-failed');
    expect(error.errors).toHaveLength(3);
    expect(error.lastError).toBe(error.errors[2]);
    expect(error.message.split('\n')).toEqual([
      "All 2 providers failed for model 'shared' (3 attempts).",
      "  1. alpha/shared: error after 0 ms [api-call] Provider 'alpha' (model 'shared') answered HTTP 503: alpha is overloaded.",
      "  2. alpha/shared: error after 0 ms [api-call] Provider 'alpha' (model 'shared') answered HTTP 503: alpha is overloaded.",
      "  3. beta/shared: error after 0 ms [rate-limit] Provider 'beta' (model 'shared') is rate limiting requests (HTTP 429); it asks to retry after 60000 ms: slow down",
      'Rate limits: wait before retrying, or add another provider serving this model.',
    ]);
  });

  it('lists skipped providers too, and says when no provider could take the call', async () => {
    const offline = createFakeProvider({ id: 'offline', models: ['shared'], working: false });
    const registry = registryWith([offline]);

    const error = (await rejection(registry.create('shared').generate('Hi'))) as AllProvidersFailedError;

    expect(error.reason).toBe('no-candidates');
    expect(error.message).toBe("No provider could take the request for model 'shared'.\n  1. offline/shared: skipped [not-working] marked not working");
    expect(offline.calls).toHaveLength(0);
  });
});

describe('streams', () => {
  it('fall back before the first text, and nothing of the failed attempt reaches the caller', async () => {
    const alpha = provider('alpha', async function* (options) {
      options.warn({ code: 'alpha-warning', message: 'from the failed attempt' });
      yield { type: 'usage', usage: { totalTokens: 1 } };
      throw http('alpha', 401);
    });
    const beta = provider('beta', async function* () {
      yield 'Hello ';
      yield 'from beta';
    });
    const registry = registryWith([alpha, beta]);
    const stream = registry.create('shared').stream('Hi');

    const parts = await drain(stream);

    expect(parts).toEqual([
      { type: 'provider-info', provider: 'beta', model: 'shared' },
      { type: 'text', text: 'Hello ' },
      { type: 'text', text: 'from beta' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    expect(stream.provider).toBe('beta');
    expect(story(stream.attempts)).toEqual(['alpha auth fallback', 'beta ok']);
  });

  it('retry a first-chunk timeout on the same provider before any text', async () => {
    const alpha = provider('alpha', hang, ok('second try'));
    const registry = registryWith([alpha], { resilience: { firstChunkTimeoutMs: 500, baseDelayMs: 0 } });

    const call = settle(drain(registry.create('shared').stream('Hi')));
    await jest.advanceTimersByTimeAsync(500);
    await call.done;

    expect(call.value!.filter((part) => part.type === 'text')).toEqual([{ type: 'text', text: 'second try' }]);
  });

  it('fail with StreamInterruptedError after text was delivered: no fallback, no mixing, the circuit counts it', async () => {
    const reset = new Error('socket hang up');
    const alpha = provider('alpha', async function* () {
      yield 'Hello, ';
      yield 'wor';
      throw reset;
    });
    const beta = provider('beta');
    const registry = registryWith([alpha, beta], { resilience: { circuitFailureThreshold: 1 } });
    const log = eventLog(registry.events);
    const received: StreamPart[] = [];

    const error = await rejection(drain(registry.create('shared').stream('Hi'), received));

    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'alpha', model: 'shared', deliveredCharacters: 10, deliveredParts: 2, cause: reset });
    expect(received).toEqual([
      { type: 'provider-info', provider: 'alpha', model: 'shared' },
      { type: 'text', text: 'Hello, ' },
      { type: 'text', text: 'wor' },
    ]);
    expect(beta.calls).toHaveLength(0);
    expect(log).toEqual(['start alpha#1', 'end alpha#1 success', 'circuit open alpha']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('time out mid-stream with StreamInterruptedError (the attempt limit), never falling back', async () => {
    const alpha = provider('alpha', async function* (options) {
      yield 'Hello';
      yield* hang(options);
    });
    const beta = provider('beta');
    const registry = registryWith([alpha, beta], { resilience: { attemptTimeoutMs: 2_000 } });

    const call = settle(drain(registry.create('shared').stream('Hi')));
    await jest.advanceTimersByTimeAsync(2_000);
    await call.done;

    expect(StreamInterruptedError.isInstance(call.error)).toBe(true);
    expect((call.error as StreamInterruptedError).cause).toMatchObject({ name: 'TimeoutError', phase: 'attempt' });
    expect(beta.calls).toHaveLength(0);
  });

  it('release everything when the consumer stops early', async () => {
    let released = false;
    const alpha = provider('alpha', async function* () {
      try {
        yield 'one';
        yield 'two';
      } finally {
        released = true;
      }
    });
    const registry = registryWith([alpha]);

    for await (const part of registry.create('shared').stream('Hi')) if (part.type === 'text') break;
    await flush();

    expect(released).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('event listeners', () => {
  it("never change a call's outcome: a listener that throws on attempt:end is logged once, the answer kept", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const registry = registryWith([provider('alpha'), provider('beta')], { logger });
    registry.events.on('attempt:end', () => {
      throw new Error('dashboard is down');
    });

    const first = await registry.create('shared').generate('Hi');
    const second = await registry.create('shared').generate('Hi');

    expect([first.text, second.text]).toEqual(['hello from alpha', 'hello from alpha']);
    expect(story(first.attempts)).toEqual(['alpha ok']);
    expect(lines).toEqual([expect.objectContaining({ level: 40, event: 'attempt:end', err: expect.objectContaining({ message: 'dashboard is down' }) })]);
  });

  it('can listen, but not emit: registry.events offers on, once and off only', () => {
    const registry = registryWith([provider('alpha')]);

    expect(Object.keys(registry.events).sort()).toEqual(['off', 'on', 'once']);
    expect((registry.events as unknown as { emit?: unknown }).emit).toBeUndefined();
  });
});

describe('logs', () => {
  it("are pino debug lines bound to the request id, the provider's own lines included", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const alpha = provider('alpha', http('alpha', 503));
    const beta = provider('beta', async function* (options) {
      options.logger.debug({ bytes: 12 }, 'beta answered');
      yield 'hello';
    });
    const registry = registryWith([alpha, beta], { logger, resilience: { maxAttemptsPerProvider: 1 } });

    await registry.create('shared').generate('first');
    await registry.create('shared').generate('second');

    const calls = lines.filter((line) =>
      ['attempt start', 'attempt failed', 'falling back', 'attempt succeeded', 'beta answered'].includes(line['msg'] as string),
    );
    expect(calls.map((line) => line['msg'])).toEqual([
      ...['attempt start', 'attempt failed', 'falling back', 'attempt start', 'beta answered', 'attempt succeeded'],
      ...['attempt start', 'attempt failed', 'falling back', 'attempt start', 'beta answered', 'attempt succeeded'],
    ]);
    const ids = calls.map((line) => line['requestId']);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids.slice(0, 6)).size).toBe(1);
    expect(new Set(ids.slice(6)).size).toBe(1);
    expect(ids[0]).not.toBe(ids[6]);
    expect(calls.find((line) => line['msg'] === 'attempt failed')).toMatchObject({
      level: 20,
      component: 'switchboard',
      provider: 'alpha',
      errorKind: 'api-call',
      err: expect.objectContaining({ type: 'ApiCallError' }),
    });
    expect(calls.find((line) => line['msg'] === 'beta answered')).toMatchObject({ provider: 'beta', bytes: 12 });
  });
});
