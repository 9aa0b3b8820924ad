import type { FinishReason } from '@switchboard/core/provider';

/**
 * OpenAI's `finish_reason` as a Switchboard finish reason. Tool and function calls have no
 * counterpart here (the contract carries text only), so they are `other`, like any reason a
 * server invents; a missing or null reason is `undefined` (not finished yet).
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
    case 'error':
      return 'error';
    default:
      return typeof reason === 'string' ? 'other' : 'unknown';
  }
}
