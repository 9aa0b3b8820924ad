import type { OpenAIErrorBody } from '../errors/openai-error-from.js';
import type { GatewayWarning } from './gateway-warning.js';
import type { OpenAIFinishReason } from './openai-finish-reason.js';
import type { OpenAIUsage } from './openai-usage.js';

/** Server-sent events of one streamed answer, in OpenAI's `chat.completion.chunk` shape. */
export interface ChunkSerializer {
  /** The first chunk: the assistant role, no text yet. */
  role(): string;
  text(text: string): string;
  /** A piece of a tool call: the first piece of each call carries its id and name, later ones only arguments. */
  toolCall(index: number, id: string | undefined, name: string | undefined, argumentsDelta: string): string;
  /** The last chunk with a choice, carrying the finish reason and any warnings. */
  finish(reason: OpenAIFinishReason, warnings: readonly GatewayWarning[]): string;
  /** `stream_options.include_usage`: the chunk with no choices and the token counts (null when unknown). */
  usage(usage: OpenAIUsage | undefined): string;
}

/** The end of a stream that completed. */
export const DONE_EVENT = 'data: [DONE]\n\n';

/**
 * Builds the part of a chunk that never changes within a stream (id, created, model, provider)
 * once, so each text chunk costs one `JSON.stringify` of its text and one concatenation.
 */
export function createChunkSerializer({ id, created, model, provider }: { id: string; created: number; model: string; provider: string }): ChunkSerializer {
  const head = `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"provider":${JSON.stringify(provider)},"choices":[`;
  return {
    role: () => `${head}{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`,
    text: (text) => `${head}{"index":0,"delta":{"content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}]}\n\n`,
    toolCall(index, id, name, argumentsDelta) {
      const call =
        id === undefined ? { index, function: { arguments: argumentsDelta } } : { index, id, type: 'function', function: { name, arguments: argumentsDelta } };
      return `${head}{"index":0,"delta":{"tool_calls":[${JSON.stringify(call)}]},"logprobs":null,"finish_reason":null}]}\n\n`;
    },
    finish: (reason, warnings) =>
      `${head}{"index":0,"delta":{},"logprobs":null,"finish_reason":"${reason}"}]${warnings.length > 0 ? `,"warnings":${JSON.stringify(warnings)}` : ''}}\n\n`,
    usage: (usage) => `${head}],"usage":${usage ? JSON.stringify(usage) : 'null'}}\n\n`,
  };
}

/** The event that ends a stream that failed after it started: OpenAI's error body as data, and no `[DONE]`. */
export function errorEvent(body: OpenAIErrorBody): string {
  return `data: ${JSON.stringify(body)}\n\n`;
}
