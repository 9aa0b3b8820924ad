import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { answerRequest } from './answer-request.js';
import { createRecordedRequest } from './create-recorded-request.js';
import { htmlReply, jsonError, jsonReply } from './emulator-reply.js';
import type { EmulatorState } from './emulator-state.js';
import { errorMessage } from './error-message.js';
import { handleApiRequest } from './handle-api-request.js';
import { handleChatRequest } from './handle-chat-request.js';
import { CONTROL_PREFIX, handleControlRequest } from './handle-control-request.js';
import { HOME_PAGE } from './html-pages.js';
import { sendReply } from './send-reply.js';

const API_PATH = '/api/generate_response';
// Built once: these answers never change, and Node does not modify a headers object it is given.
const STATUS_OK = jsonReply(200, { status: 'ok' });
const STATUS_DOWN = jsonReply(503, { status: 'down', error: 'Service Unavailable' });
const HOME = htmlReply(200, HOME_PAGE);

/** Routes each request; anything unexpected in a handler becomes a 500 instead of a crash. */
export function createRequestHandler(state: EmulatorState): RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    let work: Promise<void>;
    if (path.startsWith(CONTROL_PREFIX)) {
      work = handleControlRequest({ state, req, res, path });
    } else {
      state.stats.received += 1;
      state.stats.inFlight += 1;
      // 'close' comes once per response, answered or not (client gone, reset, close()).
      res.once('close', () => {
        state.stats.inFlight -= 1;
      });
      work = route({ state, req, res, path, query: queryStart === -1 ? '' : url.slice(queryStart + 1) });
    }
    work.catch((error: unknown) => fail(res, error));
  };
}

function route(options: { state: EmulatorState; req: IncomingMessage; res: ServerResponse; path: string; query: string }): Promise<void> {
  const { state, req, res, path, query } = options;
  if (state.chatPaths.has(path)) return handleChatRequest({ state, req, res, path });
  if (path === API_PATH) return handleApiRequest({ state, req, res, path, query });
  if (state.recordRequests) state.log.add(createRecordedRequest({ req, path, fields: {} }));
  const readOnly = req.method === 'GET' || req.method === 'HEAD';
  if (path === '/status' && readOnly) return answerRequest({ state, res, reply: state.mode === 'down' ? STATUS_DOWN : STATUS_OK });
  if (path === '/' && readOnly) return answerRequest({ state, res, reply: HOME });
  if (path === '/status' || path === '/') {
    return answerRequest({ state, res, reply: jsonError(405, `Method ${req.method ?? ''} not allowed on ${path}; use GET`, { allow: 'GET, HEAD' }) });
  }
  return answerRequest({ state, res, reply: jsonError(404, `Not found: ${path}`) });
}

function fail(res: ServerResponse, error: unknown): void {
  if (res.destroyed) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendReply(res, jsonError(500, `Emulator error: ${errorMessage(error)}`));
}
