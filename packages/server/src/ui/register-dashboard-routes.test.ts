import { get as httpGet } from 'node:http';
import { afterEach, describe, expect, it } from '@jest/globals';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { createRegistry, InvalidArgumentError } from '@switchboard/core';
import { rejection, TINY_PNG } from '@switchboard/core/testing';
import { createMockProvider } from '@switchboard/testing';
import { createEchoProvider, ECHO_ANSWERED_ROW } from '../__fixtures__/create-echo-provider.js';
import { json, startTestGateway, type TestGateway } from '../__fixtures__/start-test-gateway.js';
import Fastify from 'fastify';
import { createGateway } from '../create-gateway.js';
import { switchboardGateway } from '../switchboard-gateway.js';
import type { DashboardSnapshot, DashboardUpdate } from './dashboard-data.js';

const hello = [{ role: 'user', content: 'Hello' }];
const KEY = 'sk-dashboard-test';
const auth = { authorization: `Bearer ${KEY}` };
let server: TestGateway | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const snapshotOf = async (url: string, headers: Record<string, string> = auth): Promise<DashboardSnapshot> => {
  const response = await fetch(`${url}/ui/api/snapshot`, { headers });
  expect(response.status).toBe(200);
  return json(response);
};

describe('the dashboard page', () => {
  it('is static: the page, its script and styles, with a strict CSP and no key needed', async () => {
    server = await startTestGateway({ providers: [createEchoProvider()], gateway: { apiKey: KEY } });

    const bare = await fetch(`${server.url}/ui`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('ui/');

    const page = await fetch(`${server.url}/ui/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="app.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);

    const script = await fetch(`${server.url}/ui/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const styles = await fetch(`${server.url}/ui/app.css`);
    expect(styles.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${server.url}/ui/licenses.txt`)).status).toBe(200);
    expect((await fetch(`${server.url}/ui/../package.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/ui/index.html`)).status).toBe(404);

    const again = await fetch(`${server.url}/ui/app.js`, { headers: { 'if-none-match': script.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('is off with ui: false, and then nothing is recorded for it', async () => {
    const provider = createEchoProvider();
    server = await startTestGateway({ providers: [provider], gateway: { ui: false } });
    await server.chat({ model: 'echo-1', messages: hello });

    for (const path of ['/ui', '/ui/', '/ui/app.js', '/ui/app.css', '/ui/api/snapshot', '/ui/api/events']) {
      expect([path, (await fetch(`${server.url}${path}`)).status]).toEqual([path, 404]);
    }
    // The API itself is untouched.
    expect((await server.chat({ model: 'echo-1', messages: hello })).status).toBe(200);
  });
});

describe("the dashboard's data", () => {
  it('needs the gateway key: none or a wrong one is a 401, the snapshot and the event stream alike', async () => {
    server = await startTestGateway({ providers: [createEchoProvider()], gateway: { apiKey: KEY } });

    for (const path of ['/ui/api/snapshot', '/ui/api/events']) {
      const missing = await fetch(`${server.url}${path}`);
      expect(missing.status).toBe(401);
      expect((await json(missing)).error.code).toBe('invalid_api_key');
      const wrong = await fetch(`${server.url}${path}`, { headers: { authorization: 'Bearer not-the-key' } });
      expect(wrong.status).toBe(401);
      expect((await json(wrong)).error.message).toBe('The API key in the Authorization header is not valid for this gateway.');
    }
    const snapshot = await snapshotOf(server.url);
    expect(snapshot.providers.map((provider) => provider.id)).toEqual(['echo-provider']);
  });

  describe('with client keys (server.keys)', () => {
    const keys = [{ name: 'alice', key: 'sk-alice-0123456789' }];
    const alice = { authorization: 'Bearer sk-alice-0123456789' };

    it("is the operator's: a client key gets a 403 naming what opens it, the gateway's apiKey opens it", async () => {
      server = await startTestGateway({ providers: [createEchoProvider()], gateway: { apiKey: KEY, keys } });
      await server.chat({ model: 'echo-1', messages: hello }, alice);
      await server.chat({ model: 'echo-1', messages: hello }, auth);

      for (const path of ['/ui/api/snapshot', '/ui/api/events']) {
        const refused = await fetch(`${server.url}${path}`, { headers: alice });
        expect(refused.status).toBe(403);
        expect((await json(refused)).error).toEqual({
          type: 'invalid_request_error',
          code: 'dashboard_operator_only',
          param: null,
          message: "The dashboard shows every client's traffic: open it with the gateway's apiKey, not a client key.",
        });
      }
      // The page itself is static: anyone may load it, and it asks for the key.
      expect((await fetch(`${server.url}/ui/`)).status).toBe(200);
      // Each request names the client key it came with (never the key); the operator's has none.
      const { requests } = await snapshotOf(server.url);
      expect(requests.map((request) => request.key)).toEqual(['alice', undefined]);
      expect(JSON.stringify(requests)).not.toContain('sk-alice');
    });

    it('with client keys and no apiKey, nobody opens it, and the refusal says to set apiKey', async () => {
      server = await startTestGateway({ providers: [createEchoProvider()], gateway: { keys } });

      const refused = await fetch(`${server.url}/ui/api/snapshot`, { headers: alice });
      expect(refused.status).toBe(403);
      expect((await json(refused)).error.message).toBe(
        "The dashboard shows every client's traffic, so a client key cannot open it, and this gateway has no apiKey to open it with; set apiKey (or SWITCHBOARD_API_KEY).",
      );
      expect((await fetch(`${server.url}/ui/api/snapshot`)).status).toBe(401);
    });
  });

  it("refuses a page of another origin, even with no key configured (a browser's Sec-Fetch-Site says who asks)", async () => {
    server = await startTestGateway({ providers: [createEchoProvider()] });

    const crossSite = await fetch(`${server.url}/ui/api/snapshot`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect((await json(crossSite)).error.code).toBe('cross_origin_refused');
    expect((await fetch(`${server.url}/ui/api/snapshot`, { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    // No CORS headers: a browser keeps other origins from reading any answer.
    const page = await fetch(`${server.url}/ui/api/snapshot`, { headers: { origin: 'http://evil.example' } });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('shows each provider with its models, health and circuit, and the store as local with no limits', async () => {
    server = await startTestGateway({ providers: [createEchoProvider(), createMockProvider({ id: 'second', models: ['echo-1', 'other'] })] });

    const snapshot = await snapshotOf(server.url, {});

    expect(snapshot).toMatchObject({ version: 1, gateway: { store: { kind: 'local' }, captureContent: false, recentRequestsKept: 300, inFlight: 0 } });
    expect(snapshot.gateway.models).toEqual(expect.arrayContaining(['echo-1', 'other']));
    expect(snapshot.providers).toEqual([
      expect.objectContaining({
        id: 'echo-provider',
        status: 'unknown',
        circuit: 'closed',
        configured: true,
        working: true,
        models: [{ model: 'echo-1', vision: true, status: 'unknown', circuit: 'closed' }],
      }),
      expect.objectContaining({
        id: 'second',
        models: [expect.objectContaining({ model: 'echo-1' }), expect.objectContaining({ model: 'other', vision: false })],
      }),
    ]);
    expect(snapshot.providers[0]!.limits).toBeUndefined();
    expect(snapshot.providers[0]!.cooldownUntil).toBeUndefined();
  });

  it('lists each request with who answered, tokens, the attempt trail and timings; no text without captureContent', async () => {
    server = await startTestGateway({ providers: [createEchoProvider()] });
    await server.chat({ model: 'echo-1', messages: hello });
    await (await server.chat({ model: 'echo-1', messages: hello, stream: true })).text();
    await server.chat({ model: 'nope', messages: hello });

    const { requests, traffic } = await snapshotOf(server.url, {});

    expect(requests).toHaveLength(3);
    const [whole, streamed, unknown] = requests;
    expect(whole).toMatchObject({ seq: 1, route: 'chat', stream: false, ...ECHO_ANSWERED_ROW });
    expect(whole!.latencyMs).toBeGreaterThan(0);
    expect(whole!.prompt).toBeUndefined();
    expect(whole!.answer).toBeUndefined();
    expect(streamed).toMatchObject({ seq: 2, stream: true, status: 200, provider: 'echo-provider' });
    expect(streamed!.firstChunkMs).toBeGreaterThan(0);
    expect(streamed!.firstChunkMs).toBeLessThanOrEqual(streamed!.latencyMs!);
    expect(unknown).toMatchObject({ seq: 3, model: 'nope', status: 404, error: { code: 'model_not_found' }, attempts: [] });
    expect(unknown!.provider).toBeUndefined();

    expect(traffic.total.requests.reduce((sum, count) => sum + count, 0)).toBe(3);
    expect(traffic.total.errors.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(traffic.total.tokens.reduce((sum, count) => sum + count, 0)).toBe(16);
    const echo = traffic.providers.find((series) => series.provider === 'echo-provider')!;
    expect(echo.requests.reduce((sum, count) => sum + count, 0)).toBe(2);
    expect(echo.firstChunkP50Ms.some((value) => value !== null)).toBe(true);
  });

  it("takes captureContent from OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT (the registry's trace content switch) unless set", async () => {
    const env = { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' };
    server = await startTestGateway({ providers: [createEchoProvider()], gateway: { env } });
    expect((await snapshotOf(server.url, {})).gateway.captureContent).toBe(true);
    await server.close();
    server = await startTestGateway({ providers: [createEchoProvider()], gateway: { env, captureContent: false } });
    expect((await snapshotOf(server.url, {})).gateway.captureContent).toBe(false);
  });

  it('keeps prompt and answer text, cut, with captureContent; never image bytes', async () => {
    server = await startTestGateway({ providers: [createEchoProvider()], gateway: { captureContent: true } });
    const image = { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(TINY_PNG).toString('base64')}` } };
    await server.chat({ model: 'echo-1', messages: [{ role: 'user', content: [{ type: 'text', text: 'Look' }, image] }] });
    await (await server.chat({ model: 'echo-1', messages: [{ role: 'user', content: 'x'.repeat(3_000) }], stream: true })).text();

    const { requests, gateway } = await snapshotOf(server.url, {});

    expect(gateway.captureContent).toBe(true);
    expect(requests[0]).toMatchObject({ prompt: [{ role: 'user', text: 'Look [image]' }], answer: 'echo-1 heard: Look (1 images)' });
    expect(JSON.stringify(requests[0])).not.toContain('base64');
    expect(requests[1]!.prompt![0]!.text).toHaveLength(2_001);
    expect(requests[1]!.answer!.startsWith('echo-1 heard: xxx')).toBe(true);
  });

  it('records requests refused before they were read (a bad token), with their code', async () => {
    server = await startTestGateway({ providers: [createEchoProvider()], gateway: { apiKey: KEY } });
    await server.chat({ model: 'echo-1', messages: hello }, { authorization: 'Bearer wrong' });

    const { requests } = await snapshotOf(server.url);

    expect(requests).toEqual([expect.objectContaining({ status: 401, model: '', error: expect.objectContaining({ code: 'invalid_api_key' }) })]);
  });

  it('keeps only the last ui.recentRequests', async () => {
    server = await startTestGateway({ providers: [createEchoProvider()], gateway: { ui: { recentRequests: 2 } } });
    for (const text of ['one', 'two', 'three']) await server.chat({ model: 'echo-1', messages: [{ role: 'user', content: text }] });

    const { requests } = await snapshotOf(server.url, {});

    expect(requests.map((request) => request.seq)).toEqual([2, 3]);
  });
});

describe('live updates', () => {
  /** The events of a dashboard stream, as they come. */
  async function* events(response: Response): AsyncGenerator<{ event: string; data: DashboardSnapshot | DashboardUpdate }> {
    const parsed = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
    for await (const { event, data } of parsed) yield { event: event ?? 'message', data: JSON.parse(data) };
  }

  it('sends a snapshot, then updates with only the new requests; closing the gateway ends the stream', async () => {
    server = await startTestGateway({ providers: [createEchoProvider()] });
    await server.chat({ model: 'echo-1', messages: hello });
    const response = await fetch(`${server.url}/ui/api/events`);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const stream = events(response);

    const first = (await stream.next()).value!;
    expect(first.event).toBe('snapshot');
    expect((first.data as DashboardSnapshot).requests.map((request) => request.seq)).toEqual([1]);

    await server.chat({ model: 'echo-1', messages: hello });
    let update: DashboardUpdate | undefined;
    for await (const { event, data } of stream) {
      expect(event).toBe('update');
      if (data.requests.length > 0) {
        update = data as DashboardUpdate;
        break;
      }
    }
    expect(update!.requests.map((request) => request.seq)).toEqual([2]);
    expect(update!.providers[0]!.id).toBe('echo-provider');
    expect(update!.traffic.at.length).toBeLessThanOrEqual(2);

    // Ended cleanly by the gateway: a stream left for the shutdown deadline to cut would make this loop throw.
    const closed = server.gateway.close();
    const rest: string[] = [];
    for await (const { event } of stream) rest.push(event);
    await closed;
    expect(rest.every((event) => event === 'update')).toBe(true);
  });
});

describe('loopback only without a key', () => {
  /** A GET with the Host header of our choosing (fetch() will not send one), resolving with the status and error code. */
  const get = (url: string, path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; code: string | undefined }>((resolve, reject) => {
      const { hostname, port } = new URL(url);
      const request = httpGet({ host: hostname, port, path, headers }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, code: body.startsWith('{') ? JSON.parse(body).error?.code : undefined }));
        if (response.headers['content-type']?.startsWith('text/event-stream')) response.destroy();
      });
      request.on('error', reject);
    });

  // Whether the peer's address is a loopback one is decided by isLoopbackRequest (see its tests):
  // a test cannot connect from another address without leaving this machine.
  it('serves the page and data to loopback clients asking for a loopback host, and refuses other host names', async () => {
    server = await startTestGateway({ providers: [createEchoProvider()] });
    const { port } = new URL(server.url);

    expect((await get(server.url, '/ui/api/snapshot', { host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await get(server.url, '/ui/api/snapshot', { host: `localhost:${port}` })).status).toBe(200);
    for (const path of ['/ui/', '/ui/api/snapshot', '/ui/api/events']) {
      // A site whose name resolves to 127.0.0.1 (DNS rebinding), or a local proxy passing on a public name.
      expect(await get(server.url, path, { host: `evil.example:${port}` })).toEqual({ status: 403, code: 'dashboard_loopback_only' });
    }
  });

  it('serves any host name once a key is set', async () => {
    server = await startTestGateway({ providers: [createEchoProvider()], gateway: { apiKey: KEY } });

    expect((await get(server.url, '/ui/api/snapshot', { host: 'gateway.example', ...auth })).status).toBe(200);
    expect((await get(server.url, '/ui/', { host: 'gateway.example' })).status).toBe(200);
  });
});

