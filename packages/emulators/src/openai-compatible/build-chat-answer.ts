import { buildEchoAnswer } from './build-echo-answer.js';
import { buildStructuredAnswer } from './build-structured-answer.js';
import { buildToolCalls, splitIntoPieces, type EmulatedToolCall } from './build-tool-calls.js';
import type { ChatRequest } from './chat-request.js';
import { lastUserMessage, messageText } from './message-text.js';

/** What the emulator answers a chat request with, before faults reshape it. */
export type ChatAnswer =
  | { kind: 'text' /** Streamed one per event. */; chunks: string[]; promptTokens: number }
  | { kind: 'tool-calls'; calls: EmulatedToolCall[]; promptTokens: number };

/**
 * Picks the answer: tool calls when the request has tools and the conversation ends with a user
 * message (see `buildToolCalls`); else JSON for a JSON response format (see
 * `buildStructuredAnswer`, streamed in three pieces); else the echo (see `buildEchoAnswer`).
 */
export function buildChatAnswer(request: ChatRequest, { sequence }: { sequence: number }): ChatAnswer {
  const echo = buildEchoAnswer(request.model, request.messages);
  const { promptTokens } = echo;
  const directives = readAnswerDirectives(messageText(lastUserMessage(request.messages)?.content));
  if (request.messages.at(-1)?.role === 'user') {
    const calls = buildToolCalls({ request, count: directives.toolCalls, text: directives.text, sequence });
    if (calls.length > 0) return { kind: 'tool-calls', calls, promptTokens };
  }
  const afterTools = request.messages.at(-1)?.role === 'tool';
  const json =
    request.response_format &&
    buildStructuredAnswer({
      format: request.response_format,
      echo: echo.text,
      // After tool results, objects repeat what the tools said.
      text: afterTools ? echo.subject : directives.text,
      invalid: directives.invalidObject,
    });
  if (json !== undefined) return { kind: 'text', chunks: splitIntoPieces(json, 3), promptTokens };
  return { kind: 'text', chunks: echo.chunks, promptTokens };
}

const TOOLS_DIRECTIVE = /#tools:\s*(\d+)/;
const INVALID_DIRECTIVE = /#invalid-object\b/;

/** What a prompt asks of the emulator's answer, besides faults. */
export interface AnswerDirectives {
  /** `#tools:N`: how many tool calls to make (0: answer with text instead, where the choice allows). */
  toolCalls: number | undefined;
  /** `#invalid-object`: answer a JSON Schema response format with an object that breaks the schema. */
  invalidObject: boolean;
  /** The prompt without these directives, trimmed: what generated arguments and objects repeat. */
  text: string;
}

/**
 * Reads the answer directives of the last user message, so a test picks the shape of the answer
 * from the prompt alone (as `#fault:` picks a fault).
 */
export function readAnswerDirectives(prompt: string): AnswerDirectives {
  const count = TOOLS_DIRECTIVE.exec(prompt)?.[1];
  return {
    toolCalls: count === undefined ? undefined : Number(count),
    invalidObject: INVALID_DIRECTIVE.test(prompt),
    text: prompt.replace(TOOLS_DIRECTIVE, '').replace(INVALID_DIRECTIVE, '').replace(/\s+/g, ' ').trim(),
  };
}
