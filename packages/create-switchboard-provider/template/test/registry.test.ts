// The plugin as a host app uses it: imported for its side effect, picked by model name.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRegistry } from '@switchboard/core';
import '../src/index.js';

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  // A stand-in for the service: answers with the model, the temperature and the seed it was sent.
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const { model, temperature, seed } = JSON.parse(body) as { model: string; temperature?: number; seed?: number };
      const output = `${model} (temperature ${temperature ?? 'default'}, seed ${seed ?? 'none'})`;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ output }));
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
    const result = await registry.create('smart').generate('Hello', { temperature: 0.5 });
    expect(result).toMatchObject({ text: '__PROVIDER_ID__-large (temperature 0.5, seed none)', provider: '__PROVIDER_ID__', model: '__PROVIDER_ID__-large' });
    await registry.close();
  });

  it('gets the standard call settings it declares; the registry warns about the others, and the call still goes', async () => {
    const registry = createRegistry({ providerOptions: { __PROVIDER_ID__: { baseUrl, apiKey: 'key' } }, env: {} });
    const result = await registry.create('__PROVIDER_ID__-large').generate('Hello', { temperature: 0.2, seed: 7 });
    expect(result.text).toBe('__PROVIDER_ID__-large (temperature 0.2, seed none)');
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'unsupported-setting', provider: '__PROVIDER_ID__', setting: 'seed' })]);
    await registry.close();
  });

  it('is installed but not configured without an API key', () => {
    const registry = createRegistry({ env: {} });
    expect(registry.providers()).toEqual([expect.objectContaining({ id: '__PROVIDER_ID__', configured: false })]);
  });
});
