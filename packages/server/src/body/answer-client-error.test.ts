import type { Socket } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { answerClientError } from './answer-client-error.js';

/** A socket that records what is written to it. */
const fakeSocket = () => {
  const socket = { written: '', destroyed: false, writable: true, write: (text: string) => (socket.written += text), destroy: () => (socket.destroyed = true) };
  return socket;
};
const errorWith = (code: string) => Object.assign(new Error(code), { code });

describe('answerClientError', () => {
  it.each([
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'request_timeout'],
    ['HPE_HEADER_OVERFLOW', 431, 'request_header_fields_too_large'],
    ['HPE_INVALID_METHOD', 400, 'invalid_http_request'],
  ])('answers %s with %i in the OpenAI error shape, then closes', (code, status, errorCode) => {
    const socket = fakeSocket();

    answerClientError(errorWith(code), socket as unknown as Socket);

    expect(socket.written).toMatch(new RegExp(`^HTTP/1\\.1 ${status} .*\\r\\nConnection: close\\r\\n\\r\\n`, 's'));
    const body = JSON.parse(socket.written.slice(socket.written.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: errorCode } });
    expect(socket.destroyed).toBe(true);
  });

  it('writes nothing to a connection the client reset', () => {
    const socket = fakeSocket();
    answerClientError(errorWith('ECONNRESET'), socket as unknown as Socket);
    expect(socket.written).toBe('');
  });
});
