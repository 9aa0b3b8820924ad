import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { InferSchemaOutput, StandardSchemaIssue, StandardSchemaV1 } from './standard-schema.js';

/**
 * Validates `value` against a Standard Schema (valibot, zod, …) synchronously and returns the
 * parsed value. Every problem found, not just the first, becomes one `InvalidArgumentError` whose
 * `argument` is the first problem's full path (`options.resilience.maxAttempts`) and whose
 * message names each wrong path and what would be right.
 */
export function parseWithSchema<S extends StandardSchemaV1>(schema: S, value: unknown, argument: string): InferSchemaOutput<S> {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) {
    throw new TypeError(`The schema for ${argument} validates asynchronously; settings and options are checked synchronously.`);
  }
  if (!result.issues) return result.value as InferSchemaOutput<S>;
  throw invalidArgumentFromIssues(argument, result.issues);
}

/** One `InvalidArgumentError` for every issue found under `argument`. */
export function invalidArgumentFromIssues(argument: string, found: readonly StandardSchemaIssue[]): InvalidArgumentError {
  const issues = found.map((issue) => ({ at: joinPath(argument, issue), message: issue.message }));
  const [first] = issues;
  if (issues.length === 1) return new InvalidArgumentError({ argument: first!.at, message: first!.message });
  return new InvalidArgumentError({
    argument: first!.at,
    message: `${issues.length} problems:\n${issues.map(({ at, message }) => `  - ${at}: ${message}`).join('\n')}`,
  });
}

/** `options` + `['routing', 'order', 'flash', 0]` -> `options.routing.order.flash[0]`. */
export function joinPath(argument: string, issue: StandardSchemaIssue): string {
  let path = argument;
  for (const segment of issue.path ?? []) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    if (typeof key === 'number') path += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) path += path === '' ? key : `.${key}`;
    else path += `[${JSON.stringify(String(key))}]`;
  }
  return path;
}
