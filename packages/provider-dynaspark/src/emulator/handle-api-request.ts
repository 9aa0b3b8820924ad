import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerRequest } from './answer-request.js';
import { buildApiReply, DEFAULT_API_MODEL } from './build-api-reply.js';
import { createRecordedRequest } from './create-recorded-request.js';
import { jsonError, type ReplyHeaders } from './emulator-reply.js';
import type { EmulatorState } from './emulator-state.js';

export interface HandleApiRequestOptions {
  state: EmulatorState;
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  /** The query string without its `?`. */
  query: string;
}

/** `GET /api/generate_response`: the service's documented public API. */
export function handleApiRequest(options: HandleApiRequestOptions): Promise<void> {
  const { state, req, res, path, query } = options;
  const params: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    if (!Object.hasOwn(params, name)) params[name] = value;
  }
  if (state.recordRequests) state.log.add(createRecordedRequest({ req, path, fields: params }));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const reply = jsonError(405, `Method ${req.method ?? ''} not allowed on ${path}; use GET`, { allow: 'GET, HEAD' });
    return answerRequest({ state, res, reply });
  }
  const window = state.rateLimit.take();
  const headers: ReplyHeaders = {
    'x-ratelimit-limit': window.limit,
    'x-ratelimit-remaining': window.remaining,
    'x-ratelimit-reset': window.resetAt,
  };
  const reply = state.mode === 'down' ? jsonError(503, 'Service Unavailable', headers) : buildApiReply({ params, headers });
  return answerRequest({
    state,
    res,
    reply,
    headers,
    chat: { userInput: params.user_input, model: params.model || DEFAULT_API_MODEL },
  });
}
