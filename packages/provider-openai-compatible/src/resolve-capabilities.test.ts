import { describe, expect, it } from '@jest/globals';
import { resolveCapabilities } from './resolve-capabilities.js';

const ALL = { tools: true, parallelToolCalls: true, structuredOutput: true };

describe('resolveCapabilities', () => {
  it('declares the defaults for every model, with each model’s exceptions over them', () => {
    expect(resolveCapabilities({ models: ['a', 'b'], defaultCapabilities: ALL, capabilities: { b: { structuredOutput: false } } })).toEqual({
      a: ALL,
      b: { tools: true, parallelToolCalls: true, structuredOutput: false },
    });
  });

  it('declares no parallel tool calls for a model without tools', () => {
    expect(resolveCapabilities({ models: ['a'], defaultCapabilities: ALL, capabilities: { a: { tools: false } } })).toEqual({
      a: { tools: false, parallelToolCalls: false, structuredOutput: true },
    });
  });
});
