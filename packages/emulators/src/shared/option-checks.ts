// The checks every emulator setting goes through, wherever it comes from (options, setFaults, the
// control endpoint): each throws core's InvalidArgumentError naming the setting and what it takes.
import { InvalidArgumentError } from '@switchboard/core';
import { closestNames, describeValue } from '@switchboard/core/shared';

/** The kinds of number emulator settings take. */
export type NumberKind = 'probability' | 'count' | 'positive-integer' | 'duration' | 'port' | 'finite';

const expectations: Record<NumberKind, string> = {
  probability: 'a number from 0 to 1',
  count: 'an integer >= 0',
  'positive-integer': 'an integer >= 1',
  duration: 'a finite number >= 0',
  port: 'an integer from 0 to 65535',
  finite: 'a finite number',
};

function passes(kind: NumberKind, value: number): boolean {
  switch (kind) {
    case 'probability':
      return value >= 0 && value <= 1;
    case 'count':
      return Number.isInteger(value) && value >= 0;
    case 'positive-integer':
      return Number.isInteger(value) && value >= 1;
    case 'duration':
      return Number.isFinite(value) && value >= 0;
    case 'port':
      return Number.isInteger(value) && value >= 0 && value <= 65535;
    case 'finite':
      return Number.isFinite(value);
  }
}

/** Returns `value` when it is a number of that kind; throws an InvalidArgumentError naming `argument` otherwise. */
export function checkNumber(options: { value: unknown; kind: NumberKind; argument: string }): number {
  const { value, kind, argument } = options;
  if (typeof value !== 'number' || !passes(kind, value)) {
    throw new InvalidArgumentError({ argument, reason: `must be ${expectations[kind]}, got ${describeValue(value)}` });
  }
  return value;
}

/** Returns `value` when it is a boolean. */
export function checkBoolean(options: { value: unknown; argument: string }): boolean {
  const { value, argument } = options;
  if (typeof value !== 'boolean') throw new InvalidArgumentError({ argument, reason: `must be true or false, got ${describeValue(value)}` });
  return value;
}

/** A value from a fixed list; the message names the closest entry and lists them all. */
export function checkChoice(options: { value: unknown; choices: readonly string[]; argument: string; what: string }): void {
  const { value, choices, argument, what } = options;
  if (typeof value === 'string' && choices.includes(value)) return;
  const [closest] = typeof value === 'string' ? closestNames(value, choices, { limit: 1 }) : [];
  const hint = closest === undefined ? '' : ` did you mean '${closest}'?`;
  throw new InvalidArgumentError({ argument, reason: `unknown ${what} ${describeValue(value)};${hint} known: ${choices.join(', ')}` });
}

export interface RefuseUnknownKeysOptions {
  value: object;
  allowed: readonly string[];
  /** Where the object sits (`faults[1]`), or '' for the top level. */
  argument: string;
}

/**
 * Throws on the first key that is not allowed, naming it and the closest allowed one. Without this
 * a typo such as `probabilty` would be ignored, and the rule would silently fire every time.
 */
export function refuseUnknownKeys(options: RefuseUnknownKeysOptions): void {
  const { value, allowed, argument } = options;
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const [closest] = closestNames(key, allowed, { limit: 1 });
    const hint = closest === undefined ? '' : ` did you mean '${closest}'?`;
    throw new InvalidArgumentError({
      argument: argument === '' ? key : `${argument}.${key}`,
      reason: `unknown option '${key}';${hint} allowed options: ${allowed.join(', ')}`,
    });
  }
}
