// Tools and structured output through the registry: routed only where they work, checked before
// any request, committed like text, and validated on the way back.
import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { NestingTooDeepError } from '../errors/nesting-too-deep-error.js';
import { StreamInterruptedError } from '../errors/stream-interrupted-error.js';
import { StructuredOutputError } from '../errors/structured-output-error.js';
import { UnsupportedCapabilityError } from '../errors/unsupported-capability-error.js';
import type { ProviderCallOptions } from '../provider/provider-call-options.js';
import type { ProviderChunk, StreamPart } from '../provider/stream-part.js';
import type { ToolDefinition } from '../provider/tool.js';
import { rejection } from '../testing/captured-error.js';
import { createFakeProvider, type FakeProviderOptions } from '../__fixtures__/fake-provider.js';

// tsyringe must load after reflect-metadata (see create-registry.test.ts).
const { createRegistry } = await import('../registry/create-registry.js');

const weather: ToolDefinition = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const ALL = { tools: true, parallelToolCalls: true, structuredOutput: true };

type Script = (options: ProviderCallOptions) => AsyncIterable<ProviderChunk>;
const provider = (id: string, script: Script, attributes: Partial<FakeProviderOptions> = {}) =>
  createFakeProvider({ id, models: ['shared'], answer: (_model, _messages, options) => script(options), ...attributes });
const says = (text: string): Script =>
  async function* () {
    yield text;
  };
const calls = (...names: [id: string, name: string, args: string][]): Script =>
  async function* () {
    for (const [id, name, args] of names) {
      yield { type: 'tool-call-delta', toolCallId: id, toolName: name, argumentsDelta: args.slice(0, 3) };
      yield { type: 'tool-call-delta', toolCallId: id, toolName: name, argumentsDelta: args.slice(3) };
      yield { type: 'tool-call', toolCallId: id, toolName: name, arguments: args };
    }
    yield { type: 'finish', finishReason: 'tool-calls' };
  };
const registryOf = (...providers: ReturnType<typeof createFakeProvider>[]) =>
  createRegistry({ providers, useRegistered: false, random: () => 0, resilience: { baseDelayMs: 0 } });

