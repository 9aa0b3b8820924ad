import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Provider } from '../provider/provider.js';
import type { ModelCatalog } from './model-catalog.js';
import type { RoutingOptions } from './routing-options.js';
import { unknownProviderError } from './unknown-provider-error.js';

/**
 * Routing names models and providers: each must exist, and a provider named for a model must
 * serve it. A name that matches nothing would otherwise be skipped without a word, and the model
 * served by fewer providers (or none) than the host believes.
 */
export function checkRouting(routing: RoutingOptions, { catalog, providers }: { catalog: ModelCatalog; providers: ReadonlyMap<string, Provider> }): void {
  for (const [model, ids] of Object.entries(routing.order ?? {})) {
    const argument = `options.routing.order['${model}']`;
    // Providers installed but not configured serve nothing yet; naming one that would serve the
    // model once configured is not a mistake.
    const waiting = catalog.notConfiguredRoutes(model).map((route) => route.provider);
    let serving: string[] = [];
    if (!catalog.servedOnlyWhenConfigured(model)) {
      try {
        serving = catalog.resolve(model).map((entry) => entry.provider.id);
      } catch (cause) {
        throw new InvalidArgumentError({ argument, reason: `no provider serves the model '${model}'. ${(cause as Error).message}`, cause });
      }
    }
    ids.forEach((id, index) => {
      if (!providers.has(id)) throw unknownProviderError(id, `${argument}[${index}]`, providers.keys());
      if (!serving.includes(id) && !waiting.includes(id)) {
        throw new InvalidArgumentError({
          argument: `${argument}[${index}]`,
          reason: `provider '${id}' does not serve '${model}'. Providers serving it: ${[...serving, ...waiting].join(', ')}.`,
        });
      }
    });
  }
  for (const id of Object.keys(routing.weights ?? {})) {
    if (!providers.has(id)) throw unknownProviderError(id, `options.routing.weights['${id}']`, providers.keys());
  }
}
