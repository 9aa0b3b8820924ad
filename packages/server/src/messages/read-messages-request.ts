import type { Message, ToolChoice, ToolDefinition } from '@switchboard/core';
import { ignoredFieldWarning } from '../chat/gateway-warning.js';
import type { ToolOptions } from '../chat/read-tool-options.js';
import type { ApiRequest } from '../pipeline/api-face.js';
import { readSettingFields, sortRequestFields } from '../pipeline/sort-request-fields.js';
import { invalidField, isObject, isSet, readFlag, readModelName, readString, typeOf, unsupportedField } from '../pipeline/read-fields.js';
import { type BlockNotes, readAnthropicMessages } from './read-anthropic-messages.js';

/** A `POST /v1/messages` body, read. */
export interface MessagesRequest extends ApiRequest {
  /** The provider-independent parts a token estimate counts: the system text and tool definitions. */
  system: string;
}

/** The Messages fields that are standard call settings, with the setting each becomes. */
const SETTING_FIELDS = { max_tokens: 'maxOutputTokens', temperature: 'temperature', top_p: 'topP', top_k: 'topK', stop_sequences: 'stopSequences' } as const;

const READ = new Set(['model', 'messages', 'system', 'tools', 'tool_choice', 'stream', 'metadata', ...Object.keys(SETTING_FIELDS)]);

/** Fields that would change what the answer is, which no provider here can do: a 400 naming them. */
const REFUSED: Readonly<Record<string, string>> = {
  thinking: 'extended thinking is a feature of Claude models; no provider behind this gateway takes it.',
  container: "containers belong to Anthropic's code execution tool, which no provider here runs.",
  mcp_servers: 'MCP servers are not called by this gateway.',
  output_config:
    'output effort and format settings of Claude models are not taken by providers here; ask for JSON in the prompt, or use /v1/chat/completions with response_format.',
  context_management: 'context editing is not done here.',
};

/** Fields accepted and passed to no provider, because they change nothing in the answer. */
const IGNORED: Readonly<Record<string, string>> = {
  metadata: 'it identifies the end user to Anthropic, not to these providers.',
  cache_control: 'prompt caching is each provider’s own; nothing is cached here, so the request costs what it costs uncached.',
  service_tier: 'the gateway routes by its own configuration.',
  inference_geo: 'the gateway routes by its own configuration.',
  speed: 'the gateway routes by its own configuration.',
};

const POLICY = { read: READ, refused: REFUSED, ignored: IGNORED, api: "Anthropic's Messages API" } as const;

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Reads an Anthropic Messages request: `system` and `messages` as the registry's messages, custom
 * tools and `tool_choice` as call options, `max_tokens` (required, as Anthropic requires it),
 * `temperature`, `top_p`, `top_k` and `stop_sequences` as the standard call settings. Server tools
 * (web search, code execution…) and `thinking` are a 400 naming them; `metadata` and
 * `cache_control` change nothing in the answer and are named in a warning. `countOnly` reads a
 * `count_tokens` body, which has no `max_tokens`.
 */
export function readMessagesRequest(body: unknown, { countOnly = false }: { countOnly?: boolean } = {}): MessagesRequest {
  if (!isObject(body))
    throw invalidField(null, 'invalid_body', `The request body must be a JSON object with 'model', 'max_tokens' and 'messages', got ${typeOf(body)}.`);
  const warnings = sortRequestFields(body, POLICY);
  if (isSet(body['metadata'])) warnings.push(ignoredFieldWarning('metadata', IGNORED['metadata']!));
  const model = readModelName(body['model']);
  if (!countOnly && !isSet(body['max_tokens']))
    throw invalidField('max_tokens', 'missing_required_parameter', "Missing required parameter: 'max_tokens' (Anthropic's API requires it).");
  const notes: BlockNotes = { images: { remote: [], total: 0 }, cacheControl: false };
  const system = readSystem(body['system'], notes);
  const paths: string[] = [];
  const conversation = readAnthropicMessages(body['messages'], notes, paths);
  const tools = readTools(body, notes);
  if (notes.cacheControl && !isSet(body['cache_control'])) warnings.push(ignoredFieldWarning('cache_control', IGNORED['cache_control']!));

  // A count makes no call: its settings are not read (nor checked).
  const { settings, params } = countOnly ? { settings: undefined, params: undefined } : readSettingFields(body, SETTING_FIELDS);
  const messages: Message[] = system === '' ? conversation : [{ role: 'system', content: system }, ...conversation];
  const messagePaths = system === '' ? paths : ['system', ...paths];
  return {
    model,
    messages,
    system,
    stream: readFlag(body, 'stream') === true,
    tools,
    settings,
    params: params ?? NO_PARAMS,
    images: notes.images,
    messagePaths,
    warnings,
  };
}

