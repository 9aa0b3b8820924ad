import { parseWithSchema } from '@switchboard/core/provider';
import * as v from 'valibot';
import { got } from '@switchboard/core/provider';

const between = (min: number, max: number) =>
  v.pipe(
    v.number(got(`a number from ${min} to ${max}`)),
    v.finite(got(`a number from ${min} to ${max}`)),
    v.minValue(min, got(`a number from ${min} to ${max}`)),
    v.maxValue(max, got(`a number from ${min} to ${max}`)),
  );
const positiveInteger = () => v.pipe(v.number(got('a whole number >= 1')), v.integer(got('a whole number >= 1')), v.minValue(1, got('a whole number >= 1')));
const plainObject = (expected: string) =>
  v.custom<Record<string, unknown>>((input) => typeof input === 'object' && input !== null && !Array.isArray(input), got(expected));

/** OpenAI request fields whose types are checked before sending: a 400 after a round trip is a worse error. */
const KNOWN = {
  temperature: between(0, 2),
  top_p: between(0, 1),
  max_tokens: positiveInteger(),
  max_completion_tokens: positiveInteger(),
  presence_penalty: between(-2, 2),
  frequency_penalty: between(-2, 2),
  seed: v.pipe(v.number(got('a whole number')), v.safeInteger(got('a whole number'))),
  stop: v.union([v.string(), v.array(v.string())], got('a string or an array of strings')),
  user: v.string(got('a string')),
  logit_bias: v.pipe(
    plainObject('an object of token ids to numbers from -100 to 100'),
    v.record(v.string(), between(-100, 100), got('an object of token ids to numbers from -100 to 100')),
  ),
};

/** Fields the provider writes itself. `n` is fixed at 1 because only the first choice is read. */
const OWNED = ['model', 'messages', 'stream', 'stream_options', 'n'];

/**
 * Fields written from the call's own options, by the name of that option. Given here they would
 * bypass the registry, which sends a call with tools or a response format only to models that
 * support them and checks the answer; `functions` and `function_call` are the legacy tools.
 */
const FROM_CALL_OPTIONS: Record<string, string> = {
  tools: 'tools',
  tool_choice: 'toolChoice',
  parallel_tool_calls: 'parallelToolCalls',
  response_format: 'responseFormat',
  functions: 'tools',
  function_call: 'toolChoice',
};

const owned = (key: string) => v.custom(() => false, `'${key}' is set by the provider and cannot be given per call.`);
const fromCallOptions = (key: string, option: string) =>
  v.custom(
    () => false,
    `'${key}' comes from the call's own options, not providerOptions: set ${option} in generate(prompt, { tools, toolChoice, responseFormat }), so the call goes only to models that support it.`,
  );
// A camelCase spelling (`maxTokens`) would go to the server as an unknown field and be ignored there.
const misspelt = (key: string) => v.custom(() => false, `unknown option; OpenAI-compatible servers spell it '${key}'.`);
const camelCase = (key: string) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

const callOptionsSchema = v.looseObject(
  Object.fromEntries([
    ...Object.entries(KNOWN).map(([key, schema]) => [key, v.optional(schema)]),
    ...OWNED.map((key) => [key, v.optional(owned(key))]),
    ...Object.entries(FROM_CALL_OPTIONS).flatMap(([key, option]) =>
      [...new Set([key, camelCase(key)])].map((spelling) => [spelling, v.optional(fromCallOptions(spelling, option))]),
    ),
    ...[...Object.keys(KNOWN), ...OWNED].filter((key) => key.includes('_')).map((key) => [camelCase(key), v.optional(misspelt(key))]),
  ]) as v.ObjectEntries,
);

/**
 * Checks the per-call options (`providerOptions['openai-compatible']` of a call) before any request:
 * the known OpenAI fields are type-checked, the fields the provider writes (`model`, `messages`,
 * `stream`, `stream_options`, `n`), the ones that come from the call's own options (`tools`,
 * `tool_choice`, `parallel_tool_calls`, `response_format`, and the legacy `functions` and
 * `function_call`) and camelCase spellings of known fields are refused, and every
 * other field (`top_k`, `min_p`…, which local servers take) goes to the server unchanged. Every
 * problem is listed, each under its path (`options.providerOptions.openai-compatible.temperature`).
 */
export function checkCallOptions(options: Readonly<Record<string, unknown>>, argument: string): void {
  parseWithSchema(callOptionsSchema, options, argument);
}
