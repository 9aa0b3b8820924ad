import type { Clock } from '@switchboard/core';
import { messageText, type Provider, type ProviderChunk } from '@switchboard/core/provider';
import { plainProviderAttributes, sleep, systemClock } from '@switchboard/core/testing';
import type { MockAnswer, MockCall, MockScript } from './mock-answer.js';
import { errorFromFailure } from './mock-failure.js';

/** Options of {@link createMockProvider}: any provider attribute, plus the script. */
export type MockProviderOptions = Partial<Omit<Provider, 'createAsyncGenerator'>> & {
  /** @default 'mock' */
  id?: string;
  /**
   * Answers for the next calls, one per call, in order (`enqueue` adds more).
   * @example [{ fail: { kind: 'api-call', status: 503 } }, { text: 'Hello' }] // a retry that succeeds
   */
  answers?: readonly MockScript[];
  /** The answer once the script is used up. @default `{ text: 'Echo: <the last message's text>' }` */
  defaultAnswer?: MockScript;
  /**
   * The clock delays run on: give the one the registry runs on (`createFakeClock()` from
   * `@switchboard/core/testing`) to test timeouts and retries in fake time. @default the real clock
   */
  clock?: Clock;
};

/** A scriptable provider for tests of host apps: answers, failures, delays, and what it was asked. */
export interface MockProvider extends Provider {
  /** Every call, in order: the provider-side model, the messages, the call options. */
  readonly calls: MockCall[];
  /** The last call, if any. */
  readonly lastCall: MockCall | undefined;
  /** Scripted answers not used yet. */
  readonly pendingAnswers: number;
  /** Adds answers for the next calls, after those already scripted. */
  enqueue(...answers: MockScript[]): MockProvider;
}

const echo: MockScript = ({ messages }) => ({ text: `Echo: ${messages.length > 0 ? messageText(messages.at(-1)!) : ''}` });

/**
 * Creates a {@link MockProvider}, the fake provider for tests of hosts and plugins. Attributes
 * default to a plain working provider (`models: ['echo']`, streaming, system messages and history
 * kept, no vision, no call settings honoured); any can be given. Serve it with
 * `createRegistry({ providers: [mock] })` or `registerProvider(mock)`.
 *
 * @example
 * const mock = createMockProvider({ models: ['gemini-2.0-flash'], answers: [{ fail: { kind: 'rate-limit', retryAfterMs: 100 } }, { text: 'Hi' }] });
 * const registry = createRegistry({ providers: [mock], useRegistered: false });
 * await registry.create('gemini-2.0-flash').generate('Hello'); // 'Hi', after one retry
 */
export function createMockProvider(options: MockProviderOptions = {}): MockProvider {
  const { answers = [], defaultAnswer = echo, clock = systemClock, id = 'mock', ...attributes } = options;
  const queue = [...answers];
  const models = attributes.models ?? ['echo'];
  const calls: MockCall[] = [];
  const url = attributes.url ?? `https://${id}.example`;
  const mock: MockProvider = {
    ...plainProviderAttributes(id, models),
    ...attributes,
    id,
    models,
    calls,
    get lastCall() {
      return calls.at(-1);
    },
    get pendingAnswers() {
      return queue.length;
    },
    enqueue(...more) {
      queue.push(...more);
      return mock;
    },
    createAsyncGenerator(model, messages, callOptions) {
      const call = { model, messages, options: callOptions };
      calls.push(call);
      const script = queue.shift() ?? defaultAnswer;
      const answer = typeof script === 'function' ? script(call) : script;
      if (isAsyncIterable(answer)) return answer;
      return play(answer, call, { provider: id, url, clock });
    },
  };
  return mock;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ProviderChunk> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function';
}

async function* play(answer: MockAnswer, call: MockCall, context: { provider: string; url: string; clock: Clock }): AsyncGenerator<ProviderChunk> {
  const { signal } = call.options;
  const parts: ProviderChunk[] = [...(answer.chunks ?? (answer.text !== undefined ? [answer.text] : []))];
  for (const [index, tool] of (answer.toolCalls ?? []).entries()) {
    const toolCallId = tool.id ?? `call_${index + 1}`;
    const json = typeof tool.arguments === 'string' ? tool.arguments : JSON.stringify(tool.arguments);
    parts.push(
      { type: 'tool-call-delta', toolCallId, toolName: tool.name, argumentsDelta: json },
      { type: 'tool-call', toolCallId, toolName: tool.name, arguments: json },
    );
  }
  await sleep(answer.delayMs ?? 0, { clock: context.clock, signal });
  for (const [index, part] of parts.entries()) {
    if (index > 0) await sleep(answer.chunkDelayMs ?? 0, { clock: context.clock, signal });
    if (signal.aborted) throw signal.reason;
    yield part;
  }
  if (answer.fail)
    throw answer.fail instanceof Error ? answer.fail : errorFromFailure(answer.fail, { provider: context.provider, model: call.model, url: context.url });
  if (answer.usage) yield { type: 'usage', usage: answer.usage };
  const finishReason = answer.finishReason === undefined ? (answer.toolCalls?.length ? 'tool-calls' : 'stop') : answer.finishReason;
  if (finishReason !== null) yield { type: 'finish', finishReason };
}
