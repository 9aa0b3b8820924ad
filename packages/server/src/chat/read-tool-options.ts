import type { CallOptions, ResponseFormat, ToolChoice, ToolDefinition } from '@switchboard/core';
import { GatewayError } from '../errors/gateway-error.js';

/** The request fields that become the registry's own call options rather than extras. */
export const TOOL_FIELDS = ['tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'functions', 'function_call'] as const;

/** What the registry takes for tools and answer formats. */
export type ToolOptions = Pick<CallOptions, 'tools' | 'toolChoice' | 'parallelToolCalls' | 'responseFormat'>;

const invalid = (param: string, message: string) =>
  new GatewayError({ status: 400, type: 'invalid_request_error', code: 'invalid_value', param, message: `Invalid '${param}': ${message}` });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const EMPTY_PARAMETERS = Object.freeze({ type: 'object', properties: {} });

/**
 * OpenAI's `tools`, `tool_choice`, `parallel_tool_calls` and `response_format` (and the legacy
 * `functions` / `function_call`) as the registry's call options, so a call that needs tools or a
 * JSON schema goes only to models that declare them. Only the OpenAI envelope is checked here;
 * the registry checks the rest (tool names, schemas) and names the field.
 */
export function readToolOptions(fields: Readonly<Record<string, unknown>>): ToolOptions | undefined {
  const { tools, tool_choice: toolChoice, parallel_tool_calls: parallel, response_format: format, functions, function_call: functionCall } = fields;
  let options: ToolOptions | undefined;
  if (tools !== undefined && tools !== null) {
    if (!Array.isArray(tools)) throw invalid('tools', 'expected an array of { type: "function", function: { name, parameters } }.');
    (options ??= {}).tools = tools.map((tool: unknown, index) => {
      if (!isObject(tool) || tool['type'] !== 'function' || !isObject(tool['function']))
        throw invalid(`tools[${index}]`, 'expected { type: "function", function: { name, description, parameters } }.');
      return toolDefinition(tool['function'], `tools[${index}].function`);
    });
  } else if (functions !== undefined && functions !== null) {
    if (!Array.isArray(functions)) throw invalid('functions', 'expected an array of { name, parameters }.');
    (options ??= {}).tools = functions.map((each: unknown, index) => {
      if (!isObject(each)) throw invalid(`functions[${index}]`, 'expected { name, description, parameters }.');
      return toolDefinition(each, `functions[${index}]`);
    });
  }
  const choice = toolChoice ?? functionCall;
  if (choice !== undefined && choice !== null)
    (options ??= {}).toolChoice = readToolChoice(choice, toolChoice !== undefined && toolChoice !== null ? 'tool_choice' : 'function_call');
  if (parallel !== undefined && parallel !== null) {
    if (typeof parallel !== 'boolean') throw invalid('parallel_tool_calls', `expected a boolean, got ${JSON.stringify(parallel)}.`);
    (options ??= {}).parallelToolCalls = parallel;
  }
  if (format !== undefined && format !== null) (options ??= {}).responseFormat = readResponseFormat(format);
  return options;
}

function toolDefinition(definition: Record<string, unknown>, at: string): ToolDefinition {
  const { name, description, parameters, strict } = definition;
  if (typeof name !== 'string') throw invalid(`${at}.name`, 'expected the function name as a string.');
  return {
    name,
    ...(typeof description === 'string' ? { description } : {}),
    parameters: (parameters ?? EMPTY_PARAMETERS) as ToolDefinition['parameters'],
    ...(typeof strict === 'boolean' ? { strict } : {}),
  };
}

function readToolChoice(choice: unknown, param: string): ToolChoice {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  // `tool_choice: { type: 'function', function: { name } }`, or the legacy `function_call: { name }`.
  const name = isObject(choice) ? (isObject(choice['function']) ? choice['function']['name'] : choice['name']) : undefined;
  if (typeof name === 'string') return { type: 'tool', name };
  throw invalid(param, `expected 'auto', 'none', 'required' or { type: 'function', function: { name } }, got ${JSON.stringify(choice)}.`);
}

function readResponseFormat(format: unknown): ResponseFormat {
  if (!isObject(format)) throw invalid('response_format', `expected an object such as { type: 'json_object' }, got ${JSON.stringify(format)}.`);
  if (format['type'] === 'text') return { type: 'text' };
  if (format['type'] === 'json_object') return { type: 'json' };
  if (format['type'] === 'json_schema') {
    const spec = format['json_schema'];
    if (!isObject(spec) || !isObject(spec['schema']))
      throw invalid('response_format.json_schema.schema', 'expected { name, schema } with a JSON Schema object.');
    return {
      type: 'json_schema',
      schema: spec['schema'],
      ...(typeof spec['name'] === 'string' ? { name: spec['name'] } : {}),
      ...(typeof spec['description'] === 'string' ? { description: spec['description'] } : {}),
      ...(typeof spec['strict'] === 'boolean' ? { strict: spec['strict'] } : {}),
    };
  }
  throw invalid('response_format.type', `expected 'text', 'json_object' or 'json_schema', got ${JSON.stringify(format['type'])}.`);
}
