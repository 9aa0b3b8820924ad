import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReplyHeaders } from '../shared/emulator-reply.js';
import { readBody } from '../shared/read-body.js';
import { answerRequest } from './answer-request.js';
import { buildApiReply, DEFAULT_API_MODEL } from './build-api-reply.js';
import type { DynasparkContext } from './dynaspark-context.js';
import { firstValues } from './first-values.js';
import { jsonError } from './json-error.js';
import { recordDynasparkRequest } from './record-dynaspark-request.js';

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
