import type { ServerResponse } from 'node:http';
import type { TimerSet } from './create-timer-set.js';
import { htmlReply, jsonError, rawJsonReply, type EmulatorReply, type ReplyHeaders } from './emulator-reply.js';
import type { FaultRule } from './fault-rule.js';
import { CHALLENGE_PAGE, SITE_PAGE, WAKING_UP_PAGE } from './html-pages.js';
import { sendReply } from './send-reply.js';

export interface ApplyFaultOptions {
  rule: FaultRule;
  res: ServerResponse;
  /** What the emulator would have sent without the fault: `slow-drip` and `latency` send it. */
  reply: EmulatorReply;
  /** Headers every answer of this endpoint carries (the GET API's X-RateLimit-*). */
  headers?: ReplyHeaders | undefined;
  timers: TimerSet;
}

const statusMessages: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized: invalid or missing API key',
  403: 'Forbidden',
  404: 'Not found',
  408: 'Request timeout',
  500: 'Internal server error',
  502: 'Bad gateway: the model backend did not answer',
  503: 'Service temporarily unavailable',
};

const RATE_LIMITED = 'Rate limit exceeded. Please try again later.';

/** Sends the fault a rule asks for in place of `reply`. */
export function applyFault(options: ApplyFaultOptions): void {
  const { rule, res, reply, timers } = options;
  // Marks every faulted answer, so a test or a captured trace shows the fault was injected.
  const headers: ReplyHeaders = { ...options.headers, 'x-emulator-fault': rule.fault };
  const rateLimited: ReplyHeaders = 'x-ratelimit-remaining' in headers ? { ...headers, 'x-ratelimit-remaining': 0 } : headers;
  switch (rule.fault) {
    case 'status-400':
    case 'status-401':
    case 'status-403':
    case 'status-404':
    case 'status-408':
    case 'status-500':
    case 'status-502':
    case 'status-503': {
      const status = Number(rule.fault.slice('status-'.length));
      return sendReply(res, jsonError(status, statusMessages[status] ?? 'Error', headers));
    }
    case 'rate-limit':
      return sendReply(res, jsonError(429, RATE_LIMITED, { ...rateLimited, 'retry-after': rule.retryAfterSeconds ?? 1 }));
    case 'rate-limit-no-header':
      return sendReply(res, jsonError(429, RATE_LIMITED, rateLimited));
    case 'rate-limit-ms':
      return sendReply(res, jsonError(429, RATE_LIMITED, { ...rateLimited, 'retry-after-ms': rule.retryAfterMs ?? 200 }));
    case 'rate-limit-date':
      return sendReply(res, jsonError(429, RATE_LIMITED, { ...rateLimited, 'retry-after': retryDate(rule.retryAfterSeconds ?? 1) }));
    case 'html-503':
      return sendReply(res, htmlReply(503, WAKING_UP_PAGE, { ...headers, 'cache-control': 'no-store' }));
    case 'html-200':
      return sendReply(res, htmlReply(200, SITE_PAGE, headers));
    case 'challenge':
      return sendReply(
        res,
        htmlReply(403, CHALLENGE_PAGE, { ...headers, 'cf-mitigated': 'challenge', server: 'cloudflare', 'cache-control': 'no-store' }),
      );
    case 'reset':
      // An RST, not a FIN: the client sees ECONNRESET, as with a crashed proxy.
      res.socket?.resetAndDestroy();
      return;
    case 'hang':
      // Nothing is written; close() destroys the socket, or the client gives up first.
      return;
    case 'malformed-json':
      return sendReply(res, rawJsonReply(200, '{"response": "trunc', headers));
    case 'missing-field':
      return sendReply(res, rawJsonReply(200, JSON.stringify({ result: reply.answer ?? '' }), headers));
    case 'empty':
      return sendReply(res, rawJsonReply(200, '{"response": ""}', headers));
    case 'whitespace':
      return sendReply(res, rawJsonReply(200, '{"response": "   "}', headers));
    case 'slow-drip':
      return drip({ res, reply: { ...reply, headers: { ...reply.headers, 'x-emulator-fault': rule.fault } }, totalMs: rule.dripMs ?? 1000, timers });
    case 'latency':
      timers.setTimeout(() => sendReply(res, { ...reply, headers: { ...reply.headers, 'x-emulator-fault': rule.fault } }), rule.delayMs ?? 1000);
      return;
  }
}

/** Rounded up to the next whole second, since an HTTP date cannot say less than a second. */
function retryDate(seconds: number): string {
  const at = Math.ceil(Date.now() / 1000) * 1000 + seconds * 1000;
  return new Date(at).toUTCString();
}

/** Writes the headers at once, then the body in small pieces spread over `totalMs`. */
function drip(options: { res: ServerResponse; reply: EmulatorReply; totalMs: number; timers: TimerSet }): void {
  const { res, reply, totalMs, timers } = options;
  if (res.destroyed) return;
  const body = Buffer.from(reply.body);
  // A few bytes per write for an ordinary answer; at most ~100 writes for a large one.
  const pieceSize = Math.max(4, Math.ceil(body.length / 100));
  const pieces = Math.max(1, Math.ceil(body.length / pieceSize));
  const started = Date.now();
  res.writeHead(reply.status, reply.headers);
  let index = 0;
  const writeNext = (): void => {
    if (res.destroyed) return;
    const piece = body.subarray(index * pieceSize, (index + 1) * pieceSize);
    index += 1;
    if (index >= pieces) {
      res.end(piece);
      return;
    }
    res.write(piece);
    // Aimed at absolute times: chained relative timers drift, and round short, by a few ms each.
    const due = started + Math.ceil((totalMs * index) / (pieces - 1));
    timers.setTimeout(writeNext, Math.max(0, due - Date.now()));
  };
  writeNext();
}
