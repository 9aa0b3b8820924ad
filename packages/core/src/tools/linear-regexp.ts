import type { RE2JS } from 're2js';
import { BoundedCache } from './bounded-cache.js';

/** What ajv calls to build the regular expressions of `pattern` and `patternProperties`. */
export interface RegExpEngine {
  (pattern: string, flags: string): { test(text: string): boolean };
  /** How standalone code would import it (ajv requires the field; we never generate standalone code). */
  code: string;
}

/** The patterns of client schemas, on a linear-time engine. */
export interface LinearRegExp {
  /** For ajv's `code.regExp`. */
  engine: RegExpEngine;
  /** Why RE2 cannot run `pattern` (its own words, plus what to do), or undefined when it can. */
  problem(pattern: string): string | undefined;
}

/**
 * Regular expressions of client schemas run on RE2 (re2js, pure JavaScript), which matches in time
 * linear in the input: `^(a+)+$` against thirty `a`s and a `!` takes microseconds instead of the
 * seconds to minutes a backtracking engine spends, with the event loop blocked all along.
 *
 * RE2 reads nearly every pattern a schema uses (classes, quantifiers, groups, anchors, `\d`, `\w`,
 * `\p{L}`); JavaScript's `\uXXXX` and `\u{X}` escapes are translated to RE2's `\x{X}`. What it
 * refuses (lookahead, lookbehind, backreferences) cannot be matched in linear time, so a schema
 * using it is refused before any request. Compiled patterns are kept in a small bounded cache, so
 * checking a schema and compiling it cost one RE2 compilation per pattern.
 */
export function createLinearRegExp(re2: typeof RE2JS): LinearRegExp {
  const compiled = new BoundedCache<string, RE2JS>({ maxEntries: 1024, maxWeight: 256 * 1024 });
  const compile = (pattern: string): RE2JS => {
    let program = compiled.get(pattern);
    if (!program) {
      program = re2.compile(toRe2Syntax(pattern));
      compiled.set(pattern, program, pattern.length);
    }
    return program;
  };
  const engine = (pattern: string) => {
    const program = compile(pattern);
    return { test: (text: string) => program.test(text) };
  };
  return {
    engine: Object.assign(engine, { code: 're2js' }),
    problem(pattern) {
      try {
        compile(pattern);
        return undefined;
      } catch (error) {
        const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
        const shown = JSON.stringify(pattern.length > 80 ? `${pattern.slice(0, 80)}…` : pattern);
        return `${shown} is not a regular expression this gateway runs (${reason}). Patterns run on RE2, which matches in linear time: no lookahead, lookbehind or backreferences`;
      }
    },
  };
}

/**
 * JavaScript's `\uXXXX` and `\u{X…}` escapes as RE2's `\x{X…}`; everything else as written. One
 * pass, so an escaped backslash (`\\u0041`, a literal backslash then `u0041`) stays what it is.
 */
export function toRe2Syntax(pattern: string): string {
  if (!pattern.includes('\\u')) return pattern;
  let out = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = pattern[index + 1];
    if (next === 'u') {
      const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(pattern.slice(index + 2, index + 10));
      const plain = /^[0-9A-Fa-f]{4}/.exec(pattern.slice(index + 2, index + 6));
      if (braced) {
        out += `\\x{${braced[1]}}`;
        index += 1 + braced[0].length;
        continue;
      }
      if (plain) {
        let code = Number.parseInt(plain[0], 16);
        index += 5;
        // A surrogate pair written as two escapes is one character to RE2.
        const low = /^\\u([dD][c-fC-F][0-9A-Fa-f]{2})/.exec(pattern.slice(index + 1, index + 7));
        if (code >= 0xd800 && code <= 0xdbff && low) {
          code = 0x10000 + ((code - 0xd800) << 10) + (Number.parseInt(low[1]!, 16) - 0xdc00);
          index += 6;
        }
        out += `\\x{${code.toString(16)}}`;
        continue;
      }
    }
    // Any other escape, kept whole (so `\\` never starts a second one).
    out += char + (next ?? '');
    index++;
  }
  return out;
}
