// The plugin as a host app uses it: imported for its side effect, picked by model name.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRegistry } from '@switchboard/core';
import '../src/index.js';

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  // A stand-in for the service: answers with the model and the per-call temperature it was sent.
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const { model, temperature } = JSON.parse(body) as { model: string; temperature?: number };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ output: `${model} (temperature ${temperature ?? 'default'})` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('__PACKAGE_NAME__ in a registry', () => {
  it('is registered by importing the package, and serves its models and aliases by name', async () => {
    const registry = createRegistry({ aliases: { smart: '__PROVIDER_ID__-large' }, providerOptions: { __PROVIDER_ID__: { baseUrl, apiKey: 'key' } }, env: {} });
    expect(registry.providers().map((provider) => provider.id)).toEqual(['__PROVIDER_ID__']);
    expect(registry.create('__PROVIDER_ID__-latest').providers).toEqual([{ provider: '__PROVIDER_ID__', model: '__PROVIDER_ID__-large' }]);
    const result = await registry.create('smart').generate('Hello', { providerOptions: { __PROVIDER_ID__: { temperature: 0.5 } } });
    expect(result).toMatchObject({ text: '__PROVIDER_ID__-large (temperature 0.5)', provider: '__PROVIDER_ID__', model: '__PROVIDER_ID__-large' });
    await registry.close();
  });

  it('is installed but not configured without an API key', () => {
    const registry = createRegistry({ env: {} });
    expect(registry.providers()).toEqual([expect.objectContaining({ id: '__PROVIDER_ID__', configured: false })]);
  });
});
