import type { Capability } from '../provider/model-capabilities.js';
import type { ResponseFormat } from '../provider/response-format.js';
import type { ToolChoice, ToolDefinition } from '../provider/tool.js';
import type { StandardSchemaV1 } from '../validation/standard-schema.js';

/** A call's tools and response format, checked, with the capabilities they need. */
export interface ToolRequest {
  tools: readonly ToolDefinition[] | undefined;
  toolChoice: ToolChoice | undefined;
  parallelToolCalls: boolean | undefined;
  /** As providers get it: a Standard Schema's JSON Schema in place of the schema. */
  responseFormat: ResponseFormat | undefined;
  /** The caller's Standard Schema, which validates the answer (and types `result.object`). */
  answerSchema: StandardSchemaV1 | undefined;
  /** What a model must declare to take the call (`structuredOutput` only when no prompt fallback is allowed). */
  needs: readonly Capability[];
  /** Structured output may come from a prompt on models without it natively. */
  promptFallback: { repairAttempts: number } | undefined;
}

/** A call with none of it: the usual case, shared. */
export const NO_TOOL_REQUEST: ToolRequest = Object.freeze({
  tools: undefined,
  toolChoice: undefined,
  parallelToolCalls: undefined,
  responseFormat: undefined,
  answerSchema: undefined,
  needs: [],
  promptFallback: undefined,
});
