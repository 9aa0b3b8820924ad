import { closestNames, InvalidArgumentError } from '@switchboard/core/provider';

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
      message: `unknown option '${key}';${hint} allowed options: ${allowed.join(', ')}`,
    });
  }
}
