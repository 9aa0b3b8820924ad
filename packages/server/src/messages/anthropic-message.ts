import { randomUUID } from 'node:crypto';
import type { FinishReason, ToolCall, Usage } from '@switchboard/core';
import type { GatewayWarning } from '../chat/gateway-warning.js';

/** A fresh message id: `msg_` and 32 hex digits of a random UUID. */
export const messageId = () => `msg_${randomUUID().replaceAll('-', '')}`;

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

/**
 * Why the answer ended, in Anthropic's words. The providers do not say which stop sequence
 * ended an answer, so a stop is `end_turn` (with `stop_sequence: null`).
 */
const STOP_REASONS: Readonly<Partial<Record<FinishReason, AnthropicStopReason>>> = {
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
};

export const anthropicStopReason = (reason: FinishReason): AnthropicStopReason => STOP_REASONS[reason] ?? 'end_turn';

/** Token counts in Anthropic's spelling; 0 where the provider reported none (Anthropic's clients require both numbers). */
export const anthropicUsage = (usage: Usage | undefined) => ({ input_tokens: usage?.promptTokens ?? 0, output_tokens: usage?.completionTokens ?? 0 });

export type ContentBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

/** A tool call's arguments as the `input` object Anthropic's clients expect (a call whose arguments are not JSON keeps them as a string). */
export function toolInput(args: string): unknown {
  if (args.trim() === '') return {};
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

/** The answer's content blocks: its text (when there is any, or nothing else), then each tool call as a `tool_use` block. */
export function contentBlocks(text: string, toolCalls: readonly ToolCall[]): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  if (text !== '' || toolCalls.length === 0) blocks.push({ type: 'text', text });
  for (const call of toolCalls) blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) });
  return blocks;
}

/** Anthropic's message object, with the provider that answered (and warnings, when any). */
export function anthropicMessage(fields: {
  id: string;
  model: string;
  provider: string;
  content: ContentBlock[];
  stopReason: AnthropicStopReason | null;
  usage: Usage | undefined;
  warnings?: readonly GatewayWarning[];
}) {
  return {
    id: fields.id,
    type: 'message',
    role: 'assistant',
    model: fields.model,
    provider: fields.provider,
    content: fields.content,
    stop_reason: fields.stopReason,
    stop_sequence: null,
    usage: anthropicUsage(fields.usage),
    ...(fields.warnings && fields.warnings.length > 0 ? { warnings: fields.warnings } : {}),
  };
}
