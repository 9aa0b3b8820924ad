import * as v from 'valibot';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Message } from '../provider/message.js';
import type { Capability } from '../provider/model-capabilities.js';
import type { ResponseFormat } from '../provider/response-format.js';
import type { ToolChoice, ToolDefinition } from '../provider/tool.js';
import { describeValue } from '../validation/describe-value.js';
import { flag, listOf, nonEmptyString, oneOf, strictOptions, wholeNumber } from '../validation/option-schemas.js';
import { assertNestingWithin } from '../validation/nesting-depth.js';
import { joinPath, parseWithSchema } from '../validation/parse-with-schema.js';
import { loadJsonSchemaValidator, type JsonSchemaValidator } from './json-schema-validator.js';
import type { StandardSchemaResponseFormat, ToolOptions } from './tool-options.js';
import type { StandardSchemaV1 } from '../validation/standard-schema.js';
import { isStandardSchema, jsonSchemaOf } from './standard-schema-format.js';
import { NO_TOOL_REQUEST, type ToolRequest } from './tool-request.js';

const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const schemaObject = v.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  (issue) => `expected a JSON Schema object, got ${describeValue(issue.input)}.`,
);

const toolSchema = strictOptions(
  {
    name: v.pipe(
      nonEmptyString('a tool name'),
      v.regex(TOOL_NAME, (issue) => `expected 1 to 64 letters, digits, '_' or '-', got ${describeValue(issue.input)}.`),
    ),
    description: v.optional(v.string((issue) => `expected a string, got ${describeValue(issue.input)}.`)),
    parameters: schemaObject,
    strict: v.optional(flag()),
  },
  'tool field',
);

const toolChoiceSchema = v.union(
  [
    oneOf(['auto', 'none', 'required']),
    strictOptions({ type: v.literal('tool', "expected type: 'tool'."), name: nonEmptyString('a tool name') }, 'toolChoice field'),
  ],
  (issue) => `expected 'auto', 'none', 'required' or { type: 'tool', name }, got ${describeValue(issue.input)}.`,
);

const responseFormatSchema = v.variant(
  'type',
  [
    strictOptions({ type: v.literal('text') }, 'responseFormat field'),
    strictOptions({ type: v.literal('json') }, 'responseFormat field'),
    strictOptions(
      {
        type: v.literal('json_schema'),
        // A JSON Schema as data, or a Standard Schema (ArkType's are functions).
        schema: v.union(
          [schemaObject, v.custom<StandardSchemaV1>(isStandardSchema)],
          (issue) => `expected a JSON Schema object or a Standard Schema (zod, valibot, ArkType…), got ${describeValue(issue.input)}.`,
        ),
        jsonSchema: v.optional(schemaObject),
        name: v.optional(
          v.pipe(
            nonEmptyString('a schema name'),
            v.regex(TOOL_NAME, (issue) => `expected 1 to 64 letters, digits, '_' or '-', got ${describeValue(issue.input)}.`),
          ),
        ),
        description: v.optional(v.string()),
        strict: v.optional(flag()),
      },
      'responseFormat field',
    ),
  ],
  (issue) => `expected { type: 'text' }, { type: 'json' } or { type: 'json_schema', schema }, got ${describeValue(issue.input)}.`,
);

const toolOptionsSchema = v.object({
  tools: v.optional(listOf(toolSchema, 'an array of tools { name, description?, parameters }')),
  toolChoice: v.optional(toolChoiceSchema),
  parallelToolCalls: v.optional(flag()),
  responseFormat: v.optional(responseFormatSchema),
  structuredOutput: v.optional(
    strictOptions({ fallback: v.optional(oneOf(['prompt'])), repairAttempts: v.optional(wholeNumber(0)) }, 'structuredOutput option'),
  ),
});

/**
 * Checks a call's tools, tool choice and response format before any request is sent: tool
 * parameters and response schemas must be JSON Schemas, a named tool choice must name a tool,
 * options that would be ignored are refused. Returns what the call needs of a model: at once for
 * a call without tools or a format (most calls, which then cost no promise), else a promise.
 */
export function checkToolRequest(options: ToolOptions, messages: readonly Message[], limits: { maxNestingDepth: number }): ToolRequest | Promise<ToolRequest> {
  const usesTools = options.tools !== undefined || options.toolChoice !== undefined || options.parallelToolCalls !== undefined;
  const usesFormat = options.responseFormat !== undefined || options.structuredOutput !== undefined;
  const historyHasTools = messages.some((message) => message.toolCalls !== undefined || message.toolCallId !== undefined);
  if (!usesTools && !usesFormat && !historyHasTools) return NO_TOOL_REQUEST;
  return checkToolOptions(options, historyHasTools, limits);
}

