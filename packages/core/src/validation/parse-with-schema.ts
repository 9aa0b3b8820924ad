import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { InferSchemaOutput, StandardSchemaIssue, StandardSchemaV1 } from './standard-schema.js';

/**
 * Validates `value` against a Standard Schema (valibot, zod, …) synchronously and returns the
 * parsed value. Every problem found, not just the first, becomes one `InvalidArgumentError` whose
 * `argument` is the wrong path (`options.resilience.maxAttempts`), or the path several share, and
 * whose message names each wrong path and what would be right.
 */
export function parseWithSchema<S extends StandardSchemaV1>(schema: S, value: unknown, argument: string): InferSchemaOutput<S> {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) {
    throw new TypeError(`The schema for ${argument} validates asynchronously; settings and options are checked synchronously.`);
  }
  if (!result.issues) return result.value as InferSchemaOutput<S>;
  throw invalidArgumentFromIssues(argument, result.issues);
}

/**
 * One `InvalidArgumentError` for every issue found under `argument`. With several, its `argument`
 * is the path they share (`options` for `options.maxMediaBytes` and `options.extraMedia`), so the
 * header does not single out the first; each problem's line names its own path.
 */
export function invalidArgumentFromIssues(argument: string, found: readonly StandardSchemaIssue[]): InvalidArgumentError {
  const issues = found.map((issue) => ({ at: joinPath(argument, issue), message: issue.message }));
  const [first] = issues;
  if (issues.length === 1) return new InvalidArgumentError({ argument: first!.at, reason: first!.message });
  return new InvalidArgumentError({
    argument: joinPath(argument, { message: '', path: sharedPath(found) }),
    reason: `${issues.length} problems:\n${issues.map(({ at, message }) => `  - ${at}: ${message}`).join('\n')}`,
  });
}

/** The path segments every issue starts with. */
function sharedPath(issues: readonly StandardSchemaIssue[]): PropertyKey[] {
  const keys = issues.map((issue) => (issue.path ?? []).map((segment) => (typeof segment === 'object' && segment !== null ? segment.key : segment)));
  const shared: PropertyKey[] = [];
  for (let index = 0; keys.every((path) => index < path.length && path[index] === keys[0]![index]); index++) shared.push(keys[0]![index]!);
  return shared;
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
