import type { FinishReason, ToolCallDeltaStreamPart, ToolCallStreamPart, Usage, WarningStreamPart } from '@switchboard/core';
import { createEventWriter } from '../chat/create-event-writer.js';
import { drained } from '../chat/drained.js';
import { switchboardHeaders } from '../chat/switchboard-headers.js';
import { CLIENT_CLOSED_STATUS } from '../shutdown/in-flight-calls.js';
import { CAPTURED_TEXT_LIMIT } from '../ui/capture-prompt.js';
import type { RecordedOutcome } from '../ui/dashboard-recorder.js';
import type { ApiRequest, StreamWriter } from './api-face.js';
import type { ApiCall } from './api-call.js';
import { answerWarnings } from './answer-warnings.js';

/**
 * The event for a piece of a tool call, or '' for a whole call whose pieces were already sent
 * (providers that stream a call send its pieces, then the whole call). Calls are numbered in
 * order of first appearance.
 */
function toolCallEvent(writer: StreamWriter, indexes: Map<string, number>, part: ToolCallDeltaStreamPart | ToolCallStreamPart): string {
  const known = indexes.get(part.toolCallId);
  if (part.type === 'tool-call') {
    if (known !== undefined) return '';
    indexes.set(part.toolCallId, indexes.size);
    return writer.toolCall(indexes.size - 1, part.toolCallId, part.toolName, part.arguments, true);
  }
  if (known !== undefined) return writer.toolCall(known, part.toolCallId, part.toolName, part.argumentsDelta, false);
  indexes.set(part.toolCallId, indexes.size);
  return writer.toolCall(indexes.size - 1, part.toolCallId, part.toolName, part.argumentsDelta, true);
}

/**
 * An event per piece of a text part that joins several upstream events (the call asks for
 * `textParts: 'per-read'`): the client gets the upstream's pieces.
 */
function textEvents(writer: StreamWriter, pieces: readonly string[]): string {
  let events = '';
  for (const piece of pieces) events += writer.text(piece);
  return events;
}

/**
 * Answers a streamed request with server-sent events in the face's shape. Nothing is written
 * until the registry has a provider whose first content arrived (the registry only falls back
 * before that point), so every failure up to then is an ordinary error response with its status,
 * and the headers can say which provider answers. After that, a failure ends the stream with the
 * API's own error event, never a silent cut: a client must not mistake a cut-off answer for a
 * whole one. A client that leaves written data unread past `writeTimeoutMs` is cut off, which
 * cancels the upstream request.
 */
export async function streamAnswer<R extends ApiRequest>(call: ApiCall<R>): Promise<RecordedOutcome> {
  const { face, request, model, options, reply, runtime } = call;
  const response = reply.raw;
  const createdAt = Date.now();
  const stream = model.stream(request.messages, options);
  const parts = stream[Symbol.asyncIterator]();
  const writer = face.streamWriter({ request, createdAt });
  let opened = false;
  let provider = '';
  let providerModel = '';
  let usage: Usage | undefined;
  let finishReason: FinishReason = 'stop';
  const warnings: WarningStreamPart[] = [];
  const events = createEventWriter(response);
  // The index of each tool call, by id.
  const toolCalls = new Map<string, number>();
  // The answer's text, collected only for the dashboard's captured content.
  const capture = runtime.dashboard?.captureContent === true;
  let text = '';
  let firstChunkMs: number | undefined;

  /** Commits to this provider: status 200, the headers, and the face's opening events. */
  const open = (): string => {
    opened = true;
    const headers: Record<string, string> = {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      // Proxies such as nginx would otherwise hold the events back until their buffer fills.
      'x-accel-buffering': 'no',
      ...switchboardHeaders({ provider, model: providerModel, attempts: stream.attempts, warnings: answerWarnings(warnings, request) }),
    };
    if (runtime.calls.closing) headers['connection'] = 'close';
    reply.hijack();
    response.writeHead(200, headers);
    // The registry's own measurement (the same as its gen_ai.client.operation.time_to_first_chunk), not a second clock.
    firstChunkMs = stream.firstChunkMs;
    if (firstChunkMs !== undefined) runtime.metrics?.recordFirstChunk(call.modelLabel, provider, firstChunkMs / 1000);
    return writer.open({ provider, model: providerModel });
  };

  try {
    for (;;) {
      const next = await parts.next();
      if (next.done) break;
      const part = next.value;
      let event = '';
      if (part.type === 'text') {
        const opening = opened ? '' : open();
        event = opening + (part.pieces === undefined ? writer.text(part.text) : textEvents(writer, part.pieces));
        if (capture && text.length < CAPTURED_TEXT_LIMIT) text += part.text;
      } else if (part.type === 'tool-call-delta' || part.type === 'tool-call') {
        const opening = opened ? '' : open();
        event = opening + toolCallEvent(writer, toolCalls, part);
      } else if (part.type === 'provider-info') {
        provider = part.provider;
        providerModel = part.model;
      } else if (part.type === 'usage') usage = part.usage;
      else if (part.type === 'finish') finishReason = part.finishReason;
      else if (part.type === 'warning') warnings.push(part);
      if (event !== '' && !events.write(event) && !(await drained(response, runtime.writeTimeoutMs))) {
        // The client stopped reading: cut it off. Closing the connection aborts the call, which
        // cancels the upstream request, so a reader that never reads holds no connection for long.
        runtime.logger.info(
          { route: face.route, provider, model: request.model, writeTimeoutMs: runtime.writeTimeoutMs },
          'client stopped reading the stream; cut off',
        );
        response.destroy();
      }
    }
    const opening = opened ? '' : open();
    const ending = writer.finish({ finishReason, usage, warnings: answerWarnings(warnings, request), attempts: stream.attempts });
    events.end(opening + ending);
    return { status: 200, provider, model: providerModel, attempts: stream.attempts, usage, firstChunkMs, text: capture ? text : undefined };
  } catch (error) {
    // Nothing sent yet: the route answers with the error's own status.
    if (!opened) throw error;
    const failure = face.errorReply(error, request);
    if (!response.destroyed) events.end(writer.fail(failure));
    if (failure.status === CLIENT_CLOSED_STATUS)
      runtime.logger.debug({ route: face.route, provider, model: request.model }, 'client left during the stream; upstream request cancelled');
    else runtime.logger.warn({ err: error, route: face.route, provider, model: request.model, status: failure.status }, 'stream failed after it started');
    return {
      status: failure.status,
      provider,
      model: providerModel,
      attempts: stream.attempts,
      usage,
      firstChunkMs,
      text: capture ? text : undefined,
      error: failure.summary,
    };
  } finally {
    // Releases the attempt when the loop was left early (the generator is already closed otherwise).
    await parts.return?.();
  }
}
