import { afterEach, describe, expect, it } from '@jest/globals';
import { createRegistry, InvalidArgumentError } from '@switchboard/core';
import { rejection } from '@switchboard/core/testing';
import { createMockProvider } from '@switchboard/testing';
import { startTestGateway, type TestGateway, json } from './__fixtures__/start-test-gateway.js';
import { createGateway } from './create-gateway.js';

const hello = [{ role: 'user', content: 'Hello' }];
let server: TestGateway | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createGateway', () => {
  it('listens on loopback unless told otherwise, and resolves the base URL', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha' })] });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.gateway.url).toBe(server.url);
  });

  it('refuses a wrong option before starting, naming it', async () => {
    const registry = createRegistry({ providers: [createMockProvider({ id: 'alpha' })], useRegistered: false });
    const error = await rejection(createGateway({ registry, bodyLimt: 10 } as never));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "Invalid options.bodyLimt: unknown option; did you mean 'bodyLimit'? Known: registry, apiKey, keys, bodyLimit, bodyDepthLimit, writeTimeoutMs, clientConnectionShare, upstreamConnections, identifyClient, healthProbeIntervalMs, allowRemoteImages, logger, shutdownTimeoutMs, metrics, processMetrics, ui, captureContent, storedResponses, env.",
    );
    await expect(createGateway({ registry: {} as never })).rejects.toThrow('Invalid options.registry: expected a registry from createRegistry().');
    await registry.close();
  });
});

describe('request errors, in the OpenAI error shape', () => {
  it('400 names the missing or wrong field', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })] });

    const missing = await server.chat({ messages: hello });
    expect(missing.status).toBe(400);
    expect(await json(missing)).toEqual({
      error: { message: "Missing required parameter: 'model'.", type: 'invalid_request_error', param: 'model', code: 'missing_required_parameter' },
    });

    const badRole = await server.chat({ model: 'echo', messages: [{ role: 'robot', content: 'hi' }] });
    expect(badRole.status).toBe(400);
    expect((await json(badRole)).error).toMatchObject({ param: 'messages[0].role', code: 'invalid_value' });

    const badStream = await server.chat({ model: 'echo', messages: hello, stream: 'yes' });
    expect((await json(badStream)).error).toMatchObject({ param: 'stream', code: 'invalid_type' });

    const twoChoices = await server.chat({ model: 'echo', messages: hello, n: 2 });
    expect((await json(twoChoices)).error).toMatchObject({ param: 'n', code: 'invalid_value' });
  });

  it('400 for a body that is not JSON, 415 for another content type (text/plain included)', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })] });

    const broken = await server.chat('{"model": "echo",');
    expect(broken.status).toBe(400);
    expect((await json(broken)).error.code).toBe('invalid_json');

    const form = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'model=echo',
    });
    expect(form.status).toBe(415);
    expect((await json(form)).error.code).toBe('unsupported_media_type');

    // As the README's table says: a chat request is JSON, even when it is sent as text.
    const text = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ model: 'echo', messages: hello }),
    });
    expect(text.status).toBe(415);
    expect((await json(text)).error.code).toBe('unsupported_media_type');
  });

  it('404 for an unknown model, with the closest names, and nothing sent upstream', async () => {
    const provider = createMockProvider({ id: 'alpha', models: ['gpt-4o-mini', 'gpt-4o'] });
    server = await startTestGateway({ providers: [provider] });

    const response = await server.chat({ model: 'gpt-4o-mni', messages: hello });

    expect(response.status).toBe(404);
    expect((await json(response)).error).toMatchObject({ param: 'model', code: 'model_not_found', closest_models: ['gpt-4o-mini', 'gpt-4o'] });
    expect(provider.calls).toHaveLength(0);
  });

  it('404 for an unknown route', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha' })] });
    const response = await fetch(`${server.url}/v1/completions`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect((await json(response)).error.code).toBe('not_found');
  });

  it('413 for a body over the limit', async () => {
    const provider = createMockProvider({ id: 'alpha', models: ['echo'] });
    server = await startTestGateway({ providers: [provider], gateway: { bodyLimit: 1024 } });

    const response = await server.chat({ model: 'echo', messages: [{ role: 'user', content: 'x'.repeat(2048) }] });

    expect(response.status).toBe(413);
    expect((await json(response)).error.code).toBe('request_too_large');
    expect(provider.calls).toHaveLength(0);
  });
});

