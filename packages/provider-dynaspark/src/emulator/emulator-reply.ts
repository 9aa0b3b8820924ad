export type ReplyHeaders = Record<string, string | number>;

/** A complete answer the emulator intends to send; faults may send something else instead. */
export interface EmulatorReply {
  status: number;
  /** Includes content-type and content-length. */
  headers: ReplyHeaders;
  body: string;
  /** The answer text of a successful chat request (the `missing-field` fault renames it). */
  answer?: string;
}

function reply(status: number, contentType: string, body: string, headers?: ReplyHeaders): EmulatorReply {
  return {
    status,
    headers: { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
    body,
  };
}

export function jsonReply(status: number, value: unknown, headers?: ReplyHeaders): EmulatorReply {
  return reply(status, 'application/json', JSON.stringify(value), headers);
}

/** The service's error shape: `{"error": "<message>"}`. */
export function jsonError(status: number, message: string, headers?: ReplyHeaders): EmulatorReply {
  return jsonReply(status, { error: message }, headers);
}

export function htmlReply(status: number, html: string, headers?: ReplyHeaders): EmulatorReply {
  return reply(status, 'text/html; charset=utf-8', html, headers);
}

/** A 200 JSON body written as given, for the faults whose point is a broken or odd body. */
export function rawJsonReply(status: number, body: string, headers?: ReplyHeaders): EmulatorReply {
  return reply(status, 'application/json', body, headers);
}
