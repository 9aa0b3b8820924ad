import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { resolveAlias } from './resolve-alias.js';
import { thrown } from '../testing/captured-error.js';

describe('resolveAlias', () => {
  const aliases = { flash: 'gemini-flash', 'gemini-flash': 'gemini-2.0-flash', gpt: 'gpt-4o' };

  it('returns a name that is no alias unchanged', () => {
    expect(resolveAlias('gemini-2.0-flash', { aliases, source: 'aliases' })).toBe('gemini-2.0-flash');
    expect(resolveAlias('unknown', { aliases, source: 'aliases' })).toBe('unknown');
  });

  it('follows an alias to its target', () => {
    expect(resolveAlias('gpt', { aliases, source: 'aliases' })).toBe('gpt-4o');
  });

  it('follows a chain to its end', () => {
    expect(resolveAlias('flash', { aliases, source: 'aliases' })).toBe('gemini-2.0-flash');
  });

  it('stops at a name isTerminal accepts, even when that name is also an alias', () => {
    const isTerminal = (name: string) => name === 'gemini-flash';

    expect(resolveAlias('flash', { aliases, isTerminal, source: 'aliases' })).toBe('gemini-flash');
    expect(resolveAlias('gemini-flash', { aliases, isTerminal, source: 'aliases' })).toBe('gemini-flash');
  });

  it('ignores names inherited from Object.prototype', () => {
    expect(resolveAlias('toString', { aliases, source: 'aliases' })).toBe('toString');
    expect(resolveAlias('__proto__', { aliases, source: 'aliases' })).toBe('__proto__');
  });

  it('refuses a cycle, naming the whole loop and the table it is in', () => {
    const loop = { a: 'b', b: 'c', c: 'a' };

    expect(() => resolveAlias('a', { aliases: loop, source: 'dynaspark.modelAliases' })).toThrow(
      "Invalid dynaspark.modelAliases: alias cycle 'a' -> 'b' -> 'c' -> 'a'; every alias must end at a real model name.",
    );
    const error = thrown(() => resolveAlias('a', { aliases: loop, source: 'dynaspark.modelAliases' }));
    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe('dynaspark.modelAliases');
  });

  it('refuses an alias to itself', () => {
    expect(() => resolveAlias('x', { aliases: { x: 'x' }, source: 'aliases' })).toThrow("alias cycle 'x' -> 'x'");
  });

  it('names the path that led into a loop too', () => {
    expect(() => resolveAlias('entry', { aliases: { entry: 'a', a: 'b', b: 'a' }, source: 'aliases' })).toThrow("alias cycle 'entry' -> 'a' -> 'b' -> 'a'");
  });
});
