import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { pino } from 'pino';
import { EmptyResponseError } from '../errors/empty-response-error.js';
import { NetworkError } from '../errors/network-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { ProviderCallOptions } from '../provider/provider-call-options.js';
import type { ProviderChunk, StreamPart } from '../provider/stream-part.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';
import { systemClock } from './clock.js';
import { NO_TOOL_REQUEST } from '../tools/tool-request.js';
import { Attempt, type AttemptInput } from './attempt.js';

type Script = (options: ProviderCallOptions) => AsyncIterable<ProviderChunk>;

/** The shipped test provider, answering with `script`. */
const provider = (script: Script) => createFakeProvider({ id: 'alpha', answer: (_model, _messages, options) => script(options) });

/** Waits until the signal aborts, then rejects as a well-behaved HTTP client does. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('request cancelled')), { once: true }));
}

/** Never settles and never looks at its signal: a provider bug the attempt must survive. */
const forever = () => new Promise<never>(() => {});

const silent = pino({ level: 'silent' });

function input(script: Script, overrides: Partial<AttemptInput> = {}) {
  const fake = provider(script);
  const attempt: AttemptInput = {
    candidate: { provider: fake, model: 'echo', messages: [{ role: 'user', content: 'Hi' }], media: [], settings: {}, warnings: [], logger: silent },
    proxy: undefined,
    extra: {},
    logger: silent,
    clock: systemClock,
    signal: new AbortController().signal,
    attemptTimeoutMs: 10_000,
    firstChunkTimeoutMs: 2_000,
    deadline: { at: Infinity, ms: Infinity },
    mode: 'stream',
    textParts: 'per-piece',
    tools: NO_TOOL_REQUEST,
    ...overrides,
  };
  return { attempt, calls: fake.calls };
}

