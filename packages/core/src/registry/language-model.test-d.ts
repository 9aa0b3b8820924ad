// Compile-only type tests (expect-type): `tsc -p tsconfig.json` (the package's `pnpm lint`) checks
// them, nothing runs them. A failing expectation is a compile error.
import { type } from 'arktype';
import { expectTypeOf } from 'expect-type';
import * as v from 'valibot';
import { z } from 'zod';
import type { GenerateResult, LanguageModel } from './language-model.js';

declare const model: LanguageModel;

// A Standard Schema types result.object as its output (undefined when the model called tools instead).
const fromZod = await model.generate('Who?', { responseFormat: { type: 'json_schema', schema: z.object({ name: z.string(), age: z.number() }) } });
expectTypeOf(fromZod.object).toEqualTypeOf<{ name: string; age: number } | undefined>();

const fromValibot = await model.generate('Who?', {
  responseFormat: { type: 'json_schema', schema: v.object({ name: v.string(), tags: v.array(v.string()) }) },
});
expectTypeOf(fromValibot.object).toEqualTypeOf<{ name: string; tags: string[] } | undefined>();

const fromArkType = await model.generate('Who?', { responseFormat: { type: 'json_schema', schema: type({ name: 'string', 'nickname?': 'string' }) } });
expectTypeOf(fromArkType.object).toEqualTypeOf<{ name: string; nickname?: string } | undefined>();

// The output type, not the input: a transform's result.
const transformed = await model.generate('When?', {
  responseFormat: { type: 'json_schema', schema: z.object({ at: z.string().transform((text) => new Date(text)) }), jsonSchema: { type: 'object' } },
});
expectTypeOf(transformed.object).toEqualTypeOf<{ at: Date } | undefined>();

// A plain JSON Schema, plain JSON, text or no format: nothing is known about the object.
const fromJsonSchema = await model.generate('Who?', { responseFormat: { type: 'json_schema', schema: { type: 'object' } } });
expectTypeOf(fromJsonSchema.object).toEqualTypeOf<unknown>();
expectTypeOf((await model.generate('Who?', { responseFormat: { type: 'json' } })).object).toEqualTypeOf<unknown>();
expectTypeOf((await model.generate('Who?')).object).toEqualTypeOf<unknown>();
expectTypeOf(await model.generate('Who?', { temperature: 0.2 })).toEqualTypeOf<GenerateResult<unknown>>();

// The rest of the result is the same whatever the format.
expectTypeOf(fromZod.text).toEqualTypeOf<string>();
expectTypeOf(fromZod.provider).toEqualTypeOf<string>();

// Standard call settings are typed options of their own.
// @ts-expect-error temperature is a number
await model.generate('Hi', { temperature: 'hot' });
// @ts-expect-error stop sequences are strings
await model.generate('Hi', { stopSequences: [1] });
// @ts-expect-error a misspelt setting is no option
await model.generate('Hi', { maxTokens: 10 });
