import type { ServerResponse } from 'node:http';
import type { TimerSet } from './create-timer-set.js';
import { markedReply, sendReply, type EmulatorReply, type ReplyHeaders } from './emulator-reply.js';
import type { FaultRule } from './fault-rule.js';

/** Builds an error answer in the emulated service's own shape. */
export type ErrorReplyBuilder = (error: { status: number; message: string; headers: ReplyHeaders }) => EmulatorReply;

export interface ApplyCommonFaultOptions {
  rule: FaultRule;
  res: ServerResponse;
  timers: TimerSet;
  errorReply: ErrorReplyBuilder;
  /** Headers every answer of this endpoint carries (Dynaspark's GET API sends X-RateLimit-*). */
  headers?: ReplyHeaders | undefined;
  /**
   * The answer without the fault, when it is one piece: `latency` and `slow-drip` send it. A
   * streamed answer applies those two itself.
   */
  reply?: EmulatorReply | undefined;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized: invalid or missing API key',
  403: 'Forbidden',
  404: 'Not found',
  408: 'Request timeout',
  500: 'Internal server error',
  502: 'Bad gateway: the model backend did not answer',
  503: 'Service temporarily unavailable',
};

const RATE_LIMITED_MESSAGE = 'Rate limit exceeded. Please try again later.';

/**
 * Sends what a fault asks for when it replaces the answer the same way in every emulator (status,
 * rate limit, reset, hang; latency and slow-drip given a one-piece `reply`). Returns false for the
 * faults that reshape a service's own answer, which the emulator applies itself.
 */
export function applyCommonFault(options: ApplyCommonFaultOptions): boolean {
  const { rule, res, timers, errorReply, reply } = options;
  // Marks every faulted answer, so a test or a captured trace shows the fault was injected.
  const headers: ReplyHeaders = { ...options.headers, 'x-emulator-fault': rule.fault };
  const rateLimited: ReplyHeaders = 'x-ratelimit-remaining' in headers ? { ...headers, 'x-ratelimit-remaining': 0 } : headers;
  const tooMany = (extra: ReplyHeaders): void =>
    sendReply(res, errorReply({ status: 429, message: RATE_LIMITED_MESSAGE, headers: { ...rateLimited, ...extra } }));
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
      sendReply(res, errorReply({ status, message: STATUS_MESSAGES[status] ?? 'Error', headers }));
      return true;
    }
    case 'rate-limit':
      tooMany({ 'retry-after': rule.retryAfterSeconds ?? 1 });
      return true;
    case 'rate-limit-no-header':
      tooMany({});
      return true;
    case 'rate-limit-ms':
      tooMany({ 'retry-after-ms': rule.retryAfterMs ?? 200 });
      return true;
    case 'rate-limit-date':
      tooMany({ 'retry-after': retryDate(rule.retryAfterSeconds ?? 1) });
      return true;
    case 'reset':
      // An RST, not a FIN: the client sees ECONNRESET, as with a crashed proxy.
      res.socket?.resetAndDestroy();
      return true;
    case 'hang':
      // Nothing is written; close() destroys the socket, or the client gives up first.
      return true;
    case 'latency':
      if (!reply) return false;
      timers.setTimeout(() => sendReply(res, markedReply(reply, rule.fault)), rule.delayMs ?? 1000);
      return true;
    case 'slow-drip':
      if (!reply) return false;
      dripReply({ res, reply: markedReply(reply, rule.fault), totalMs: rule.dripMs ?? 1000, timers });
      return true;
    default:
      return false;
  }
}

/** Rounded up to the next whole second, since an HTTP date cannot say less than a second. */
function retryDate(seconds: number): string {
  const at = Math.ceil(Date.now() / 1000) * 1000 + seconds * 1000;
  return new Date(at).toUTCString();
}

interface DripReplyOptions {
  res: ServerResponse;
  reply: EmulatorReply;
  /** How long writing the whole body takes. */
  totalMs: number;
  timers: TimerSet;
}

/** Writes the headers at once, then the body in small pieces spread over `totalMs`. */
function dripReply(options: DripReplyOptions): void {
  const { res, reply, totalMs, timers } = options;
  if (res.destroyed || res.headersSent) return;
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
