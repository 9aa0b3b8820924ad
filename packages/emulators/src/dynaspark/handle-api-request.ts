import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonReply, type EmulatorReply, type ReplyHeaders } from '../shared/emulator-reply.js';
import { readBody } from '../shared/read-body.js';
import { answerRequest } from './answer-request.js';
import { buildEchoAnswer } from './build-echo-answer.js';
import type { DynasparkContext } from './dynaspark-context.js';
import { recordDynasparkRequest } from './dynaspark-recorded-request.js';
import { jsonError } from './json-error.js';
import { firstValues } from './parsed-form.js';

/** The model the API answers with when the query names none. */
const DEFAULT_API_MODEL = 'gemini-1.5-flash';

export interface HandleApiRequestOptions {
  context: DynasparkContext;
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  /** The query string without its `?`. */
  query: string;
}

/** `GET /api/generate_response`: the service's documented public API. */
export async function handleApiRequest(options: HandleApiRequestOptions): Promise<void> {
  const { context, req, res, path, query } = options;
  const { state } = context;
  const params = firstValues(new URLSearchParams(query));
  const rawBody = state.recordRequests ? await readBody(req) : undefined;
  const record = recordDynasparkRequest({ state, req, res, path, rawBody: rawBody ?? Buffer.alloc(0), form: { fields: params } });
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const reply = jsonError(405, `Method ${req.method ?? ''} not allowed on ${path}; use GET`, { allow: 'GET, HEAD' });
    return answerRequest({ context, res, reply, record });
  }
  const window = context.rateLimit.take();
  const headers: ReplyHeaders = {
    'x-ratelimit-limit': window.limit,
    'x-ratelimit-remaining': window.remaining,
    'x-ratelimit-reset': window.resetAt,
  };
  const reply = state.mode === 'down' ? jsonError(503, 'Service Unavailable', headers) : buildApiReply({ params, headers });
  const prompt = { endpoint: 'api' as const, userInput: params.user_input, model: params.model || DEFAULT_API_MODEL };
  return answerRequest({ context, res, reply, headers, record, prompt });
}

interface BuildApiReplyOptions {
  /** The query parameters (first value of each). */
  params: Record<string, string>;
  /** Headers every answer of the API carries. */
  headers: ReplyHeaders;
}

/**
 * The public API's answer. Token counts are word counts: what matters to clients is that usage is
 * present, consistent (total = prompt + completion) and predictable in tests.
 */
function buildApiReply(options: BuildApiReplyOptions): EmulatorReply {
  const { params, headers } = options;
  const userInput = params.user_input;
  if (userInput === undefined || userInput === '') {
    return jsonError(400, 'Missing required parameter: user_input', headers);
  }
  const model = params.model || DEFAULT_API_MODEL;
  const answer = buildEchoAnswer({ model, userInput });
  const promptTokens = countWords(userInput) + countWords(params.system ?? '');
  const completionTokens = countWords(answer);
  const body = {
    response: answer,
    model,
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
  return { ...jsonReply(200, body, headers), answer };
}

/** Whitespace-separated words: the emulator's stand-in for token counts. */
function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}
