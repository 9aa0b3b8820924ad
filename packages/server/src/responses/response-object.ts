import { randomUUID } from 'node:crypto';
import type { FinishReason, ToolCall, Usage } from '@switchboard/core';
import type { GatewayWarning } from '../chat/gateway-warning.js';
import type { ResponsesRequest } from './read-responses-request.js';

/** A fresh id with an OpenAI prefix (`resp`, `msg`, `fc`): 32 hex digits of a random UUID, unguessable. */
export const responsesId = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '')}`;

/** An output item: the assistant's message or one function call. */
export type OutputItem =
  | { type: 'message'; id: string; status: 'in_progress' | 'completed'; role: 'assistant'; content: OutputText[] }
  | { type: 'function_call'; id: string; call_id: string; name: string; arguments: string; status: 'in_progress' | 'completed' };

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: [];
  logprobs: [];
}

export const outputText = (text: string): OutputText => ({ type: 'output_text', text, annotations: [], logprobs: [] });

/**
 * Token counts in the Responses API's spelling. OpenAI's clients require the numbers (the AI SDK
 * fails without them), so counts a provider did not report are 0, as are the details none reports.
 */
export function responsesUsage(usage: Usage | undefined) {
  const input = usage?.promptTokens ?? 0;
  const output = usage?.completionTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage?.totalTokens ?? input + output,
  };
}

/** What stays the same in every snapshot of one response (`response.created` to `response.completed`). */
export interface ResponseFrame {
  id: string;
  /** Unix seconds. */
  createdAt: number;
  request: ResponsesRequest;
  /** The provider-side model that answers, and its provider. */
  model: string;
  provider: string;
}

/** Where a response is: being made, done, cut short by a limit, or failed. */
export interface ResponseState {
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  output: readonly OutputItem[];
  usage?: Usage | undefined;
  finishReason?: FinishReason;
  error?: { code: string | null; message: string };
  warnings?: readonly GatewayWarning[];
}

/** The response object as OpenAI defines it, with the provider that answered (and warnings, when any). */
export function responseObject({ id, createdAt, request, model, provider }: ResponseFrame, state: ResponseState) {
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status: state.status,
    error: state.error ? { code: state.error.code ?? 'server_error', message: state.error.message } : null,
    incomplete_details: state.status === 'incomplete' ? { reason: state.finishReason === 'content-filter' ? 'content_filter' : 'max_output_tokens' } : null,
    model,
    provider,
    output: state.output,
    previous_response_id: request.previousResponseId,
    store: request.store,
    truncation: 'disabled',
    ...request.echo,
    // A response in progress has no usage yet.
    ...(state.status === 'in_progress' ? {} : { usage: responsesUsage(state.usage) }),
    ...(state.warnings && state.warnings.length > 0 ? { warnings: state.warnings } : {}),
  };
}

/** The status a finished answer has: `incomplete` when a limit or a filter cut it. */
export const finishedStatus = (reason: FinishReason) => (reason === 'length' || reason === 'content-filter' ? 'incomplete' : 'completed');

/** The output items of a whole answer: its text as one message (when there is text), then each function call. */
export function outputItems(text: string, toolCalls: readonly ToolCall[]): OutputItem[] {
  const items: OutputItem[] = [];
  if (text !== '' || toolCalls.length === 0)
    items.push({ type: 'message', id: responsesId('msg'), status: 'completed', role: 'assistant', content: [outputText(text)] });
  for (const call of toolCalls)
    items.push({ type: 'function_call', id: responsesId('fc'), call_id: call.id, name: call.name, arguments: call.arguments, status: 'completed' });
  return items;
}
