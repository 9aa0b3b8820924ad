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
  type Registry,
} from '@switchboard/core';
import { startConnectProxy, type ConnectProxy } from '@switchboard/core/testing';
import { startDynasparkEmulator, type DynasparkEmulator } from '@switchboard/emulators/dynaspark';
// Importing the plugin registers it, as in a host app.
import './index.js';
import type { DynasparkProvider } from './index.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const oneAttempt = { resilience: { maxAttemptsPerProvider: 1, fallback: false } };

let emulator: DynasparkEmulator;
let registry: Registry;

beforeAll(async () => {
  emulator = await startDynasparkEmulator({});
  registry = createRegistry({ providerOptions: { dynaspark: { baseUrl: emulator.url } }, env: {} });
});

afterEach(() => {
  emulator.setFaults([]);
  emulator.clearRequests();
});

afterAll(async () => {
  await registry.close();
  await emulator.close();
});

describe('Dynaspark through the registry', () => {
  it('is registered by importing the package and serves its four models', () => {
    expect(registry.providers().map((p) => p.id)).toEqual(['dynaspark']);
    expect(registry.models().map((m) => m.id)).toEqual(['gemini-1.5-flash', 'gemini-1.5-flash-8b', 'gemini-2.0-flash', 'gemini-2.0-flash-lite']);
    expect(registry.models().every((m) => m.vision)).toBe(true);
  });

  it('declares the seed attributes', () => {
    const provider = registry.provider('dynaspark') as DynasparkProvider;
    expect(provider).toMatchObject({
      url: 'https://dynaspark.onrender.com',
      loginUrl: undefined,
      working: true,
      needsAuth: false,
      useNodriver: true,
      supportsStream: true,
      supportsSystemMessage: false,
      supportsMessageHistory: false,
      defaultModel: 'gemini-1.5-flash',
      defaultVisionModel: 'gemini-1.5-flash',
      modelAliases: {},
    });
    expect(provider.apiEndpoint).toBe(`${emulator.url}/generate_response`);
  });

  it('answers generate() with text, provider and provider-side model', async () => {
    const result = await registry.create('gemini-2.0-flash').generate('Hello');
    expect(result).toMatchObject({ text: 'Echo from gemini-2.0-flash: Hello', provider: 'dynaspark', model: 'gemini-2.0-flash' });
  });

  it('never swaps a real model for another: gemini-2.0-flash goes on the wire as itself', async () => {
    await registry.create('gemini-2.0-flash').generate('Hi');
    expect(emulator.requests[0]!.fields['ai_model']).toBe('gemini-2.0-flash');
  });

  it('sends the g4f form and headers, with line breaks unchanged', async () => {
    await registry.create('gemini-1.5-flash').generate([
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: 'line 1\nline 2' },
    ]);
    const request = emulator.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/generate_response');
    expect(request.contentType).toBe('application/x-www-form-urlencoded');
    expect(request.fields).toEqual({ user_input: 'System: Be brief\nUser: line 1\nline 2\nAssistant:', ai_model: 'gemini-1.5-flash' });
    expect(request.headers).toMatchObject({
      accept: '*/*',
      'accept-language': 'en-US,en;q=0.9',
      origin: emulator.url,
      referer: `${emulator.url}/`,
      'x-requested-with': 'XMLHttpRequest',
    });
    expect(request.headers['user-agent']).toMatch(/Chrome\//);
  });

  it('streams the answer as text parts between provider-info and finish', async () => {
    const parts = [];
    for await (const part of registry.create('gemini-2.0-flash').stream('Stream me')) parts.push(part);
    expect(parts).toEqual([
      { type: 'provider-info', provider: 'dynaspark', model: 'gemini-2.0-flash' },
      { type: 'text', text: 'Echo from gemini-2.0-flash: Stream me' },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('sends one image as multipart: bytes, file name and sniffed type, prompt line breaks kept', async () => {
    const result = await registry.create('gemini-2.0-flash').generate('What is\nthis?', { media: [[PNG, 'cat.png']] });
    expect(result.text).toContain('[image: image/png, 12 bytes]');
    const request = emulator.requests[0]!;
    expect(request.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.fields['user_input']).toBe('What is\nthis?');
    expect(request.file).toMatchObject({ fileName: 'cat.png', contentType: 'image/png', size: 12, bytes: Buffer.from(PNG) });
    expect(request.parts?.map((part) => part.name)).toEqual(['user_input', 'ai_model', 'file']);
  });

  it('names the file "file" when none was given, and takes data: URIs from message parts', async () => {
    const dataUri = `data:image/jpeg;base64,${Buffer.from(JPEG).toString('base64')}`;
    await registry.create().generate([{ role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: dataUri } }] }]);
    expect(emulator.requests[0]!.file).toMatchObject({ fileName: 'file', contentType: 'image/jpeg' });
    expect(emulator.requests[0]!.fields['ai_model']).toBe('gemini-1.5-flash');
  });

  it('refuses two images with a MediaError before sending anything', async () => {
    const error = await registry.create('gemini-2.0-flash').generate('Two', { media: [PNG, JPEG] }).catch((e: unknown) => e);
    expect(MediaError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('takes 1 image per request, got 2');
    expect(emulator.requests).toHaveLength(0);
  });

  it("sends the first image and warns with extraMedia: 'warn'", async () => {
    const result = await registry.create('gemini-2.0-flash').generate('Two', { media: [PNG, JPEG], extraMedia: 'warn' });
    expect(result.warnings.map((w) => w.code)).toEqual(['media-truncated']);
    expect(result.warnings[0]!.message).toContain('left out media[1]');
    expect(emulator.requests[0]!.file).toMatchObject({ contentType: 'image/png' });
  });

  it('refuses non-image media before sending anything', async () => {
    const error = await registry.create().generate('x', { media: [new TextEncoder().encode('hello')] }).catch((e: unknown) => e);
    expect(MediaError.isInstance(error)).toBe(true);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('Dynaspark errors', () => {
  const ask = () => registry.create('gemini-2.0-flash').generate('Hi', oneAttempt).catch((e: unknown) => e);

  it('turns a 500 into a retryable ApiCallError with status, provider, model and the body excerpt', async () => {
    emulator.setFaults([{ fault: 'status-500' }]);
    const error = (await ask()) as ApiCallError;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, provider: 'dynaspark', model: 'gemini-2.0-flash', isRetryable: true });
    expect(error.responseBody).toContain('error');
  });

  it('turns a 429 into a RateLimitError with the Retry-After delay', async () => {
    emulator.setFaults([{ fault: 'rate-limit', retryAfterSeconds: 3 }]);
    const error = (await ask()) as RateLimitError;
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBe(3000);
    expect(error.message).toContain('retry after 3000 ms');
  });

  it('reads retry-after-ms too', async () => {
    emulator.setFaults([{ fault: 'rate-limit-ms', retryAfterMs: 250 }]);
    expect(((await ask()) as RateLimitError).retryAfterMs).toBe(250);
  });

  it('says an HTML 503 page is the hosting platform, not a parse crash', async () => {
    emulator.setFaults([{ fault: 'html-503' }]);
    const error = (await ask()) as HtmlResponseError;
    expect(HtmlResponseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 503, isChallenge: false, isRetryable: true });
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

  it('reports a reset connection as a NetworkError', async () => {
    emulator.setFaults([{ fault: 'reset' }]);
    const error = (await ask()) as NetworkError;
    expect(NetworkError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(true);
  });

  it('cancels the request in flight when the caller aborts', async () => {
    emulator.setFaults([{ fault: 'hang' }]);
    const controller = new AbortController();
    const pending = registry.create('gemini-2.0-flash').generate('Hi', { signal: controller.signal }).catch((e: unknown) => e);
    await waitFor(() => emulator.stats.inFlight === 1);
    controller.abort(new Error('user gave up'));
    const error = (await pending) as Error;
    expect(error.message).toBe('user gave up');
    await waitFor(() => emulator.stats.inFlight === 0);
  });

  it('turns a 400 (the caller sent something wrong) into a non-retryable error', async () => {
    emulator.setFaults([{ fault: 'status-400' }]);
    const error = (await ask()) as ApiCallError;
    expect(error).toMatchObject({ status: 400, isRetryable: false });
  });
});

describe('Dynaspark settings', () => {
  it('refuses a bad base URL when the registry is created', () => {
    expect(() => createRegistry({ providerOptions: { dynaspark: { baseUrl: 'ftp://x' } } })).toThrow(InvalidArgumentError);
    try {
      createRegistry({ providerOptions: { dynaspark: { baseUrl: 'not a url' } } });
    } catch (error) {
      expect((error as InvalidArgumentError).argument).toBe('providerOptions.dynaspark.baseUrl');
    }
  });

  it('refuses unknown settings and bad values, naming the field', () => {
    expect(() => createRegistry({ providerOptions: { dynaspark: { baseURL: 'http://x' } } })).toThrow(/providerOptions\.dynaspark\.baseURL/);
    expect(() => createRegistry({ providerOptions: { dynaspark: { path: 'no-slash' } } })).toThrow(/path/);
    expect(() => createRegistry({ providerOptions: { dynaspark: { mode: 'grpc' } } })).toThrow(/'form' or 'api'/);
  });

  it('takes the base URL from DYNASPARK_BASE_URL when the host gives none, else the real service', async () => {
    const fromEnv = createRegistry({ env: { DYNASPARK_BASE_URL: emulator.url } });
    expect((fromEnv.provider('dynaspark') as DynasparkProvider).settings.baseUrl).toBe(emulator.url);
    expect((await fromEnv.create().generate('env')).text).toContain('env');
    await fromEnv.close();
    const real = createRegistry({ env: {} });
    expect((real.provider('dynaspark') as DynasparkProvider).settings.baseUrl).toBe('https://dynaspark.onrender.com');
    await real.close();
  });

  it('posts to a configured path', async () => {
    const other = await startDynasparkEmulator({ paths: ['/chat_v2'] });
    const custom = createRegistry({ providerOptions: { dynaspark: { baseUrl: other.url, path: '/chat_v2' } } });
    expect((await custom.create().generate('path')).text).toContain('path');
    expect(other.requests[0]!.path).toBe('/chat_v2');
    await custom.close();
    await other.close();
  });

  it("speaks the documented GET API in mode 'api', with usage and no vision", async () => {
    const api = createRegistry({ providerOptions: { dynaspark: { baseUrl: emulator.url, mode: 'api', apiKey: 'k' } } });
    const result = await api.create('gemini-2.0-flash').generate('Count these words');
    expect(result.usage).toMatchObject({ promptTokens: 3 });
    expect(emulator.requests[0]).toMatchObject({ method: 'GET', path: '/api/generate_response' });
    expect(MediaError.isInstance(await api.create().generate('x', { media: [PNG] }).catch((e: unknown) => e))).toBe(true);
    await api.close();
  });

  it('probes health with the /status page, and deeply with a real request', async () => {
    const provider = registry.provider('dynaspark');
    expect(await provider.healthCheck!({ signal: new AbortController().signal, deep: false })).toMatchObject({ ok: true });
    expect(emulator.requests.at(-1)?.path).toBe('/status');
    expect(await provider.healthCheck!({ signal: new AbortController().signal, deep: true })).toMatchObject({ ok: true });
    emulator.setMode('down');
    await expect(provider.healthCheck!({ signal: new AbortController().signal, deep: false })).rejects.toMatchObject({ status: 503 });
    emulator.setMode('healthy');
  });
});

describe('Dynaspark through a proxy', () => {
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

  it('refuses a proxy URL that is not http(s)', async () => {
    const error = await registry.create().generate('x', { proxy: 'socks5://127.0.0.1:1080' }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('options.proxy');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
