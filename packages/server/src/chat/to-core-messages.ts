import type { Message } from '@switchboard/core';

interface OpenAIToolCall {
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown };
}

/**
 * OpenAI's tool-call fields in messages (`tool_calls` on an assistant message, `tool_call_id` on
 * a tool message) spelled the registry's way (`toolCalls`, `toolCallId`). Messages without them
 * are passed as they are (no copy); malformed ones are left for the registry to report.
 */
export function toCoreMessages(messages: readonly unknown[]): Message[] {
  let converted: unknown[] | undefined;
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index] as { tool_calls?: unknown; tool_call_id?: unknown } | null;
    if (message === null || typeof message !== 'object' || (message.tool_calls === undefined && message.tool_call_id === undefined)) continue;
    converted ??= [...messages];
    const { tool_calls: toolCalls, tool_call_id: toolCallId, ...rest } = message as Record<string, unknown>;
    converted[index] = {
      ...rest,
      ...(Array.isArray(toolCalls)
        ? { toolCalls: toolCalls.map((call: OpenAIToolCall) => ({ id: call?.id, name: call?.function?.name, arguments: call?.function?.arguments })) }
        : toolCalls === undefined || toolCalls === null
          ? {}
          : { toolCalls }),
      ...(toolCallId === undefined ? {} : { toolCallId }),
    };
  }
  return (converted ?? messages) as Message[];
}
