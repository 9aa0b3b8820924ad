import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelNotFoundError } from '../errors/model-not-found-error.js';
import { resolveProviderModel } from './resolve-provider-model.js';
import { thrown } from '../testing/captured-error.js';

const dynaspark = {
  id: 'dynaspark',
  defaultModel: 'gemini-2.0-flash',
  defaultVisionModel: 'gemini-1.5-flash',
  models: ['gemini-1.5-flash', 'gemini-2.0-flash', 'gpt-4o'],
  modelAliases: {
    flash: 'gemini-2.0-flash',
    fast: 'flash',
    quickest: 'fast',
    // An alias with the name of a real model: never followed.
    'gpt-4o': 'gemini-2.0-flash',
  },
};

describe('resolveProviderModel', () => {
  it('uses the default model when no name is given', () => {
    expect(resolveProviderModel(dynaspark, undefined)).toBe('gemini-2.0-flash');
    expect(resolveProviderModel(dynaspark, '')).toBe('gemini-2.0-flash');
    expect(resolveProviderModel(dynaspark, '   ')).toBe('gemini-2.0-flash');
  });

  it('uses the default vision model when no name is given for an image', () => {
    expect(resolveProviderModel(dynaspark, '', { vision: true })).toBe('gemini-1.5-flash');
  });

  it('falls back to the default model for an image when the provider has no vision default', () => {
    expect(resolveProviderModel({ ...dynaspark, defaultVisionModel: undefined }, undefined, { vision: true })).toBe('gemini-2.0-flash');
  });

  it('uses one of its own model names as is', () => {
    expect(resolveProviderModel(dynaspark, 'gemini-1.5-flash')).toBe('gemini-1.5-flash');
  });

  it('never swaps a real model for the target of an alias of the same name', () => {
    expect(resolveProviderModel(dynaspark, 'gpt-4o')).toBe('gpt-4o');
  });

  it('follows an alias, and a chain of aliases, to a model', () => {
    expect(resolveProviderModel(dynaspark, 'flash')).toBe('gemini-2.0-flash');
    expect(resolveProviderModel(dynaspark, 'quickest')).toBe('gemini-2.0-flash');
  });

  it('stops a chain at the first real model on the way', () => {
    const provider = { ...dynaspark, modelAliases: { best: 'gpt-4o', 'gpt-4o': 'gemini-2.0-flash' } };

    expect(resolveProviderModel(provider, 'best')).toBe('gpt-4o');
  });

  it('refuses an alias cycle with an InvalidArgumentError naming the loop', () => {
    const provider = { ...dynaspark, modelAliases: { ping: 'pong', pong: 'ping' } };
    const error = thrown(() => resolveProviderModel(provider, 'ping'));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('dynaspark.modelAliases');
    expect((error as Error).message).toContain("alias cycle 'ping' -> 'pong' -> 'ping'");
  });

  it('refuses an unknown name with the valid names and the closest ones', () => {
    const error = thrown(() => resolveProviderModel(dynaspark, 'gemini-2.0-flsh'));

    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    const notFound = error as ModelNotFoundError;
    expect(notFound.modelId).toBe('gemini-2.0-flsh');
    expect(notFound.provider).toBe('dynaspark');
    expect(notFound.closestModels[0]).toBe('gemini-2.0-flash');
    expect(notFound.availableModels).toEqual(['gemini-1.5-flash', 'gemini-2.0-flash', 'gpt-4o', 'flash', 'fast', 'quickest']);
    expect(notFound.message).toContain("Did you mean 'gemini-2.0-flash'");
    expect(notFound.message).toContain("provider 'dynaspark'");
  });

  it('says which target is missing when an alias leads nowhere', () => {
    const provider = { ...dynaspark, modelAliases: { old: 'gemini-1.0-pro' } };
    const error = thrown(() => resolveProviderModel(provider, 'old'));

    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "Model 'old' of provider 'dynaspark' is an alias of 'gemini-1.0-pro', which the provider does not serve. Valid models: gemini-1.5-flash, gemini-2.0-flash, gpt-4o.",
    );
  });
});
