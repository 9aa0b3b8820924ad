import type { FinishReason } from '@switchboard/core/provider';

/**
 * OpenAI's `finish_reason` as a Switchboard finish reason: `tool_calls` (and the legacy
 * `function_call`) is `tool-calls`; a reason a server invents is `other`; a missing or null
 * reason is `undefined` (not finished yet).
 */
export function mapFinishReason(reason: unknown): FinishReason | undefined {
  if (reason === null || reason === undefined) return undefined;
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'error':
      return 'error';
    default:
      return typeof reason === 'string' ? 'other' : 'unknown';
  }
}
