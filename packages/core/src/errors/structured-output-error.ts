import { ApiCallError, type ApiCallErrorOptions } from './api-call-error.js';

/** One way the answer broke its schema. */
export interface SchemaViolation {
  /** JSON Pointer into the answer (`/items/0/price`); '' for the whole answer. */
  path: string;
  message: string;
}

/**
 * The answer was asked to follow a JSON schema (or to be JSON) and did not: it is not JSON, or it
 * breaks the schema. Carries the text and every violation. The registry falls over to the next
 * provider rather than asking the same model again.
 */
export class StructuredOutputError extends ApiCallError {
  static override readonly errorName: string = 'StructuredOutputError';
  override readonly name: string = 'StructuredOutputError';
  override readonly code: string = 'structured-output';

  /** The answer as the model wrote it. */
  readonly text: string;
  readonly violations: readonly SchemaViolation[];

  constructor(options: Omit<ApiCallErrorOptions, 'isRetryable' | 'message'> & { text: string; violations: readonly SchemaViolation[] }) {
    const listed = options.violations
      .slice(0, 5)
      .map((violation) => `${violation.path || '(the answer)'} ${violation.message}`)
      .join('; ');
    super({
      ...options,
      message: `Provider '${options.provider}' (model '${options.model}') answered with JSON that does not satisfy the response schema: ${listed}${options.violations.length > 5 ? `; and ${options.violations.length - 5} more` : ''}.`,
      isRetryable: true,
      responseBody: options.text,
    });
    this.text = options.text;
    this.violations = options.violations;
  }
}
