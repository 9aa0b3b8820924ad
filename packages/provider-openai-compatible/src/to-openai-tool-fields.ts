import type { ProviderCallOptions, ResponseFormat, ToolChoice } from '@switchboard/core/provider';

/** The request fields a call's tools and response format become. */
export interface OpenAIToolFields {
  tools?: { type: 'function'; function: { name: string; description?: string; parameters: unknown; strict?: boolean } }[];
  tool_choice?: 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };
  parallel_tool_calls?: boolean;
  response_format?: { type: 'json_object' } | { type: 'json_schema'; json_schema: { name: string; schema: unknown; strict: boolean; description?: string } };
}

/**
 * A call's tools, tool choice and response format in OpenAI's words. Only what the call set is
 * written, and `{ type: 'text' }` not at all: it is what a server does anyway, and servers
 * without `response_format` support would refuse the field.
 */
export function toOpenAIToolFields(options: Pick<ProviderCallOptions, 'tools' | 'toolChoice' | 'parallelToolCalls' | 'responseFormat'>): OpenAIToolFields {
  const fields: OpenAIToolFields = {};
  if (options.tools?.length) {
    fields.tools = options.tools.map(({ name, description, parameters, strict }) => ({
      type: 'function',
      function: { name, ...(description !== undefined ? { description } : {}), parameters, ...(strict !== undefined ? { strict } : {}) },
    }));
  }
  if (options.toolChoice !== undefined) fields.tool_choice = toolChoice(options.toolChoice);
  if (options.parallelToolCalls !== undefined) fields.parallel_tool_calls = options.parallelToolCalls;
  const format = options.responseFormat && responseFormat(options.responseFormat);
  if (format) fields.response_format = format;
  return fields;
}

function toolChoice(choice: ToolChoice): NonNullable<OpenAIToolFields['tool_choice']> {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function responseFormat(format: ResponseFormat): OpenAIToolFields['response_format'] {
  if (format.type === 'text') return undefined;
  if (format.type === 'json') return { type: 'json_object' };
  const { name = 'response', schema, strict = true, description } = format;
  // The defaults are the contract's: OpenAI requires a name, and strict is what a schema is asked for.
  return { type: 'json_schema', json_schema: { name, schema, strict, ...(description !== undefined ? { description } : {}) } };
}
