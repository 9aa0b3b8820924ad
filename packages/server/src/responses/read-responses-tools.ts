import type { ResponseFormat, ToolChoice, ToolDefinition } from '@switchboard/core';
import type { ToolOptions } from '../chat/read-tool-options.js';
import { invalidField, isObject, isSet, readString, typeOf, unsupportedField } from '../pipeline/read-fields.js';

const EMPTY_PARAMETERS = Object.freeze({ type: 'object', properties: {} });

/**
 * The Responses API's `tools` (function tools), `tool_choice`, `parallel_tool_calls` and
 * `text.format` as the registry's call options. OpenAI's built-in tools (`web_search`,
 * `file_search`, `computer_use_preview`, `code_interpreter`…) run on OpenAI's servers; no provider
 * here has them, so asking for one is a 400 naming it, never an answer made without it.
 */
export function readResponsesTools(fields: Readonly<Record<string, unknown>>): ToolOptions | undefined {
  const { tools, tool_choice: choice, parallel_tool_calls: parallel, text } = fields;
  let options: ToolOptions | undefined;
  if (isSet(tools)) {
    if (!Array.isArray(tools)) throw invalidField('tools', 'invalid_type', `Invalid 'tools': expected an array of function tools, got ${typeOf(tools)}.`);
    (options ??= {}).tools = tools.map((tool: unknown, index): ToolDefinition => {
      const at = `tools[${index}]`;
      if (!isObject(tool)) throw invalidField(at, 'invalid_type', `Invalid '${at}': expected a tool object, got ${typeOf(tool)}.`);
      if (tool['type'] !== 'function')
        throw unsupportedField(
          `${at}.type`,
          `'${String(tool['type'])}' is one of OpenAI's built-in tools, which run on OpenAI's servers; this gateway's providers take function tools ({ type: 'function', name, parameters }).`,
        );
      const { description, parameters, strict } = tool;
      return {
        name: readString(tool['name'], `${at}.name`),
        ...(typeof description === 'string' ? { description } : {}),
        parameters: (parameters ?? EMPTY_PARAMETERS) as ToolDefinition['parameters'],
        ...(typeof strict === 'boolean' ? { strict } : {}),
      };
    });
  }
  if (isSet(choice)) (options ??= {}).toolChoice = readToolChoice(choice);
  if (isSet(parallel)) {
    if (typeof parallel !== 'boolean')
      throw invalidField('parallel_tool_calls', 'invalid_type', `Invalid 'parallel_tool_calls': expected a boolean, got ${typeOf(parallel)}.`);
    (options ??= {}).parallelToolCalls = parallel;
  }
  if (isSet(text)) {
    if (!isObject(text))
      throw invalidField('text', 'invalid_type', `Invalid 'text': expected an object such as { format: { type: 'json_object' } }, got ${typeOf(text)}.`);
    if (isSet(text['verbosity'])) throw unsupportedField('text.verbosity', 'no provider behind this gateway takes a verbosity setting.');
    if (isSet(text['format'])) (options ??= {}).responseFormat = readFormat(text['format']);
  }
  return options;
}

function readToolChoice(choice: unknown): ToolChoice {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (isObject(choice) && choice['type'] === 'function') return { type: 'tool', name: readString(choice['name'], 'tool_choice.name') };
  if (isObject(choice) && typeof choice['type'] === 'string')
    throw unsupportedField(
      'tool_choice.type',
      `'${choice['type']}' names a built-in tool or tool set; use 'auto', 'none', 'required' or { type: 'function', name }.`,
    );
  throw invalidField(
    'tool_choice',
    'invalid_value',
    `Invalid 'tool_choice': expected 'auto', 'none', 'required' or { type: 'function', name }, got ${JSON.stringify(choice)}.`,
  );
}

function readFormat(format: unknown): ResponseFormat {
  if (!isObject(format))
    throw invalidField('text.format', 'invalid_type', `Invalid 'text.format': expected an object such as { type: 'json_object' }, got ${typeOf(format)}.`);
  const type = format['type'];
  if (type === 'text') return { type: 'text' };
  if (type === 'json_object') return { type: 'json' };
  if (type === 'json_schema') {
    const { name, schema, description, strict } = format;
    if (!isObject(schema)) throw invalidField('text.format.schema', 'invalid_value', "Invalid 'text.format.schema': expected a JSON Schema object.");
    return {
      type: 'json_schema',
      schema,
      ...(typeof name === 'string' ? { name } : {}),
      ...(typeof description === 'string' ? { description } : {}),
      ...(typeof strict === 'boolean' ? { strict } : {}),
    };
  }
  throw invalidField(
    'text.format.type',
    'invalid_value',
    `Invalid 'text.format.type': expected 'text', 'json_object' or 'json_schema', got ${JSON.stringify(type) ?? 'nothing'}.`,
  );
}
