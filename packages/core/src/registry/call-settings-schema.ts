import * as v from 'valibot';
import type { CallSetting } from '../provider/call-settings.js';
import { describeValue } from '../validation/describe-value.js';
import { anyWholeNumber, between, got, wholeNumber } from '../validation/option-schemas.js';

/**
 * The type and range of each standard call setting, checked before any request (the ranges are
 * what the major APIs accept: OpenAI's and Gemini's temperature goes up to 2, their penalties from
 * -2 to 2). An error names the option (`options.temperature`) and what would be right.
 */
export const CALL_SETTINGS_SCHEMA: { readonly [Setting in CallSetting]: v.GenericSchema } = {
  temperature: between(0, 2),
  maxOutputTokens: wholeNumber(1),
  topP: between(0, 1),
  topK: wholeNumber(1),
  // White space is a fine stop sequence ('\n\n'): only the empty string is refused.
  stopSequences: v.array(
    v.pipe(v.string(got('a non-empty string')), v.minLength(1, got('a non-empty string'))),
    (issue) => `expected an array of non-empty strings such as ['\\n\\n'], got ${describeValue(issue.input)}.`,
  ),
  seed: anyWholeNumber(),
  presencePenalty: between(-2, 2),
  frequencyPenalty: between(-2, 2),
};

/** The same entries, optional, for an options object. */
export const OPTIONAL_CALL_SETTINGS = Object.fromEntries(Object.entries(CALL_SETTINGS_SCHEMA).map(([setting, schema]) => [setting, v.optional(schema)])) as {
  readonly [Setting in CallSetting]: v.OptionalSchema<v.GenericSchema, undefined>;
};