async function drain(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('routing a call with tools', () => {
  it('goes only to models that declare tools, and hands them the tools and the tool choice', async () => {
    const plain = provider('plain', says('I cannot call tools'));
    const capable = provider('capable', calls(['call_1', 'get_weather', '{"city":"Paris"}']), { capabilities: { shared: ALL } });

    const result = await registryOf(plain, capable)
      .create('shared')
      .generate('Weather in Paris?', { tools: [weather], toolChoice: 'required' });

    expect(result.provider).toBe('capable');
    expect(result.toolCalls).toEqual([{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.attempts[0]).toMatchObject({
      provider: 'plain',
      outcome: 'skipped',
      errorKind: 'capability',
      message: "model 'shared' does not declare tool calls",
    });
    expect(plain.calls).toEqual([]);
    expect(capable.calls[0]!.options).toMatchObject({ tools: [weather], toolChoice: 'required', mode: 'generate' });
  });

  it('falls over only to tool-capable providers', async () => {
    const failing = provider(
      'failing',
      async function* () {
        throw Object.assign(new Error('upstream down'), { code: 'ECONNREFUSED' });
      },
      { capabilities: { shared: ALL } },
    );
    const plain = provider('plain', says('no tools here'));
    const capable = provider('capable', calls(['c', 'get_weather', '{"city":"Oslo"}']), { capabilities: { shared: ALL } });

    const result = await registryOf(failing, plain, capable)
      .create('shared')
      .generate('Weather?', { tools: [weather] });

    expect(result.provider).toBe('capable');
    expect(plain.calls).toEqual([]);
  });

  it('fails before any request when no provider has the capability, naming the models that do', async () => {
    const plain = provider('plain', says('hi'));
    const elsewhere = createFakeProvider({ id: 'elsewhere', models: ['gpt-tools'], capabilities: { 'gpt-tools': ALL } });

    const error = await rejection(
      registryOf(plain, elsewhere)
        .create('shared')
        .generate('Weather?', { tools: [weather] }),
    );

    expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ capability: 'tools', modelId: 'shared', modelsWithCapability: ['gpt-tools'] });
    expect((error as Error).message).toBe("No provider of model 'shared' supports tool calls, which this request needs. Models that have it: gpt-tools.");
    expect(plain.calls).toEqual([]);
  });

  it('routes parallel tool calls only to models declaring them', async () => {
    const serial = provider('serial', says('one at a time'), { capabilities: { shared: { tools: true } } });

    const error = await rejection(
      registryOf(serial)
        .create('shared')
        .generate('Two cities', { tools: [weather], parallelToolCalls: true }),
    );

    expect(error).toMatchObject({ name: 'UnsupportedCapabilityError', capability: 'parallelToolCalls' });
  });

  it("does not need the capability when toolChoice is 'none'", async () => {
    const plain = provider('plain', says('just text'));

    expect(
      (
        await registryOf(plain)
          .create('shared')
          .generate('Hi', { tools: [weather], toolChoice: 'none' })
      ).text,
    ).toBe('just text');
  });
});

/** `{ not: { not: … } }`, `depth` objects deep: built in a loop, as an attacker's JSON parser would. */
function nested(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = {};
  for (let level = 1; level < depth; level++) schema = { not: schema };
  return schema;
}

describe('bad tool input is refused before any request', () => {
  const capable = () => provider('capable', says('never asked'), { capabilities: { shared: ALL } });

  it.each<[string, object, string]>([
    ['a tool schema that is not JSON Schema', { tools: [{ ...weather, parameters: { type: 'objekt' } }] }, 'options.tools[0].parameters'],
    ['tool arguments that are not an object', { tools: [{ ...weather, parameters: { type: 'string' } }] }, 'options.tools[0].parameters.type'],
    ['a tool name with spaces', { tools: [{ ...weather, name: 'get weather' }] }, 'options.tools[0].name'],
    ['two tools of one name', { tools: [weather, weather] }, 'options.tools[1].name'],
    ['toolChoice naming a missing tool', { tools: [weather], toolChoice: { type: 'tool', name: 'get_time' } }, 'options.toolChoice.name'],
    ['toolChoice without tools', { toolChoice: 'required' }, 'options.toolChoice'],
    ['a response schema that is not JSON Schema', { responseFormat: { type: 'json_schema', schema: { type: 12 } } }, 'options.responseFormat.schema'],
    ['structuredOutput without a JSON format', { structuredOutput: { fallback: 'prompt' } }, 'options.structuredOutput'],
    [
      'a response schema with a pattern RE2 cannot run',
      { responseFormat: { type: 'json_schema', schema: { type: 'object', properties: { name: { type: 'string', pattern: '(?=a)b' } } } } },
      'options.responseFormat.schema.properties.name.pattern',
    ],
    [
      'a tool schema with an invalid pattern',
      { tools: [{ ...weather, parameters: { type: 'object', patternProperties: { '(': {} } } }] },
      'options.tools[0].parameters.patternProperties["("]',
    ],
    [
      "a $ref to another request's schema",
      { responseFormat: { type: 'json_schema', schema: { type: 'object', properties: { a: { $ref: 'urn:x:shared' } } } } },
      'options.responseFormat.schema.properties.a.$ref',
    ],
    ['a $ref that never ends', { responseFormat: { type: 'json_schema', schema: { $ref: '#' } } }, 'options.responseFormat.schema.$ref'],
    [
      'a response schema nested 10,000 deep',
      { responseFormat: { type: 'json_schema', schema: nested(10_000) } },
      `options.responseFormat.schema${'.not'.repeat(64)}`,
    ],
    [
      'a tool schema nested 10,000 deep',
      { tools: [{ ...weather, parameters: { type: 'object', ...nested(10_000) } }] },
      `options.tools[0].parameters${'.not'.repeat(64)}`,
    ],
    [
      'provider options nested 10,000 deep',
      { providerOptions: { capable: { extra: nested(10_000) } } },
      `options.providerOptions.capable.extra${'.not'.repeat(62)}`,
    ],
  ])('%s', async (_case, options, argument) => {
    const target = capable();
    const error = await rejection(registryOf(target).create('shared').generate('Hi', options));

    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe(argument);
    expect(target.calls).toEqual([]);
  });

  it('says which limit a deep schema passed, and takes it once the limit is raised', async () => {
    const target = capable();
    const schema = nested(100);

    const error = await rejection(
      registryOf(target)
        .create('shared')
        .generate('Hi', { responseFormat: { type: 'json_schema', schema } }),
    );

    expect(NestingTooDeepError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ name: 'NestingTooDeepError', maxDepth: 64 });
    expect((error as Error).message).toContain('is nested more than 64 objects or arrays deep (limits.maxNestingDepth)');
    expect(target.calls).toEqual([]);

    const roomy = createRegistry({ providers: [target], useRegistered: false, limits: { maxNestingDepth: 128 } });
    const answered = await rejection(roomy.create('shared').generate('Hi', { responseFormat: { type: 'json_schema', schema } }));
    // Checked and sent this time; the test provider's answer is not JSON.
    expect(StructuredOutputError.isInstance(answered)).toBe(true);
    expect(target.calls).toHaveLength(1);
  });

  it('refuses a tool result whose id no earlier call has, listing the calls', async () => {
    const target = capable();
    const error = await rejection(
      registryOf(target)
        .create('shared')
        .generate(
          [
            { role: 'user', content: 'Weather in Paris?' },
            { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
            { role: 'tool', toolCallId: 'call_9', content: '18°C' },
          ],
          { tools: [weather] },
        ),
    );

    expect(error).toMatchObject({ argument: 'messages[2].toolCallId' });
    expect((error as Error).message).toContain('no earlier assistant message made a tool call with id "call_9"; the calls so far are \'call_1\'');
    expect(target.calls).toEqual([]);
  });
});

describe('tool calls in answers', () => {
  it('keeps tool-call ids unique in a response, even when a provider repeats or omits them', async () => {
    const sloppy = provider(
      'sloppy',
      calls(['dup', 'get_weather', '{"city":"A"}'], ['dup', 'get_weather', '{"city":"B"}'], ['', 'get_weather', '{"city":"C"}']),
      {
        capabilities: { shared: ALL },
      },
    );

    const { toolCalls } = await registryOf(sloppy)
      .create('shared')
      .generate('Three cities', { tools: [weather] });

    expect(toolCalls.map((call) => call.id)).toEqual(['dup', 'dup_2', 'call_3']);
    expect(new Set(toolCalls.map((call) => call.id)).size).toBe(3);
  });

  it('makes 50,000 repeats of one id unique in linear time (each base remembers its last suffix)', async () => {
    const repeats = 50_000;
    const repeater = provider('repeater', calls(...Array.from({ length: repeats }, (): [string, string, string] => ['dup', 'get_weather', '{}'])), {
      capabilities: { shared: ALL },
    });

    const { toolCalls } = await registryOf(repeater)
      .create('shared')
      .generate('Many', { tools: [weather] });

    expect(toolCalls).toHaveLength(repeats);
    expect(new Set(toolCalls.map((call) => call.id)).size).toBe(repeats);
    expect(toolCalls.slice(0, 3).map((call) => call.id)).toEqual(['dup', 'dup_2', 'dup_3']);
  });

  it('streams tool-call parts, the deltas of a call sharing its id', async () => {
    const capable = provider('capable', calls(['call_1', 'get_weather', '{"city":"Rome"}']), { capabilities: { shared: ALL } });

    const parts = await drain(
      registryOf(capable)
        .create('shared')
        .stream('Weather?', { tools: [weather] }),
    );

    expect(parts.filter((part) => part.type !== 'provider-info')).toEqual([
      { type: 'tool-call-delta', toolCallId: 'call_1', toolName: 'get_weather', argumentsDelta: '{"c' },
      { type: 'tool-call-delta', toolCallId: 'call_1', toolName: 'get_weather', argumentsDelta: 'ity":"Rome"}' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', arguments: '{"city":"Rome"}' },
      { type: 'finish', finishReason: 'tool-calls' },
    ]);
    expect(capable.calls[0]!.options.mode).toBe('stream');
  });

  it('commits a stream at its first tool-call part, as at its first text: a later failure does not fall back', async () => {
    const breaking = provider(
      'breaking',
      async function* () {
        yield { type: 'tool-call-delta', toolCallId: 'c1', toolName: 'get_weather', argumentsDelta: '{"ci' };
        throw new Error('connection lost mid-call');
      },
      { capabilities: { shared: ALL } },
    );
    const backup = provider('backup', calls(['c1', 'get_weather', '{}']), { capabilities: { shared: ALL } });

    const error = await rejection(
      drain(
        registryOf(breaking, backup)
          .create('shared')
          .stream('Weather?', { tools: [weather] }),
      ),
    );

    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'breaking', deliveredParts: 1 });
    expect(backup.calls).toEqual([]);
  });
});

