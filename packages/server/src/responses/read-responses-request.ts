import type { Message } from '@switchboard/core';
import { GatewayError } from '../errors/gateway-error.js';
import type { ApiRequest } from '../pipeline/api-face.js';
import type { RequestImages } from '../pipeline/request-images.js';
import { readSettingFields, sortRequestFields } from '../pipeline/sort-request-fields.js';
import { invalidField, isObject, isSet, readFlag, readModelName, typeOf } from '../pipeline/read-fields.js';
import { readResponsesInput, referencedItemIds } from './read-responses-input.js';
import { readResponsesTools } from './read-responses-tools.js';
import type { ResponseStore } from './response-store.js';

/** A `POST /v1/responses` body, read. */
export interface ResponsesRequest extends ApiRequest {
  /** The conversation without `instructions` (which are not carried over to a continuation): what is stored with the answer. */
  conversation: Message[];
  previousResponseId: string | null;
  /** Keep the response for `previous_response_id` (`store`, true unless false). */
  store: boolean;
  /** The request's fields the response object repeats (`instructions`, `tools`, `temperature`…), as sent. */
  echo: Readonly<Record<string, unknown>>;
}

/** The Responses fields that are standard call settings, with the setting each becomes. */
const SETTING_FIELDS = { temperature: 'temperature', top_p: 'topP', max_output_tokens: 'maxOutputTokens' } as const;

/** Fields read elsewhere in this file. */
const READ = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'text',
  'stream',
  'stream_options',
  'previous_response_id',
  'store',
  'metadata',
  ...Object.keys(SETTING_FIELDS),
]);

/** Fields that would change what the answer is, which no provider here can do: a 400 naming them. */
const REFUSED: Readonly<Record<string, string>> = {
  reasoning: 'reasoning effort and summaries are settings of OpenAI reasoning models; no provider behind this gateway takes them.',
  background: 'responses are answered while the request waits (or streamed); background runs are not kept here.',
  conversation: "OpenAI's conversation objects are not kept here; continue a conversation with previous_response_id.",
  prompt: "OpenAI's stored prompt templates are not reachable from here; send the instructions and input themselves.",
  include: 'no extra output data (logprobs, sources, encrypted reasoning) is produced here.',
  top_logprobs: 'log probabilities are not passed back by the providers behind this gateway.',
  max_tool_calls: 'built-in tool calls are not made here, so there is nothing to limit.',
  context_management: 'context compaction is not done here.',
};

/** Fields accepted and passed to no provider, because they change nothing in the answer. */
const IGNORED: Readonly<Record<string, string>> = {
  user: 'it identifies the end user to OpenAI, not to these providers.',
  safety_identifier: 'it identifies the end user to OpenAI, not to these providers.',
  prompt_cache_key: 'prompt caching is each provider’s own; nothing is cached by key here.',
  prompt_cache_retention: 'prompt caching is each provider’s own; nothing is cached by key here.',
  service_tier: 'the gateway routes by its own configuration.',
  truncation: 'the input is never truncated here; an input too long for the model is an error.',
};

const POLICY = { read: READ, refused: REFUSED, ignored: IGNORED, api: 'the Responses API' } as const;

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Reads a Responses API request: its input items as the registry's messages (continuing a stored
 * conversation for `previous_response_id`), its function tools and text format as call options,
 * and its sampling fields as the standard call settings. Every field is read once; one the gateway
 * cannot honour is a 400 naming it, one that changes nothing is passed to no provider and named in
 * a warning. Nothing is dropped silently.
 */
export async function readResponsesRequest(body: unknown, store: ResponseStore | undefined): Promise<ResponsesRequest> {
  if (!isObject(body)) throw invalidField(null, 'invalid_body', `The request body must be a JSON object with 'model' and 'input', got ${typeOf(body)}.`);
  const warnings = sortRequestFields(body, POLICY);
  const model = readModelName(body['model']);
  const stream = readFlag(body, 'stream') === true;
  if (isSet(body['stream_options']) && !stream)
    throw invalidField('stream_options', 'invalid_value', "Invalid 'stream_options': only allowed when 'stream' is true.");
  const instructions = body['instructions'];
  if (isSet(instructions) && typeof instructions !== 'string')
    throw invalidField('instructions', 'invalid_type', `Invalid 'instructions': expected a string, got ${typeOf(instructions)}.`);
  const metadata = body['metadata'];
  if (isSet(metadata) && !isObject(metadata))
    throw invalidField('metadata', 'invalid_type', `Invalid 'metadata': expected an object of strings, got ${typeOf(metadata)}.`);
  const previous = body['previous_response_id'];
  if (isSet(previous) && typeof previous !== 'string')
    throw invalidField('previous_response_id', 'invalid_type', `Invalid 'previous_response_id': expected a response id string, got ${typeOf(previous)}.`);
  if (!isSet(body['input'])) throw invalidField('input', 'missing_required_parameter', "Missing required parameter: 'input'.");

  const images: RequestImages = { remote: [], total: 0 };
  const references = new Map<string, Readonly<Record<string, unknown>> | undefined>();
  if (store) {
    for (const id of referencedItemIds(body['input'])) {
      if (references.has(id)) continue;
      const found = await store.get(id);
      references.set(id, found && 'item' in found ? found.item : undefined);
    }
  }
  const inputPaths: string[] = [];
  const input = readResponsesInput(body['input'], images, references, inputPaths);
  const tools = readResponsesTools(body);
  const { settings, params } = readSettingFields(body, SETTING_FIELDS);

  let conversation = input;
  let earlier: string[] = [];
  if (typeof previous === 'string') {
    const stored = store ? await store.get(previous) : undefined;
    if (!stored || !('messages' in stored)) throw previousNotFound(previous, store !== undefined);
    conversation = [...stored.messages, ...input];
    earlier = stored.messages.map(() => 'previous_response_id');
  }
  const instructed = typeof instructions === 'string';
  const messages = instructed ? [{ role: 'system' as const, content: instructions }, ...conversation] : conversation;
  const messagePaths = [...(instructed ? ['instructions'] : []), ...earlier, ...inputPaths];
  return {
    model,
    messages,
    conversation,
    stream,
    tools,
    settings,
    params: params ?? NO_PARAMS,
    images,
    messagePaths,
    warnings,
    previousResponseId: typeof previous === 'string' ? previous : null,
    store: readFlag(body, 'store') !== false && store !== undefined,
    echo: {
      instructions: instructions ?? null,
      metadata: metadata ?? {},
      temperature: body['temperature'] ?? null,
      top_p: body['top_p'] ?? null,
      max_output_tokens: body['max_output_tokens'] ?? null,
      tools: body['tools'] ?? [],
      tool_choice: body['tool_choice'] ?? 'auto',
      parallel_tool_calls: body['parallel_tool_calls'] ?? true,
      text: isObject(body['text']) && isSet(body['text']['format']) ? { format: body['text']['format'] } : { format: { type: 'text' } },
    },
  };
}

function previousNotFound(id: string, storing: boolean): GatewayError {
  return new GatewayError({
    status: 404,
    type: 'invalid_request_error',
    code: 'previous_response_not_found',
    param: 'previous_response_id',
    message: storing
      ? `Previous response with id '${id}' not found. This gateway keeps the responses it made for a limited time and number (storedResponses), and none made with store: false.`
      : `Previous response with id '${id}' not found: this gateway keeps no responses (storedResponses: false). Send the whole conversation as input instead.`,
  });
}
