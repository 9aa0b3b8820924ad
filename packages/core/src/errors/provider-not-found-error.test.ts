import { ProviderNotFoundError } from './provider-not-found-error.js';

describe('ProviderNotFoundError', () => {
  it('lists the closest ids and every registered provider', () => {
    const error = new ProviderNotFoundError({ providerId: 'dynaspak', availableProviders: ['dynaspark', 'local'], closestProviders: ['dynaspark'] });

    expect(error.message).toBe("Provider 'dynaspak' is not registered. Did you mean 'dynaspark'? Registered providers: dynaspark, local.");
    expect(error.providerId).toBe('dynaspak');
    expect(error.availableProviders).toEqual(['dynaspark', 'local']);
    expect(error.closestProviders).toEqual(['dynaspark']);
  });

  it('points to a plugin when no provider is registered', () => {
    const error = new ProviderNotFoundError({ providerId: 'dynaspark', availableProviders: [], closestProviders: [] });

    expect(error.message).toBe("Provider 'dynaspark' is not registered. No provider is registered: import a plugin such as @switchboard/provider-dynaspark.");
  });
});