/** Attaches handlers at once, so a rejection while fake time runs is never "unhandled". */
function settle<T>(promise: Promise<T>) {
  const state: { status: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = { status: 'pending' };
  const done = promise.then(
    (value) => Object.assign(state, { status: 'resolved', value }),
    (error: unknown) => Object.assign(state, { status: 'rejected', error }),
  );
  return Object.assign(state, { done });
}

async function rest(started: Attempt): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for (;;) {
    const next = await started.next();
    if (next.done) return parts;
    parts.push(next.value);
  }
}

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('Attempt', () => {
  it('resolves at the first text with every part up to it, then hands out the rest', async () => {
    const { attempt } = input(async function* () {
      yield { type: 'warning', code: 'w', message: 'first' };
      yield 'Hel';
      yield '';
      yield { type: 'text', text: 'lo' };
      yield { type: 'finish', finishReason: 'stop' };
    });

    const started = await Attempt.start(attempt);

    expect(started.head).toEqual([
      { type: 'warning', code: 'w', message: 'first' },
      { type: 'text', text: 'Hel' },
    ]);
    expect(await rest(started)).toEqual([
      { type: 'text', text: 'lo' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('passes the call options through and gives the provider its own signal', async () => {
    const callSignal = new AbortController().signal;
    const { attempt, calls } = input(
      async function* () {
        yield 'Hi';
      },
      { proxy: 'http://127.0.0.1:3128', extra: { temperature: 0.1 }, signal: callSignal },
    );

    const started = await Attempt.start(attempt);
    started.close();

    expect(calls[0]!.options).toMatchObject({ proxy: 'http://127.0.0.1:3128', extra: { temperature: 0.1 }, media: [] });
    expect(calls[0]!.options.signal).not.toBe(callSignal);
  });

  describe('timeouts', () => {
    it('fails with a first-chunk TimeoutError when no text comes in time, aborting the provider', async () => {
      const { attempt, calls } = input(async function* (options) {
        await untilAborted(options.signal);
      });
      const state = settle(Attempt.start(attempt));

      await jest.advanceTimersByTimeAsync(1_999);
      expect(state.status).toBe('pending');
      await jest.advanceTimersByTimeAsync(1);
      await state.done;

      expect(TimeoutError.isInstance(state.error)).toBe(true);
      expect(state.error).toMatchObject({ phase: 'first-chunk', timeoutMs: 2_000, provider: 'alpha', model: 'echo' });
      expect(calls[0]!.options.signal.aborted).toBe(true);
      expect(calls[0]!.options.signal.reason).toBe(state.error);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('stops the first-chunk clock at the first text; the attempt limit still bounds the rest', async () => {
      const { attempt, calls } = input(async function* (options) {
        yield 'Hello';
        await untilAborted(options.signal);
      });
      const started = await Attempt.start(attempt);
      const next = settle(started.next());

      await jest.advanceTimersByTimeAsync(9_999);
      expect(next.status).toBe('pending');
      await jest.advanceTimersByTimeAsync(1);
      await next.done;

      expect(next.error).toMatchObject({ name: 'TimeoutError', phase: 'attempt', timeoutMs: 10_000 });
      expect(calls[0]!.options.signal.aborted).toBe(true);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('cannot be hung by a provider that ignores its signal before the first text', async () => {
      const { attempt } = input(async function* () {
        await forever();
      });
      const state = settle(Attempt.start(attempt));

      await jest.advanceTimersByTimeAsync(2_000);
      await state.done;

      expect(state.error).toMatchObject({ name: 'TimeoutError', phase: 'first-chunk' });
      expect(jest.getTimerCount()).toBe(0);
    });

    it('cannot be hung by a provider that ignores its signal mid-answer', async () => {
      const { attempt } = input(async function* () {
        yield 'Hello';
        await forever();
      });
      const started = await Attempt.start(attempt);
      const next = settle(started.next());

      await jest.advanceTimersByTimeAsync(10_000);
      await next.done;

      expect(next.error).toMatchObject({ name: 'TimeoutError', phase: 'attempt' });
      expect(jest.getTimerCount()).toBe(0);
    });

    it('reports the timeout, not the error the provider throws on its way out', async () => {
      const { attempt } = input(async function* (options) {
        await untilAborted(options.signal); // rejects with "request cancelled"
      });
      const state = settle(Attempt.start(attempt));

      await jest.advanceTimersByTimeAsync(2_000);
      await state.done;

      expect(TimeoutError.isInstance(state.error)).toBe(true);
    });
  });

  describe("the call's signal", () => {
    it("aborts the provider with the call's reason and rejects with it", async () => {
      const controller = new AbortController();
      const { attempt, calls } = input(
        async function* (options) {
          await untilAborted(options.signal);
        },
        { signal: controller.signal },
      );
      const state = settle(Attempt.start(attempt));
      await jest.advanceTimersByTimeAsync(10);
      const reason = new DOMException('user left', 'AbortError');

      controller.abort(reason);
      await state.done;

      expect(state.error).toBe(reason);
      expect(calls[0]!.options.signal.reason).toBe(reason);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('does not call the provider when the call is already aborted', async () => {
      const reason = new Error('gone');
      const { attempt, calls } = input(
        async function* () {
          yield 'Hi';
        },
        { signal: AbortSignal.abort(reason) },
      );

      await expect(Attempt.start(attempt)).rejects.toBe(reason);
      expect(calls).toHaveLength(0);
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  describe('the cancellation (an abort without an AbortSignal)', () => {
    /** Waits until the cancellation fires, then rejects as core's HTTP client does. */
    const untilCancelled = (options: ProviderCallOptions) => new Promise<never>((_, reject) => options.cancellation!.addListener((reason) => reject(reason)));

    it('tells a provider listening through it of a timeout, with the TimeoutError, and builds no AbortController', async () => {
      const { attempt, calls } = input(async function* (options) {
        await untilCancelled(options);
      });
      const Original = globalThis.AbortController;
      let built = 0;
      globalThis.AbortController = class extends Original {
        constructor() {
          super();
          built++;
        }
      };
      let state: ReturnType<typeof settle<Attempt>>;
      try {
        state = settle(Attempt.start(attempt));
        await jest.advanceTimersByTimeAsync(2_000);
        await state.done;
      } finally {
        globalThis.AbortController = Original;
      }

      expect(state.error).toMatchObject({ name: 'TimeoutError', phase: 'first-chunk' });
      expect(calls[0]!.options.cancellation).toMatchObject({ aborted: true, reason: state.error });
      expect(built).toBe(0);
      // Read afterwards, the signal says the same.
      expect(calls[0]!.options.signal.aborted).toBe(true);
      expect(calls[0]!.options.signal.reason).toBe(state.error);
    });

    it("tells it of the caller's abort, with the caller's reason", async () => {
      const controller = new AbortController();
      const { attempt, calls } = input(
        async function* (options) {
          await untilCancelled(options);
        },
        { signal: controller.signal },
      );
      const state = settle(Attempt.start(attempt));
      await jest.advanceTimersByTimeAsync(10);
      const reason = new Error('user left');

      controller.abort(reason);
      await state.done;

      expect(state.error).toBe(reason);
      expect(calls[0]!.options.cancellation!.reason).toBe(reason);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('aborts a signal the provider read before the timeout, as a controller of its own would', async () => {
      const { attempt, calls } = input(async function* (options) {
        await untilAborted(options.signal);
      });
      const state = settle(Attempt.start(attempt));

      await jest.advanceTimersByTimeAsync(2_000);
      await state.done;

      expect(calls[0]!.options.signal.reason).toBe(state.error);
      expect(calls[0]!.options.cancellation!.reason).toBe(state.error);
    });
  });

  it('answers two pulls made at once in order, each with its own part', async () => {
    const { attempt } = input(async function* () {
      yield 'a';
      yield 'b';
      yield 'c';
    });
    const started = await Attempt.start(attempt);

    const [second, third, end] = await Promise.all([started.next(), started.next(), started.next()]);

    expect([second, third, end]).toEqual([
      { done: false, value: { type: 'text', text: 'b' } },
      { done: false, value: { type: 'text', text: 'c' } },
      { done: true, value: undefined },
    ]);
    expect(started.state).toBe('finished');
  });

  describe('empty answers', () => {
    it.each<[string, Script]>([
      ['nothing at all', async function* () {}],
      [
        'only empty strings',
        async function* () {
          yield '';
          yield { type: 'text', text: '' };
        },
      ],
      [
        'only non-text parts',
        async function* () {
          yield { type: 'usage', usage: { totalTokens: 0 } };
          yield { type: 'finish', finishReason: 'stop' };
        },
      ],
    ])('fail with EmptyResponseError when the provider yields %s', async (_case, script) => {
      const { attempt } = input(script);

      const error = await Attempt.start(attempt).catch((caught: unknown) => caught);

      expect(EmptyResponseError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ provider: 'alpha', model: 'echo', isRetryable: true });
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  it("rethrows the provider's own error unchanged and releases everything", async () => {
    const failure = new NetworkError({ provider: 'alpha', model: 'echo', message: 'ECONNRESET', systemCode: 'ECONNRESET' });
    let cleanedUp = false;
    const { attempt } = input(async function* () {
      try {
        yield { type: 'usage', usage: {} };
        throw failure;
      } finally {
        cleanedUp = true;
      }
    });

    await expect(Attempt.start(attempt)).rejects.toBe(failure);
    expect(cleanedUp).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("close() ends the provider's generator early (its finally runs) and clears the timers", async () => {
    let cleanedUp = false;
    const { attempt } = input(async function* () {
      try {
        yield 'one';
        yield 'two';
      } finally {
        cleanedUp = true;
      }
    });
    const started = await Attempt.start(attempt);
    expect(jest.getTimerCount()).toBe(1); // the attempt limit, still running

    started.close();
    await jest.advanceTimersByTimeAsync(0);

    expect(cleanedUp).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  describe('warnings', () => {
    it('delivers a warn() made before the first text ahead of it, and logs it', async () => {
      const lines: Record<string, unknown>[] = [];
      const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
      const { attempt } = input(
        async function* (options) {
          options.warn({ code: 'temperature-ignored', message: 'fixed temperature' });
          yield 'Hello';
        },
        { logger },
      );

      const started = await Attempt.start(attempt);
      started.close();

      expect(started.head).toEqual([
        { type: 'warning', code: 'temperature-ignored', message: 'fixed temperature' },
        { type: 'text', text: 'Hello' },
      ]);
      expect(lines).toEqual([expect.objectContaining({ level: 40, code: 'temperature-ignored', provider: 'alpha', model: 'echo', msg: 'fixed temperature' })]);
    });

    it('delivers a warn() made between two texts before the second', async () => {
      const { attempt } = input(async function* (options) {
        yield 'Hel';
        options.warn({ code: 'slow', message: 'backend is slow' });
        yield 'lo';
      });

      const started = await Attempt.start(attempt);

      expect(await rest(started)).toEqual([
        { type: 'warning', code: 'slow', message: 'backend is slow' },
        { type: 'text', text: 'lo' },
      ]);
    });

    it('delivers a warn() made after the last text before the end', async () => {
      const { attempt } = input(async function* (options) {
        yield 'Hello';
        options.warn({ code: 'truncated', message: 'the answer hit the length limit' });
      });

      const started = await Attempt.start(attempt);

      expect(await rest(started)).toEqual([{ type: 'warning', code: 'truncated', message: 'the answer hit the length limit' }]);
    });
  });
});
