import type { LoadedMedia, Message, ProviderCallOptions } from '@switchboard/core/provider';
import { toOpenAIMessages } from './to-openai-messages.js';
import { toOpenAIToolFields } from './to-openai-tool-fields.js';

/** What {@link buildRequest} puts in the request. */
export interface BuildRequestOptions extends Partial<Pick<ProviderCallOptions, 'tools' | 'toolChoice' | 'parallelToolCalls' | 'responseFormat'>> {
  /** The provider-side model name. */
  model: string;
  messages: readonly Message[];
  media: readonly LoadedMedia[];
  /** The call's provider options (`temperature`, `max_tokens`…), already checked by `checkCallOptions`. */
  extra: Readonly<Record<string, unknown>>;
  /** Ask for server-sent events (else one JSON answer). */
  stream: boolean;
}

/** A chat request ready for the wire. */
export interface ChatRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * `POST {baseUrl}/chat/completions`: the JSON body and the headers that go with it. After the
 * messages come the call's tools and response format (`tools`, `tool_choice`,
 * `parallel_tool_calls`, `response_format`), then its extra options as given, then the fields the
 * provider owns (`stream`, and `stream_options` so that OpenAI-style servers send usage while
 * streaming).
 */
export function buildRequest({ model, messages, media, extra, stream, ...toolOptions }: BuildRequestOptions): ChatRequest {
  const body: Record<string, unknown> = { model, messages: toOpenAIMessages(messages, media), ...toOpenAIToolFields(toolOptions) };
  for (const key in extra) if (extra[key] !== undefined) body[key] = extra[key];
  body.stream = stream;
  // Without it, OpenAI-style servers send no usage at all in stream mode.
  if (stream) body.stream_options = { include_usage: true };
  return { body: JSON.stringify(body), headers: { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json' } };
}
