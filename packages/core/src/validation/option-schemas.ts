import * as v from 'valibot';
import { httpUrlProblem } from './parse-http-url.js';
import { closestNames } from './closest-names.js';
import { describeValue } from './describe-value.js';

// The vocabulary every options object of core, and every plugin's settings, is written in (valibot
// schemas, exported to plugins from `@switchboard/core/provider`). Each schema carries its own
// message, phrased as "what would be right, and what came": `expected a whole number >= 1, got NaN`.

type Message = (issue: v.BaseIssue<unknown>) => string;

/** A message function: "expected <what>, got <the value, as an error message shows it>". */
export const got =
  (expected: string): Message =>
  (issue) =>
    `expected ${expected}, got ${describeValue(issue.input)}.`;

/**
 * An options object that refuses keys it does not know, naming the closest known one: a
 * misspelt option silently ignored is a setting the caller believes is on. `what` names a key in
 * messages (`'setting'` for a plugin's settings).
 */
export function strictOptions<const E extends v.ObjectEntries>(entries: E, what = 'option') {
  const known = Object.keys(entries);
  return v.strictObject(entries, (issue) => {
    // An unknown key is reported with the key as input and `never` as what was expected.
    if (issue.expected === 'never') {
      const closest = closestNames(String(issue.input), known, { limit: 1 });
      return `unknown ${what}${closest.length ? `; did you mean '${closest[0]}'?` : '.'} Known ${what}s: ${known.join(', ')}.`;
    }
    if (issue.path?.at(-1)?.origin === 'key') return 'is required.';
    return `expected an options object, got ${describeValue(issue.input)}.`;
  });
}

/** A setting that may be left out: plugins write a whole settings schema from this vocabulary without importing valibot. */
export const optional = <S extends v.GenericSchema>(schema: S) => v.optional(schema);

/** A whole number of at least `min`. */
export const wholeNumber = (min = 1) =>
  v.pipe(v.number(got(`a whole number >= ${min}`)), v.integer(got(`a whole number >= ${min}`)), v.minValue(min, got(`a whole number >= ${min}`)));

/** A finite number of milliseconds; `positive` refuses 0. */
export const milliseconds = ({ positive = false }: { positive?: boolean } = {}) => {
  const expected = `a finite number of milliseconds ${positive ? '> 0' : '>= 0'}`;
  return v.pipe(v.number(got(expected)), v.finite(got(expected)), positive ? v.gtValue(0, got(expected)) : v.minValue(0, got(expected)));
};

/** A number from 0 to 1. */
export const ratio = () => between(0, 1);

/** A finite number from `min` to `max`, both included. */
export const between = (min: number, max: number) => {
  const expected = got(`a number from ${min} to ${max}`);
  return v.pipe(v.number(expected), v.finite(expected), v.minValue(min, expected), v.maxValue(max, expected));
};

/** A whole number, negative ones included (within JavaScript's safe integers). */
export const anyWholeNumber = () => v.pipe(v.number(got('a whole number')), v.safeInteger(got('a whole number')));

/** `true` or `false`. */
export const flag = () => v.boolean(got('true or false'));

/** A string with something in it. */
export const nonEmptyString = (expected = 'a non-empty string') =>
  v.pipe(
    v.string(got(expected)),
    v.check((value) => value.trim() !== '', got(expected)),
  );

/** One of a few literal values. */
export const oneOf = <const T extends readonly string[]>(values: T) => v.picklist(values, got(`one of ${values.map((value) => `'${value}'`).join(', ')}`));

/** An object keyed by name (keys checked by `key` when given). */
export const recordOf = <S extends v.GenericSchema, K extends v.GenericSchema<string, string> = v.StringSchema<undefined>>(
  value: S,
  expected = 'an object',
  key?: K,
) =>
  v.pipe(
    // An array is an object to JavaScript, not to whoever wrote the option.
    v.custom<Record<string, unknown>>((input) => typeof input === 'object' && input !== null && !Array.isArray(input), got(expected)),
    v.record((key ?? v.string()) as K, value, got(expected)),
  );

/** A provider id: the key of `providerOptions`, logs and attempt records. */
export const providerId = (example = 'local-llama') =>
  v.pipe(v.string(got(`an id such as '${example}'`)), v.regex(/^[a-z0-9][a-z0-9._-]*$/, got("lower-case letters, digits, '.', '_' and '-'")));

/** An absolute http(s) URL, returned without a trailing slash (as `parseHttpUrl` returns it). */
export const httpUrl = (example = 'http://127.0.0.1:8787') =>
  v.pipe(
    v.string(got(`an http(s) URL such as '${example}'`)),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const problem = httpUrlProblem(dataset.value, { example });
      if (typeof problem === 'string') {
        addIssue({ message: problem });
        return NEVER;
      }
      return problem.url;
    }),
  );

/**
 * Not blank, no line break. Two linear tests: the one pattern `^[^\r\n]*\S[^\r\n]*$` backtracks
 * quadratically on a long line followed by a line break.
 */
const isOneLine = (value: string) => !/[\r\n]/.test(value) && /\S/.test(value);

/** A one-line, non-empty string (it goes into a header, where a line break would smuggle in another). */
export const oneLine = (expected: string) => v.pipe(v.string(got(expected)), v.check(isOneLine, got(expected)));

/** A credential: never echoed in an error. */
export const secret = () =>
  v.pipe(
    v.string((issue) => `expected the key as a string, got ${typeof issue.input}.`),
    v.check(isOneLine, 'expected the bare key: not empty, no line break.'),
  );

/** A model name as the service spells it. */
export const modelName = () => nonEmptyString('a model name');

/** A list of model names, each listed once. */
export const modelList = () =>
  v.pipe(
    v.array(modelName(), got('an array of model names')),
    v.check(
      (list) => new Set(list).size === list.length,
      (issue) => `lists '${firstRepeated(issue.input as string[])}' twice.`,
    ),
  );

function firstRepeated(list: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const item of list) {
    if (seen.has(item)) return item;
    seen.add(item);
  }
  return undefined;
}

/** A function. */
export const callable = (expected = 'a function') => v.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', got(expected));

/** A list. */
export const listOf = <S extends v.GenericSchema>(item: S, expected = 'an array') => v.array(item, got(expected));
