// The doc's decorated provider, on its own (importing it registers an 'acme' in this test file's
// container): tsyringe builds it and injects the registry's context into its constructor.
import { describe, expect, it } from '@jest/globals';
import { createRegistry } from '@switchboard/core';
import { extractDocCode } from './doc-code.js';

const files = extractDocCode('writing-a-provider-decorator');
await import(files['acme-provider-decorated.ts']!);

describe('docs/writing-a-provider.md, the decorator', () => {
  it('registers the class, which gets its settings by injection', async () => {
    const registry = createRegistry({ providerOptions: { acme: { greeting: 'Bonjour' } }, env: {} });
    expect((await registry.create('acme-1').generate('Hi')).text).toBe('Bonjour from Acme');
  });
});
