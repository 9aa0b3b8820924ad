import 'reflect-metadata';
import { type } from 'arktype';
import * as v from 'valibot';
import { z } from 'zod';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { StructuredOutputError } from '../errors/structured-output-error.js';
import type { ProviderCallOptions } from '../provider/provider-call-options.js';
import { rejection } from '../testing/captured-error.js';
import type { StandardSchemaV1 } from '../validation/standard-schema.js';
import { isStandardSchema, jsonSchemaOf } from './standard-schema-format.js';

const { registryWith } = await import('../registry/__fixtures__/registry-with.js');

/** A provider with native structured output answering `answer`, recording the response format it was sent. */
function structured(answer: string) {
  const sent: ProviderCallOptions['responseFormat'][] = [];
  const provider = createFakeProvider({
    id: 'local',
    models: ['m'],
    capabilities: { m: { structuredOutput: true } },
    answer: async function* (_model, _messages, options) {
      sent.push(options.responseFormat);
      yield answer;
    },
  });
  return { model: registryWith([provider]).create('m'), sent, provider };
}

const person = {
  zod: z.object({ name: z.string(), age: z.number().int().min(0) }),
  valibot: v.object({ name: v.string(), age: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  arktype: type({ name: 'string', age: 'number.integer >= 0' }),
};

describe('a Standard Schema as the response format', () => {
  it.each(Object.entries(person))('%s: the provider gets its JSON Schema from the library, the answer is validated and parsed', async (vendor, schema) => {
    const { model, sent } = structured('{"name":"Ada","age":36}');

    const result = await model.generate('Who?', { responseFormat: { type: 'json_schema', schema, name: 'person' } });

    expect(result.object).toEqual({ name: 'Ada', age: 36 });
    expect(isStandardSchema(schema)).toBe(true);
    expect(sent[0]).toEqual({
      type: 'json_schema',
      name: 'person',
      schema: expect.objectContaining({
        type: 'object',
        properties: expect.objectContaining({ name: { type: 'string' }, age: expect.objectContaining({ type: 'integer' }) }),
        required: expect.arrayContaining(['name', 'age']),
      }),
    });
    expect(vendor).toBe((schema as StandardSchemaV1)['~standard'].vendor);
  });

  it.each(Object.entries(person))(
    '%s: an answer that breaks the schema is a StructuredOutputError with its violations, by the schema’s own validate',
    async (_vendor, schema) => {
      const { model } = structured('{"name":"Ada","age":-1}');

      const error = await rejection(model.generate('Who?', { responseFormat: { type: 'json_schema', schema }, resilience: { fallback: false } }));

      expect(StructuredOutputError.isInstance(error)).toBe(true);
      expect((error as StructuredOutputError).violations).toEqual([{ path: '/age', message: expect.any(String) }]);
    },
  );

  it("returns the schema's output, with its transforms and defaults, not the raw JSON", async () => {
    const schema = z.object({ name: z.string().transform((name) => name.toUpperCase()), tags: z.array(z.string()).default([]) });
    const { model } = structured('{"name":"ada"}');

    const result = await model.generate('Who?', { responseFormat: { type: 'json_schema', schema, jsonSchema: { type: 'object' } } });

    expect(result.object).toEqual({ name: 'ADA', tags: [] });
  });

  it('takes the JSON Schema from the caller when given (the converter hook), over any the schema has', async () => {
    const jsonSchema = { type: 'object', properties: { name: { type: 'string', description: 'from the hook' } }, required: ['name'] };
    const { model, sent } = structured('{"name":"Ada"}');

    await model.generate('Who?', { responseFormat: { type: 'json_schema', schema: z.object({ name: z.string() }), jsonSchema } });

    expect(sent[0]).toMatchObject({ schema: jsonSchema });
  });

  it('refuses, before any request, a schema whose library cannot say it in JSON Schema, saying how to pass one', async () => {
    const { model, provider } = structured('{}');
    const opaque: StandardSchemaV1<unknown, { ok: true }> = {
      '~standard': { version: 1, vendor: 'homemade', validate: (value) => ({ value: value as { ok: true } }) },
    };
    const transformed = z.object({ at: z.date() });

    const unknown = await rejection(model.generate('Hi', { responseFormat: { type: 'json_schema', schema: opaque } }));
    const unconvertible = await rejection(model.generate('Hi', { responseFormat: { type: 'json_schema', schema: transformed } }));

    expect(InvalidArgumentError.isInstance(unknown)).toBe(true);
    expect(unknown).toMatchObject({
      argument: 'options.responseFormat.schema',
      reason: expect.stringMatching(/^is a homemade schema whose JSON Schema Switchboard cannot derive .*; pass its JSON Schema as responseFormat\.jsonSchema/),
    });
    expect(unconvertible).toMatchObject({
      argument: 'options.responseFormat.schema',
      reason: expect.stringContaining('is a zod schema that its converter cannot turn into JSON Schema'),
    });
    expect(provider.calls).toHaveLength(0);
  });

  it('refuses a jsonSchema beside a plain JSON Schema, which would be ignored', async () => {
    const { model } = structured('{}');

    const error = await rejection(
      model.generate('Hi', { responseFormat: { type: 'json_schema', schema: { type: 'object' }, jsonSchema: { type: 'object' } } as never }),
    );

    expect(error).toMatchObject({ argument: 'options.responseFormat.jsonSchema' });
  });

  it('asks each library in turn: Standard JSON Schema first, then the schema’s own method, then the converter package', async () => {
    const validate = () => ({ value: {} });
    const standardJson = {
      '~standard': { version: 1, vendor: 'x', validate, jsonSchema: { output: ({ target }: { target: string }) => ({ type: 'object', title: target }) } },
    };
    const method = Object.assign(() => {}, { '~standard': { version: 1, vendor: 'arktype', validate }, toJsonSchema: () => ({ type: 'string' }) });

    expect(await jsonSchemaOf(standardJson as never, undefined)).toEqual({ type: 'object', title: 'draft-07' });
    expect(await jsonSchemaOf(method as never, undefined)).toEqual({ type: 'string' });
    expect(await jsonSchemaOf(v.string() as never, undefined)).toMatchObject({ type: 'string' });
  });
});
