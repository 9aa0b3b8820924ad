import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonReply, rawJsonReply, sendReply } from './emulator-reply.js';
import type { EmulatorState } from './emulator-state.js';
import { errorMessage } from './error-message.js';
import { readBody } from './read-body.js';

/** Every control path starts with this; none of them is recorded, counted, delayed or faulted. */
export const CONTROL_PREFIX = '/__emulator/';

const ROUTES = ['GET /__emulator/config', 'POST /__emulator/config', 'GET /__emulator/stats', 'POST /__emulator/reset', 'GET /__emulator/requests'];

export interface HandleControlRequestOptions {
  state: EmulatorState<string, string, unknown>;
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
}

/**
 * The control API, for a benchmark or demo driving an emulator that runs in another process. Its
 * errors are the emulator's own `{"error": "..."}`, whatever service is emulated.
 */
export async function handleControlRequest(options: HandleControlRequestOptions): Promise<void> {
  const { state, req, res, path } = options;
  const error = (status: number, message: string, headers = {}): void => sendReply(res, jsonReply(status, { error: message }, headers));
  switch (`${req.method ?? ''} ${path}`) {
    case 'GET /__emulator/config':
      return sendReply(res, jsonReply(200, state.config()));
    case 'POST /__emulator/config': {
      const text = ((await readBody(req)) ?? Buffer.alloc(0)).toString('utf8').trim();
      let input: unknown;
      try {
        input = text === '' ? {} : JSON.parse(text);
      } catch {
        return error(400, 'The config body must be JSON, like {"faults": [{"fault": "status-500"}], "latencyMs": 0}');
      }
      try {
        state.configure(input);
      } catch (caught) {
        return error(400, errorMessage(caught));
      }
      return sendReply(res, jsonReply(200, state.config()));
    }
    case 'GET /__emulator/stats':
      return sendReply(res, jsonReply(200, state.snapshotStats()));
    case 'POST /__emulator/reset':
      state.reset();
      return sendReply(res, jsonReply(200, state.config()));
    case 'GET /__emulator/requests':
      return sendReply(res, rawJsonReply(200, jsonWithoutBytes(state.log.list())));
  }
  const allowed = ROUTES.filter((route) => route.endsWith(` ${path}`)).map((route) => route.split(' ')[0] ?? '');
  if (allowed.length > 0) {
    return error(405, `Method ${req.method ?? ''} not allowed on ${path}; use ${allowed.join(' or ')}`, { allow: allowed.join(', ') });
  }
  return error(404, `Unknown control endpoint ${path}; available: ${ROUTES.join(', ')}`);
}

/**
 * JSON without bytes and promises: raw bodies can be megabytes of image (the recorded size and
 * hash identify it), and a pending `outcome` has no JSON form.
 */
function jsonWithoutBytes(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, converted: unknown) {
    // `this[key]` is the value before toJSON(), which turns a Buffer into an array of numbers.
    const original = key === '' ? converted : this[key];
    const isPromise = typeof (original as { then?: unknown } | null)?.then === 'function';
    return Buffer.isBuffer(original) || isPromise ? undefined : converted;
  });
}
