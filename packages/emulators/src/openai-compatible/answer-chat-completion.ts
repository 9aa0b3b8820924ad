import type { ServerResponse } from 'node:http';
import { applyCommonFault } from '../shared/apply-common-fault.js';
import { jsonReply, markedReply, rawJsonReply } from '../shared/emulator-reply.js';
import { sendReply } from '../shared/send-reply.js';
import { buildEchoAnswer } from './build-echo-answer.js';
import type { ChatAnswerContext } from './chat-answer-context.js';
import { checkChatRequest } from './check-chat-request.js';
import type { OpenAICompatibleFaultRule } from './openai-compatible-fault-rule.js';
import { openAIError, openAIErrorBody, openAIErrorReply } from './openai-error.js';

interface ChatRequest {
  model: string;
  messages: { role: string; content: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
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
 * Answers `POST /v1/chat/completions`, streamed or whole, with the fault (if any) reshaping the
 * answer. Bad bodies and unknown models get the 400s an OpenAI server sends.
 */
export async function answerChatCompletion(options: AnswerChatCompletionOptions): Promise<void> {
  const { res, body, rule, context } = options;
  const problem = checkChatRequest(body, context.models);
  if (problem) {
    sendReply(res, openAIError({ status: 400, message: problem.message, type: 'invalid_request_error', code: problem.code }));
    return;
  }
  const request = body as ChatRequest;
  const answer = buildEchoAnswer(request.model, request.messages);
  let chunks = rule?.fault === 'empty' ? [] : answer.chunks;
  let finishReason = 'stop';
  const limit = request.max_completion_tokens ?? request.max_tokens;
  if (limit !== undefined && chunks.length > limit) {
    chunks = chunks.slice(0, limit);
    finishReason = 'length';
  }
  const usage = { prompt_tokens: answer.promptTokens, completion_tokens: chunks.length, total_tokens: answer.promptTokens + chunks.length };
  const id = `chatcmpl-emu-${context.sequence}`;
  const created = Math.floor(Date.now() / 1000);

  if (request.stream !== true) {
    const reply = jsonReply(200, {
      id,
      object: 'chat.completion',
      created,
      model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content: chunks.join('') }, finish_reason: finishReason }],
      usage,
    });
    if (!rule) return sendReply(res, reply);
    if (applyCommonFault({ rule, res, reply, timers: context.timers, errorReply: openAIErrorReply })) return;
    const marked = { 'x-emulator-fault': rule.fault };
    if (rule.fault === 'malformed-json') return sendReply(res, rawJsonReply(200, `{"id": "${id}", "choices": [{"message": `, marked));
    if (rule.fault === 'mid-stream-error') return sendReply(res, jsonReply(200, MID_STREAM_ERROR, marked));
    return sendReply(res, markedReply(reply, rule.fault));
  }

  const eol = context.lineEnding;
  const { timers } = context;
  if (rule?.fault === 'latency') await timers.delay(rule.delayMs ?? 1000);
  // slow-drip spreads the events (role, chunks, finish) over dripMs.
  const delay = rule?.fault === 'slow-drip' ? Math.ceil((rule.dripMs ?? 1000) / (chunks.length + 2)) : context.chunkDelayMs;
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

  if (!open()) return;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...(rule ? { 'x-emulator-fault': rule.fault } : {}) });
  res.socket?.setNoDelay(true);
  // A comment first, as servers do for keep-alive: clients must skip it.
  await write(`: switchboard emulator${eol}${eol}`);
  await event(chunk({ role: 'assistant', content: '' }, null));
  for (const [index, text] of chunks.entries()) {
    await timers.delay(delay);
    if (!open()) return;
    if (rule?.fault === 'malformed-json' && index === 1) return cutOff();
    if (rule?.fault === 'mid-stream-error' && index === 2) return failMidStream();
    await event(chunk({ content: text }, null));
  }
  // Answers too short to reach the fault's position still get it, just before the end.
  if (rule?.fault === 'malformed-json') return cutOff();
  if (rule?.fault === 'mid-stream-error') return failMidStream();
  await timers.delay(delay);
  await event(chunk({}, finishReason));
  if (request.stream_options?.include_usage === true) await event({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [], usage });
  await event('[DONE]');
  if (open()) res.end();
}
