import type { CallSettings, Message } from '@switchboard/core';
import { GatewayError } from '../errors/gateway-error.js';
import { readModelName } from '../pipeline/read-fields.js';
import { readCallSettings, SETTING_FIELDS } from './read-call-settings.js';
import { readToolOptions, TOOL_FIELDS, type ToolOptions } from './read-tool-options.js';
import { toCoreMessages } from './to-core-messages.js';

/** A `POST /v1/chat/completions` body, as the registry's call. */
export interface ChatRequest {
  /** The model name as the client sent it (an alias, a model, or `provider/model`). */
  model: string;
  /** Checked for shape by the registry, which names the exact place of a problem. */
  messages: Message[];
  /** `tools`, `tool_choice`, `parallel_tool_calls`, `response_format` as the registry's call options (undefined: none). */
  tools: ToolOptions | undefined;
  stream: boolean;
  /** `stream_options.include_usage`: end the stream with a usage chunk. */
  includeUsage: boolean;
  /** `temperature`, `max_tokens`/`max_completion_tokens`, `top_p`, `top_k`, `stop`, `seed` and the penalties, as the standard call settings. */
  settings: CallSettings | undefined;
  /** The registry's argument of each setting → the request field it came from, so an error names the client's field. */
  params: Readonly<Record<string, string>>;
  /**
   * Fields the gateway does not act on (`user`, `logit_bias`, `logprobs`…): no provider gets them,
   * and the answer says so (an `ignored-parameter` warning each). Fields sent as `null` mean "the
   * default" in OpenAI's API and are not listed.
   */
  ignored: readonly string[];
}

const invalid = (param: string | null, code: string, message: string) => new GatewayError({ status: 400, type: 'invalid_request_error', code, param, message });

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});
const NOTHING_IGNORED: readonly string[] = Object.freeze([]);

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Reads the fields the gateway acts on and lists the rest as ignored, in one pass over the body's
 * keys. Only the top level is checked here: the registry checks the messages and the settings, so
 * a bad one is reported with its path (`messages[1].role`, `temperature`) either way.
 */
export function parseChatRequest(body: unknown): ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid(null, 'invalid_body', `The request body must be a JSON object with 'model' and 'messages', got ${typeOf(body)}.`);
  }
  const fields = body as Record<string, unknown>;
  let ignored: string[] | undefined;
  for (const key in fields) {
    if (
      key === 'model' ||
      key === 'messages' ||
      key === 'stream' ||
      key === 'stream_options' ||
      key === 'n' ||
      key in SETTING_FIELDS ||
      (TOOL_FIELDS as readonly string[]).includes(key)
    )
      continue;
    const value = fields[key];
    if (value === null || value === undefined) continue;
    (ignored ??= []).push(key);
  }

  const { messages, stream, stream_options: streamOptions, n } = fields;
  const model = readModelName(fields['model']);
  if (messages === undefined || messages === null) throw invalid('messages', 'missing_required_parameter', "Missing required parameter: 'messages'.");
  if (!Array.isArray(messages)) throw invalid('messages', 'invalid_type', `Invalid 'messages': expected an array of messages, got ${typeOf(messages)}.`);
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    throw invalid('stream', 'invalid_type', `Invalid 'stream': expected a boolean, got ${typeOf(stream)}.`);
  }
  if (n !== undefined && n !== null && n !== 1) {
    throw invalid('n', 'invalid_value', `Invalid 'n': only one choice per request is supported (n: 1), got ${JSON.stringify(n)}.`);
  }
  let includeUsage = false;
  if (streamOptions !== undefined && streamOptions !== null) {
    if (stream !== true) throw invalid('stream_options', 'invalid_value', "Invalid 'stream_options': only allowed when 'stream' is true.");
    if (typeof streamOptions !== 'object' || Array.isArray(streamOptions)) {
      throw invalid('stream_options', 'invalid_type', `Invalid 'stream_options': expected an object, got ${typeOf(streamOptions)}.`);
    }
    const { include_usage: usage } = streamOptions as { include_usage?: unknown };
    if (usage !== undefined && usage !== null && typeof usage !== 'boolean') {
      throw invalid('stream_options.include_usage', 'invalid_type', `Invalid 'stream_options.include_usage': expected a boolean, got ${typeOf(usage)}.`);
    }
    includeUsage = usage === true;
  }
  const read = readCallSettings(fields);
  return {
    model,
    messages: toCoreMessages(messages),
    tools: readToolOptions(fields),
    stream: stream === true,
    includeUsage,
    settings: read?.settings,
    params: read?.params ?? NO_PARAMS,
    ignored: ignored ?? NOTHING_IGNORED,
  };
}
