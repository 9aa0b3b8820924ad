import type { ServerResponse } from 'node:http';
import { buildEchoAnswer } from './build-echo-answer.js';
import type { EmulatorFaultRule } from './emulator-fault-rule.js';
import type { EmulatorTimers } from './emulator-timers.js';
import { errorBody, sendJson } from './send-json.js';

/** What the chat handler needs from the emulator. */
export interface ChatAnswerContext {
  models: readonly string[];
  timers: EmulatorTimers;
  chunkDelayMs: number;
  splitEvents: boolean;
  lineEnding: '\n' | '\r\n';
  /** Numbers the completion ids (`chatcmpl-emu-7`). */
  sequence: number;
}

interface ChatRequest {
  model: string;
  messages: { role: string; content: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
}

/**
 * Answers `POST /v1/chat/completions` (a fault, if one was picked, changes the answer). Bad bodies
 * and unknown models get the 400s an OpenAI server sends.
 */
export async function answerChatCompletion(response: ServerResponse, body: unknown, fault: EmulatorFaultRule | undefined, context: ChatAnswerContext): Promise<void> {
  const problem = checkRequest(body, context.models);
  if (problem) {
    sendJson(response, 400, errorBody(problem.message, 'invalid_request_error', problem.code));
    return;
  }
  const request = body as ChatRequest;
  const answer = buildEchoAnswer(request.model, request.messages);
  let chunks = fault?.fault === 'empty' ? [] : answer.chunks;
  let finishReason = 'stop';
  const limit = request.max_completion_tokens ?? request.max_tokens;
  if (limit !== undefined && chunks.length > limit) {
    chunks = chunks.slice(0, limit);
    finishReason = 'length';
  }
  const usage = { prompt_tokens: answer.promptTokens, completion_tokens: chunks.length, total_tokens: answer.promptTokens + chunks.length };
  const id = `chatcmpl-emu-${context.sequence}`;
  const created = Math.floor(Date.now() / 1000);
  const midStreamError = errorBody('emulated failure in the middle of the answer', 'server_error');

  if (request.stream !== true) {
    if (fault?.fault === 'malformed-json') return endRaw(response, 'application/json', '{"id": "' + id + '", "choices": [{"message": ');
    if (fault?.fault === 'mid-stream-error') return sendJson(response, 200, midStreamError);
    await context.timers.wait(fault?.fault === 'slow-drip' ? (fault.delayMs ?? 250) * chunks.length : 0);
    return sendJson(response, 200, {
      id,
      object: 'chat.completion',
      created,
      model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content: chunks.join('') }, finish_reason: finishReason }],
      usage,
    });
  }

  const eol = context.lineEnding;
  const delay = fault?.fault === 'slow-drip' ? (fault.delayMs ?? 250) : context.chunkDelayMs;
  const open = () => !response.destroyed && !response.writableEnded;
  const write = async (text: string): Promise<void> => {
    if (!open()) return;
    if (!context.splitEvents) {
      response.write(text);
      return;
    }
    const bytes = Buffer.from(text);
    const middle = Math.floor(bytes.length / 2);
    response.write(bytes.subarray(0, middle));
    await context.timers.wait(delay);
    if (open()) response.write(bytes.subarray(middle));
  };
  const event = (data: unknown) => write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}${eol}${eol}`);
  const chunk = (delta: object, finish: string | null) => ({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [{ index: 0, delta, finish_reason: finish }] });

  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  response.socket?.setNoDelay(true);
  // A comment first, as servers do for keep-alive: clients must skip it.
  await write(`: switchboard emulator${eol}${eol}`);
  await event(chunk({ role: 'assistant', content: '' }, null));
  for (const [index, text] of chunks.entries()) {
    await context.timers.wait(delay);
    if (!open()) return;
    if (fault?.fault === 'malformed-json' && index === 1) return endRaw(response, undefined, `data: {"id": "${id}", "choices": [{"delta": {"content": ${eol}${eol}`);
    if (fault?.fault === 'mid-stream-error' && index === 2) {
      await event(midStreamError);
      response.end();
      return;
    }
    await event(chunk({ content: text }, null));
  }
  // Answers too short to reach the fault's position still get it, just before the end.
  if (fault?.fault === 'malformed-json') return endRaw(response, undefined, `data: {"id": "${id}", "choices": [{"delta": {"content": ${eol}${eol}`);
  if (fault?.fault === 'mid-stream-error') {
    await event(midStreamError);
    response.end();
    return;
  }
  await context.timers.wait(delay);
  await event(chunk({}, finishReason));
  if (request.stream_options?.include_usage === true) await event({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [], usage });
  await event('[DONE]');
  if (open()) response.end();
}

function endRaw(response: ServerResponse, contentType: string | undefined, text: string): void {
  if (response.destroyed) return;
  if (!response.headersSent) response.writeHead(200, { 'content-type': contentType ?? 'text/event-stream' });
  response.end(text);
}

function checkRequest(body: unknown, models: readonly string[]): { message: string; code: string | null } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { message: 'The body must be a JSON object.', code: null };
  const { model, messages, stream, max_tokens: maxTokens } = body as Record<string, unknown>;
  if (typeof model !== 'string') return { message: "'model' is required and must be a string.", code: null };
  if (!models.includes(model)) return { message: `The model '${model}' does not exist or you do not have access to it.`, code: 'model_not_found' };
  if (!Array.isArray(messages) || messages.length === 0) return { message: "'messages' must be a non-empty array.", code: null };
  for (const [index, message] of messages.entries()) {
    const { role, content } = (message ?? {}) as Record<string, unknown>;
    if (typeof role !== 'string') return { message: `messages[${index}].role must be a string.`, code: null };
    if (content !== null && typeof content !== 'string' && !Array.isArray(content)) {
      return { message: `messages[${index}].content must be a string or an array of parts.`, code: null };
    }
  }
  if (stream !== undefined && typeof stream !== 'boolean') return { message: "'stream' must be a boolean.", code: null };
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && (maxTokens as number) > 0)) return { message: "'max_tokens' must be a positive integer.", code: null };
  return undefined;
}
