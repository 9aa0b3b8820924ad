import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRegistry, type CallOptions, type Registry, type StreamPart } from '@switchboard/core';
import {
  ApiCallError,
  EmptyResponseError,
  HtmlResponseError,
  ModelNotFoundError,
  RateLimitError,
  ResponseFormatError,
  resolveProviderModel,
  SUPPORTED_SPECIFICATION_VERSIONS,
  type Provider,
  type ProviderChunk,
} from '@switchboard/core/provider';
import { createCallOptions, rejection, thrown } from '@switchboard/core/testing';
import type { ConformanceEmulator, ConformanceFault, ProviderConformanceOptions } from './conformance-options.js';
import { startFaultServer, type FaultServer, type ServerBehaviour } from './start-fault-server.js';

const PROMPT = 'Say hello to the conformance suite';
const ANSWER = 'Hello from the conformance suite';
const UNKNOWN_MODEL = 'conformance-no-such-model';

/** How one failure must surface: the class, and the facts it carries. */
interface ExpectedError {
  title: string;
  isInstance: (error: unknown) => boolean;
  className: string;
  facts?: Record<string, unknown>;
}

const SERVER_FAULTS: (ExpectedError & { behaviour: ServerBehaviour })[] = [
  {
    title: 'HTTP 500',
    behaviour: { kind: 'status-500' },
    isInstance: ApiCallError.isInstance.bind(ApiCallError),
    className: 'ApiCallError',
    facts: { status: 500, isRetryable: true },
  },
  {
    title: 'HTTP 429 with Retry-After: 7',
    behaviour: { kind: 'rate-limit', retryAfterSeconds: 7 },
    isInstance: RateLimitError.isInstance.bind(RateLimitError),
    className: 'RateLimitError',
    facts: { status: 429, retryAfterMs: 7_000 },
  },
  {
    title: 'an HTML outage page (503)',
    behaviour: { kind: 'html', status: 503 },
    isInstance: HtmlResponseError.isInstance.bind(HtmlResponseError),
    className: 'HtmlResponseError',
  },
  {
    title: 'an HTML page with status 200',
    behaviour: { kind: 'html', status: 200 },
    isInstance: HtmlResponseError.isInstance.bind(HtmlResponseError),
    className: 'HtmlResponseError',
  },
  {
    title: 'malformed JSON',
    behaviour: { kind: 'malformed-json' },
    isInstance: ResponseFormatError.isInstance.bind(ResponseFormatError),
    className: 'ResponseFormatError',
  },
];

const EMPTY: ExpectedError = { title: 'an empty answer', isInstance: EmptyResponseError.isInstance.bind(EmptyResponseError), className: 'EmptyResponseError' };

const EMULATOR_FAULTS: (ExpectedError & { fault: ConformanceFault })[] = [
  { ...SERVER_FAULTS[0]!, title: 'status-500', fault: 'status-500' },
  { ...SERVER_FAULTS[1]!, title: 'rate-limit', fault: 'rate-limit', facts: { status: 429, retryAfterMs: expect.any(Number) } },
  { ...SERVER_FAULTS[4]!, title: 'malformed-json', fault: 'malformed-json' },
  { ...EMPTY, title: 'empty', fault: 'empty' },
];

/**
 * The provider conformance suite: a plugin runs it against itself in a few lines of jest.
 * It checks the attributes, the model-name rules, the streaming contract, that an abort cancels
 * the request, that failures become core's typed errors (through an HTTP server the suite starts,
 * and the plugin's emulator when given), and a round trip against that emulator.
 *
 * @example
 * describeProviderConformance({
 *   name: 'Acme',
 *   create: ({ baseUrl }) => createAcme({ baseUrl }),
 *   answer: (text) => ({ body: JSON.stringify({ output: text }) }),
 * });
 */
