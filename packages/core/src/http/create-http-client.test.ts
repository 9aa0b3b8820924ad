import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { ApiCallError } from '../errors/api-call-error.js';
import { HtmlResponseError } from '../errors/html-response-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { NetworkError } from '../errors/network-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { ResponseTooLargeError } from '../errors/response-too-large-error.js';
import { createHttpClient, DEFAULT_MAX_RESPONSE_BYTES, type HttpClient } from './create-http-client.js';
import { startConnectProxy } from '../testing/start-connect-proxy.js';
import { rejection } from '../testing/captured-error.js';
import { AttemptCancellation } from '../orchestration/attempt-cancellation.js';

// Everything here goes over real sockets to servers on 127.0.0.1: the client is faked nowhere.

interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A local HTTP server that records what it receives and counts the connections it accepts. */
async function startServer() {
  const received: ReceivedRequest[] = [];
  const state = { connections: 0, handler: ((_request, response) => response.end('ok')) as Handler };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks) });
      state.handler(request, response);
    });
  });
  server.on('connection', () => state.connections++);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    state,
    close: () => close(server),
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

let server: Awaited<ReturnType<typeof startServer>>;
let client: HttpClient;

beforeEach(async () => {
  server = await startServer();
  client = createHttpClient({ provider: 'test', baseUrl: server.url, headers: { 'user-agent': 'switchboard-test', 'x-default': 'yes' } });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

describe('createHttpClient', () => {
  it('exposes its base URL without a trailing slash', () => {
    expect(createHttpClient({ provider: 'test', baseUrl: `${server.url}/v1/` }).baseUrl).toBe(`${server.url}/v1`);
  });

  it('refuses a base URL that is not http(s), naming the provider option', () => {
    let error: unknown;
    try {
      createHttpClient({ provider: 'dynaspark', baseUrl: 'ftp://example.com' });
    } catch (caught) {
      error = caught;
    }

    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe('providerOptions.dynaspark.baseUrl');
  });

  describe('requests', () => {
    it('POSTs a string body byte for byte', async () => {
      const body = 'user_input=Hi%0Athere&x=1\nsecond line\r\nthird: é ✓';

      await client.request({ path: '/generate_response', model: 'm', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

      const [request] = server.received;
      expect(request!.method).toBe('POST');
      expect(request!.url).toBe('/generate_response');
      expect(request!.body.toString('utf8')).toBe(body);
      expect(request!.headers['content-length']).toBe(String(Buffer.byteLength(body)));
      expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    });

    it('POSTs a Uint8Array body byte for byte', async () => {
      const body = Uint8Array.from([0x00, 0x0a, 0x0d, 0x0a, 0xff, 0xfe, 0x80, 0x7f, 0x0a]);

      await client.request({ path: '/upload', model: 'm', body, headers: { 'content-type': 'multipart/form-data; boundary=x' } });

      expect(Uint8Array.from(server.received[0]!.body)).toEqual(body);
      expect(server.received[0]!.headers['content-length']).toBe('9');
    });

    it('sends a GET without a body', async () => {
      await client.request({ method: 'GET', path: '/health', model: 'm' });

      expect(server.received[0]).toMatchObject({ method: 'GET', url: '/health' });
      expect(server.received[0]!.body.length).toBe(0);
    });

    it('sends the default headers with each request, and the request headers over them', async () => {
      await client.request({ path: '/a', model: 'm', headers: { 'x-request': '1', 'x-default': 'overridden' } });
      await client.request({ path: '/b', model: 'm' });

      expect(server.received[0]!.headers).toMatchObject({ 'user-agent': 'switchboard-test', 'x-request': '1', 'x-default': 'overridden' });
      expect(server.received[1]!.headers).toMatchObject({ 'user-agent': 'switchboard-test', 'x-default': 'yes' });
      expect(server.received[1]!.headers['x-request']).toBeUndefined();
    });

    it('adds query parameters, encoded, leaving out undefined ones', async () => {
      await client.request({
        method: 'GET',
        path: '/api/generate_response',
        model: 'm',
        query: { user_input: 'Hi there & bye', model: 'gemini-2.0-flash', skip: undefined },
      });

      expect(server.received[0]!.url).toBe('/api/generate_response?user_input=Hi+there+%26+bye&model=gemini-2.0-flash');
    });

    it('appends the path to a base path', async () => {
      const v1 = createHttpClient({ provider: 'test', baseUrl: `${server.url}/v1/` });

      await v1.request({ path: '/chat/completions', model: 'm' });
      await v1.close();

      expect(server.received[0]!.url).toBe('/v1/chat/completions');
    });
  });

  describe('responses', () => {
    it('resolves a 2xx with its status, headers, URL and text', async () => {
      server.state.handler = (_request, response) => {
        response.writeHead(201, { 'content-type': 'application/json', 'x-served-by': 'local' });
        response.end('{"response":"Hello"}');
      };

      const response = await client.request({ path: '/generate_response', model: 'm', query: { a: '1' } });

      expect(response.status).toBe(201);
      expect(response.headers.get('x-served-by')).toBe('local');
      expect(response.url).toBe(`${server.url}/generate_response?a=1`);
      expect(await response.text()).toBe('{"response":"Hello"}');
    });

    it('streams the body as it arrives', async () => {
      const next = deferred<void>();
      server.state.handler = (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: first\n\n');
        void next.promise.then(() => response.end('data: second\n\n'));
      };

      const response = await client.request({ path: '/stream', model: 'm' });
      const reader = response.body!.getReader();
      const first = await reader.read();
      next.resolve();
      const rest: string[] = [];
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest.push(Buffer.from(chunk.value).toString());

      expect(Buffer.from(first.value!).toString()).toBe('data: first\n\n');
      expect(rest.join('')).toBe('data: second\n\n');
    });

    it('resolves a 204 with no body', async () => {
      server.state.handler = (_request, response) => {
        response.statusCode = 204;
        response.end();
      };

      const response = await client.request({ path: '/ping', model: 'm' });

      expect(response.status).toBe(204);
      expect(response.body).toBeNull();
      expect(await response.text()).toBe('');
    });

    it('rejects a 429 with a RateLimitError carrying Retry-After', async () => {
      server.state.handler = (_request, response) => {
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
        response.end('{"error":"Rate limit exceeded."}');
      };

      const error = await rejection(client.request({ path: '/generate_response', model: 'gemini-2.0-flash' }));

      expect(RateLimitError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        provider: 'test',
        model: 'gemini-2.0-flash',
        url: `${server.url}/generate_response`,
        status: 429,
        retryAfterMs: 3000,
        responseBody: '{"error":"Rate limit exceeded."}',
      });
    });

    it('rejects an HTML 503 with a retryable HtmlResponseError', async () => {
      server.state.handler = (_request, response) => {
        response.writeHead(503, { 'content-type': 'text/html' });
        response.end('<html><head><title>Service Unavailable</title></head></html>');
      };

      const error = await rejection(client.request({ path: '/generate_response', model: 'm' }));

      expect(HtmlResponseError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 503, isRetryable: true, isChallenge: false });
    });

    it("rejects a 401 with a non-retryable ApiCallError carrying the service's message", async () => {
      server.state.handler = (_request, response) => {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end('{"error":{"message":"Invalid API key"}}');
      };

      const error = await rejection(client.request({ path: '/chat/completions', model: 'm' }));

      expect(ApiCallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 401, isRetryable: false, responseHeaders: expect.objectContaining({ 'content-type': 'application/json' }) });
      expect((error as Error).message).toContain('Invalid API key');
    });
  });

  describe('credentials the upstream echoes', () => {
    it('are taken out of the error message and body, whatever their shape: header, bearer token or query value', async () => {
      const key = '7f3a9c21e4b8d6f05a1c3e7b9d2f4a68';
      const token = 'tok.Zq81-Lm02-Xw93';
      const queryKey = 'q-secret-4471-aa90';
      const echoing = createHttpClient({ provider: 'acme', baseUrl: server.url, headers: { 'api-key': key } });
      server.state.handler = (request, response) => {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: `Invalid key ${key}, token ${token} (${request.headers.authorization}) or ${queryKey}` } }));
      };

      const error = (await rejection(
        echoing.request({ path: '/chat', model: 'm', headers: { authorization: `Bearer ${token}` }, query: { api_key: queryKey, page: 'first-page' } }),
      )) as ApiCallError;

      expect(error.message).toContain('Invalid key [redacted], token [redacted] (Bearer [redacted]) or [redacted]');
      for (const secret of [key, token, queryKey]) {
        expect(error.message).not.toContain(secret);
        expect(error.responseBody).not.toContain(secret);
      }
    });
  });

  describe('failures without a response', () => {
    it('rejects with a NetworkError ECONNREFUSED when nothing listens', async () => {
      const gone = await startServer();
      await gone.close();
      const refused = createHttpClient({ provider: 'test', baseUrl: gone.url });

      const error = await rejection(refused.request({ path: '/generate_response', model: 'm' }));
      await refused.close();

      expect(NetworkError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ systemCode: 'ECONNREFUSED', isRetryable: true, url: `${gone.url}/generate_response`, provider: 'test', model: 'm' });
    });

    it('rejects with a NetworkError when the server closes the connection without answering', async () => {
      server.state.handler = (request) => request.socket.destroy();

      const error = await rejection(client.request({ path: '/generate_response', model: 'm' }));

      expect(NetworkError.isInstance(error)).toBe(true);
      expect((error as NetworkError).systemCode).toEqual(expect.any(String));
    });

    it('rejects with a NetworkError when a silent server outlasts socketTimeoutMs', async () => {
      server.state.handler = () => {};
      const patient = createHttpClient({ provider: 'test', baseUrl: server.url, socketTimeoutMs: 50 });

      const error = await rejection(patient.request({ path: '/generate_response', model: 'm' }));
      await patient.close();

      expect(NetworkError.isInstance(error)).toBe(true);
      expect((error as NetworkError).systemCode).toBe('UND_ERR_HEADERS_TIMEOUT');
    });
  });

  describe('abort', () => {
    it('rejects with the reason of the signal and closes the socket the server sees', async () => {
      const arrived = deferred<IncomingMessage>();
      server.state.handler = (request) => arrived.resolve(request);
      const controller = new AbortController();
      const reason = new Error('user left');

      const pending = client.request({ path: '/generate_response', model: 'm', signal: controller.signal });
      const request = await arrived.promise;
      const socketClosed = new Promise<void>((resolve) => request.socket.once('close', () => resolve()));
      controller.abort(reason);

      await expect(pending).rejects.toBe(reason);
      await socketClosed;
      expect(request.socket.destroyed).toBe(true);
    });

    it('rejects with the reason of an already aborted signal, sending nothing', async () => {
      const reason = new Error('too late');

      await expect(client.request({ path: '/generate_response', model: 'm', signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect(server.received).toEqual([]);
    });

    it("rejects with the reason of an attempt's cancellation and closes the socket the server sees", async () => {
      const arrived = deferred<IncomingMessage>();
      server.state.handler = (request) => arrived.resolve(request);
      const cancellation = new AttemptCancellation();
      const reason = new Error('attempt timed out');

      const pending = client.request({ path: '/generate_response', model: 'm', cancellation });
      const request = await arrived.promise;
      const socketClosed = new Promise<void>((resolve) => request.socket.once('close', () => resolve()));
      cancellation.abort(reason);

      await expect(pending).rejects.toBe(reason);
      await socketClosed;
      expect(request.socket.destroyed).toBe(true);
    });

    it('rejects with the reason of a cancellation aborted before the request, sending nothing', async () => {
      const cancellation = new AttemptCancellation();
      const reason = new Error('too late');
      cancellation.abort(reason);

      await expect(client.request({ path: '/generate_response', model: 'm', cancellation })).rejects.toBe(reason);
      expect(server.received).toEqual([]);
    });

    it("rejects text() with the cancellation's reason when it aborts while the body arrives", async () => {
      const cancellation = new AttemptCancellation();
      const reason = new Error('caller left');
      server.state.handler = (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"response": "par');
      };

      const response = await client.request({ path: '/generate_response', model: 'm', cancellation });
      const reading = rejection(response.text());
      cancellation.abort(reason);

      expect(await reading).toBe(reason);
    });

    it('rejects with the reason of the signal when aborted while reading an error body', async () => {
      const controller = new AbortController();
      const reason = new Error('user left');
      server.state.handler = (_request, response) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.write('partial', () => controller.abort(reason));
      };

      await expect(client.request({ path: '/generate_response', model: 'm', signal: controller.signal })).rejects.toBe(reason);
    });
  });

  describe('connections', () => {
    // undici's pool marks a socket free a tick after its response body ends, so a request sent at
    // once after the previous one may open a second socket; from then on the two take turns.
    it('reuses keep-alive connections for sequential requests instead of opening one per request', async () => {
      for (let index = 0; index < 25; index++) {
        const response = await client.request({ path: `/n/${index}`, model: 'm', body: `request ${index}` });
        expect(await response.text()).toBe('ok');
      }

      expect(server.received).toHaveLength(25);
      expect(server.state.connections).toBeLessThanOrEqual(2);
    });

    it('reuses a single connection when requests are spaced by a tick', async () => {
      for (let index = 0; index < 10; index++) {
        await (await client.request({ path: `/n/${index}`, model: 'm' })).text();
        await new Promise((resolve) => setImmediate(resolve));
      }

      expect(server.state.connections).toBe(1);
    });

    it('opens more connections for concurrent requests, up to `connections`', async () => {
      const limited = createHttpClient({ provider: 'test', baseUrl: server.url, connections: 2 });
      const responses = await Promise.all(Array.from({ length: 6 }, (_, index) => limited.request({ path: `/c/${index}`, model: 'm' })));
      await Promise.all(responses.map((response) => response.text()));
      await limited.close();

      expect(server.received).toHaveLength(6);
      expect(server.state.connections).toBeLessThanOrEqual(2);
    });
  });

  describe('proxy', () => {
    let proxy: Awaited<ReturnType<typeof startConnectProxy>>;

    beforeEach(async () => {
      proxy = await startConnectProxy();
    });

    afterEach(async () => {
      await proxy.close();
    });

    it('tunnels the request through the proxy, with its credentials', async () => {
      const proxyUrl = proxy.url.replace('http://', 'http://user:p%40ss@');

      const response = await client.request({ path: '/generate_response', model: 'm', body: 'via proxy', proxy: proxyUrl });

      expect(await response.text()).toBe('ok');
      expect(server.received[0]!.body.toString()).toBe('via proxy');
      expect(proxy.tunnels).toEqual([{ target: `127.0.0.1:${server.port}`, authorization: `Basic ${Buffer.from('user:p@ss').toString('base64')}` }]);
    });

    it('keeps its tunnels open across sequential requests through the same proxy', async () => {
      for (let index = 0; index < 10; index++) await (await client.request({ path: `/p/${index}`, model: 'm', proxy: proxy.url })).text();

      expect(server.received).toHaveLength(10);
      expect(proxy.tunnels.length).toBeLessThanOrEqual(2);
    });

    it('goes direct when a request names no proxy', async () => {
      await (await client.request({ path: '/direct', model: 'm' })).text();

      expect(server.received).toHaveLength(1);
      expect(proxy.tunnels).toEqual([]);
    });

    it('refuses a proxy URL that is not http(s)', async () => {
      const error = await rejection(client.request({ path: '/x', model: 'm', proxy: 'socks5://127.0.0.1:1080' }));

      expect(InvalidArgumentError.isInstance(error) && error.argument).toBe('options.proxy');
      expect(server.received).toEqual([]);
    });

    it('says it was the proxy, and which, when the proxy is unreachable (never its credentials)', async () => {
      const gone = await startConnectProxy();
      await gone.close();
      const port = new URL(gone.url).port;

      const error = await rejection(client.request({ path: '/x', model: 'm', proxy: gone.url.replace('http://', 'http://user:secret@') }));

      expect(NetworkError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ systemCode: 'ECONNREFUSED', proxy: `http://127.0.0.1:${port}` });
      expect((error as Error).message).toBe(
        `Provider 'test' (model 'm') could not be reached through the proxy http://127.0.0.1:${port}: ECONNREFUSED. The proxy is at fault, not the provider: check that it runs and accepts the credentials, or call without options.proxy.`,
      );
      expect(server.received).toEqual([]);
    });

    it('says the proxy refused the tunnel when it answers CONNECT with an error', async () => {
      const refusing = createServer();
      refusing.on('connect', (_request, socket: Socket) => socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n'));
      const port = await listen(refusing);

      const error = await rejection(client.request({ path: '/x', model: 'm', proxy: `http://127.0.0.1:${port}` }));
      await close(refusing);

      expect(NetworkError.isInstance(error) && error.proxy).toBe(`http://127.0.0.1:${port}`);
      expect((error as Error).message).toContain('answered the tunnel request with HTTP 407 (proxy authentication required)');
    });
  });
});

