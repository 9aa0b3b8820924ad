import { InvalidArgumentError } from './invalid-argument-error.js';

/**
 * A value the caller sent (a JSON Schema, per-call provider options) or an answer to be validated
 * is nested deeper than `limits.maxNestingDepth`. Refused before anything walks it, so a deeply
 * nested body costs a scan, not a stack overflow. An `InvalidArgumentError` (a 400 at the gateway)
 * naming the place and the limit.
 */
export class NestingTooDeepError extends InvalidArgumentError {
  static override readonly errorName: string = 'NestingTooDeepError';
  override readonly name: string = 'NestingTooDeepError';
  override readonly code: string = 'nesting-too-deep';

  /** The limit that was passed: objects and arrays inside each other. */
  readonly maxDepth: number;

  constructor({ argument, maxDepth, cause }: { argument: string; maxDepth: number; cause?: unknown }) {
    super({
      argument,
      reason: `is nested more than ${maxDepth} objects or arrays deep (limits.maxNestingDepth). Flatten it, or raise the limit: createRegistry({ limits: { maxNestingDepth } }).`,
      cause,
    });
    this.maxDepth = maxDepth;
  }
}
