import * as v from 'valibot';
import { closestNames } from '../registry/closest-names.js';
import { describeValue } from './describe-value.js';

// The vocabulary every options object of core is written in. Each schema carries its own message,
// phrased as "what would be right, and what came": `expected a whole number >= 1, got NaN`.

type Message = (issue: v.BaseIssue<unknown>) => string;
const got = (expected: string): Message => (issue) => `expected ${expected}, got ${describeValue(issue.input)}.`;

/**
 * An options object that refuses keys it does not know, naming the closest known one: a
 * misspelt option silently ignored is a setting the caller believes is on.
 */
export function strictOptions<const E extends v.ObjectEntries>(entries: E, what = 'option') {
  const known = Object.keys(entries);
  return v.strictObject(entries, (issue) => {
    // An unknown key is reported with the key as input and `never` as what was expected.
    if (issue.expected === 'never') {
      const closest = closestNames(String(issue.input), known, { limit: 1 });
      return `unknown ${what}${closest.length ? `; did you mean '${closest[0]}'?` : '.'} Known: ${known.join(', ')}.`;
    }
    if (issue.path?.at(-1)?.origin === 'key') return 'is required.';
    return `expected an options object, got ${describeValue(issue.input)}.`;
  });
}

/** A whole number of at least `min`. */
export const wholeNumber = (min = 1) =>
  v.pipe(v.number(got(`a whole number >= ${min}`)), v.integer(got(`a whole number >= ${min}`)), v.minValue(min, got(`a whole number >= ${min}`)));

/** A finite number of milliseconds; `positive` refuses 0. */
export const milliseconds = ({ positive = false }: { positive?: boolean } = {}) => {
  const expected = `a finite number of milliseconds ${positive ? '> 0' : '>= 0'}`;
  return v.pipe(
    v.number(got(expected)),
    v.finite(got(expected)),
    positive ? v.gtValue(0, got(expected)) : v.minValue(0, got(expected)),
  );
};

/** A number from 0 to 1. */
export const ratio = () =>
  v.pipe(v.number(got('a number from 0 to 1')), v.minValue(0, got('a number from 0 to 1')), v.maxValue(1, got('a number from 0 to 1')));

/** `true` or `false`. */
export const flag = () => v.boolean(got('true or false'));

/** A string with something in it. */
export const nonEmptyString = (expected = 'a non-empty string') =>
  v.pipe(v.string(got(expected)), v.check((value) => value.trim() !== '', got(expected)));

/** One of a few literal values. */
export const oneOf = <const T extends readonly string[]>(values: T) =>
  v.picklist(values, got(`one of ${values.map((value) => `'${value}'`).join(', ')}`));

/** An object keyed by name. */
export const recordOf = <S extends v.GenericSchema>(value: S, expected = 'an object') =>
  v.pipe(
    // An array is an object to JavaScript, not to whoever wrote the option.
    v.custom<Record<string, unknown>>((input) => typeof input === 'object' && input !== null && !Array.isArray(input), got(expected)),
    v.record(v.string(), value, got(expected)),
  );

/** A function. */
export const callable = (expected = 'a function') => v.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', got(expected));

/** A list. */
export const listOf = <S extends v.GenericSchema>(item: S, expected = 'an array') => v.array(item, got(expected));
