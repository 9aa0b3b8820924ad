import type { ServerResponse } from 'node:http';

export type ReplyHeaders = Record<string, string | number>;

/** A complete answer an emulator intends to send; a fault may send something else instead. */
export interface EmulatorReply {
  status: number;
  /** Includes content-type and content-length. */
  headers: ReplyHeaders;
  body: string;
  /** The answer text of a successful chat request (body faults such as `missing-field` reuse it). */
  answer?: string;
}

/** A reply with its content type and length set. */
export function textReply(options: { status: number; contentType: string; body: string; headers?: ReplyHeaders | undefined }): EmulatorReply {
  const { status, contentType, body, headers } = options;
  return { status, headers: { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) }, body };
}

export function jsonReply(status: number, value: unknown, headers?: ReplyHeaders): EmulatorReply {
  return textReply({ status, contentType: 'application/json', body: JSON.stringify(value), headers });
}

export function htmlReply(status: number, html: string, headers?: ReplyHeaders): EmulatorReply {
  return textReply({ status, contentType: 'text/html; charset=utf-8', body: html, headers });
}

/** A JSON body written as given, for the faults whose point is a broken or odd body. */
export function rawJsonReply(status: number, body: string, headers?: ReplyHeaders): EmulatorReply {
  return textReply({ status, contentType: 'application/json', body, headers });
}

/** The same reply, marked with the fault that delayed or reshaped it. */
export function markedReply(reply: EmulatorReply, fault: string): EmulatorReply {
  return { ...reply, headers: { ...reply.headers, 'x-emulator-fault': fault } };
}

/** Writes a reply in one piece, unless the client already went away (nothing to write to). */
export function sendReply(res: ServerResponse, reply: EmulatorReply): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}
