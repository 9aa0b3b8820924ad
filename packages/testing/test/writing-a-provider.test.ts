// docs/writing-a-provider.md is real code: its blocks are written out, type-checked with tsc, and
// run here: the provider against the conformance suite (the doc's own test block), then as a host
// app uses it.
import { createServer } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { createRegistry, InvalidArgumentError } from '@switchboard/core';
import { rejection } from '@switchboard/core/testing';
import { extractDocCode, typeErrors } from './doc-code.js';

const files = extractDocCode('writing-a-provider');

describe('docs/writing-a-provider.md', () => {
  it('has the provider and its test, and they compile', () => {
    expect(Object.keys(files).sort()).toEqual(['acme-provider.test.ts', 'acme-provider.ts']);
    expect(typeErrors(Object.values(files))).toEqual([]);
  }, 30_000);
});

// The doc's test block: the conformance suite on the doc's provider.
await import(files['acme-provider.test.ts']!);

describe('the doc’s provider, registered by importing it, picked by model name', () => {
  // Its answers went through the conformance suite above; here, what a host sees of it.
  const settings = { providerOptions: { acme: { baseUrl: 'http://127.0.0.1:9', apiKey: 'key' } }, env: {} };

  it('serves its models, its alias and a host alias through the registry', () => {
    const registry = createRegistry({ ...settings, aliases: { smart: 'acme-1' } });
    expect(registry.models().map((model) => [model.id, model.aliasOf])).toEqual([
      ['acme-1', undefined],
      ['acme-1-mini', undefined],
      ['acme-latest', 'acme-1'],
      ['smart', 'acme-1'],
    ]);
    expect(registry.create('acme-latest').providers).toEqual([{ provider: 'acme', model: 'acme-1' }]);
    expect(registry.create('smart').providers).toEqual([{ provider: 'acme', model: 'acme-1' }]);
    expect(registry.create('acme/acme-1-mini').providers).toEqual([{ provider: 'acme', model: 'acme-1-mini' }]);
  });

  it('is listed as not configured, with the fix, without an API key', () => {
    const registry = createRegistry({ env: {} });
    expect(registry.providers()).toEqual([
      expect.objectContaining({ id: 'acme', configured: false, reason: 'not configured: no API key', fix: 'set ACME_API_KEY, or providerOptions.acme.apiKey' }),
    ]);
    // As the doc says: its models are still known, so asking for one says what is missing.
    expect(() => registry.create('acme-1')).toThrow(
      "Model 'acme-1' is served by 'acme', which is not configured: no API key. Set ACME_API_KEY, or providerOptions.acme.apiKey.",
    );
  });

  it('is built outside DI as the scaffold builds its own: createAcme(settings, { env })', async () => {
    // (The generated file's own types exist only once the tests ran: lint comes first.)
    type CreateAcme = (settings: object, context?: { env?: Record<string, string | undefined> }) => { unconfigured?: unknown };
    const { createAcme } = (await import(files['acme-provider.ts']!)) as { createAcme: CreateAcme };
    expect(createAcme({}, { env: { ACME_API_KEY: 'from-env' } }).unconfigured).toBeUndefined();
    expect(createAcme({}, { env: {} }).unconfigured).toEqual({ reason: 'no API key', fix: 'set ACME_API_KEY, or providerOptions.acme.apiKey' });
  });

  it('refuses per-call options it does not take, before any request', async () => {
    const registry = createRegistry(settings);
    const error = await rejection(registry.create('acme-1').generate('Hi', { providerOptions: { acme: { temprature: 1 } } }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument: expect.stringContaining('acme.temprature') });
  });
});

describe('the doc’s provider and the standard call settings', () => {
  it('puts the settings it declares on the wire, and the registry warns about the others', async () => {
    const bodies: unknown[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        bodies.push(JSON.parse(body));
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ output: 'Hi' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const registry = createRegistry({ providerOptions: { acme: { baseUrl, apiKey: 'key' } }, env: {} });
    try {
      const result = await registry.create('acme-1').generate('Hi', { temperature: 0.2, maxOutputTokens: 20, seed: 7 });

      expect(bodies[0]).toMatchObject({ model: 'acme-1', temperature: 0.2, max_tokens: 20 });
      expect(bodies[0]).not.toHaveProperty('seed');
      expect(result.warnings).toEqual([expect.objectContaining({ code: 'unsupported-setting', provider: 'acme', setting: 'seed' })]);
    } finally {
      await registry.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