export function describeProviderConformance(options: ProviderConformanceOptions): void {
  if (!options.answer && !options.emulator) {
    throw new Error(
      `describeProviderConformance('${options.name}'): give \`answer\` (the service's answer, for the suite's own server), \`emulator\`, or both.`,
    );
  }
  const promptlyMs = options.promptlyMs ?? 2_000;

  describe(`${options.name}: provider conformance`, () => {
    let server: FaultServer;
    let provider: Provider;
    let model: string;

    beforeAll(async () => {
      server = await startFaultServer(options.answer);
      provider = await options.create({ baseUrl: server.url });
      model = options.model ?? provider.defaultModel;
    });
    afterAll(async () => {
      await provider?.close?.();
      await server?.close();
    });

    describe('attributes', () => {
      it('are accepted by a registry (present, typed, defaults among the models)', () => {
        expect(() => registryOf(provider)).not.toThrow();
      });

      it('declare a supported specification version and an id usable in providerOptions', () => {
        expect(SUPPORTED_SPECIFICATION_VERSIONS).toContain(provider.specificationVersion);
        expect(provider.id).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
        expect(provider.url).toMatch(/^https?:\/\//);
      });

      it('are consistent: configured, unique models, vision and capability models among them', () => {
        expect(provider.unconfigured).toBeUndefined();
        expect(provider.models.length).toBeGreaterThan(0);
        expect(new Set(provider.models).size).toBe(provider.models.length);
        expect(provider.models).toContain(provider.defaultModel);
        for (const vision of provider.visionModels) expect(provider.models).toContain(vision);
        if (provider.defaultVisionModel !== undefined) expect(provider.visionModels).toContain(provider.defaultVisionModel);
        for (const capable of Object.keys(provider.capabilities ?? {})) expect(provider.models).toContain(capable);
        expect(provider.models).toContain(model);
      });
    });

    describe('model names', () => {
      it('an empty name is the default model', () => {
        expect(resolveProviderModel(provider, '')).toBe(provider.defaultModel);
        expect(resolveProviderModel(provider, undefined)).toBe(provider.defaultModel);
      });

      it('a real model is never swapped for another, directly or through a registry', () => {
        const registry = registryOf(provider);
        for (const name of provider.models) {
          expect(resolveProviderModel(provider, name)).toBe(name);
          expect(registry.create(name).providers).toEqual([{ provider: provider.id, model: name }]);
        }
      });

      it('an alias leads to a real model', () => {
        const registry = registryOf(provider);
        for (const alias of Object.keys(provider.modelAliases)) {
          const target = resolveProviderModel(provider, alias);
          expect(provider.models).toContain(target);
          expect(registry.create(alias).providers).toEqual([{ provider: provider.id, model: target }]);
        }
      });

      it('an unknown name is a ModelNotFoundError listing the valid names', () => {
        const error = thrown(() => resolveProviderModel(provider, UNKNOWN_MODEL));
        expect(ModelNotFoundError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ modelId: UNKNOWN_MODEL, provider: provider.id, availableModels: expect.arrayContaining([...provider.models]) });
        expect(ModelNotFoundError.isInstance(thrown(() => registryOf(provider).create(UNKNOWN_MODEL)))).toBe(true);
      });
    });

    if (options.answer) {
      describe('streaming, against the suite server', () => {
        it('yields text parts and exactly one finish, last, through a registry', async () => {
          server.behave({ kind: 'answer', text: ANSWER });
          const parts = await streamParts(registryOf(provider), model);
          expectStreamContract(parts, provider.id);
          expect(textOf(parts)).toBe(ANSWER);
        });

        it("streams the same text with textParts 'per-read', each part's pieces (if any) joining to its text", async () => {
          server.behave({ kind: 'answer', text: ANSWER });
          const parts = await streamParts(registryOf(provider), model, { textParts: 'per-read' });
          expectStreamContract(parts, provider.id);
          expect(textOf(parts)).toBe(ANSWER);
          for (const part of parts) {
            if (part.type === 'text' && part.pieces !== undefined) {
              expect(part.pieces.join('')).toBe(part.text);
              expect(part.pieces.every((piece) => piece !== '')).toBe(true);
            }
          }
        });

        it('answers generate() with the same text', async () => {
          server.behave({ kind: 'answer', text: ANSWER });
          expect(await registryOf(provider).create(model).generate(PROMPT)).toMatchObject({ text: ANSWER, provider: provider.id, model });
        });

        it('yields at most one finish part itself, after the text, and no joined pieces unasked', async () => {
          server.behave({ kind: 'answer', text: ANSWER });
          const chunks: ProviderChunk[] = [];
          for await (const chunk of provider.createAsyncGenerator(model, [{ role: 'user', content: PROMPT }], createCallOptions({ mode: 'stream' })))
            chunks.push(chunk);
          const finishes = chunks.filter((chunk) => typeof chunk !== 'string' && chunk.type === 'finish');
          expect(finishes.length).toBeLessThanOrEqual(1);
          const lastText = chunks.findLastIndex((chunk) => typeof chunk === 'string' || chunk.type === 'text');
          if (finishes.length === 1) expect(chunks.indexOf(finishes[0]!)).toBeGreaterThan(lastText);
          // Unless the call asks for textParts 'per-read', a provider never joins pieces (the
          // registry would split them back, but a provider must not rely on it).
          expect(chunks.filter((chunk) => typeof chunk !== 'string' && chunk.type === 'text' && chunk.pieces !== undefined)).toEqual([]);
        });
      });
    }

    describe('abort', () => {
      /** Starts `call` against a server that never answers, aborts once the request arrived, and checks what follows. */
      const abortMidRequest = async (call: (signal: AbortSignal) => Promise<unknown>) => {
        server.behave({ kind: 'hang' });
        const controller = new AbortController();
        const reason = new Error('conformance: the caller gave up');
        const arrived = server.nextRequest();
        const cancelled = server.nextCancellation();
        const before = server.requests.length;
        const outcome = call(controller.signal).then(
          () => 'resolved',
          (error: unknown) => error,
        );
        await within(arrived, promptlyMs, 'the request to reach the server');
        controller.abort(reason);
        expect(await within(outcome, promptlyMs, 'the call to reject after abort()')).toBe(reason);
        await within(cancelled, promptlyMs, 'the request in flight to be cancelled (its connection closed) after abort()');
        expect(server.requests.length).toBe(before + 1);
      };

      it('a call rejects with the signal’s reason promptly, and the request in flight is cancelled', async () => {
        await abortMidRequest(async (signal) => {
          for await (const _chunk of provider.createAsyncGenerator(model, [{ role: 'user', content: PROMPT }], createCallOptions({ signal }))) {
            // a hung server sends nothing
          }
        });
      });

      it('through a registry too: generate() rejects with the reason, and nothing is retried', async () => {
        await abortMidRequest((signal) => registryOf(provider, 2).create(model).generate(PROMPT, { signal }));
      });
    });

    describe('errors are typed (the suite server)', () => {
      const cases = options.answer
        ? [...SERVER_FAULTS.map((fault) => ({ ...fault })), { ...EMPTY, behaviour: { kind: 'answer', text: '' } as ServerBehaviour }]
        : SERVER_FAULTS;
      it.each(cases.map((expected) => [expected.title, expected] as const))('%s becomes the right error', async (_title, expected) => {
        server.behave(expected.behaviour);
        expectTyped(await rejection(registryOf(provider).create(model).generate(PROMPT)), expected, provider.id, model);
      });
    });

    if (options.emulator) {
      describe('against its emulator', () => {
        let emulator: ConformanceEmulator;
        let onEmulator: Provider;

        beforeAll(async () => {
          emulator = await options.emulator!();
          onEmulator = await options.create({ baseUrl: emulator.url });
        });
        afterAll(async () => {
          await onEmulator?.close?.();
          await emulator?.close();
        });

        it('round trip: generate() and stream() answer with text', async () => {
          const registry = registryOf(onEmulator);
          const result = await registry.create(model).generate(PROMPT);
          expect(result).toMatchObject({ provider: onEmulator.id, model });
          expect(result.text.trim()).not.toBe('');
          const parts = await streamParts(registry, model);
          expectStreamContract(parts, onEmulator.id);
        });

        it.each(EMULATOR_FAULTS.map((expected) => [expected.title, expected] as const))('fault %s becomes the right error', async (_title, expected) => {
          await emulator.injectFault(expected.fault);
          expectTyped(await rejection(registryOf(onEmulator).create(model).generate(PROMPT)), expected, onEmulator.id, model);
        });
      });
    }
  });
}

