import type { ServerResponse } from 'node:http';
import { applyCommonFault } from '../shared/apply-common-fault.js';
import type { TimerSet } from '../shared/create-timer-set.js';
import { jsonReply, markedReply, rawJsonReply, sendReply, type EmulatorReply } from '../shared/emulator-reply.js';
import { buildChatAnswer } from './build-chat-answer.js';
import { toolCallDeltas } from './build-tool-calls.js';
import type { ChatRequest } from './chat-request.js';
import { checkChatRequest } from './check-chat-request.js';
import type { OpenAICompatibleFaultRule } from './openai-compatible-fault-rule.js';
import { openAIError, openAIErrorBody, openAIErrorReply } from './openai-error.js';

/** What the chat handler needs from the emulator. */
export interface ChatAnswerContext {
  models: readonly string[];
  timers: TimerSet;
  chunkDelayMs: number;
  splitEvents: boolean;
  lineEnding: '\n' | '\r\n';
  /** Numbers the completion ids (`chatcmpl-emu-7`). */
  sequence: number;
}

export interface AnswerChatCompletionOptions {
  res: ServerResponse;
  /** The request body, parsed. */
  body: unknown;
  /** The fault picked for this request; the ones that replace the whole answer were applied already. */
  rule: OpenAICompatibleFaultRule | undefined;
  context: ChatAnswerContext;
}

const MID_STREAM_ERROR = openAIErrorBody('emulated failure in the middle of the answer', 'server_error');

/**
 * Answers `POST /v1/chat/completions`, streamed or whole, with text or tool calls (see
 * `buildChatAnswer`), the fault (if any) reshaping the answer. Bad bodies and unknown models get
 * the 400s an OpenAI server sends.
 */
export async function answerChatCompletion(options: AnswerChatCompletionOptions): Promise<void> {
  const { res, body, rule, context } = options;
  const problem = checkChatRequest(body, context.models);
  if (problem) {
    sendReply(res, openAIError({ status: 400, message: problem.message, type: 'invalid_request_error', code: problem.code }));
    return;
  }
  const request = body as ChatRequest;
  const answer = buildChatAnswer(request, { sequence: context.sequence });
  const empty = rule?.fault === 'empty';
  let chunks = answer.kind === 'text' && !empty ? answer.chunks : [];
  const calls = answer.kind === 'tool-calls' && !empty ? answer.calls : [];
  let finishReason = calls.length > 0 ? 'tool_calls' : 'stop';
  const limit = request.max_completion_tokens ?? request.max_tokens;
  if (limit !== undefined && chunks.length > limit) {
    chunks = chunks.slice(0, limit);
    finishReason = 'length';
  }
  // One delta per event: a word of text, or a piece of a tool call.
  const deltas: object[] = calls.length > 0 ? toolCallDeltas(calls) : chunks.map((content) => ({ content }));
  const usage = { prompt_tokens: answer.promptTokens, completion_tokens: deltas.length, total_tokens: answer.promptTokens + deltas.length };
  const id = `chatcmpl-emu-${context.sequence}`;
  const created = Math.floor(Date.now() / 1000);

  if (request.stream !== true) {
    const message =
      calls.length > 0
        ? {
            role: 'assistant',
            content: null,
            tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
          }
        : { role: 'assistant', content: chunks.join('') };
    const reply = jsonReply(200, {
      id,
      object: 'chat.completion',
      created,
      model: request.model,
      choices: [{ index: 0, message, finish_reason: finishReason }],
      usage,
    });
    if (!rule) return sendReply(res, reply);
    if (applyCommonFault({ rule, res, reply, timers: context.timers, errorReply: openAIErrorReply })) return;
    const marked = { 'x-emulator-fault': rule.fault };
    if (rule.fault === 'malformed-json') return sendReply(res, rawJsonReply(200, `{"id": "${id}", "choices": [{"message": `, marked));
    if (rule.fault === 'mid-stream-error') return sendReply(res, jsonReply(200, MID_STREAM_ERROR, marked));
    if (rule.fault === 'mid-tool-call-error') return breakReply(res, markedReply(reply, rule.fault));
    return sendReply(res, markedReply(reply, rule.fault));
  }

  const eol = context.lineEnding;
  const { timers } = context;
  if (rule?.fault === 'latency') await timers.delay(rule.delayMs ?? 1000);
  // slow-drip spreads the events (role, deltas, finish) over dripMs.
  const delay = rule?.fault === 'slow-drip' ? Math.ceil((rule.dripMs ?? 1000) / (deltas.length + 2)) : context.chunkDelayMs;
  const open = () => !res.destroyed && !res.writableEnded;
  const write = async (text: string): Promise<void> => {
    if (!open()) return;
    if (!context.splitEvents) {
      res.write(text);
      return;
    }
    const bytes = Buffer.from(text);
    const middle = Math.floor(bytes.length / 2);
    res.write(bytes.subarray(0, middle));
    await timers.delay(delay);
    if (open()) res.write(bytes.subarray(middle));
  };
  const event = (data: unknown) => write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}${eol}${eol}`);
  const chunk = (delta: object, finish: string | null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: request.model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const cutOff = (): void => {
    if (open()) res.end(`data: {"id": "${id}", "choices": [{"delta": {"content": ${eol}${eol}`);
  };
  const failMidStream = async (): Promise<void> => {
    await event(MID_STREAM_ERROR);
    if (open()) res.end();
  };
  // The connection closes with the answer half sent: no error event, no [DONE].
  const breakOff = (): void => {
    if (open()) res.socket?.end();
  };

  if (!open()) return;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...(rule ? { 'x-emulator-fault': rule.fault } : {}) });
  res.socket?.setNoDelay(true);
  // A comment first, as servers do for keep-alive: clients must skip it.
  await write(`: switchboard emulator${eol}${eol}`);
  await event(chunk({ role: 'assistant', content: calls.length > 0 ? null : '' }, null));
  for (const [index, delta] of deltas.entries()) {
    await timers.delay(delay);
    if (!open()) return;
    if (rule?.fault === 'malformed-json' && index === 1) return cutOff();
    if (rule?.fault === 'mid-stream-error' && index === 2) return failMidStream();
    if (rule?.fault === 'mid-tool-call-error' && index === 1) return breakOff();
    await event(chunk(delta, null));
  }
  // Answers too short to reach the fault's position still get it, just before the end.
  if (rule?.fault === 'malformed-json') return cutOff();
  if (rule?.fault === 'mid-stream-error') return failMidStream();
  if (rule?.fault === 'mid-tool-call-error') return breakOff();
  await timers.delay(delay);
  await event(chunk({}, finishReason));
  if (request.stream_options?.include_usage === true) await event({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [], usage });
  await event('[DONE]');
  if (open()) res.end();
}

/** Half of the reply, then the connection closes: the body stops mid-way, shorter than its length says. */
function breakReply(res: ServerResponse, reply: EmulatorReply): void {
  res.writeHead(reply.status, reply.headers);
  res.write(reply.body.slice(0, Math.floor(reply.body.length / 2)), () => res.socket?.end());
}
