import { afterEach, describe, expect, it } from '@jest/globals';
import { createRegistry, InvalidArgumentError } from '@switchboard/core';
import { rejection } from '@switchboard/core/testing';
import { createMockProvider } from '@switchboard/testing';
import { json, startTestGateway, type TestGateway } from '../__fixtures__/start-test-gateway.js';
import { createGateway } from '../create-gateway.js';

const hello = [{ role: 'user', content: 'Hello' }];
const provider = () => createMockProvider({ id: 'alpha', models: ['fast', 'large'], modelAliases: { quick: 'fast' } });
const keys = [
  { name: 'alice', key: 'sk-alice-0123456789', models: ['fast'], limits: { rpm: 2 } },
  { name: 'bob', key: 'sk-bob-0123456789' },
];
const as = (key: string) => ({ authorization: `Bearer ${key}` });
let server: TestGateway | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('client keys (server.keys)', () => {
  it('let each key in, keep apiKey working, and refuse any other token', async () => {
    server = await startTestGateway({ providers: [provider()], gateway: { keys, apiKey: 'sk-operator-0123456789' } });
    expect((await server.chat({ model: 'fast', messages: hello }, as('sk-alice-0123456789'))).status).toBe(200);
    expect((await server.chat({ model: 'large', messages: hello }, as('sk-bob-0123456789'))).status).toBe(200);
    expect((await server.chat({ model: 'large', messages: hello }, as('sk-operator-0123456789'))).status).toBe(200);
    const wrong = await server.chat({ model: 'fast', messages: hello }, as('sk-mallory'));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect((await server.chat({ model: 'fast', messages: hello })).status).toBe(401);
  });

  it("answer a model outside the key's list with a 403 naming the model, never the key", async () => {
    server = await startTestGateway({ providers: [provider()], gateway: { keys } });
    const refused = await server.chat({ model: 'large', messages: hello }, as('sk-alice-0123456789'));
    expect(refused.status).toBe(403);
    const body = await json(refused);
    expect(body.error).toEqual({
      message: "The API key 'alice' may not use the model 'large'; it may use: fast.",
      type: 'invalid_request_error',
      param: 'model',
      code: 'model_not_allowed',
    });
    expect(JSON.stringify(body)).not.toContain('sk-alice');
    // An alias is a name of its own: the list says which names the key may send.
    expect((await server.chat({ model: 'quick', messages: hello }, as('sk-alice-0123456789'))).status).toBe(403);
  });

  it('count each key against its own budget: past it a 429 with Retry-After naming the key, another key unaffected', async () => {
    const upstream = provider();
    server = await startTestGateway({ providers: [upstream], gateway: { keys } });
    const alice = as('sk-alice-0123456789');
    expect((await server.chat({ model: 'fast', messages: hello }, alice)).status).toBe(200);
    expect((await server.chat({ model: 'fast', messages: hello, stream: true }, alice)).status).toBe(200);
    const over = await server.chat({ model: 'fast', messages: hello }, alice);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    const body = await json(over);
    expect(body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(body.error.message).toMatch(/^The API key 'alice' is over its budget of 2 requests a minute \(rpm\): 2 used; retry in (59|60) s\.$/);
    expect(JSON.stringify(body)).not.toContain('sk-alice');
    expect(upstream.calls).toHaveLength(2);
    expect((await server.chat({ model: 'fast', messages: hello }, as('sk-bob-0123456789'))).status).toBe(200);
    const report = await json(await fetch(`${server.url}/health`, { headers: as('sk-bob-0123456789') }));
    expect(report.budgets).toEqual([{ name: 'key:alice', scope: 'caller', shared: false, rpm: { used: 2, limit: 2, resetsAt: expect.any(Number) } }]);
  });

  it("hold on every API, in the route's own error shape: Anthropic's Messages with x-api-key too", async () => {
    server = await startTestGateway({ providers: [provider()], gateway: { keys } });
    const messages = (key: string, model = 'fast') =>
      fetch(`${server!.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model, max_tokens: 16, messages: hello }),
      });
    expect((await messages('sk-alice-0123456789')).status).toBe(200);
    expect((await messages('sk-alice-0123456789')).status).toBe(200);
    const over = await messages('sk-alice-0123456789');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await json(over)).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error', message: expect.stringMatching(/^The API key 'alice' is over its budget/) },
    });
    const outside = await messages('sk-alice-0123456789', 'large');
    expect(outside.status).toBe(403);
    expect((await json(outside)).error).toMatchObject({
      type: 'permission_error',
      message: "The API key 'alice' may not use the model 'large'; it may use: fast.",
    });
  });

  it('are checked before the gateway starts, naming the entry and never a key', async () => {
    const registry = createRegistry({ providers: [provider()], useRegistered: false });
    const problem = async (bad: unknown) => {
      const error = await rejection(createGateway({ registry, env: {}, keys: bad as never }));
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as Error).message).not.toContain('sk-secret');
      return error as InvalidArgumentError;
    };
    expect(
      (
        await problem([
          { name: 'a', key: 'sk-secret-1' },
          { name: 'a', key: 'sk-secret-2' },
        ])
      ).argument,
    ).toBe('options.keys[1].name');
    expect(
      (
        await problem([
          { name: 'a', key: 'sk-secret-1' },
          { name: 'b', key: 'sk-secret-1' },
        ])
      ).argument,
    ).toBe('options.keys[1].key');
    const typo = await problem([{ name: 'a', key: 'sk-secret-1', models: ['fats'] }]);
    expect(typo.argument).toBe('options.keys[0].models[0]');
    expect(typo.message).toMatch(/'fats'.*'fast'/);
    expect((await problem([{ name: 'a', key: 'sk-secret-1', limits: { rpm: 0 } }])).argument).toBe('options.keys[0].limits.rpm');
    expect((await problem([{ name: 'a', key: 'sk-secret-1', limit: { rpm: 1 } }])).argument).toBe('options.keys[0].limit');
    expect((await problem([{ name: 'with space', key: 'sk-secret-1' }])).argument).toBe('options.keys[0].name');
    await registry.close();
  });
});
