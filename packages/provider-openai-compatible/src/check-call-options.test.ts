import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from '@switchboard/core/provider';
import { thrown } from '@switchboard/core/testing';
import { checkCallOptions } from './check-call-options.js';

const argument = 'options.providerOptions.openai-compatible';
const failure = (options: Record<string, unknown>) => thrown(() => checkCallOptions(options, argument)) as InvalidArgumentError;

describe('checkCallOptions', () => {
  it('accepts the known OpenAI fields with the right types, and any field it does not know', () => {
    expect(() =>
      checkCallOptions(
        { temperature: 0.2, top_p: 1, max_tokens: 5, seed: -3, stop: ['\n'], user: 'u', logit_bias: { '50256': -100 }, top_k: 40, min_p: 0.05 },
        argument,
      ),
    ).not.toThrow();
  });

  it.each<[options: Record<string, unknown>, path: string, message: string]>([
    [{ temperature: 3 }, 'temperature', 'expected a number from 0 to 2, got 3.'],
    [{ top_p: 'high' }, 'top_p', 'expected a number from 0 to 1, got "high".'],
    [{ max_tokens: 1.5 }, 'max_tokens', 'expected a whole number >= 1, got 1.5.'],
    [{ presence_penalty: Number.NaN }, 'presence_penalty', 'expected a number from -2 to 2, got NaN.'],
    [{ seed: 0.5 }, 'seed', 'expected a whole number, got 0.5.'],
    [{ stop: [1] }, 'stop', 'expected a string or an array of strings, got an array.'],
    [{ logit_bias: { '1': 200 } }, 'logit_bias["1"]', 'expected a number from -100 to 100, got 200.'],
  ])('%j: a precise message at %s', (options, path, message) => {
    const error = failure(options);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.argument).toBe(`${argument}.${path}`);
    expect(error.message).toBe(`Invalid ${argument}.${path}: ${message}`);
  });

  it.each(['model', 'messages', 'stream', 'stream_options', 'n'])('refuses %s, which the provider writes itself', (key) => {
    expect(failure({ [key]: 1 }).message).toContain(`'${key}' is set by the provider and cannot be given per call.`);
  });

  it.each<[key: string, option: string]>([
    ['tools', 'tools'],
    ['tool_choice', 'toolChoice'],
    ['toolChoice', 'toolChoice'],
    ['parallel_tool_calls', 'parallelToolCalls'],
    ['response_format', 'responseFormat'],
    ['responseFormat', 'responseFormat'],
    ['functions', 'tools'],
  ])('refuses %s, which comes from the call’s own %s so the registry can route the call', (key, option) => {
    const error = failure({ [key]: {} });
    expect(error.argument).toBe(`${argument}.${key}`);
    expect(error.message).toBe(
      `Invalid ${argument}.${key}: '${key}' comes from the call's own options, not providerOptions: set ${option} in generate(prompt, { tools, toolChoice, responseFormat }), so the call goes only to models that support it.`,
    );
  });

  it('refuses a camelCase spelling of a known field, which the server would ignore', () => {
    expect(failure({ maxTokens: 5 })).toMatchObject({ argument: `${argument}.maxTokens`, message: expect.stringContaining("spell it 'max_tokens'") });
    expect(failure({ streamOptions: {} }).message).toContain("spell it 'stream_options'");
  });

  it('lists every problem at once', () => {
    const error = failure({ temperature: -1, model: 'x', topP: 1 });
    expect(error.message).toContain('3 problems');
  });
});
