import {
  type CallSettings,
  type LoadedMedia,
  type Message,
  OPENAI_SETTING_FIELDS,
  type OpenAISettingField,
  type ProviderCallOptions,
} from '@switchboard/core/provider';
import { toOpenAIMessages } from './to-openai-messages.js';
import { toOpenAIToolFields } from './to-openai-tool-fields.js';

/** What {@link buildRequest} puts in the request. */
export interface BuildRequestOptions extends Partial<Pick<ProviderCallOptions, 'tools' | 'toolChoice' | 'parallelToolCalls' | 'responseFormat'>> {
  /** The provider-side model name. */
  model: string;
  messages: readonly Message[];
  media: readonly LoadedMedia[];
  /** The call's standard settings this model honours (the registry hands over no others). */
  settings: Readonly<CallSettings>;
  /** The request field `maxOutputTokens` goes in, for this model. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** The call's provider-specific options (`user`, `logit_bias`, `min_p`…), already checked by `checkCallOptions`. */
  extra: Readonly<Record<string, unknown>>;
  /** Ask for server-sent events (else one JSON answer). */
  stream: boolean;
}

/** A chat request ready for the wire. */
export interface ChatRequest {
  body: string;
  headers: Readonly<Record<string, string>>;
}

/**
 * `POST {baseUrl}/chat/completions`: the JSON body and the headers that go with it. After the
 * messages come the call's tools and response format (`tools`, `tool_choice`,
 * `parallel_tool_calls`, `response_format`), its standard settings under OpenAI's names
 * (`temperature`, `max_tokens` or `max_completion_tokens`, `top_p`, `top_k`, `stop`, `seed`,
 * `presence_penalty`, `frequency_penalty`), then its provider-specific options as given, then the
 * fields the provider owns (`stream`, and `stream_options` so that OpenAI-style servers send
 * usage while streaming).
 */
export function buildRequest(options: BuildRequestOptions): ChatRequest {
  // Read field by field: a rest pattern or a spread here copies objects on every request.
  const { settings, extra, stream } = options;
  const body: Record<string, unknown> = { model: options.model, messages: toOpenAIMessages(options.messages, options.media) };
  if (options.tools !== undefined || options.toolChoice !== undefined || options.parallelToolCalls !== undefined || options.responseFormat !== undefined) {
    Object.assign(body, toOpenAIToolFields(options));
  }
  for (const [field, setting] of SETTING_FIELDS) {
    // One field per setting: maxOutputTokens goes in the field this model wants.
    if (settings[setting] === undefined || (setting === 'maxOutputTokens' && field !== options.maxTokensField)) continue;
    body[field] = settings[setting];
  }
  for (const key in extra) if (extra[key] !== undefined) body[key] = extra[key];
  body.stream = stream;
  // Without it, OpenAI-style servers send no usage at all in stream mode.
  if (stream) body.stream_options = { include_usage: true };
  return { body: JSON.stringify(body), headers: stream ? STREAM_HEADERS : JSON_HEADERS };
}

/** The OpenAI field of each standard setting, in the order the body writes them. */
const SETTING_FIELDS = Object.entries(OPENAI_SETTING_FIELDS) as readonly [OpenAISettingField, (typeof OPENAI_SETTING_FIELDS)[OpenAISettingField]][];

// One object per kind of request, never changed: the HTTP client merges each with its own headers once.
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'application/json', accept: 'application/json' });
const STREAM_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'application/json', accept: 'text/event-stream' });
