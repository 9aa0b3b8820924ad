import type { Message, ToolCall } from '@switchboard/core';
import { openAIErrorReply } from '../errors/openai-error-reply.js';
import type { GatewayRuntime } from '../gateway-runtime.js';
import type { ApiFace } from '../pipeline/api-face.js';
import { createResponsesStreamWriter } from './create-responses-stream-writer.js';
import { type ResponsesRequest, readResponsesRequest } from './read-responses-request.js';
import { finishedStatus, type OutputItem, outputItems, responseObject, responsesId } from './response-object.js';
import type { ResponseStore, StoredEntry } from './response-store.js';

/**
 * OpenAI's Responses API (`POST /v1/responses`) over the pipeline: its reader, its response
 * object and semantic events, OpenAI's error shape, and the store behind `previous_response_id`
 * (undefined: nothing is kept).
 */
export function createResponsesFace(runtime: GatewayRuntime, store: ResponseStore | undefined): ApiFace<ResponsesRequest> {
  const keep = (id: string, entry: StoredEntry) =>
    Promise.resolve(store!.set(id, entry))
      .then((kept) => {
        if (!kept) runtime.logger.info({ id }, 'response not stored: larger than the response store takes');
      })
      .catch((error: unknown) => runtime.logger.warn({ err: error, id }, 'response not stored'));
  /**
   * Keeps a complete answer for `previous_response_id` (the conversation and the answer, as the
   * next request continues it) and each of its output items for `item_reference` inputs.
   */
  const remember = (id: string, request: ResponsesRequest, text: string, toolCalls: readonly ToolCall[], output: readonly OutputItem[]) => {
    if (!store || !request.store) return;
    const answer: Message = toolCalls.length > 0 ? { role: 'assistant', content: text, toolCalls } : { role: 'assistant', content: text };
    void keep(id, { messages: [...request.conversation, answer] });
    for (const item of output) void keep(item.id, { item });
  };
  return {
    route: 'responses',
    read: (body) => readResponsesRequest(body, store),
    errorReply: (error, request) => openAIErrorReply(error, { params: request?.params, messagePaths: request?.messagePaths, flatTools: true }),
    answer({ result, warnings }, { request, createdAt }) {
      const id = responsesId('resp');
      const output = outputItems(result.text, result.toolCalls);
      remember(id, request, result.text, result.toolCalls, output);
      const frame = { id, createdAt: Math.floor(createdAt / 1000), request, model: result.model, provider: result.provider };
      return responseObject(frame, {
        status: finishedStatus(result.finishReason),
        output,
        usage: result.usage,
        finishReason: result.finishReason,
        warnings,
      });
    },
    streamWriter(context) {
      const id = responsesId('resp');
      return createResponsesStreamWriter({ context, id, remember: ({ text, toolCalls, output }) => remember(id, context.request, text, toolCalls, output) });
    },
  };
}
