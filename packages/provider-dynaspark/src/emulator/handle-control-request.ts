import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonError, jsonReply } from './emulator-reply.js';
import type { EmulatorState } from './emulator-state.js';
import { errorMessage } from './error-message.js';
import { readBody } from './read-body.js';
import type { RecordedRequest } from './recorded-request.js';
import { sendReply } from './send-reply.js';

/** Every control path starts with this; none of them is recorded, counted, delayed or faulted. */
export const CONTROL_PREFIX = '/__emulator/';

const ROUTES = ['GET /__emulator/config', 'POST /__emulator/config', 'GET /__emulator/stats', 'POST /__emulator/reset', 'GET /__emulator/requests'];

export interface HandleControlRequestOptions {
  state: EmulatorState;
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
}

/** The control API, for a benchmark or demo driving an emulator that runs in another process. */
export async function handleControlRequest(options: HandleControlRequestOptions): Promise<void> {
  const { state, req, res, path } = options;
  switch (`${req.method ?? ''} ${path}`) {
    case 'GET /__emulator/config':
      return sendReply(res, jsonReply(200, state.config()));
    case 'POST /__emulator/config': {
      const text = (await readBody(req)).toString('utf8').trim();
      let input: unknown;
      try {
        input = text === '' ? {} : JSON.parse(text);
      } catch {
        return sendReply(res, jsonError(400, 'The config body must be JSON, like {"faults": [{"fault": "status-500"}], "latencyMs": 0}'));
      }
      try {
        state.configure(input);
      } catch (error) {
        return sendReply(res, jsonError(400, errorMessage(error)));
      }
      return sendReply(res, jsonReply(200, state.config()));
    }
    case 'GET /__emulator/stats':
      return sendReply(res, jsonReply(200, state.snapshotStats()));
    case 'POST /__emulator/reset':
      state.reset();
      return sendReply(res, jsonReply(200, state.config()));
    case 'GET /__emulator/requests':
      return sendReply(res, jsonReply(200, state.log.list().map(withoutRawBody)));
  }
  const allowed = ROUTES.filter((route) => route.endsWith(` ${path}`)).map((route) => route.split(' ')[0] ?? '');
  if (allowed.length > 0) {
    return sendReply(res, jsonError(405, `Method ${req.method ?? ''} not allowed on ${path}; use ${allowed.join(' or ')}`, { allow: allowed.join(', ') }));
  }
  return sendReply(res, jsonError(404, `Unknown control endpoint ${path}; available: ${ROUTES.join(', ')}`));
}

/** Raw bodies can be megabytes of image; the recorded file's size and hash identify it instead. */
function withoutRawBody(request: RecordedRequest): Omit<RecordedRequest, 'rawBody'> {
  const { rawBody: _rawBody, ...rest } = request;
  return rest;
}
