import type { ToolCall } from '@switchboard/core';
import type { AnswerContext, ErrorReply, StreamEnd, StreamHead, StreamWriter } from '../pipeline/api-face.js';
import type { ResponsesRequest } from './read-responses-request.js';
import { finishedStatus, type OutputItem, outputText, type ResponseFrame, responseObject, responsesId } from './response-object.js';

/** Options of {@link createResponsesStreamWriter}. */
export interface ResponsesStreamOptions {
  context: AnswerContext<ResponsesRequest>;
  /** The response's id, made before the stream opens (it is stored under it). */
  id: string;
  /** Called once with the whole answer when the stream completes. */
  remember(answer: { text: string; toolCalls: readonly ToolCall[]; output: readonly OutputItem[] }): void;
}

type MessageItem = Extract<OutputItem, { type: 'message' }>;
type CallItem = Extract<OutputItem, { type: 'function_call' }>;

/**
 * The Responses API's semantic events for one streamed answer, in OpenAI's order:
 * `response.created`, `response.in_progress`, then per output item `response.output_item.added`
 * (and for the message `response.content_part.added`, its `response.output_text.delta`s,
 * `response.output_text.done`, `response.content_part.done`; for a function call its
 * `response.function_call_arguments.delta`s and `.done`), `response.output_item.done`, and at the
 * end `response.completed` (or `response.incomplete` when a limit cut the answer) carrying the
 * whole response. A failure after the first event is an `error` event and `response.failed`.
 * Each event carries its `sequence_number`.
 */
export function createResponsesStreamWriter({ context, id, remember }: ResponsesStreamOptions): StreamWriter {
  let sequence = 0;
  let frame: ResponseFrame | undefined;
  const output: OutputItem[] = [];
  let message: { item: MessageItem; index: number; text: string } | undefined;
  const calls: { item: CallItem; index: number; open: boolean }[] = [];
  let text = '';

  const event = (type: string, fields: Record<string, unknown>) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
  const snapshot = (state: Parameters<typeof responseObject>[1]) => responseObject(frame!, state);

  const closeMessage = (): string => {
    if (!message) return '';
    const { item, index, text: itemText } = message;
    message = undefined;
    const part = outputText(itemText);
    item.content = [part];
    item.status = 'completed';
    return (
      event('response.output_text.done', { item_id: item.id, output_index: index, content_index: 0, text: itemText, logprobs: [] }) +
      event('response.content_part.done', { item_id: item.id, output_index: index, content_index: 0, part }) +
      event('response.output_item.done', { output_index: index, item })
    );
  };
  const closeCalls = (): string => {
    let events = '';
    for (const call of calls) {
      if (!call.open) continue;
      call.open = false;
      call.item.status = 'completed';
      events +=
        event('response.function_call_arguments.done', {
          item_id: call.item.id,
          output_index: call.index,
          name: call.item.name,
          arguments: call.item.arguments,
        }) + event('response.output_item.done', { output_index: call.index, item: call.item });
    }
    return events;
  };

  return {
    open({ provider, model }: StreamHead) {
      frame = { id, createdAt: Math.floor(context.createdAt / 1000), request: context.request, model, provider };
      const response = snapshot({ status: 'in_progress', output: [] });
      return event('response.created', { response }) + event('response.in_progress', { response });
    },
    text(delta) {
      text += delta;
      let events = '';
      if (!message) {
        events += closeCalls();
        const item: MessageItem = { type: 'message', id: responsesId('msg'), status: 'in_progress', role: 'assistant', content: [] };
        message = { item, index: output.length, text: '' };
        output.push(item);
        events +=
          event('response.output_item.added', { output_index: message.index, item }) +
          event('response.content_part.added', { item_id: item.id, output_index: message.index, content_index: 0, part: outputText('') });
      }
      message.text += delta;
      return events + event('response.output_text.delta', { item_id: message.item.id, output_index: message.index, content_index: 0, delta, logprobs: [] });
    },
    toolCall(index, callId, name, argumentsDelta, first) {
      let events = '';
      if (first) {
        events += closeMessage();
        const item: CallItem = { type: 'function_call', id: responsesId('fc'), call_id: callId, name, arguments: '', status: 'in_progress' };
        calls[index] = { item, index: output.length, open: true };
        output.push(item);
        events += event('response.output_item.added', { output_index: calls[index].index, item: { ...item } });
      }
      const call = calls[index]!;
      call.item.arguments += argumentsDelta;
      if (argumentsDelta === '') return events;
      return events + event('response.function_call_arguments.delta', { item_id: call.item.id, output_index: call.index, delta: argumentsDelta });
    },
    finish({ finishReason, usage, warnings }: StreamEnd) {
      const events = closeMessage() + closeCalls();
      const status = finishedStatus(finishReason);
      remember({ text, toolCalls: calls.map(({ item }) => ({ id: item.call_id, name: item.name, arguments: item.arguments })), output });
      const response = snapshot({ status, output, usage, finishReason, warnings });
      return events + event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
    },
    fail({ summary, body }: ErrorReply) {
      const { code, message: reason } = summary;
      const error = (body as { error?: { type?: string; param?: string | null } }).error;
      // OpenAI's `error` event (with the error also nested, as the AI SDK reads it), then the response as failed.
      return (
        event('error', {
          code,
          message: reason,
          param: error?.param ?? null,
          error: { type: error?.type ?? 'server_error', code, message: reason, param: error?.param ?? null },
        }) + event('response.failed', { response: snapshot({ status: 'failed', output, error: summary }) })
      );
    },
  };
}
