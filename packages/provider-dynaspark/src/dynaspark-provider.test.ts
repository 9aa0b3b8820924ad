import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, deflate, gzip } from 'node:zlib';
import {
  ApiCallError,
  createRegistry,
  EmptyResponseError,
  HtmlResponseError,
  InvalidArgumentError,
  MediaError,
  NetworkError,
  RateLimitError,
  ResponseFormatError,
  TimeoutError,
  type Registry,
} from '@switchboard/core';
import { rejection, startConnectProxy, TINY_PNG, type ConnectProxy } from '@switchboard/core/testing';
import { startDynasparkEmulator, type DynasparkEmulator } from '@switchboard/emulators/dynaspark';
// Importing the plugin registers it, as in a host app.
import './index.js';
import { DYNASPARK_USER_AGENT, type DynasparkProvider } from './index.js';
import type { Provider } from '@switchboard/core/provider';

/** A whole 1×1 GIF (core refuses truncated images). */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const oneAttempt = { resilience: { maxAttemptsPerProvider: 1, fallback: false } };

let emulator: DynasparkEmulator;
let registry: Registry;

beforeAll(async () => {
  emulator = await startDynasparkEmulator({});
  // The error tests share this registry and each must meet its fault on the wire: a circuit opened
  // by the failures before it would turn the call away without a request (CircuitOpenError).
  registry = createRegistry({ providerOptions: { dynaspark: { baseUrl: emulator.url } }, env: {}, resilience: { circuitFailureThreshold: 1_000 } });
});

afterEach(() => {
  emulator.reset();
});

afterAll(async () => {
  await registry.close();
  await emulator.close();
});

