import type { FinishReason } from '@switchboard/core';

/** OpenAI's finish reasons; `error`, `other` and `unknown` have no counterpart there and read as `stop`. */
export type OpenAIFinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls';

export function openAIFinishReason(reason: FinishReason): OpenAIFinishReason {
  switch (reason) {
    case 'length':
      return 'length';
    case 'content-filter':
      return 'content_filter';
    case 'tool-calls':
      return 'tool_calls';
    default:
      return 'stop';
  }
}
