import type { Message, ToolCall } from '@switchboard/core';
import { openAIErrorReply } from '../errors/openai-error-reply.js';
import type { GatewayRuntime } from '../gateway-runtime.js';
import type { ApiFace } from '../pipeline/api-face.js';
import { createResponsesStreamWriter } from './create-responses-stream-writer.js';
import { type ResponsesRequest, readResponsesRequest } from './read-responses-request.js';
import { finishedStatus, outputItems, responseObject, responsesId } from './response-object.js';
import type { ResponseStore } from './response-store.js';

/**
 * OpenAI's Responses API (`POST /v1/responses`) over the pipeline: its reader, its response
 * object and semantic events, OpenAI's error shape, and the store behind `previous_response_id`
 * (undefined: nothing is kept).
 */
export function createResponsesFace(runtime: GatewayRuntime, store: ResponseStore | undefined): ApiFace<ResponsesRequest> {
  /** Keeps a complete answer for `previous_response_id`: the conversation and the answer, as the next request continues it. */
  const remember = (id: string, request: ResponsesRequest, text: string, toolCalls: readonly ToolCall[]) => {
    if (!store || !request.store) return;
    const answer: Message = toolCalls.length > 0 ? { role: 'assistant', content: text, toolCalls } : { role: 'assistant', content: text };
    Promise.resolve(store.set(id, { messages: [...request.conversation, answer] }))
      .then((kept) => {
        if (!kept) runtime.logger.info({ id }, 'response not stored: larger than the response store takes');
      })
      .catch((error: unknown) => runtime.logger.warn({ err: error, id }, 'response not stored'));
  };
  return {
    route: 'responses',
    read: (body) => readResponsesRequest(body, store),
    errorReply: (error) => openAIErrorReply(error),
    answer({ result, warnings }, { request, createdAt }) {
      const id = responsesId('resp');
      remember(id, request, result.text, result.toolCalls);
      const frame = { id, createdAt: Math.floor(createdAt / 1000), request, model: result.model, provider: result.provider };
      return responseObject(frame, {
        status: finishedStatus(result.finishReason),
        output: outputItems(result.text, result.toolCalls),
        usage: result.usage,
        finishReason: result.finishReason,
        warnings,
      });
    },
    streamWriter(context) {
      const id = responsesId('resp');
      return createResponsesStreamWriter({ context, id, remember: ({ text, toolCalls }) => remember(id, context.request, text, toolCalls) });
    },
  };
}
