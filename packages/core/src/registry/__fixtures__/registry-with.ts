// The registry most registry tests need: exactly these provider instances, nothing from a container.
import 'reflect-metadata';
import type { Provider } from '../../provider/provider.js';
import type { RegistryOptions } from '../registry-options.js';

// tsyringe must load after reflect-metadata, and jest's ESM loader may run a CommonJS dependency
// first: what pulls in tsyringe is imported only once the polyfill is there.
const { createRegistry } = await import('../create-registry.js');

/** A registry serving exactly `providers`. */
export function registryWith(providers: readonly Provider[], options: Omit<RegistryOptions, 'providers' | 'useRegistered'> = {}) {
  return createRegistry({ ...options, providers, useRegistered: false });
}