/** `system`: a string, or text blocks (joined with blank lines, as separate paragraphs). */
function readSystem(system: unknown, notes: BlockNotes): string {
  if (!isSet(system)) return '';
  if (typeof system === 'string') return system;
  if (!Array.isArray(system))
    throw invalidField('system', 'invalid_type', `Invalid 'system': expected a string or an array of text blocks, got ${typeOf(system)}.`);
  const texts: string[] = [];
  for (let index = 0; index < system.length; index++) {
    const block: unknown = system[index];
    if (!isObject(block) || block['type'] !== 'text')
      throw invalidField(`system[${index}]`, 'invalid_value', `Invalid 'system[${index}]': expected a text block { type: 'text', text }.`);
    if (isSet(block['cache_control'])) notes.cacheControl = true;
    texts.push(readString(block['text'], `system[${index}].text`));
  }
  return texts.join('\n\n');
}

/** Custom tools (`{ name, description, input_schema }`) and `tool_choice` as call options; server tools (`type: 'web_search_20250305'`…) are a 400. */
function readTools(body: Readonly<Record<string, unknown>>, notes: BlockNotes): ToolOptions | undefined {
  const { tools, tool_choice: choice } = body;
  let options: ToolOptions | undefined;
  if (isSet(tools)) {
    if (!Array.isArray(tools)) throw invalidField('tools', 'invalid_type', `Invalid 'tools': expected an array of tools, got ${typeOf(tools)}.`);
    (options ??= {}).tools = tools.map((tool: unknown, index): ToolDefinition => {
      const at = `tools[${index}]`;
      if (!isObject(tool)) throw invalidField(at, 'invalid_type', `Invalid '${at}': expected a tool object, got ${typeOf(tool)}.`);
      if (isSet(tool['type']) && tool['type'] !== 'custom')
        throw unsupportedField(
          `${at}.type`,
          `'${String(tool['type'])}' is one of Anthropic's server tools, which run on Anthropic's servers; this gateway's providers take custom tools ({ name, description, input_schema }).`,
        );
      if (isSet(tool['cache_control'])) notes.cacheControl = true;
      const schema = tool['input_schema'];
      if (!isObject(schema)) throw invalidField(`${at}.input_schema`, 'invalid_value', `Invalid '${at}.input_schema': expected a JSON Schema object.`);
      const { description, strict } = tool;
      return {
        name: readString(tool['name'], `${at}.name`),
        ...(typeof description === 'string' ? { description } : {}),
        parameters: schema,
        ...(typeof strict === 'boolean' ? { strict } : {}),
      };
    });
  }
  if (isSet(choice)) {
    if (!isObject(choice))
      throw invalidField('tool_choice', 'invalid_type', `Invalid 'tool_choice': expected an object such as { type: 'auto' }, got ${typeOf(choice)}.`);
    const type = choice['type'];
    const toolChoice: ToolChoice | undefined =
      type === 'auto'
        ? 'auto'
        : type === 'any'
          ? 'required'
          : type === 'none'
            ? 'none'
            : type === 'tool'
              ? { type: 'tool', name: readString(choice['name'], 'tool_choice.name') }
              : undefined;
    if (toolChoice === undefined)
      throw invalidField(
        'tool_choice.type',
        'invalid_value',
        `Invalid 'tool_choice.type': expected 'auto', 'any', 'tool' or 'none', got ${JSON.stringify(type) ?? 'nothing'}.`,
      );
    (options ??= {}).toolChoice = toolChoice;
    // Anthropic's "at most one tool call" is the registry's parallelToolCalls: false.
    if (choice['disable_parallel_tool_use'] === true) options.parallelToolCalls = false;
  }
  return options;
}
