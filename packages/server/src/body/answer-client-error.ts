import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { OpenAIErrorBody } from '../errors/openai-error-from.js';

/** What Node's HTTP parser reports, per error code: the status, OpenAI error code and message. */
const PARSER_ERRORS: Readonly<Record<string, readonly [number, string, string]>> = {
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    'request_timeout',
    'The request (headers and body) did not arrive within the time this gateway allows. Send it again, faster.',
  ],
  HPE_HEADER_OVERFLOW: [431, 'request_header_fields_too_large', "The request's headers are larger than this gateway accepts. Send fewer or shorter headers."],
};

/**
 * Answers what Node's HTTP parser refuses before any route runs (a malformed request line or
 * header, headers too large, a request that took too long) in OpenAI's error shape, like every
 * other error, then closes the connection: after a parse error the stream is out of step.
 * Used as Fastify's `clientErrorHandler`.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = PARSER_ERRORS[error.code ?? ''] ?? [
    400,
    'invalid_http_request',
    'The request is not valid HTTP/1.1 (a malformed request line, header or body framing).',
  ];
  const body: OpenAIErrorBody = { error: { message, type: 'invalid_request_error', param: null, code } };
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(error);
}