describe('compressed answers', () => {
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('are decompressed (%s), as text and as a stream, on both paths', async (encoding, compress) => {
    const body = `{"response":"${'compressed '.repeat(50)}"}`;
    server.state.handler = (_request, response) =>
      response.writeHead(200, { 'content-encoding': encoding, 'content-type': 'application/json' }).end(compress(body));

    const text = await (await client.request({ path: '/chat', model: 'm' })).text();
    const control = await (await client.controlRequest({ method: 'GET', path: '/status', model: 'm' })).text();
    const stream = (await client.request({ path: '/chat', model: 'm' })).body!;
    let streamed = '';
    for await (const chunk of stream) streamed += Buffer.from(chunk).toString('utf8');

    expect([text, control, streamed]).toEqual([body, body, body]);
  });

  it('decompresses error bodies too, so the upstream message reaches the error', async () => {
    server.state.handler = (_request, response) =>
      response.writeHead(503, { 'content-encoding': 'gzip', 'content-type': 'application/json' }).end(gzipSync('{"error":"overloaded"}'));

    const error = await rejection(client.request({ path: '/chat', model: 'm' }));

    expect((error as Error).message).toBe("Provider 'test' (model 'm') answered HTTP 503: overloaded.");
  });
});

describe('createHttpClient onRequest', () => {
  let hooked: HttpClient;

  afterEach(() => hooked?.close());

  it('runs before every request on both paths (to sign it), sending the body byte for byte', async () => {
    hooked = createHttpClient({
      provider: 'test',
      baseUrl: server.url,
      headers: { 'x-default': 'yes' },
      onRequest: (request) => {
        request.headers['x-signature'] = `signed ${request.method} ${new URL(request.url).pathname}`;
      },
    });
    const body = 'line 1\nline 2';

    await (await hooked.request({ path: '/signed', model: 'm', body, headers: { 'content-type': 'text/plain' } })).text();
    await (await hooked.controlRequest({ method: 'GET', path: '/models', model: 'm' })).text();

    expect(server.received[0]!.headers).toMatchObject({ 'x-signature': 'signed POST /signed', 'x-default': 'yes', 'content-type': 'text/plain' });
    expect(server.received[0]!.body.toString('utf8')).toBe(body);
    expect(server.received[1]!.headers).toMatchObject({ 'x-signature': 'signed GET /models', 'x-default': 'yes' });
  });

  it('can refresh a token off the hot path, once, and use it on every chat request', async () => {
    let refreshes = 0;
    let token: string | undefined;
    server.state.handler = (request, response) => {
      if (request.url === '/token') {
        refreshes++;
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"t-1"}');
      } else response.end(`auth ${request.headers.authorization}`);
    };
    hooked = createHttpClient({
      provider: 'test',
      baseUrl: server.url,
      onRequest: async (request) => {
        if (new URL(request.url).pathname === '/token') return;
        token ??= (await (await hooked.controlRequest({ path: '/token', model: 'm' })).text()) && 't-1';
        request.headers.authorization = `Bearer ${token}`;
      },
    });

    const first = await (await hooked.request({ path: '/chat', model: 'm' })).text();
    const second = await (await hooked.request({ path: '/chat', model: 'm' })).text();

    expect([first, second, refreshes]).toEqual(['auth Bearer t-1', 'auth Bearer t-1', 1]);
  });
});

