import type { ServerResponse } from 'node:http';
import type { EmulatorReply } from './emulator-reply.js';

/** Writes a reply in one piece, unless the client already went away (nothing to write to). */
export function sendReply(res: ServerResponse, reply: EmulatorReply): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}
