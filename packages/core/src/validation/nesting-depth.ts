import { NestingTooDeepError } from '../errors/nesting-too-deep-error.js';
import { joinPath } from './parse-with-schema.js';

/** How deep core walks client values (schemas, provider options, answers) by default. */
export const DEFAULT_MAX_NESTING_DEPTH = 64;

interface Frame {
  value: unknown;
  depth: number;
  key: string | number;
  parent: Frame | undefined;
}

/**
 * The path to the first object or array nested deeper than `maxDepth` (a top-level object is depth
 * 1), or undefined when there is none. A loop with its own stack, never recursion, and it stops at
 * the limit: a value nested seven million deep costs `maxDepth` steps down one branch, and a value
 * that contains itself is simply too deep.
 */
export function tooDeepAt(value: unknown, maxDepth: number): (string | number)[] | undefined {
  const stack: Frame[] = [{ value, depth: 0, key: '', parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (typeof frame.value !== 'object' || frame.value === null) continue;
    const depth = frame.depth + 1;
    if (depth > maxDepth) return pathOf(frame);
    if (Array.isArray(frame.value)) {
      for (let index = frame.value.length - 1; index >= 0; index--) push(stack, frame.value[index], depth, index, frame);
    } else {
      for (const key of Object.keys(frame.value)) push(stack, (frame.value as Record<string, unknown>)[key], depth, key, frame);
    }
  }
  return undefined;
}

/** Throws a `NestingTooDeepError` naming the place under `argument` when `value` is nested deeper than `maxDepth`. */
export function assertNestingWithin(value: unknown, { maxDepth, argument }: { maxDepth: number; argument: string }): void {
  const path = tooDeepAt(value, maxDepth);
  if (path !== undefined) throw new NestingTooDeepError({ argument: joinPath(argument, { message: '', path }), maxDepth });
}

function push(stack: Frame[], value: unknown, depth: number, key: string | number, parent: Frame): void {
  // Scalars never go on the stack: a wide array of numbers costs no allocation per item.
  if (typeof value === 'object' && value !== null) stack.push({ value, depth, key, parent });
}

function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Frame | undefined = frame; at?.parent !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}