describe('structured output', () => {
  const person = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'], additionalProperties: false };
  const asked = { responseFormat: { type: 'json_schema' as const, schema: person } };

  it('returns the parsed, validated object from a model with native support, handing it the format', async () => {
    const native = provider('native', says('{"name":"Ada","age":36}'), { capabilities: { shared: ALL } });

    const result = await registryOf(native).create('shared').generate('Who?', asked);

    expect(result.object).toEqual({ name: 'Ada', age: 36 });
    expect(native.calls[0]!.options.responseFormat).toEqual(asked.responseFormat);
  });

  it('checks a streamed answer at its end like generate() does: the finish part follows a valid answer, an invalid one ends the stream with the same StructuredOutputError', async () => {
    const streaming = (text: string) =>
      provider(
        'native',
        async function* () {
          yield text.slice(0, 10);
          yield text.slice(10);
          yield { type: 'finish', finishReason: 'stop' };
        },
        { capabilities: { shared: ALL } },
      );

    const valid = await drain(registryOf(streaming('{"name":"Ada","age":36}')).create('shared').stream('Who?', asked));
    expect(valid.map((part) => part.type)).toEqual(['provider-info', 'text', 'text', 'finish']);

    const parts: StreamPart[] = [];
    const error = await rejection(
      (async () => {
        for await (const part of registryOf(streaming('{"name":"Ada","age":"old"}')).create('shared').stream('Who?', asked)) parts.push(part);
      })(),
    );
    expect(StructuredOutputError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'native', violations: [{ path: '/age', message: 'must be integer' }] });
    // The text went out as it came; no finish part claims the answer is whole.
    expect(parts.map((part) => part.type)).toEqual(['provider-info', 'text', 'text']);
  });

  it('fails with a StructuredOutputError carrying the text and every violation, falling over rather than asking the same model again', async () => {
    const native = provider('native', says('{"name":"Ada","age":"old"}'), { capabilities: { shared: ALL } });
    const backup = provider('backup', says('{"name":"Ada","age":36}'), { capabilities: { shared: ALL } });

    const error = await rejection(registryOf(native).create('shared').generate('Who?', asked));
    const rescued = await registryOf(native, backup).create('shared').generate('Who?', asked);

    expect(StructuredOutputError.isInstance(error)).toBe(true);
    if (!StructuredOutputError.isInstance(error)) return;
    expect(error.text).toBe('{"name":"Ada","age":"old"}');
    expect(error.violations).toEqual([{ path: '/age', message: 'must be integer' }]);
    expect(native.calls).toHaveLength(2); // one per call above: never retried on the same model
    expect(rescued.object).toEqual({ name: 'Ada', age: 36 });
    expect(rescued.attempts.map((attempt) => [attempt.provider, attempt.errorKind ?? attempt.outcome, attempt.decision])).toEqual([
      ['native', 'structured-output', 'fallback'],
      ['backup', 'success', undefined],
    ]);
  });

  it('does not use a model without native support, unless the host allows the prompt fallback', async () => {
    const prompted = provider('prompted', says('{"name":"Ada","age":36}'));

    const refused = await rejection(registryOf(prompted).create('shared').generate('Who?', asked));
    const result = await registryOf(prompted)
      .create('shared')
      .generate('Who?', { ...asked, structuredOutput: { fallback: 'prompt' } });

    expect(refused).toMatchObject({ name: 'UnsupportedCapabilityError', capability: 'structuredOutput' });
    expect(result.object).toEqual({ name: 'Ada', age: 36 });
    const [instruction] = prompted.calls[0]!.messages;
    expect(instruction).toMatchObject({ role: 'system' });
    expect(instruction!.content).toContain(JSON.stringify(person));
    expect(prompted.calls[0]!.options.responseFormat).toBeUndefined();
  });

  it('through the prompt fallback, asks the model to repair an invalid answer, a bounded number of times', async () => {
    let call = 0;
    const learner = provider('learner', async function* () {
      yield ++call === 1 ? 'Sure! {"name":"Ada"}' : '```json\n{"name":"Ada","age":36}\n```';
    });

    const result = await registryOf(learner)
      .create('shared')
      .generate('Who?', { ...asked, structuredOutput: { fallback: 'prompt', repairAttempts: 1 } });

    expect(result.object).toEqual({ name: 'Ada', age: 36 });
    expect(result.attempts).toHaveLength(1);
    const repair = learner.calls[1]!.messages.at(-1)!;
    expect(repair).toMatchObject({ role: 'user' });
    expect(repair.content).toContain('is not JSON');
  });
});

describe('the contract version', () => {
  it('still serves a provider written against v1 (which declares no capabilities)', async () => {
    const old = createFakeProvider({ id: 'old', models: ['shared'], specificationVersion: 'switchboard.provider/v1' });

    expect((await registryOf(old).create('shared').generate('Hi')).text).toBe('hello from old');
  });
});