/**
 * A fresh registry serving only this provider, one attempt per call, so a lone failure keeps its
 * own class (a fresh one each time: no circuit or health state carried from the last case).
 */
function registryOf(provider: Provider, maxAttempts = 1): Registry {
  return createRegistry({
    providers: [provider],
    useRegistered: false,
    env: {},
    resilience: { maxAttemptsPerProvider: maxAttempts, maxAttempts, baseDelayMs: 1, maxDelayMs: 1 },
  });
}

async function streamParts(registry: Registry, model: string, options?: CallOptions): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of registry.create(model).stream(PROMPT, options)) parts.push(part);
  return parts;
}

function expectStreamContract(parts: readonly StreamPart[], providerId: string): void {
  expect(parts[0]).toMatchObject({ type: 'provider-info', provider: providerId });
  const texts = parts.filter((part) => part.type === 'text');
  expect(texts.length).toBeGreaterThan(0);
  expect(texts.every((part) => typeof part.text === 'string')).toBe(true);
  expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
  const finishAt = parts.findIndex((part) => part.type === 'finish');
  expect(parts.slice(finishAt + 1).filter((part) => part.type !== 'usage' && part.type !== 'warning')).toEqual([]);
}

function textOf(parts: readonly StreamPart[]): string {
  return parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

function expectTyped(error: unknown, expected: ExpectedError, providerId: string, model: string): void {
  // The class by name first, so a failure reads "expected RateLimitError, got ApiCallError: …".
  const seen = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  expect({ isInstance: expected.isInstance(error), error: seen }).toEqual({
    isInstance: true,
    error: expect.stringMatching(new RegExp(`^${expected.className}`)),
  });
  expect(error).toMatchObject({ provider: providerId, model, ...expected.facts });
}

/** `promise`, or a failure naming what did not happen within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
