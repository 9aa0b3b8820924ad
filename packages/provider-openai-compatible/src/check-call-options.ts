import { between, got, OPENAI_SETTING_FIELDS, parseWithSchema } from '@switchboard/core/provider';
import * as v from 'valibot';

const plainObject = (expected: string) =>
  v.custom<Record<string, unknown>>((input) => typeof input === 'object' && input !== null && !Array.isArray(input), got(expected));

/** OpenAI request fields only this provider takes, whose types are checked before sending: a 400 after a round trip is a worse error. */
const KNOWN = {
  user: v.string(got('a string')),
  logit_bias: v.pipe(
    plainObject('an object of token ids to numbers from -100 to 100'),
    v.record(v.string(), between(-100, 100), got('an object of token ids to numbers from -100 to 100')),
  ),
};

/**
 * Fields written from the call's standard settings, by the setting's name: the same setting for
 * every provider, checked by the registry, and warned about where a model cannot honour it.
 */
const FROM_CALL_SETTINGS: Readonly<Record<string, string>> = OPENAI_SETTING_FIELDS;

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
const fromCallSettings = (key: string, setting: string) =>
  v.custom(() => false, `'${key}' is the standard call setting ${setting}: set it as generate(prompt, { ${setting} }), for every provider alike.`);
// A camelCase spelling (`logitBias`) would go to the server as an unknown field and be ignored there.
const misspelt = (key: string) => v.custom(() => false, `unknown option; OpenAI-compatible servers spell it '${key}'.`);
const camelCase = (key: string) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

const callOptionsSchema = v.looseObject(
  Object.fromEntries([
    ...Object.entries(KNOWN).map(([key, schema]) => [key, v.optional(schema)]),
    ...OWNED.map((key) => [key, v.optional(owned(key))]),
    ...Object.entries(FROM_CALL_OPTIONS).flatMap(([key, option]) =>
      [...new Set([key, camelCase(key)])].map((spelling) => [spelling, v.optional(fromCallOptions(spelling, option))]),
    ),
    ...Object.entries(FROM_CALL_SETTINGS).flatMap(([key, setting]) =>
      [...new Set([key, camelCase(key), setting])].map((spelling) => [spelling, v.optional(fromCallSettings(spelling, setting))]),
    ),
    ...[...Object.keys(KNOWN), ...OWNED].filter((key) => key.includes('_')).map((key) => [camelCase(key), v.optional(misspelt(key))]),
  ]) as v.ObjectEntries,
);

/**
 * Checks the per-call options (`providerOptions['openai-compatible']` of a call) before any request:
 * what only this provider takes (`user`, `logit_bias` type-checked; every other field, such as
 * `min_p` or `repeat_penalty`, which local servers take, goes to the server unchanged). Refused:
 * the standard call settings under any spelling (`temperature`, `max_tokens`, `top_p`, `top_k`,
 * `stop`, `seed`, the penalties: they are call settings), the fields the provider writes (`model`,
 * `messages`, `stream`, `stream_options`, `n`), the ones that come from the call's own options
 * (`tools`, `tool_choice`, `parallel_tool_calls`, `response_format`, and the legacy `functions`
 * and `function_call`) and camelCase spellings of known fields. Every
 * problem is listed, each under its path (`options.providerOptions.openai-compatible.temperature`).
 */
export function checkCallOptions(options: Readonly<Record<string, unknown>>, argument: string): void {
  parseWithSchema(callOptionsSchema, options, argument);
}
