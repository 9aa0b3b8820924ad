import type { ServerResponse } from 'node:http';
import type { TimerSet } from './create-timer-set.js';
import type { EmulatorReply } from './emulator-reply.js';

export interface DripReplyOptions {
  res: ServerResponse;
  reply: EmulatorReply;
  /** How long writing the whole body takes. */
  totalMs: number;
  timers: TimerSet;
}

/** Writes the headers at once, then the body in small pieces spread over `totalMs`. */
export function dripReply(options: DripReplyOptions): void {
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
