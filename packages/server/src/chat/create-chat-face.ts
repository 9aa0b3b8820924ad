import type { ToolCall } from '@switchboard/core';
import { openAIErrorReply } from '../errors/openai-error-reply.js';
import type { ApiFace, ApiRequest } from '../pipeline/api-face.js';
import { completionId } from './completion-id.js';
import { createChatStreamWriter } from './create-chat-stream-writer.js';
import { ignoredParameterWarning } from './gateway-warning.js';
import { findChatImages } from './inline-remote-images.js';
import { openAIFinishReason } from './openai-finish-reason.js';
import { openAIUsage } from './openai-usage.js';
import { type ChatRequest, parseChatRequest } from './parse-chat-request.js';

/** A chat completion request, read. */
export interface ChatApiRequest extends ApiRequest {
  chat: ChatRequest;
}

/** OpenAI's chat completions (`POST /v1/chat/completions`) over the pipeline: its reader, `chat.completion` and its chunks, OpenAI's error shape. */
export function createChatFace(): ApiFace<ChatApiRequest> {
  return {
    route: 'chat',
    read(body) {
      const chat = parseChatRequest(body);
      return {
        chat,
        model: chat.model,
        messages: chat.messages,
        stream: chat.stream,
        tools: chat.tools,
        settings: chat.settings,
        params: chat.params,
        images: findChatImages(chat.messages),
        warnings: chat.ignored.map(ignoredParameterWarning),
      };
    },
    errorReply: (error, request) => openAIErrorReply(error, { params: request?.params }),
    answer: ({ result, warnings }, { createdAt }) => ({
      id: completionId(),
      object: 'chat.completion',
      created: Math.floor(createdAt / 1000),
      model: result.model,
      provider: result.provider,
      choices: [{ index: 0, message: assistantMessage(result.text, result.toolCalls), logprobs: null, finish_reason: openAIFinishReason(result.finishReason) }],
      usage: openAIUsage(result.usage),
      warnings: warnings.length > 0 ? warnings : undefined,
    }),
    streamWriter: ({ request, createdAt }) => createChatStreamWriter({ includeUsage: request.chat.includeUsage, created: Math.floor(createdAt / 1000) }),
  };
}

/** The answer as OpenAI's assistant message: its text (null when it only called tools) and its tool calls. */
function assistantMessage(text: string, toolCalls: readonly ToolCall[]) {
  if (toolCalls.length === 0) return { role: 'assistant', content: text };
  return {
    role: 'assistant',
    content: text === '' ? null : text,
    tool_calls: toolCalls.map(({ id, name, arguments: args }) => ({ id, type: 'function', function: { name, arguments: args } })),
  };
}
