import type { ErrorReply, StreamEnd, StreamHead, StreamWriter } from '../pipeline/api-face.js';
import { anthropicMessage, anthropicStopReason, anthropicUsage } from './anthropic-message.js';

/**
 * Anthropic's stream events for one answer, in Anthropic's order: `message_start` (the message,
 * empty), `ping`, then per content block `content_block_start`, its `content_block_delta`s
 * (`text_delta` for text, `input_json_delta` for a tool call's input) and `content_block_stop`;
 * at the end `message_delta` (the stop reason and token counts) and `message_stop`. A failure
 * after the first event is an `error` event in Anthropic's error shape.
 */
export function createMessagesStreamWriter(id: string): StreamWriter {
  let blocks = 0;
  // The block being written: text, or the index of a tool call.
  let current: { kind: 'text' } | { kind: 'tool'; call: number } | undefined;
  const event = (type: string, fields: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`;
  const stop = () => {
    if (!current) return '';
    current = undefined;
    return event('content_block_stop', { index: blocks - 1 });
  };

  return {
    open({ provider, model }: StreamHead) {
      const message = anthropicMessage({ id, model, provider, content: [], stopReason: null, usage: undefined });
      return event('message_start', { message }) + event('ping', {});
    },
    text(text) {
      let events = '';
      if (current?.kind !== 'text') {
        events += stop();
        current = { kind: 'text' };
        events += event('content_block_start', { index: blocks++, content_block: { type: 'text', text: '' } });
      }
      return events + event('content_block_delta', { index: blocks - 1, delta: { type: 'text_delta', text } });
    },
    toolCall(index, callId, name, argumentsDelta, first) {
      let events = '';
      if (first || current?.kind !== 'tool' || current.call !== index) {
        events += stop();
        current = { kind: 'tool', call: index };
        events += event('content_block_start', { index: blocks++, content_block: { type: 'tool_use', id: callId, name, input: {} } });
      }
      if (argumentsDelta === '') return events;
      return events + event('content_block_delta', { index: blocks - 1, delta: { type: 'input_json_delta', partial_json: argumentsDelta } });
    },
    finish({ finishReason, usage }: StreamEnd) {
      const events = stop();
      return (
        events +
        event('message_delta', { delta: { stop_reason: anthropicStopReason(finishReason), stop_sequence: null }, usage: anthropicUsage(usage) }) +
        event('message_stop', {})
      );
    },
    fail({ body }: ErrorReply) {
      return event('error', { error: (body as { error: unknown }).error });
    },
  };
}
