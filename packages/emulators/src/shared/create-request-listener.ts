import type { RequestListener, ServerResponse } from 'node:http';
import type { ErrorReplyBuilder } from './apply-common-fault.js';
import type { EmulatorRequest } from './emulator-request.js';
import type { EmulatorState } from './emulator-state.js';
import { errorMessage } from './error-message.js';
import { CONTROL_PREFIX, handleControlRequest } from './handle-control-request.js';
import { sendReply } from './send-reply.js';

export interface CreateRequestListenerOptions {
  state: EmulatorState<string, string, unknown>;
  /** Answers a request to the emulated service. */
  route: (request: EmulatorRequest) => Promise<void>;
  errorReply: ErrorReplyBuilder;
}

/**
 * Sends `/__emulator/` requests to the control API and everything else to `route`, counting them;
 * anything unexpected in a handler becomes a 500 instead of a crash.
 */
export function createRequestListener(options: CreateRequestListenerOptions): RequestListener {
  const { state, route, errorReply } = options;
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
      work = route({ req, res, path, query: queryStart === -1 ? '' : url.slice(queryStart + 1) });
    }
    work.catch((error: unknown) => fail({ res, error, errorReply }));
  };
}

function fail(options: { res: ServerResponse; error: unknown; errorReply: ErrorReplyBuilder }): void {
  const { res, error, errorReply } = options;
  if (res.destroyed) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendReply(res, errorReply({ status: 500, message: `Emulator error: ${errorMessage(error)}`, headers: {} }));
}
