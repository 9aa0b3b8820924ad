import { thrown } from '@switchboard/core/testing';
import { providerNames } from './provider-names.js';

describe('providerNames', () => {
  it.each([
    ['acme', 'acme'],
    ['acme-provider', 'acme'],
    ['acme-switchboard-provider', 'acme'],
    ['switchboard-provider-acme', 'acme'],
    ['@me/big-cloud-provider', 'big-cloud'],
  ])('%s gives the provider id %s', (packageName, id) => {
    expect(providerNames(packageName).id).toBe(id);
  });

  it('derives every name from the id', () => {
    expect(providerNames('@me/big-cloud-provider')).toEqual({
      packageName: '@me/big-cloud-provider',
      directory: 'big-cloud-provider',
      id: 'big-cloud',
      label: 'Big Cloud',
      className: 'BigCloudProvider',
      factoryName: 'createBigCloud',
      envPrefix: 'BIG_CLOUD',
    });
  });

  it('takes the id given', () => {
    expect(providerNames('my-plugin', 'acme').className).toBe('AcmeProvider');
  });

  it('refuses names npm or the registry would not take, saying why', () => {
    expect((thrown(() => providerNames('My Provider')) as Error).message).toMatch(/not a valid npm package name/);
    expect((thrown(() => providerNames('x', '9lives')) as Error).message).toMatch(/not a usable provider id.*--id/);
  });
});
