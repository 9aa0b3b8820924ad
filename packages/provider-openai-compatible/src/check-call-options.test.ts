import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from '@switchboard/core/provider';
import { thrown } from '@switchboard/core/testing';
import { checkCallOptions } from './check-call-options.js';

const argument = 'options.providerOptions.openai-compatible';
const failure = (options: Record<string, unknown>) => thrown(() => checkCallOptions(options, argument)) as InvalidArgumentError;

describe('checkCallOptions', () => {
  it('accepts what only this provider takes, with the right types, and any field it does not know', () => {
    expect(() => checkCallOptions({ user: 'u', logit_bias: { '50256': -100 }, min_p: 0.05, repeat_penalty: 1.1 }, argument)).not.toThrow();
  });

  it.each<[options: Record<string, unknown>, path: string, message: string]>([
    [{ user: 5 }, 'user', 'expected a string, got 5.'],
    [{ logit_bias: { '1': 200 } }, 'logit_bias["1"]', 'expected a number from -100 to 100, got 200.'],
    [{ logit_bias: [] }, 'logit_bias', 'expected an object of token ids to numbers from -100 to 100, got an array.'],
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

  it.each<[key: string, setting: string]>([
    ['temperature', 'temperature'],
    ['max_tokens', 'maxOutputTokens'],
    ['max_completion_tokens', 'maxOutputTokens'],
    ['maxTokens', 'maxOutputTokens'],
    ['maxOutputTokens', 'maxOutputTokens'],
    ['top_p', 'topP'],
    ['top_k', 'topK'],
    ['stop', 'stopSequences'],
    ['seed', 'seed'],
    ['presence_penalty', 'presencePenalty'],
    ['frequency_penalty', 'frequencyPenalty'],
  ])('refuses %s, the standard call setting %s, under any spelling: it is the same for every provider', (key, setting) => {
    expect(failure({ [key]: 1 })).toMatchObject({
      argument: `${argument}.${key}`,
      reason: `'${key}' is the standard call setting ${setting}: set it as generate(prompt, { ${setting} }), for every provider alike.`,
    });
  });

  it('refuses a camelCase spelling of a known field, which the server would ignore', () => {
    expect(failure({ logitBias: {} })).toMatchObject({ argument: `${argument}.logitBias`, message: expect.stringContaining("spell it 'logit_bias'") });
    expect(failure({ streamOptions: {} }).message).toContain("spell it 'stream_options'");
  });

  it('lists every problem at once', () => {
    const error = failure({ user: 1, model: 'x', topP: 1 });
    expect(error.message).toContain('3 problems');
  });
});
