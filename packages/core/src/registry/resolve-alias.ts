import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** Options for {@link resolveAlias}. */
export interface ResolveAliasOptions {
  /** Alias table: public name -> target name (which may itself be an alias). */
  aliases: Readonly<Record<string, string>>;
  /** Stop following the chain at a name this returns true for (a real model). */
  isTerminal?: (name: string) => boolean;
  /** Where the table comes from, for error messages (`aliases`, `dynaspark.modelAliases`). */
  source: string;
}

/**
 * Follows an alias chain to its end. Pure. A cycle (`a -> b -> a`) is an `InvalidArgumentError`
 * naming the whole loop, because a loop can only be a configuration mistake.
 */
export function resolveAlias(name: string, { aliases, isTerminal, source }: ResolveAliasOptions): string {
  let current = name;
  let seen: string[] | undefined;
  while (!isTerminal?.(current) && Object.hasOwn(aliases, current)) {
    seen ??= [];
    if (seen.includes(current)) {
      throw new InvalidArgumentError({
        argument: source,
        reason: `alias cycle ${[...seen, current].map((n) => `'${n}'`).join(' -> ')}; every alias must end at a real model name.`,
      });
    }
    seen.push(current);
    current = aliases[current]!;
  }
  return current;
}
