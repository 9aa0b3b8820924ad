import { jsonReply, type EmulatorReply } from '../shared/emulator-reply.js';
import { readBody } from '../shared/read-body.js';
import type { EmulatorRequest } from '../shared/start-emulator-server.js';
import { answerRequest } from './answer-request.js';
import type { DynasparkContext } from './dynaspark-context.js';
import { recordDynasparkRequest } from './dynaspark-recorded-request.js';
import { handleApiRequest } from './handle-api-request.js';
import { handleChatRequest } from './handle-chat-request.js';
import { jsonError } from './json-error.js';

const API_PATH = '/api/generate_response';
// Built once: these answers never change, and Node does not modify a headers object it is given.
const STATUS_OK = jsonReply(200, { status: 'ok' });
const STATUS_DOWN = jsonReply(503, { status: 'down', error: 'Service Unavailable' });

/** Sends each request to the Dynaspark endpoint its path names. */
export async function routeDynasparkRequest(context: DynasparkContext, request: EmulatorRequest): Promise<void> {
  const { req, res, path, query } = request;
  const { state } = context;
  if (context.chatPaths.has(path)) return handleChatRequest({ context, req, res, path });
  if (path === API_PATH) return handleApiRequest({ context, req, res, path, query });
  const rawBody = state.recordRequests ? await readBody(req) : undefined;
  const record = recordDynasparkRequest({ state, req, res, path, rawBody: rawBody ?? Buffer.alloc(0), form: { fields: {} } });
  const readOnly = req.method === 'GET' || req.method === 'HEAD';
  let reply: EmulatorReply;
  if (path === '/status' && readOnly) reply = state.mode === 'down' ? STATUS_DOWN : STATUS_OK;
  else if (path === '/' && readOnly) reply = context.home;
  else if (path === '/status' || path === '/') reply = jsonError(405, `Method ${req.method ?? ''} not allowed on ${path}; use GET`, { allow: 'GET, HEAD' });
  else reply = jsonError(404, `Not found: ${path}`);
  return answerRequest({ context, res, reply, record });
}
