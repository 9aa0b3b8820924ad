// Every fault the Dynaspark emulator can inject, through a registry a host would build: Dynaspark
// first, the OpenAI-compatible server as the fallback, both serving gemini-2.0-flash, real HTTP on
// loopback. Each case gets a fresh registry (fresh circuit breakers and health), so cases cannot
// leak into each other. Set PRINT_MATRIX=1 to print the observed outcomes as a markdown table.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  AllProvidersFailedError,
  ApiCallError,
  createRegistry,
  StreamInterruptedError,
  type AttemptRecord,
  type Registry,
  type RegistryEventMap,
  type ResilienceOptions,
  type StreamPart,
} from '@switchboard/core';
import { createDynaspark } from '@switchboard/provider-dynaspark';
import { createOpenAICompatible } from '@switchboard/provider-openai-compatible';
import { startDynasparkEmulator, type DynasparkEmulator, type DynasparkFaultRule } from '@switchboard/emulators/dynaspark';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator, type OpenAICompatibleFaultRule } from '@switchboard/emulators/openai-compatible';

const MODEL = 'gemini-2.0-flash';
const ANSWER = `Echo from ${MODEL}: Hi`;

/** Short limits, so hangs and slow answers resolve in a fraction of a second. */
const RESILIENCE: ResilienceOptions = {
  baseDelayMs: 10,
  maxDelayMs: 50,
  attemptTimeoutMs: 500,
  firstChunkTimeoutMs: 300,
  maxRetryAfterMs: 2_500,
  deadlineMs: 10_000,
};

let dynaspark: DynasparkEmulator;
let local: OpenAICompatibleEmulator;
let registry: Registry | undefined;

beforeAll(async () => {
  [dynaspark, local] = await Promise.all([startDynasparkEmulator({ recordRequests: false }), startOpenAICompatibleEmulator({ models: [MODEL] })]);
  // The first call of a process loads and compiles the HTTP client (undici's parser is WebAssembly),
  // which on a busy machine can outlast the matrix's 300 ms first-chunk limit: pay that here, once,
  // so the first case measures the fault, not the warm-up.
  const warm = createRegistry({
    env: {},
    useRegistered: false,
    providers: [createDynaspark({ baseUrl: dynaspark.url }), await createOpenAICompatible({ baseUrl: local.url, models: [MODEL] })],
  });
  await warm.create(MODEL).generate('warm up', { resilience: { providers: ['dynaspark'] } });
  await warm.create(MODEL).generate('warm up', { resilience: { providers: ['openai-compatible'] } });
  await warm.close();
});

afterAll(async () => {
  await Promise.all([dynaspark.close(), local.close()]);
  if (process.env['PRINT_MATRIX'])
    console.log(['| Dynaspark fault | Attempts (provider kind decision) | Outcome |', '| --- | --- | --- |', ...observed].join('\n'));
});

beforeEach(() => {
  dynaspark.reset();
  local.reset();
});

afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

/** A fresh registry over both emulators, with the given Dynaspark and local faults. */
function setup(dynasparkFaults: DynasparkFaultRule[], localFaults: OpenAICompatibleFaultRule[] = [], resilience: ResilienceOptions = {}) {
  dynaspark.setFaults(dynasparkFaults);
  local.setFaults(localFaults);
  registry = createRegistry({
    env: {},
    providerOptions: {
      dynaspark: { baseUrl: dynaspark.url },
      'openai-compatible': { baseUrl: local.url, models: [MODEL] },
    },
    routing: { order: { [MODEL]: ['dynaspark', 'openai-compatible'] } },
    resilience: { ...RESILIENCE, ...resilience },
  });
  const retries: RegistryEventMap['retry'][] = [];
  registry.events.on('retry', (event) => retries.push(event));
  // Each case starts with a reset emulator, so its log holds this case's requests only.
  return { model: registry.create(MODEL), retries, localCalls: chatRequests };
}

/** `provider kind decision` per attempt; `ok` for the one that answered. */
const story = (attempts: readonly AttemptRecord[]) =>
  attempts.map((a) => [a.provider, a.outcome === 'success' ? 'ok' : a.errorKind, a.decision].filter(Boolean).join(' '));

const chatRequests = () => local.requests.filter((request) => request.path === '/v1/chat/completions').length;

