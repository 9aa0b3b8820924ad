import { describeValue, InvalidArgumentError } from '@switchboard/core/provider';

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
    throw new InvalidArgumentError({ argument, message: `must be ${expectations[kind]}, got ${describeValue(value)}` });
  }
  return value;
}
