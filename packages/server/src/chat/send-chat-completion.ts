import type { ToolCall } from '@switchboard/core';
import type { ChatCall, ChatOutcome } from './chat-call.js';
import { completionId } from './completion-id.js';
import { collectWarnings } from './gateway-warning.js';
import { openAIFinishReason } from './openai-finish-reason.js';
import { openAIUsage } from './openai-usage.js';
import { switchboardHeaders } from './switchboard-headers.js';

/** Answers a non-streaming request: one `chat.completion` body, serialized by the route's response schema. */
export async function sendChatCompletion({ chat, model, options, reply, runtime }: ChatCall): Promise<ChatOutcome> {
  const result = await model.generate(chat.messages, options);
  const warnings = collectWarnings(result.warnings, chat.ignored);
  reply.headers(switchboardHeaders({ provider: result.provider, model: result.model, attempts: result.attempts, warnings }));
  if (runtime.calls.closing) reply.header('connection', 'close');
  reply.send({
    id: completionId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: result.model,
    provider: result.provider,
    choices: [{ index: 0, message: assistantMessage(result.text, result.toolCalls), logprobs: null, finish_reason: openAIFinishReason(result.finishReason) }],
    usage: openAIUsage(result.usage),
    warnings: warnings.length > 0 ? warnings : undefined,
  });
  return { status: 200, provider: result.provider, model: result.model, attempts: result.attempts, usage: result.usage, text: result.text };
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