const observed: string[] = [];
function record(fault: string, attempts: readonly AttemptRecord[], outcome: string) {
  observed.push(
    `| ${fault} | ${story(attempts)
      .map((step) => `\`${step}\``)
      .join(' → ')} | ${outcome} |`,
  );
}

const DS = 'dynaspark';
const OC = 'openai-compatible';
const retriedThenFellOver = (kind: string) => [`${DS} ${kind} retry`, `${DS} ${kind} fallback`, `${OC} ok`];
const fellOverAtOnce = (kind: string) => [`${DS} ${kind} fallback`, `${OC} ok`];

describe('fault matrix: generate()', () => {
  it.each<[label: string, rules: DynasparkFaultRule[], expected: string[]]>([
    ['(no fault)', [], [`${DS} ok`]],
    ['status-500', [{ fault: 'status-500' }], retriedThenFellOver('api-call')],
    ['status-502', [{ fault: 'status-502' }], retriedThenFellOver('api-call')],
    ['status-503', [{ fault: 'status-503' }], retriedThenFellOver('api-call')],
    ['status-408', [{ fault: 'status-408' }], retriedThenFellOver('api-call')],
    ['rate-limit, Retry-After 1 s (within maxRetryAfterMs)', [{ fault: 'rate-limit', retryAfterSeconds: 1 }], retriedThenFellOver('rate-limit')],
    ['rate-limit, Retry-After 60 s (over maxRetryAfterMs)', [{ fault: 'rate-limit', retryAfterSeconds: 60 }], fellOverAtOnce('rate-limit')],
    ['rate-limit-no-header', [{ fault: 'rate-limit-no-header' }], retriedThenFellOver('rate-limit')],
    ['rate-limit-ms (retry-after-ms 200)', [{ fault: 'rate-limit-ms', retryAfterMs: 200 }], retriedThenFellOver('rate-limit')],
    ['rate-limit-date (HTTP date ≤ 2 s ahead)', [{ fault: 'rate-limit-date', retryAfterSeconds: 1 }], retriedThenFellOver('rate-limit')],
    ['rate-limit-date (HTTP date 60 s ahead)', [{ fault: 'rate-limit-date', retryAfterSeconds: 60 }], fellOverAtOnce('rate-limit')],
    ['html-503 (platform waking up)', [{ fault: 'html-503' }], retriedThenFellOver('html-page')],
    ['html-200 (HTML page with 200)', [{ fault: 'html-200' }], retriedThenFellOver('html-page')],
    ['challenge (Cloudflare-style 403)', [{ fault: 'challenge' }], fellOverAtOnce('html-page')],
    ['reset (ECONNRESET)', [{ fault: 'reset' }], retriedThenFellOver('network')],
    ['hang (no answer)', [{ fault: 'hang' }], retriedThenFellOver('timeout')],
    ['malformed-json', [{ fault: 'malformed-json' }], retriedThenFellOver('response-format')],
    ['missing-field', [{ fault: 'missing-field' }], retriedThenFellOver('response-format')],
    ['empty', [{ fault: 'empty' }], retriedThenFellOver('empty-response')],
    ['whitespace', [{ fault: 'whitespace' }], retriedThenFellOver('empty-response')],
    ['slow-drip, 1 s (beyond the 300 ms first-chunk limit)', [{ fault: 'slow-drip', dripMs: 1_000 }], retriedThenFellOver('timeout')],
    ['slow-drip, 100 ms (within the limit)', [{ fault: 'slow-drip', dripMs: 100 }], [`${DS} ok`]],
    ['latency, 1 s (beyond the limit)', [{ fault: 'latency', delayMs: 1_000 }], retriedThenFellOver('timeout')],
    ['latency, 100 ms (within the limit)', [{ fault: 'latency', delayMs: 100 }], [`${DS} ok`]],
    ['status-401', [{ fault: 'status-401' }], fellOverAtOnce('auth')],
    ['status-403', [{ fault: 'status-403' }], fellOverAtOnce('auth')],
    ['status-404', [{ fault: 'status-404' }], fellOverAtOnce('api-call')],
  ])('%s', async (label, rules, expected) => {
    const { model } = setup(rules);

    const result = await model.generate('Hi');

    record(label, result.attempts, `answered by ${result.provider}`);
    expect(story(result.attempts)).toEqual(expected);
    expect(result.text).toBe(ANSWER);
    expect(result.provider).toBe(expected.at(-1)!.split(' ')[0]);
    // Every Dynaspark attempt met the injected fault (and none failed for another reason).
    expect(dynaspark.stats.faulted).toBe(rules.length === 0 ? 0 : result.attempts.filter((a) => a.provider === DS).length);
  });

  it('status-400 is fatal: no retry, no fallback, the ApiCallError itself', async () => {
    const { model, localCalls } = setup([{ fault: 'status-400' }]);

    const error = await model.generate('Hi').catch((caught: unknown) => caught);

    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ name: 'ApiCallError', provider: DS, model: MODEL, status: 400, isRetryable: false });
    expect(dynaspark.stats.faulted).toBe(1);
    expect(localCalls()).toBe(0);
    observed.push('| status-400 | `dynaspark api-call stop` | fails: `ApiCallError` (status 400), fallback never tried |');
  });

  it('a Retry-After within the cap is slept on Dynaspark, for as long as it says', async () => {
    const { model, retries } = setup([{ fault: 'rate-limit-ms', retryAfterMs: 400, times: 1 }]);

    const result = await model.generate('Hi');

    expect(story(result.attempts)).toEqual([`${DS} rate-limit retry`, `${DS} ok`]);
    expect(retries.map(({ delayMs }) => delayMs)).toEqual([400]);
  });

  it('an HTTP-date Retry-After is read as the time left until that date', async () => {
    const { model, retries } = setup([{ fault: 'rate-limit-date', retryAfterSeconds: 1, times: 1 }]);

    const result = await model.generate('Hi');

    expect(result.provider).toBe(DS);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.delayMs).toBeGreaterThan(0);
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(2_000);
  });

  it('Dynaspark down (every chat request 503): retried, then the fallback answers', async () => {
    const { model } = setup([]);
    dynaspark.setMode('down');

    const result = await model.generate('Hi');

    record("(service down: `setMode('down')`)", result.attempts, `answered by ${result.provider}`);
    expect(story(result.attempts)).toEqual(retriedThenFellOver('api-call'));
  });

  it('both providers failing: each gets maxAttemptsPerProvider attempts, the last one too, then AllProvidersFailedError lists every attempt', async () => {
    const { model, localCalls } = setup([{ fault: 'status-503' }], [{ fault: 'status-500' }]);

    const error = (await model.generate('Hi').catch((caught: unknown) => caught)) as AllProvidersFailedError;

    expect(AllProvidersFailedError.isInstance(error)).toBe(true);
    // maxAttemptsPerProvider (2 by default) holds for every provider, the last one left included:
    // one call makes at most 2 × 2 = 4 upstream requests here.
    expect(story(error.attempts)).toEqual([`${DS} api-call retry`, `${DS} api-call fallback`, `${OC} api-call retry`, `${OC} api-call stop`]);
    expect(error.attempts.at(-1)!.retryDeclined).toBe('max-attempts-per-provider');
    expect(localCalls()).toBe(2);
    expect(error.message).toContain(`All 2 providers failed for model '${MODEL}' (4 attempts).`);
    expect(error.message).toContain(`dynaspark/${MODEL}: error after`);
    expect(error.message).toContain(`openai-compatible/${MODEL}: error after`);
    observed.push(
      `| status-503 (and status-500 on the fallback) | ${story(error.attempts)
        .map((s) => `\`${s}\``)
        .join(' → ')} | fails: \`AllProvidersFailedError\` listing the 4 attempts |`,
    );
  });
});