async function checkToolOptions(options: ToolOptions, historyHasTools: boolean, { maxNestingDepth }: { maxNestingDepth: number }): Promise<ToolRequest> {
  const parsed = parseWithSchema(toolOptionsSchema, options, 'options');
  const tools = parsed.tools as readonly ToolDefinition[] | undefined;
  const toolChoice = parsed.toolChoice as ToolChoice | undefined;
  const { responseFormat, answerSchema } = await providerFormat(parsed.responseFormat as ToolOptions['responseFormat']);
  const validator = tools?.length || responseFormat?.type === 'json_schema' ? await loadJsonSchemaValidator() : undefined;

  const names = new Set<string>();
  tools?.forEach((tool, index) => {
    const at = `options.tools[${index}]`;
    if (names.has(tool.name))
      throw new InvalidArgumentError({ argument: `${at}.name`, reason: `'${tool.name}' is the name of an earlier tool; tool names must be unique.` });
    names.add(tool.name);
    checkSchema(validator!, tool.parameters, `${at}.parameters`, maxNestingDepth);
    if (tool.parameters['type'] !== 'object') {
      throw new InvalidArgumentError({
        argument: `${at}.parameters.type`,
        reason: `tool arguments are an object: expected type 'object', got ${describeValue(tool.parameters['type'])}.`,
      });
    }
  });
  if (toolChoice !== undefined && !tools?.length) {
    throw new InvalidArgumentError({
      argument: 'options.toolChoice',
      reason: 'is set but the call has no tools; pass options.tools, or leave toolChoice out.',
    });
  }
  if (typeof toolChoice === 'object' && !names.has(toolChoice.name)) {
    throw new InvalidArgumentError({
      argument: 'options.toolChoice.name',
      reason: `no tool '${toolChoice.name}' in options.tools; tools: ${[...names].join(', ')}.`,
    });
  }
  if (parsed.parallelToolCalls !== undefined && !tools?.length) {
    throw new InvalidArgumentError({
      argument: 'options.parallelToolCalls',
      reason: 'is set but the call has no tools; pass options.tools, or leave parallelToolCalls out.',
    });
  }
  if (responseFormat?.type === 'json_schema') {
    checkSchema(validator!, responseFormat.schema, 'options.responseFormat.schema', maxNestingDepth);
  }
  const wantsJson = responseFormat !== undefined && responseFormat.type !== 'text';
  if (parsed.structuredOutput !== undefined && !wantsJson) {
    throw new InvalidArgumentError({
      argument: 'options.structuredOutput',
      reason: "only applies with a JSON response format; set options.responseFormat to { type: 'json_schema', schema } or { type: 'json' }.",
    });
  }

  const callsTools = (tools?.length ?? 0) > 0 && toolChoice !== 'none';
  const promptFallback =
    wantsJson && parsed.structuredOutput?.fallback === 'prompt' ? { repairAttempts: parsed.structuredOutput.repairAttempts ?? 1 } : undefined;
  const needs: Capability[] = [];
  if (callsTools || historyHasTools) needs.push('tools');
  if (callsTools && parsed.parallelToolCalls === true) needs.push('parallelToolCalls');
  if (wantsJson && !promptFallback) needs.push('structuredOutput');
  return { tools, toolChoice, parallelToolCalls: parsed.parallelToolCalls, responseFormat, answerSchema, needs, promptFallback };
}

/**
 * The response format as providers get it: a Standard Schema's JSON Schema (from its library's
 * converter) in place of the schema, which is kept to validate the answer with.
 */
async function providerFormat(
  format: ToolOptions['responseFormat'],
): Promise<{ responseFormat: ResponseFormat | undefined; answerSchema: StandardSchemaV1 | undefined }> {
  if (format?.type !== 'json_schema' || !isStandardSchema(format.schema)) {
    if (format?.type === 'json_schema' && 'jsonSchema' in format && format.jsonSchema !== undefined) {
      throw new InvalidArgumentError({
        argument: 'options.responseFormat.jsonSchema',
        reason: 'goes with a Standard Schema in responseFormat.schema; with a JSON Schema there, leave jsonSchema out.',
      });
    }
    return { responseFormat: format as ResponseFormat | undefined, answerSchema: undefined };
  }
  const { schema, jsonSchema, ...rest } = format as StandardSchemaResponseFormat;
  return { responseFormat: { ...rest, schema: await jsonSchemaOf(schema, jsonSchema) }, answerSchema: schema };
}

/**
 * A client schema, checked before any request: bounded in depth (before anything walks it
 * recursively), then a JSON Schema whose patterns, references and keywords the validator can run.
 * A problem with one keyword (a pattern, a `$ref`) is reported at that keyword's own path.
 */
function checkSchema(validator: JsonSchemaValidator, schema: Readonly<Record<string, unknown>>, argument: string, maxDepth: number): void {
  assertNestingWithin(schema, { maxDepth, argument });
  const problems = validator.schemaProblems(schema);
  if (problems.length === 0) return;
  const first = problems[0]!;
  if (first.at) throw new InvalidArgumentError({ argument: joinPath(argument, { message: '', path: first.at }), reason: `${first.message}.` });
  throw new InvalidArgumentError({
    argument,
    reason: `is not a JSON Schema: ${problems.map((p) => `${p.path || '(root)'} ${p.message}`).join('; ')}.`,
  });
}