describe('auth', () => {
  const key = 'sk-test-gateway-key';

  it('needs the bearer token on the API and the full health report, not on liveness and readiness probes', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })], gateway: { apiKey: key } });

    const anonymous = await server.chat({ model: 'echo', messages: hello });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await json(anonymous)).error.code).toBe('invalid_api_key');
    expect((await server.chat({ model: 'echo', messages: hello }, { authorization: 'Bearer sk-wrong' })).status).toBe(401);
    expect((await fetch(`${server.url}/v1/models`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/health`)).status).toBe(401);

    expect((await server.chat({ model: 'echo', messages: hello }, { authorization: `Bearer ${key}` })).status).toBe(200);
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
  });

  it('reads the key from SWITCHBOARD_API_KEY, unless apiKey is false', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })], gateway: { env: { SWITCHBOARD_API_KEY: key } } });
    expect((await server.chat({ model: 'echo', messages: hello })).status).toBe(401);
    await server.close();

    server = await startTestGateway({
      providers: [createMockProvider({ id: 'alpha', models: ['echo'] })],
      gateway: { env: { SWITCHBOARD_API_KEY: key }, apiKey: false },
    });
    expect((await server.chat({ model: 'echo', messages: hello })).status).toBe(200);
  });

  it('never writes the key or the token to a log line', async () => {
    const lines: string[] = [];
    const capture = (level: string) => (fields: Record<string, unknown>, message?: string) =>
      lines.push(
        JSON.stringify({ level, ...fields, message }, (_key, value) => (value instanceof Error ? { message: value.message, stack: value.stack } : value)),
      );
    const logger = { error: capture('error'), warn: capture('warn'), info: capture('info'), debug: capture('debug'), child: () => logger };
    const failing = createMockProvider({
      id: 'alpha',
      models: ['echo'],
      defaultAnswer: async function* () {
        throw new TypeError('unexpected');
      },
    });
    server = await startTestGateway({ providers: [failing], gateway: { apiKey: key, logger } });

    await server.chat({ model: 'echo', messages: hello }, { authorization: 'Bearer sk-guess-1234' });
    await server.chat({ model: 'echo', messages: hello }, { authorization: `Bearer ${key}` });
    await server.chat({ model: 'nope', messages: hello }, { authorization: `Bearer ${key}` });

    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(/sk-test-gateway-key|sk-guess-1234|authorization/i);
  });
});

describe('GET /v1/models', () => {
  it('lists every model and alias in the OpenAI shape', async () => {
    const alpha = createMockProvider({ id: 'alpha', models: ['echo', 'shout'], modelAliases: { loud: 'shout' } });
    const beta = createMockProvider({ id: 'beta', models: ['echo'] });
    server = await startTestGateway({ providers: [alpha, beta], registry: { aliases: { fast: 'echo' } } });

    const response = await fetch(`${server.url}/v1/models`);

    expect(response.status).toBe(200);
    const { object, data } = await json(response);
    expect(object).toBe('list');
    expect(data).toEqual([
      { id: 'echo', object: 'model', created: expect.any(Number), owned_by: 'alpha', providers: ['alpha', 'beta'] },
      { id: 'shout', object: 'model', created: expect.any(Number), owned_by: 'alpha', providers: ['alpha'] },
      { id: 'fast', object: 'model', created: expect.any(Number), owned_by: 'alpha', providers: ['alpha', 'beta'], alias_of: 'echo' },
      { id: 'loud', object: 'model', created: expect.any(Number), owned_by: 'alpha', providers: ['alpha'], alias_of: 'shout' },
    ]);
  });

  it("lists a name once, with every provider serving it in routing order, when one provider's alias is another's model", async () => {
    // The README's local + groq example: Groq serves 'llama-3.1-8b' through its own alias.
    const local = createMockProvider({ id: 'local', models: ['llama-3.1-8b'] });
    const groq = createMockProvider({ id: 'groq', models: ['llama-3.1-8b-instant'], modelAliases: { 'llama-3.1-8b': 'llama-3.1-8b-instant' } });
    server = await startTestGateway({ providers: [groq, local], registry: { routing: { order: { 'llama-3.1-8b': ['local', 'groq'] } } } });

    const { data } = await json(await fetch(`${server.url}/v1/models`));

    expect(data).toEqual([
      { id: 'llama-3.1-8b', object: 'model', created: expect.any(Number), owned_by: 'local', providers: ['local', 'groq'] },
      { id: 'llama-3.1-8b-instant', object: 'model', created: expect.any(Number), owned_by: 'groq', providers: ['groq'] },
    ]);
  });

  it('leaves out models no healthy provider serves with ?healthy=true', async () => {
    const up = createMockProvider({ id: 'up', models: ['echo'] });
    const down = createMockProvider({ id: 'down', models: ['echo', 'lonely'], working: false });
    server = await startTestGateway({ providers: [up, down] });

    const all = (await json(await fetch(`${server.url}/v1/models`))).data.map((model: { id: string }) => model.id);
    const healthy = (await json(await fetch(`${server.url}/v1/models?healthy=true`))).data.map((model: { id: string }) => model.id);

    expect(all).toEqual(['echo', 'lonely']);
    expect(healthy).toEqual(['echo']);
  });

  it('GET /v1/models/{model} answers one, or a 404 with the closest names', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })] });
    expect(await json(await fetch(`${server.url}/v1/models/echo`))).toMatchObject({ id: 'echo', object: 'model' });
    expect(await json(await fetch(`${server.url}/v1/models/alpha/echo`))).toMatchObject({ id: 'alpha/echo', providers: ['alpha'] });
    const missing = await fetch(`${server.url}/v1/models/ecko`);
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.closest_models).toEqual(['echo']);
  });
});

describe('health', () => {
  it('/health is the registry report; /health/ready is 503 when no provider works', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'], working: false })] });

    const report = await fetch(`${server.url}/health`);
    expect(report.status).toBe(200);
    expect(await json(report)).toMatchObject({
      status: expect.any(String),
      checkedAt: expect.any(Number),
      providers: [expect.objectContaining({ provider: 'alpha' })],
    });

    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await json(ready)).toEqual({ status: 'not_ready', reason: 'no provider is working' });
    expect(await json(await fetch(`${server.url}/health/live`))).toEqual({ status: 'ok' });
  });
});