describe('transient faults (times: 1) are absorbed by a retry on Dynaspark', () => {
  it.each<[label: string, rule: DynasparkFaultRule, kind: string]>([
    ['status-500', { fault: 'status-500', times: 1 }, 'api-call'],
    ['status-503', { fault: 'status-503', times: 1 }, 'api-call'],
    ['rate-limit (Retry-After 1 s)', { fault: 'rate-limit', retryAfterSeconds: 1, times: 1 }, 'rate-limit'],
    ['rate-limit-no-header', { fault: 'rate-limit-no-header', times: 1 }, 'rate-limit'],
    ['html-503', { fault: 'html-503', times: 1 }, 'html-page'],
    ['reset', { fault: 'reset', times: 1 }, 'network'],
    ['hang', { fault: 'hang', times: 1 }, 'timeout'],
    ['malformed-json', { fault: 'malformed-json', times: 1 }, 'response-format'],
    ['empty', { fault: 'empty', times: 1 }, 'empty-response'],
    ['slow-drip (1 s)', { fault: 'slow-drip', dripMs: 1_000, times: 1 }, 'timeout'],
  ])('%s', async (_label, rule, kind) => {
    const { model, localCalls } = setup([rule]);

    const result = await model.generate('Hi');

    expect(story(result.attempts)).toEqual([`${DS} ${kind} retry`, `${DS} ok`]);
    expect(result).toMatchObject({ provider: DS, text: ANSWER });
    expect(localCalls()).toBe(0);
  });
});

