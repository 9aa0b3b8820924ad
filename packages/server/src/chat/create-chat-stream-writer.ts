import type { OpenAIErrorBody } from '../errors/openai-error-from.js';
import type { ErrorReply, StreamEnd, StreamHead, StreamWriter } from '../pipeline/api-face.js';
import { completionId } from './completion-id.js';
import { createChunkSerializer, DONE_EVENT, errorEvent, type ChunkSerializer } from './create-chunk-serializer.js';
import { openAIFinishReason } from './openai-finish-reason.js';
import { openAIUsage } from './openai-usage.js';

/** Options of {@link createChatStreamWriter}. */
export interface ChatStreamOptions {
  /** `stream_options.include_usage`: end with a usage chunk. */
  includeUsage: boolean;
  /** Unix seconds, the chunks' `created`. */
  created: number;
}

/**
 * OpenAI's `chat.completion.chunk` events for one streamed answer: the role chunk with the first
 * content, a chunk per piece of text or tool call, the finish chunk (with any warnings), the usage
 * chunk when asked for, then `data: [DONE]`; a failure after the first event is a final
 * `data: {"error": …}` with no `[DONE]`.
 */
export function createChatStreamWriter({ includeUsage, created }: ChatStreamOptions): StreamWriter {
  let serializer: ChunkSerializer | undefined;
  return {
    open(head: StreamHead) {
      serializer = createChunkSerializer({ id: completionId(), created, model: head.model, provider: head.provider });
      return serializer.role();
    },
    text: (text) => serializer!.text(text),
    toolCall: (index, id, name, argumentsDelta, first) => serializer!.toolCall(index, first ? id : undefined, first ? name : undefined, argumentsDelta),
    finish({ finishReason, usage, warnings }: StreamEnd) {
      return serializer!.finish(openAIFinishReason(finishReason), warnings) + (includeUsage ? serializer!.usage(openAIUsage(usage)) : '') + DONE_EVENT;
    },
    fail: ({ body }: ErrorReply) => errorEvent(body as OpenAIErrorBody),
  };
}