describe('what errors show', () => {
  it('never the query string, which may carry a key', async () => {
    server.state.handler = (_request, response) => response.writeHead(500).end('boom');

    const error = await rejection(
      client.request({ method: 'GET', path: '/api/generate_response', query: { user_input: 'Hi', api_key: 'sk-secret' }, model: 'm' }),
    );

    expect(error).toMatchObject({ url: `${server.url}/api/generate_response?…`, status: 500 });
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('sk-secret');
    expect(server.received[0]!.url).toBe('/api/generate_response?user_input=Hi&api_key=sk-secret');
  });

  it('a NetworkError when a 2xx body is cut mid-way', async () => {
    server.state.handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('{"response": "partial');
      setTimeout(() => response.destroy(), 10);
    };

    const response = await client.request({ path: '/chat', model: 'm' });
    const error = await rejection(response.text());

    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('the connection failed while the answer was arriving');
  });
});

describe('close', () => {
  it('is idempotent, and a request afterwards opens a fresh pool', async () => {
    await (await client.request({ path: '/a', model: 'm' })).text();
    await client.close();
    await client.close();

    expect(await (await client.request({ path: '/b', model: 'm' })).text()).toBe('ok');
    expect(server.state.connections).toBe(2);
  });
});

describe('controlRequest (off the hot path, through ky)', () => {
  it('shares the keep-alive pool with request(): one connection for both', async () => {
    // A socket goes back to the pool a tick after its body ends (as in the test of request() above).
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    for (let index = 0; index < 3; index++) {
      await (await client.request({ path: '/chat', model: 'm' })).text();
      await tick();
      await (await client.controlRequest({ method: 'GET', path: '/models', model: 'm' })).text();
      await tick();
    }

    expect(server.received).toHaveLength(6);
    expect(server.state.connections).toBe(1);
  });

  it('turns statuses into the same typed errors as request()', async () => {
    server.state.handler = (_request, response) =>
      response.writeHead(429, { 'retry-after': '2', 'content-type': 'application/json' }).end('{"error":"slow down"}');

    const error = await rejection(client.controlRequest({ method: 'GET', path: '/models', model: 'm' }));

    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryAfterMs: 2000, provider: 'test', status: 429 });
  });

  it('rejects with a NetworkError when nothing listens, and with the reason of the signal when aborted', async () => {
    const nowhere = createHttpClient({ provider: 'test', baseUrl: 'http://127.0.0.1:9' });
    expect(NetworkError.isInstance(await rejection(nowhere.controlRequest({ method: 'GET', path: '/models', model: 'm' })))).toBe(true);
    await nowhere.close();

    server.state.handler = () => {};
    const controller = new AbortController();
    const pending = rejection(client.controlRequest({ method: 'GET', path: '/slow', model: 'm', signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new Error('caller left');
    controller.abort(reason);

    expect(await pending).toBe(reason);
  });

  it("takes an attempt's cancellation too, and rejects with its reason when it aborts", async () => {
    server.state.handler = () => {};
    const cancellation = new AttemptCancellation();
    const pending = rejection(client.controlRequest({ method: 'GET', path: '/slow', model: 'm', cancellation }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new Error('probe timed out');
    cancellation.abort(reason);

    expect(await pending).toBe(reason);
  });
});

describe('answer size (maxResponseBytes)', () => {
  const limit = 256 * 1024;

  /** Answers with chunks of `chunk` until the client goes away (or `total` bytes are sent); counts what it wrote. */
  function endless({
    status = 200,
    headers = {},
    total = Number.POSITIVE_INFINITY,
  }: {
    status?: number;
    headers?: Record<string, string>;
    total?: number;
  } = {}) {
    const sent = { bytes: 0, closed: deferred<void>() };
    server.state.handler = (_request, response) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const pump = () => {
        while (sent.bytes < total && !response.destroyed) {
          sent.bytes += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        if (!response.destroyed) response.end();
      };
      response.on('close', () => sent.closed.resolve());
      pump();
    };
    return sent;
  }

  it('rejects an answer past the limit with a ResponseTooLargeError, and closes the connection instead of reading on', async () => {
    const sent = endless();
    const capped = createHttpClient({ provider: 'test', baseUrl: server.url, maxResponseBytes: limit });

    const error = await rejection((await capped.request({ path: '/big', model: 'm' })).text());
    await sent.closed.promise;
    await capped.close();

    expect(ResponseTooLargeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'test', model: 'm', status: 200, maxBytes: limit, isRetryable: false });
    expect((error as Error).message).toContain('sent an answer larger than 256 KiB; it was not read past that. Raise providerOptions.test.maxResponseBytes');
    // The server was stopped by the closed socket: it sent far less than it would have (forever).
    expect(sent.bytes).toBeLessThan(limit * 64);
  });

  it('refuses a declared Content-Length past the limit before reading a byte', async () => {
    const sent = endless({ headers: { 'content-length': String(limit * 4) }, total: limit * 4 });
    const capped = createHttpClient({ provider: 'test', baseUrl: server.url, maxResponseBytes: limit });

    const error = await rejection((await capped.request({ path: '/big', model: 'm' })).text());
    await sent.closed.promise;
    await capped.close();

    expect(ResponseTooLargeError.isInstance(error)).toBe(true);
  });

  it('counts decompressed bytes: a small gzip body that inflates past the limit is refused', async () => {
    const bomb = gzipSync(Buffer.alloc(limit * 40, 'a'));
    server.state.handler = (_request, response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb);
    const capped = createHttpClient({ provider: 'test', baseUrl: server.url, maxResponseBytes: limit });

    const error = await rejection((await capped.request({ path: '/bomb', model: 'm' })).text());
    await capped.close();

    expect(bomb.length).toBeLessThan(limit);
    expect(ResponseTooLargeError.isInstance(error)).toBe(true);
  });

  it('reads an answer of exactly the limit', async () => {
    endless({ total: limit });
    const capped = createHttpClient({ provider: 'test', baseUrl: server.url, maxResponseBytes: limit });

    expect(await (await capped.request({ path: '/fits', model: 'm' })).text()).toHaveLength(limit);
    await capped.close();
  });

  it('reads 64 KiB of a huge error body, keeps the status, and drops the rest', async () => {
    const sent = endless({ status: 503 });

    const error = await rejection(client.request({ path: '/down', model: 'm' }));
    await sent.closed.promise;

    expect(ApiCallError.isInstance(error) && error.status).toBe(503);
    expect(sent.bytes).toBeLessThan(64 * 1024 * 64);
  });

  it('caps controlRequest answers too', async () => {
    const sent = endless();
    const capped = createHttpClient({ provider: 'test', baseUrl: server.url, maxResponseBytes: limit });

    const error = await rejection((await capped.controlRequest({ method: 'GET', path: '/models', model: 'm' })).text());
    await sent.closed.promise;
    await capped.close();

    expect(ResponseTooLargeError.isInstance(error)).toBe(true);
  });

  it('defaults to 16 MiB', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(16 * 1024 * 1024);
  });
});

describe('controlRequest retries, when asked (ky’s job off the hot path)', () => {
  it('tries a GET again after a 503 (a server still loading its model) and answers with what finally came', async () => {
    let calls = 0;
    server.state.handler = (_request, response) => {
      calls++;
      if (calls < 3) response.writeHead(503, { 'retry-after': '0' }).end('{"error":"Loading model"}');
      else response.end('{"data":[]}');
    };

    const response = await client.controlRequest({ method: 'GET', path: '/models', model: 'm', retry: 2 });

    expect(await response.text()).toBe('{"data":[]}');
    expect(calls).toBe(3);
  });

  it('types the last answer when the tries run out, and never retries without being asked', async () => {
    server.state.handler = (_request, response) => response.writeHead(503).end('{"error":"Loading model"}');

    const retried = await rejection(client.controlRequest({ method: 'GET', path: '/models', model: 'm', retry: 1 }));
    const once = await rejection(client.controlRequest({ method: 'GET', path: '/models', model: 'm' }));

    expect(retried).toMatchObject({ code: 'api-call', status: 503, isRetryable: true });
    expect(once).toMatchObject({ status: 503 });
    expect(server.received).toHaveLength(3);
  });
});

describe("a provider's own reading of failed answers (errorFromResponse)", () => {
  it('comes first, where every answer becomes an error; undefined leaves it to core', async () => {
    const seen: number[] = [];
    const reading = createHttpClient({
      provider: 'test',
      baseUrl: server.url,
      errorFromResponse: (failed) => {
        seen.push(failed.status);
        return failed.status === 404 ? new InvalidArgumentError({ argument: 'model', reason: `no model '${failed.model}' (${failed.body})` }) : undefined;
      },
    });
    server.state.handler = (request, response) => response.writeHead(request.url === '/missing' ? 404 : 500).end('nope');

    const missing = await rejection(reading.request({ path: '/missing', model: 'm' }));
    const broken = await rejection(reading.request({ path: '/broken', model: 'm' }));

    expect(missing).toMatchObject({ code: 'invalid-argument', reason: "no model 'm' (nope)" });
    expect(ApiCallError.isInstance(broken)).toBe(true);
    expect(seen).toEqual([404, 500]);
    await reading.close();
  });
});

describe('response.events(): server-sent events', () => {
  const sse = (response: ServerResponse) => response.writeHead(200, { 'content-type': 'text/event-stream' });

  it('yields the events as they arrive', async () => {
    server.state.handler = (_request, response) => sse(response).end(': ping\n\ndata: {"a":1}\n\nevent: error\ndata: x\n\ndata: [DONE]\n\n');

    const events = [];
    for await (const event of (await client.request({ path: '/chat', model: 'm' })).events()) events.push(event);

    expect(events).toEqual([
      { event: undefined, data: '{"a":1}', id: undefined },
      { event: 'error', data: 'x', id: undefined },
      { event: undefined, data: '[DONE]', id: undefined },
    ]);
  });

  it('a body cut mid-way is a retryable NetworkError; the caller’s abort is its own reason', async () => {
    server.state.handler = (_request, response) => {
      sse(response).write('data: first\n\n');
      setTimeout(() => response.destroy(), 20);
    };
    const cut: unknown[] = [];
    const cutError = await rejection(
      (async () => {
        for await (const event of (await client.request({ path: '/chat', model: 'm' })).events()) cut.push(event.data);
      })(),
    );

    server.state.handler = (_request, response) => sse(response).write('data: first\n\n');
    const controller = new AbortController();
    const reason = new Error('caller left');
    const abortError = await rejection(
      (async () => {
        for await (const _ of (await client.request({ path: '/chat', model: 'm', signal: controller.signal })).events()) controller.abort(reason);
      })(),
    );

    expect(cut).toEqual(['first']);
    expect(NetworkError.isInstance(cutError)).toBe(true);
    expect(cutError).toMatchObject({ isRetryable: true, provider: 'test', model: 'm', message: expect.stringContaining('while the answer was arriving') });
    expect(abortError).toBe(reason);
  });

  it('a line that grows past the limit without ending is a ResponseFormatError (a server gone wrong)', async () => {
    server.state.handler = (_request, response) => sse(response).write(`data: ${'x'.repeat(200)}`);

    const error = await rejection(
      (async () => {
        for await (const _ of (await client.request({ path: '/chat', model: 'm' })).events({ maxEventLength: 100 }));
      })(),
    );

    expect(error).toMatchObject({ code: 'response-format', message: expect.stringContaining('longer than 100 characters') });
  });
});