describe('Dynaspark through the registry', () => {
  it('is registered by importing the package and serves its four models, all with vision', () => {
    expect(registry.providers().map((p) => p.id)).toEqual(['dynaspark']);
    expect(registry.models().map((m) => m.id)).toEqual(['gemini-1.5-flash', 'gemini-1.5-flash-8b', 'gemini-2.0-flash', 'gemini-2.0-flash-lite']);
    expect(registry.models().every((m) => m.vision)).toBe(true);
  });

  it('declares the seed attributes', () => {
    const provider = registry.provider('dynaspark') as DynasparkProvider;
    expect(provider).toMatchObject({
      url: 'https://dynaspark.onrender.com',
      working: true,
      needsAuth: false,
      useNodriver: true,
      supportsStream: false,
      supportsSystemMessage: false,
      supportsMessageHistory: false,
      defaultModel: 'gemini-1.5-flash',
      defaultVisionModel: 'gemini-1.5-flash',
      modelAliases: {},
      maxMediaItems: 1,
    });
    expect(provider.apiEndpoint).toBe(`${emulator.url}/dsai_fuck_u_spammer`);
    // Optional metadata: the service has no login page.
    expect((provider as Provider).loginUrl).toBeUndefined();
  });

  it('answers generate() with text, provider and provider-side model', async () => {
    const result = await registry.create('gemini-2.0-flash').generate('Hello');
    expect(result).toMatchObject({ text: 'Echo from gemini-2.0-flash: Hello', provider: 'dynaspark', model: 'gemini-2.0-flash' });
  });

  it('honours none of the standard call settings: the call goes without them, and the answer names each one and the provider', async () => {
    const result = await registry.create('gemini-2.0-flash').generate('Hi', { temperature: 0.2, maxOutputTokens: 50, seed: 7 });

    expect(result.text).toBe('Echo from gemini-2.0-flash: Hi');
    expect(result.warnings).toEqual(
      ['temperature', 'maxOutputTokens', 'seed'].map((setting) => ({
        type: 'warning',
        code: 'unsupported-setting',
        provider: 'dynaspark',
        setting,
        message: `Provider 'dynaspark' (model 'gemini-2.0-flash') does not honour the call setting '${setting}'; the request was sent without it.`,
      })),
    );
    expect(Object.keys(emulator.requests[0]!.fields)).toEqual(['user_input', 'ai_model']);
  });

  it('never swaps a real model for another: gemini-2.0-flash goes on the wire as itself', async () => {
    await registry.create('gemini-2.0-flash').generate('Hi');
    expect(emulator.requests[0]!.fields['ai_model']).toBe('gemini-2.0-flash');
  });

  it('sends an empty model name as the default model, never as an empty field', async () => {
    await registry.create('').generate('Hi');
    expect(emulator.requests[0]!.fields['ai_model']).toBe('gemini-1.5-flash');
  });

  it('streams the answer as one text part between provider-info and finish (the service does not stream)', async () => {
    const parts = [];
    for await (const part of registry.create('gemini-2.0-flash').stream('Stream me')) parts.push(part);
    expect(parts).toEqual([
      { type: 'provider-info', provider: 'dynaspark', model: 'gemini-2.0-flash' },
      { type: 'text', text: 'Echo from gemini-2.0-flash: Stream me' },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('sends one image as multipart: bytes, file name and sniffed type, prompt line breaks kept', async () => {
    const result = await registry.create('gemini-2.0-flash').generate('What is\nthis?', { media: [[TINY_PNG, 'cat.png']] });
    expect(result.text).toContain(`[image: image/png, ${TINY_PNG.length} bytes]`);
    const request = emulator.requests[0]!;
    expect(request.fields['user_input']).toBe('What is\nthis?');
    expect(request.file).toMatchObject({ fileName: 'cat.png', contentType: 'image/png', size: TINY_PNG.length, bytes: Buffer.from(TINY_PNG) });
    expect(request.parts?.map((part) => part.name)).toEqual(['user_input', 'ai_model', 'file']);
  });

  it('names an image given without a name "file", and one given as a path by its base name (g4f sent filename="" for both)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dynaspark-image-'));
    try {
      writeFileSync(join(folder, 'photo.png'), TINY_PNG);
      await registry.create('gemini-2.0-flash').generate('Bytes', { media: [TINY_PNG] });
      await registry.create('gemini-2.0-flash').generate('Path', { media: [join(folder, 'photo.png')] });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    expect(emulator.requests.map((request) => request.file?.fileName)).toEqual(['file', 'photo.png']);
  });

  it('uploads a data: image found inside a message, named "file" (g4f lost such images)', async () => {
    const dataUri = `data:image/gif;base64,${GIF.toString('base64')}`;
    await registry.create().generate([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image_url', image_url: { url: dataUri } },
        ],
      },
    ]);
    expect(emulator.requests[0]!.file).toMatchObject({ fileName: 'file', contentType: 'image/gif', bytes: GIF });
    expect(emulator.requests[0]!.fields['ai_model']).toBe('gemini-1.5-flash');
  });

  it('refuses two images with a MediaError before sending anything', async () => {
    const error = await rejection(registry.create('gemini-2.0-flash').generate('Two', { media: [TINY_PNG, GIF] }));
    expect(MediaError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('takes 1 image per request, got 2');
    expect(emulator.requests).toHaveLength(0);
  });

  it("sends the first image and warns with extraMedia: 'warn'", async () => {
    const result = await registry.create('gemini-2.0-flash').generate('Two', { media: [TINY_PNG, GIF], extraMedia: 'warn' });
    expect(result.warnings.map((w) => w.code)).toEqual(['media-truncated']);
    expect(emulator.requests[0]!.file).toMatchObject({ contentType: 'image/png' });
  });

  it('refuses unreadable images before sending anything: not an image, or one cut short', async () => {
    for (const media of [new TextEncoder().encode('hello'), TINY_PNG.subarray(0, 40)]) {
      expect(MediaError.isInstance(await rejection(registry.create().generate('x', { media: [media] })))).toBe(true);
    }
    expect(emulator.requests).toHaveLength(0);
  });

  it('takes no per-call options: any given are refused, not ignored', async () => {
    const error = (await rejection(registry.create().generate('x', { providerOptions: { dynaspark: { temperature: 0.2 } } }))) as InvalidArgumentError;
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.argument).toBe('options.providerOptions.dynaspark.temperature');
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('on the wire, as gpt4free sent it', () => {
  it("sends gpt4free's headers, and no others beyond what HTTP itself needs", async () => {
    await registry.create('gemini-2.0-flash').generate('Hi');
    const request = emulator.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/dsai_fuck_u_spammer');
    expect(Object.fromEntries(request.rawHeaders.map(([name, value]) => [name.toLowerCase(), value]))).toEqual({
      host: `127.0.0.1:${emulator.port}`,
      connection: 'keep-alive',
      'content-length': String(request.rawBody.length),
      'content-type': 'application/x-www-form-urlencoded',
      accept: '*/*',
      'accept-encoding': 'gzip, deflate, br',
      'accept-language': 'en-US,en;q=0.9',
      origin: emulator.url,
      referer: `${emulator.url}/`,
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36',
      'x-requested-with': 'XMLHttpRequest',
    });
    expect(request.headers['user-agent']).toBe(DYNASPARK_USER_AGENT);
  });

  it('writes the urlencoded form as Python does: * as %2A, ~ kept, space as +, line breaks unchanged', async () => {
    await registry.create('gemini-1.5-flash').generate([
      { role: 'system', content: 'Be brief*' },
      { role: 'user', content: 'a ~b~\nc' },
    ]);
    const request = emulator.requests[0]!;
    // CPython 3: urlencode({'user_input': 'System: Be brief*\nUser: a ~b~\nc\nAssistant:', 'ai_model': 'gemini-1.5-flash'})
    expect(request.rawBody.toString('latin1')).toBe('user_input=System%3A+Be+brief%2A%0AUser%3A+a+~b~%0Ac%0AAssistant%3A&ai_model=gemini-1.5-flash');
    expect(request.fields).toEqual({ user_input: 'System: Be brief*\nUser: a ~b~\nc\nAssistant:', ai_model: 'gemini-1.5-flash' });
  });

  it('writes every multipart part as aiohttp does: content type, then disposition; text parts text/plain UTF-8; file name quoted', async () => {
    await registry.create('gemini-2.0-flash').generate('Qué es*', { media: [[TINY_PNG, 'mon chat (été).png']] });
    const request = emulator.requests[0]!;
    const boundary = /^multipart\/form-data; boundary=([0-9a-f]{32})$/.exec(request.contentType)?.[1];
    expect(boundary).toBeDefined();
    expect(request.parts?.map((part) => part.headers)).toEqual([
      [
        ['Content-Type', 'text/plain; charset=utf-8'],
        ['Content-Disposition', 'form-data; name="user_input"'],
      ],
      [
        ['Content-Type', 'text/plain; charset=utf-8'],
        ['Content-Disposition', 'form-data; name="ai_model"'],
      ],
      [
        ['Content-Type', 'image/png'],
        // CPython 3: quote('mon chat (été).png', safe='')
        ['Content-Disposition', 'form-data; name="file"; filename="mon%20chat%20%28%C3%A9t%C3%A9%29.png"'],
      ],
    ]);
    expect(request.fields['user_input']).toBe('Qué es*');
    const head = `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name="user_input"\r\n\r\nQué es*\r\n`;
    expect(request.rawBody.subarray(0, Buffer.byteLength(head)).toString('utf8')).toBe(head);
    expect(request.rawBody.subarray(-(boundary!.length + 8)).toString('latin1')).toBe(`\r\n--${boundary}--\r\n`);
  });

  it("posts to the path before 2025-05-12 with path: '/generate_response'", async () => {
    const old = createRegistry({ providerOptions: { dynaspark: { baseUrl: emulator.url, path: '/generate_response' } }, env: {} });
    expect((await old.create().generate('old path')).text).toContain('old path');
    expect(emulator.requests[0]!.path).toBe('/generate_response');
    await old.close();
  });
});

describe('compressed answers', () => {
  it.each([
    ['gzip', promisify(gzip)],
    ['deflate', promisify(deflate)],
    ['br', promisify(brotliCompress)],
  ])('reads a %s-encoded answer', async (encoding, compress) => {
    const body = await compress(Buffer.from(JSON.stringify({ response: `Hello, ${encoding}` })));
    const server = createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding, 'content-length': body.length }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const compressed = createRegistry({
      providerOptions: { dynaspark: { baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}` } },
      env: {},
    });
    try {
      expect((await compressed.create().generate('Hi')).text).toBe(`Hello, ${encoding}`);
    } finally {
      await compressed.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('Dynaspark errors', () => {
  const ask = () => rejection(registry.create('gemini-2.0-flash').generate('Hi', oneAttempt));

  it('turns a 500 into a retryable ApiCallError with status, provider, model and the body excerpt', async () => {
    emulator.setFaults([{ fault: 'status-500' }]);
    const error = (await ask()) as ApiCallError;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, provider: 'dynaspark', model: 'gemini-2.0-flash', isRetryable: true });
    expect(error.responseBody).toContain('error');
  });

  it('turns a 429 into a RateLimitError with the Retry-After delay, JSON body or not', async () => {
    emulator.setFaults([{ fault: 'rate-limit', retryAfterSeconds: 3 }]);
    const error = (await ask()) as RateLimitError;
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBe(3000);
    emulator.setFaults([{ fault: 'rate-limit-ms', retryAfterMs: 250 }]);
    expect(((await ask()) as RateLimitError).retryAfterMs).toBe(250);
  });

  it('says an HTML 503 page is the hosting platform, not a parse crash', async () => {
    emulator.setFaults([{ fault: 'html-503' }]);
    const error = (await ask()) as HtmlResponseError;
    expect(HtmlResponseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 503, isChallenge: false, isRetryable: true });
  });

  it('says an HTML page served with 200 is an HTML page', async () => {
    emulator.setFaults([{ fault: 'html-200' }]);
    const error = (await ask()) as HtmlResponseError;
    expect(HtmlResponseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 200, isRetryable: true });
  });

  it('says a challenge page is a challenge', async () => {
    emulator.setFaults([{ fault: 'challenge' }]);
    const error = (await ask()) as HtmlResponseError;
    expect(error.isChallenge).toBe(true);
    expect(error.message).toContain('bot-challenge page');
  });

  it('reports malformed JSON and a missing field as response-format errors', async () => {
    emulator.setFaults([{ fault: 'malformed-json' }]);
    expect(ResponseFormatError.isInstance(await ask())).toBe(true);
    emulator.setFaults([{ fault: 'missing-field' }]);
    expect(ResponseFormatError.isInstance(await ask())).toBe(true);
  });

  it('treats an empty or blank answer as a failure', async () => {
    emulator.setFaults([{ fault: 'empty' }]);
    expect(EmptyResponseError.isInstance(await ask())).toBe(true);
    emulator.setFaults([{ fault: 'whitespace' }]);
    expect(EmptyResponseError.isInstance(await ask())).toBe(true);
  });

  it('reports a reset connection as a retryable NetworkError', async () => {
    emulator.setFaults([{ fault: 'reset' }]);
    const error = (await ask()) as NetworkError;
    expect(NetworkError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(true);
  });

  it('cancels the request in flight when the caller aborts', async () => {
    emulator.setFaults([{ fault: 'hang' }]);
    const controller = new AbortController();
    const pending = rejection(registry.create('gemini-2.0-flash').generate('Hi', { signal: controller.signal }));
    await waitFor(() => emulator.stats.inFlight === 1);
    controller.abort(new Error('user gave up'));
    expect(((await pending) as Error).message).toBe('user gave up');
    await waitFor(() => emulator.stats.inFlight === 0);
  });

  it("cancels the request in flight when the attempt's time limit passes, and says which limit", async () => {
    emulator.setFaults([{ fault: 'hang' }]);
    const pending = rejection(registry.create('gemini-2.0-flash').generate('Hi', { resilience: { maxAttempts: 1, firstChunkTimeoutMs: 100 } }));
    await waitFor(() => emulator.stats.inFlight === 1);
    const error = await pending;
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ phase: 'first-chunk', timeoutMs: 100, provider: 'dynaspark' });
    await waitFor(() => emulator.stats.inFlight === 0);
  });

  it('turns a 400 (the caller sent something wrong) into a non-retryable error', async () => {
    emulator.setFaults([{ fault: 'status-400' }]);
    expect(await ask()).toMatchObject({ status: 400, isRetryable: false });
  });
});

describe("mode: 'api', the documented GET API", () => {
  let api: Registry;

  beforeAll(() => {
    api = createRegistry({ providerOptions: { dynaspark: { baseUrl: emulator.url, mode: 'api', apiKey: 'k-secret' } }, env: {} });
  });

  afterAll(() => api.close());

  it('asks with a GET and reports usage', async () => {
    const result = await api.create('gemini-2.0-flash').generate('Count these words');
    expect(result.usage).toMatchObject({ promptTokens: 3 });
    expect(emulator.requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/generate_response',
      fields: { user_input: 'Count these words', model: 'gemini-2.0-flash', api_key: 'k-secret' },
    });
  });

  it('has no vision model, so no default vision model, and refuses images before sending', async () => {
    expect(api.provider('dynaspark')).toMatchObject({ visionModels: [], defaultVisionModel: undefined, maxMediaItems: 0 });
    expect(MediaError.isInstance(await rejection(api.create().generate('x', { media: [TINY_PNG] })))).toBe(true);
    expect(emulator.requests).toHaveLength(0);
  });

  it('keeps the key out of the URL its errors carry', async () => {
    emulator.setFaults([{ fault: 'malformed-json' }]);
    const error = (await rejection(api.create().generate('x', oneAttempt))) as ResponseFormatError;
    expect(ResponseFormatError.isInstance(error)).toBe(true);
    expect(error.url).toBe(`${emulator.url}/api/generate_response`);
  });
});

describe('health', () => {
  const signal = () => new AbortController().signal;

  it('probes the /status page cheaply, and the chat endpoint deeply', async () => {
    const provider = registry.provider('dynaspark');
    expect(await provider.healthCheck!({ signal: signal(), deep: false })).toMatchObject({ ok: true, detail: 'status page HTTP 200' });
    expect(emulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /status']);
    expect(await provider.healthCheck!({ signal: signal(), deep: true })).toMatchObject({ ok: true });
    expect(emulator.requests.at(-1)).toMatchObject({ method: 'POST', path: '/dsai_fuck_u_spammer', fields: { user_input: 'Hi' } });
  });

  it('fails the probe with the typed error of a service that is down', async () => {
    emulator.setMode('down');
    await expect(registry.provider('dynaspark').healthCheck!({ signal: signal(), deep: false })).rejects.toMatchObject({ name: 'ApiCallError', status: 503 });
  });
});

describe('life cycle and proxy', () => {
  let proxy: ConnectProxy;

  beforeAll(async () => {
    proxy = await startConnectProxy();
  });

  afterAll(() => proxy.close());

  it('sends the request through the proxy given per call', async () => {
    const result = await registry.create().generate('via proxy', { proxy: proxy.url });
    expect(result.text).toContain('via proxy');
    expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual([`127.0.0.1:${emulator.port}`]);
  });

  it('closes idempotently, and a later request opens a new pool', async () => {
    const provider = registry.provider('dynaspark');
    await provider.close!();
    await provider.close!();
    expect((await registry.create().generate('after close')).text).toContain('after close');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
