import { ModelNotFoundError } from './model-not-found-error.js';

describe('ModelNotFoundError', () => {
  it('lists the closest names and every valid name', () => {
    const error = new ModelNotFoundError({
      modelId: 'gemini-2.0-flsh',
      availableModels: ['gemini-1.5-flash', 'gemini-2.0-flash', 'gpt-4o'],
      closestModels: ['gemini-2.0-flash', 'gemini-1.5-flash'],
    });

    expect(error.message).toBe(
      "Model 'gemini-2.0-flsh' is not served by any registered provider. Did you mean 'gemini-2.0-flash' or 'gemini-1.5-flash'? " +
        'Valid models: gemini-1.5-flash, gemini-2.0-flash, gpt-4o.',
    );
    expect(error.modelId).toBe('gemini-2.0-flsh');
    expect(error.availableModels).toEqual(['gemini-1.5-flash', 'gemini-2.0-flash', 'gpt-4o']);
    expect(error.closestModels).toEqual(['gemini-2.0-flash', 'gemini-1.5-flash']);
    expect(error.provider).toBeUndefined();
  });

  it('names the provider when the lookup was limited to one', () => {
    const error = new ModelNotFoundError({ modelId: 'gpt-5', provider: 'dynaspark', availableModels: ['gpt-4o'], closestModels: [] });

    expect(error.provider).toBe('dynaspark');
    expect(error.message).toBe("Model 'gpt-5' is not served by provider 'dynaspark'. Valid models: gpt-4o.");
  });

  it('says a plugin may be missing when no model is registered at all', () => {
    const error = new ModelNotFoundError({ modelId: 'gpt-4o', availableModels: [], closestModels: [] });

    expect(error.message).toContain('No models are registered: did you import a provider plugin?');
  });

  it('takes a custom message and keeps the cause', () => {
    const cause = new Error('404');
    const error = new ModelNotFoundError({ modelId: 'x', availableModels: ['y'], closestModels: [], message: 'custom', cause });

    expect(error.message).toBe('custom');
    expect(error.cause).toBe(cause);
  });
});
