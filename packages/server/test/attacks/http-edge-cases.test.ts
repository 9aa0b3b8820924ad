// Attack surface below the routes: what Node's HTTP parser refuses, bodies in an encoding the
// gateway would misread, keys that reach for an object's prototype. Each gets OpenAI's error
// shape and a status that says what was wrong.
import { once } from 'node:events';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMockProvider } from '@switchboard/testing';
import { json, startTestGateway, type TestGateway } from '../../src/__fixtures__/start-test-gateway.js';

let server: TestGateway;
const provider = createMockProvider({ id: 'alpha', models: ['echo'] });
beforeAll(async () => {
  server = await startTestGateway({ providers: [provider] });
});
afterAll(() => server.close());

const body = JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: 'Hello' }] });
const post = (headers: Record<string, string>, payload: string | Uint8Array = body) =>
  fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });

/** Sends raw bytes and reads the whole answer (the gateway closes the connection after a parse error). */
async function raw(request: string): Promise<{ head: string; body: unknown }> {
  const { port, hostname } = new URL(server.url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  socket.end(request);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  return { head: text.slice(0, split), body: JSON.parse(text.slice(split + 4)) };
}

describe("what Node's HTTP parser refuses is answered in OpenAI's error shape", () => {
  it('400 for a malformed request line', async () => {
    const answer = await raw('GET /health/live HTTP/9\r\n\r\n');
    expect(answer.head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer.body).toEqual({ error: expect.objectContaining({ type: 'invalid_request_error', code: 'invalid_http_request', param: null }) });
  });

  it('431 for headers larger than the server takes', async () => {
    const answer = await raw(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer.head).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer.body).toEqual({ error: expect.objectContaining({ code: 'request_header_fields_too_large', message: expect.any(String) }) });
  });
});

describe('bodies the gateway would not read as they were meant', () => {
  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['charset=utf-16', { 'content-type': 'application/json; charset=utf-16' }],
  ])('%s is a 415, not read as UTF-8 JSON', async (_what, headers) => {
    const response = await post(headers);
    expect(response.status).toBe(415);
    expect((await json(response)).error).toMatchObject({ type: 'invalid_request_error', code: 'unsupported_media_type' });
  });

  it('a gzip body is a 415 naming the encoding, not read as JSON', async () => {
    const response = await post({ 'content-encoding': 'gzip' }, gzipSync(body));
    expect(response.status).toBe(415);
    expect((await json(response)).error.message).toContain("'Content-Encoding: gzip'");
  });

  it('charset=utf-8 (any case) and no charset are read', async () => {
    for (const type of ['application/json; charset=UTF-8', 'application/json']) {
      const response = await post({ 'content-type': type });
      expect(response.status).toBe(200);
      await response.text();
    }
  });

  it("a '__proto__' key is refused with a message saying so, and nothing is sent", async () => {
    const calls = provider.calls.length;
    const response = await post({}, '{"model": "echo", "messages": [{"role": "user", "content": "hi", "__proto__": {"admin": true}}]}');
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: 'forbidden_key', message: expect.stringContaining("'__proto__' key") });
    expect(provider.calls).toHaveLength(calls);
  });

  it('a body over the limit is a 413 in the same shape', async () => {
    const response = await post({}, JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: 'x'.repeat(17 * 1024 * 1024) }] }));
    expect(response.status).toBe(413);
    expect((await json(response)).error).toMatchObject({ code: 'request_too_large', message: expect.stringContaining('bodyLimit') });
  });
});
