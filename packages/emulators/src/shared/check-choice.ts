import { closestNames, describeValue, InvalidArgumentError } from '@switchboard/core/provider';

/** A value from a fixed list; the message names the closest entry and lists them all. */
export function checkChoice(options: { value: unknown; choices: readonly string[]; argument: string; what: string }): void {
  const { value, choices, argument, what } = options;
  if (typeof value === 'string' && choices.includes(value)) return;
  const [closest] = typeof value === 'string' ? closestNames(value, choices, { limit: 1 }) : [];
  const hint = closest === undefined ? '' : ` did you mean '${closest}'?`;
  throw new InvalidArgumentError({ argument, message: `unknown ${what} ${describeValue(value)};${hint} known: ${choices.join(', ')}` });
}
