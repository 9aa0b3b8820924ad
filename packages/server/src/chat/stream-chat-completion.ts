import { performance } from 'node:perf_hooks';
import type { FinishReason, ToolCallDeltaStreamPart, ToolCallStreamPart, Usage, WarningStreamPart } from '@switchboard/core';
import { openAIErrorFrom } from '../errors/openai-error-from.js';
import { CAPTURED_TEXT_LIMIT } from '../ui/capture-prompt.js';
import { CLIENT_CLOSED_STATUS } from '../shutdown/in-flight-calls.js';
import type { ChatCall, ChatOutcome } from './chat-call.js';
import { completionId } from './completion-id.js';
import { createChunkSerializer, DONE_EVENT, errorEvent, type ChunkSerializer } from './create-chunk-serializer.js';
import { createEventWriter } from './create-event-writer.js';
import { drained } from './drained.js';
import { openAIFinishReason } from './openai-finish-reason.js';
import { openAIUsage } from './openai-usage.js';
import { collectWarnings } from './gateway-warning.js';
import { switchboardHeaders } from './switchboard-headers.js';

/**
 * The event for a piece of a tool call, or undefined for a whole call whose pieces were already
 * sent (providers that stream a call send its pieces, then the whole call).
 */
function toolCallEvent(serializer: ChunkSerializer, indexes: Map<string, number>, part: ToolCallDeltaStreamPart | ToolCallStreamPart): string | undefined {
  const known = indexes.get(part.toolCallId);
  if (part.type === 'tool-call') {
    if (known !== undefined) return undefined;
    indexes.set(part.toolCallId, indexes.size);
    return serializer.toolCall(indexes.size - 1, part.toolCallId, part.toolName, part.arguments);
  }
  if (known !== undefined) return serializer.toolCall(known, undefined, undefined, part.argumentsDelta);
  indexes.set(part.toolCallId, indexes.size);
  return serializer.toolCall(indexes.size - 1, part.toolCallId, part.toolName, part.argumentsDelta);
}

/**
 * Answers `stream: true` with server-sent events. Nothing is written until the registry has a
 * provider whose first chunk arrived (the registry only falls back before that point), so every
 * failure up to then is an ordinary error response with its status, and the headers can say
 * which provider answers. After that, a failure ends the stream with an error event, never with
 * `[DONE]`: a client must not mistake a cut-off answer for a whole one.
 */
export async function streamChatCompletion(call: ChatCall): Promise<ChatOutcome> {
  const { chat, model, options, reply, runtime, startedAt } = call;
  const response = reply.raw;
  const stream = model.stream(chat.messages, options);
  const parts = stream[Symbol.asyncIterator]();
  let serializer: ChunkSerializer | undefined;
  let provider = '';
  let providerModel = '';
  let usage: Usage | undefined;
  let finishReason: FinishReason = 'stop';
  const warnings: WarningStreamPart[] = [];
  const events = createEventWriter(response);
  // Set while the first event is being written: it goes out after the role chunk.
  let opening: ChunkSerializer | undefined;
  // The index of each tool call in the `tool_calls` deltas, by id.
  const toolCalls = new Map<string, number>();
  // The answer's text, collected only for the dashboard's captured content.
  const capture = runtime.dashboard?.captureContent === true;
  let text = '';
  let firstChunkMs: number | undefined;

  const open = (): ChunkSerializer => {
    const headers: Record<string, string> = {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      // Proxies such as nginx would otherwise hold the events back until their buffer fills.
      'x-accel-buffering': 'no',
      ...switchboardHeaders({ provider, model: providerModel, attempts: stream.attempts, warnings: collectWarnings(warnings, chat.ignored) }),
    };
    if (runtime.calls.closing) headers['connection'] = 'close';
    reply.hijack();
    response.writeHead(200, headers);
    firstChunkMs = performance.now() - startedAt;
    runtime.metrics?.recordFirstChunk(call.modelLabel, provider, firstChunkMs / 1000);
    return createChunkSerializer({ id: completionId(), created: Math.floor(Date.now() / 1000), model: providerModel, provider });
  };

  try {
    for (;;) {
      const next = await parts.next();
      if (next.done) break;
      const part = next.value;
      let event: string | undefined;
      if (part.type === 'text') {
        serializer ??= opening = open();
        event = serializer.text(part.text);
        if (capture && text.length < CAPTURED_TEXT_LIMIT) text += part.text;
      } else if (part.type === 'tool-call-delta' || part.type === 'tool-call') {
        serializer ??= opening = open();
        event = toolCallEvent(serializer, toolCalls, part);
      } else if (part.type === 'provider-info') {
        provider = part.provider;
        providerModel = part.model;
      } else if (part.type === 'usage') usage = part.usage;
      else if (part.type === 'finish') finishReason = part.finishReason;
      else if (part.type === 'warning') warnings.push(part);
      if (event !== undefined) {
        if (opening) {
          event = opening.role() + event;
          opening = undefined;
        }
        if (!events.write(event) && !(await drained(response, runtime.writeTimeoutMs))) {
          // The client stopped reading: cut it off. Closing the connection aborts the call, which
          // cancels the upstream request, so a reader that never reads holds no connection for long.
          runtime.logger.info({ provider, model: chat.model, writeTimeoutMs: runtime.writeTimeoutMs }, 'client stopped reading the stream; cut off');
          response.destroy();
        }
      }
    }
    let ending = '';
    if (serializer === undefined) {
      serializer = open();
      ending = serializer.role();
    }
    const finish = serializer.finish(openAIFinishReason(finishReason), collectWarnings(warnings, chat.ignored));
    response.end(ending + finish + (chat.includeUsage ? serializer.usage(openAIUsage(usage)) : '') + DONE_EVENT);
    return { status: 200, provider, model: providerModel, attempts: stream.attempts, usage, firstChunkMs, text: capture ? text : undefined };
  } catch (error) {
    // Nothing sent yet: the route answers with the error's own status.
    if (serializer === undefined) throw error;
    const { status, body } = openAIErrorFrom(error, { params: chat.params });
    if (!response.destroyed) response.end(errorEvent(body));
    if (status === CLIENT_CLOSED_STATUS) runtime.logger.debug({ provider, model: chat.model }, 'client left during the stream; upstream request cancelled');
    else runtime.logger.warn({ err: error, provider, model: chat.model, status }, 'stream failed after it started');
    return { status, provider, model: providerModel, attempts: stream.attempts, usage, firstChunkMs, text: capture ? text : undefined, error: body.error };
  } finally {
    // Releases the attempt when the loop was left early (the generator is already closed otherwise).
    await parts.return?.();
  }
}
