import { describe, expect, it } from '@jest/globals';
import { CALL_SETTINGS } from '@switchboard/core/provider';
import { resolveCallSettings } from './resolve-call-settings.js';

const field = (
  models: string[],
  settings: { defaultMaxTokensField?: 'max_tokens' | 'max_completion_tokens'; own?: Record<string, 'max_tokens' | 'max_completion_tokens'> } = {},
) => {
  const resolved = resolveCallSettings({
    models,
    defaultCallSettings: { maxTokensField: settings.defaultMaxTokensField, unsupported: [] },
    callSettings: Object.fromEntries(Object.entries(settings.own ?? {}).map(([model, maxTokensField]) => [model, { maxTokensField }])),
  });
  return Object.fromEntries(Object.entries(resolved).map(([model, { maxTokensField }]) => [model, maxTokensField]));
};

describe('resolveCallSettings', () => {
  it('sends maxOutputTokens as max_completion_tokens to OpenAI’s reasoning models by name, and as max_tokens to the rest', () => {
    const reasoning = ['o1', 'o1-mini', 'o1-2024-12-17', 'o3', 'o3-mini', 'o3-pro', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5.1', 'gpt-5-codex', 'GPT-5'];
    const others = ['gpt-4o-mini', 'gpt-4.1', 'llama-3.1-8b', 'gpt-50', 'o10b', 'o2', 'gpt-oss-20b', 'openai/o3-mini', 'qwen3-o3'];
    expect(field([...reasoning, ...others])).toEqual({
      ...Object.fromEntries(reasoning.map((model) => [model, 'max_completion_tokens'])),
      ...Object.fromEntries(others.map((model) => [model, 'max_tokens'])),
    });
  });

  it('lets the endpoint’s maxTokensField override the name, and a model’s own entry override both', () => {
    expect(field(['o3-mini', 'llama-3.1-8b'], { defaultMaxTokensField: 'max_tokens' })).toEqual({ 'o3-mini': 'max_tokens', 'llama-3.1-8b': 'max_tokens' });
    expect(field(['o3-mini', 'llama-3.1-8b'], { defaultMaxTokensField: 'max_completion_tokens' })).toEqual({
      'o3-mini': 'max_completion_tokens',
      'llama-3.1-8b': 'max_completion_tokens',
    });
    expect(field(['o3-mini', 'my-reasoner'], { own: { 'o3-mini': 'max_tokens', 'my-reasoner': 'max_completion_tokens' } })).toEqual({
      'o3-mini': 'max_tokens',
      'my-reasoner': 'max_completion_tokens',
    });
  });

  it('honours every standard call setting but those the endpoint or the model marks unsupported', () => {
    const resolved = resolveCallSettings({
      models: ['a', 'b'],
      defaultCallSettings: { unsupported: ['topK'] },
      callSettings: { b: { unsupported: ['temperature'] } },
    });
    expect(resolved['a']?.honoured).toEqual(CALL_SETTINGS.filter((setting) => setting !== 'topK'));
    expect(resolved['b']?.honoured).toEqual(CALL_SETTINGS.filter((setting) => setting !== 'topK' && setting !== 'temperature'));
  });
});