describe('mounted under a prefix', () => {
  it('serves the page and its data under the prefix; the page reaches both by relative URLs', async () => {
    const registry = createRegistry({ providers: [createEchoProvider()], useRegistered: false });
    const app = Fastify();
    await app.register(switchboardGateway, { registry, prefix: '/ai', apiKey: KEY, processMetrics: false });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const bare = await fetch(`${url}/ai/ui`, { redirect: 'manual' });
      expect(new URL(bare.headers.get('location')!, `${url}/ai/ui`).pathname).toBe('/ai/ui/');
      expect((await fetch(`${url}/ai/ui/`)).status).toBe(200);
      expect((await fetch(`${url}/ai/ui/api/snapshot`, { headers: auth })).status).toBe(200);
      expect((await fetch(`${url}/ui/`)).status).toBe(404);
    } finally {
      await app.close();
      await registry.close();
    }
  });
});

describe('options', () => {
  it('refuses a wrong ui or captureContent before starting, naming it', async () => {
    const registry = createRegistry({ providers: [createEchoProvider()], useRegistered: false });
    const wrong = async (options: object) => (await rejection(createGateway({ registry, ...options }))) as InvalidArgumentError;

    expect((await wrong({ ui: 'yes' })).message).toBe('Invalid options.ui: expected true, false or { recentRequests }, got "yes".');
    expect((await wrong({ ui: { recentRequests: 0 } })).message).toBe('Invalid options.ui.recentRequests: expected a whole number from 1 to 10000, got 0.');
    expect((await wrong({ ui: { recent: 5 } })).message).toBe("Invalid options.ui.recent: unknown option; expected 'recentRequests'.");
    const capture = await wrong({ captureContent: 'true' });
    expect(InvalidArgumentError.isInstance(capture)).toBe(true);
    expect(capture.argument).toBe('options.captureContent');
    await registry.close();
  });
});