describe('fault matrix: stream()', () => {
  async function drain(stream: AsyncIterable<StreamPart>, into: StreamPart[] = []) {
    for await (const part of stream) into.push(part);
    return into;
  }
  const texts = (parts: readonly StreamPart[]) => parts.filter((part) => part.type === 'text').map((part) => (part as { text: string }).text);

  it.each<[label: string, rules: DynasparkFaultRule[], expected: string[]]>([
    ['(no fault)', [], [`${DS} ok`]],
    ['status-503', [{ fault: 'status-503' }], retriedThenFellOver('api-call')],
    ['challenge', [{ fault: 'challenge' }], fellOverAtOnce('html-page')],
    ['hang', [{ fault: 'hang' }], retriedThenFellOver('timeout')],
    ['empty', [{ fault: 'empty' }], retriedThenFellOver('empty-response')],
    ['status-401', [{ fault: 'status-401' }], fellOverAtOnce('auth')],
  ])("%s: falls back before the first text; the caller gets one provider's answer", async (_label, rules, expected) => {
    const { model } = setup(rules);
    const stream = model.stream('Hi');

    const parts = await drain(stream);

    const answeredBy = expected.at(-1)!.split(' ')[0];
    expect(story(stream.attempts)).toEqual(expected);
    expect(parts[0]).toEqual({ type: 'provider-info', provider: answeredBy, model: MODEL });
    expect(parts.filter((part) => part.type === 'provider-info')).toHaveLength(1);
    expect(texts(parts).join('')).toBe(ANSWER);
    // Dynaspark answers in one piece; the OpenAI-compatible server streams word by word.
    expect(texts(parts)).toHaveLength(answeredBy === DS ? 1 : ANSWER.split(' ').length);
    expect(parts.at(-1)).toMatchObject({ type: 'finish' });
  });

  it('status-400 fails the stream before anything is delivered', async () => {
    const { model } = setup([{ fault: 'status-400' }]);
    const received: StreamPart[] = [];

    const error = await drain(model.stream('Hi'), received).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'ApiCallError', status: 400 });
    expect(received).toEqual([]);
  });

  it('a mid-stream error from the fallback is a StreamInterruptedError: no second fallback, nothing mixed', async () => {
    const { model } = setup([{ fault: 'status-401' }], [{ fault: 'mid-stream-error' }]);
    const stream = model.stream('Hi');
    const received: StreamPart[] = [];

    const error = await drain(stream, received).catch((caught: unknown) => caught);

    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: OC, model: MODEL, deliveredCharacters: 'Echo from '.length, deliveredParts: 2 });
    expect((error as StreamInterruptedError).cause).toMatchObject({ name: 'ApiCallError', provider: OC });
    expect(received).toEqual([
      { type: 'provider-info', provider: OC, model: MODEL },
      { type: 'text', text: 'Echo ' },
      { type: 'text', text: 'from ' },
    ]);
    expect(story(stream.attempts)).toEqual([`${DS} auth fallback`, `${OC} ok`]);
    expect(dynaspark.stats.received).toBe(1);
    observed.push(
      '| stream(): status-401, then `mid-stream-error` on the fallback | `dynaspark auth fallback` → `openai-compatible ok` | fails: `StreamInterruptedError` (10 characters in 2 parts delivered), no second fallback |',
    );
  });

  it('the same mid-stream error under generate() is an ordinary failed attempt: retried, then the other provider answers whole', async () => {
    const { model } = setup([], [{ fault: 'mid-stream-error' }]);

    const result = await model.generate('Hi', { resilience: { providers: [OC, DS] } });

    expect(story(result.attempts)).toEqual([`${OC} api-call retry`, `${OC} api-call fallback`, `${DS} ok`]);
    expect(result.text).toBe(ANSWER);
  });
});
