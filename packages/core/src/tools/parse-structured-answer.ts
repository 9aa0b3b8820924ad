import { type SchemaViolation, StructuredOutputError } from '../errors/structured-output-error.js';
import type { ResponseFormat } from '../provider/response-format.js';
import { tooDeepAt } from '../validation/nesting-depth.js';
import type { StandardSchemaIssue, StandardSchemaV1 } from '../validation/standard-schema.js';
import { loadJsonSchemaValidator } from './json-schema-validator.js';
import { jsonPointer } from './walk-schema.js';

/**
 * The answer of a call with a JSON response format, parsed and, for `json_schema`, validated: by
 * the caller's Standard Schema when it gave one (its own `~standard.validate`, whose output, with
 * its transforms and defaults, is the answer), else against the JSON Schema (ajv). A JSON code
 * fence around the answer is tolerated (models asked through a prompt often add one); anything
 * else that is not the promised JSON is a `StructuredOutputError` with every violation.
 */
export async function parseStructuredAnswer(
  text: string,
  format: Exclude<ResponseFormat, { type: 'text' }>,
  where: { provider: string; model: string },
  { maxNestingDepth }: { maxNestingDepth: number },
  answerSchema?: StandardSchemaV1,
): Promise<unknown> {
  const json = unfenced(text);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new StructuredOutputError({ ...where, text, violations: [{ path: '', message: `is not JSON (${(cause as Error).message})` }], cause });
  }
  if (format.type === 'json') return value;
  // The answer comes from a model a client can steer: a value nested deeper than the limit is not
  // walked (a schema with a recursive $ref would follow it down the stack).
  const deep = tooDeepAt(value, maxNestingDepth);
  if (deep !== undefined) {
    const path = jsonPointer(deep);
    throw new StructuredOutputError({
      ...where,
      text,
      violations: [{ path, message: `is nested more than ${maxNestingDepth} objects or arrays deep (limits.maxNestingDepth)` }],
    });
  }
  if (answerSchema) {
    const result = await answerSchema['~standard'].validate(value);
    if (result.issues) throw new StructuredOutputError({ ...where, text, violations: result.issues.map(toViolation) });
    return result.value;
  }
  const violations = (await loadJsonSchemaValidator()).compile(format.schema)(value);
  if (violations.length > 0) throw new StructuredOutputError({ ...where, text, violations });
  return value;
}

/**
 * The inside of a ```` ``` ```` or ```` ```json ```` fence wrapping the whole answer, else the answer.
 * Scanned, not matched with a lazy pattern: the answer comes from a model a client can steer, and
 * `([\s\S]*?)\n?\s*```` backtracks quadratically over a long run of spaces.
 */
function unfenced(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length < 7 || !trimmed.startsWith('```') || !trimmed.endsWith('```')) return text;
  const lineEnd = trimmed.indexOf('\n');
  if (lineEnd === -1 || lineEnd > trimmed.length - 4) return text;
  const info = trimmed.slice(3, lineEnd).trim().toLowerCase();
  return info === '' || info === 'json' ? trimmed.slice(lineEnd + 1, -3) : text;
}

/** A Standard Schema issue as a violation: its path as a JSON Pointer (`/items/0/price`), '' for the whole answer. */
function toViolation(issue: StandardSchemaIssue): SchemaViolation {
  const path = (issue.path ?? []).map((segment) => String(typeof segment === 'object' && segment !== null ? segment.key : segment));
  return { path: jsonPointer(path), message: issue.message };
}
