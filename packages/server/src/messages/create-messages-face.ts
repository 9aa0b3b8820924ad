import { anthropicErrorFrom } from '../errors/anthropic-error-from.js';
import type { ApiFace } from '../pipeline/api-face.js';
import { anthropicMessage, anthropicStopReason, contentBlocks, messageId } from './anthropic-message.js';
import { createMessagesStreamWriter } from './create-messages-stream-writer.js';
import { type MessagesRequest, readMessagesRequest } from './read-messages-request.js';

/** Anthropic's Messages API (`POST /v1/messages`) over the pipeline: its reader, its message object and stream events, Anthropic's error shape. */
export function createMessagesFace(): ApiFace<MessagesRequest> {
  return {
    route: 'messages',
    read: (body) => readMessagesRequest(body),
    errorReply: (error, request) => anthropicErrorFrom(error, { params: request?.params, messagePaths: request?.messagePaths, flatTools: true }),
    answer: ({ result, warnings }) =>
      anthropicMessage({
        id: messageId(),
        model: result.model,
        provider: result.provider,
        content: contentBlocks(result.text, result.toolCalls),
        stopReason: anthropicStopReason(result.finishReason),
        usage: result.usage,
        warnings,
      }),
    streamWriter: () => createMessagesStreamWriter(messageId()),
  };
}
