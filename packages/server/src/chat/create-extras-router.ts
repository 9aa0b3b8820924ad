import type { LanguageModel, Registry } from '@switchboard/core';

/** Where a model's extras (`temperature`, `max_tokens`…) can go. */
export interface ExtrasRoute {
  /** `providerOptions` giving the extras to every provider of the model that takes per-call options. */
  providerOptions(extras: Readonly<Record<string, unknown>>): Record<string, Readonly<Record<string, unknown>>>;
  /** Providers of the model that take no per-call options: an answer from one of them did not see the extras. */
  refusing: ReadonlySet<string>;
}

/**
 * Sorts each model's providers into those that take per-call options (they declare
 * `checkCallOptions`) and those that take none, once per model: the registry refuses options
 * given to a provider without that method, so extras may only be addressed to the first kind.
 * Cached by model object (the registry keeps one per name), so the cache cannot outgrow it.
 */
export function createExtrasRouter(registry: Registry): (model: LanguageModel) => ExtrasRoute {
  const routes = new WeakMap<LanguageModel, ExtrasRoute>();
  return (model) => {
    let route = routes.get(model);
    if (route) return route;
    const accepting: string[] = [];
    const refusing = new Set<string>();
    for (const { provider } of model.providers) {
      if (accepting.includes(provider) || refusing.has(provider)) continue;
      if (typeof registry.provider(provider).checkCallOptions === 'function') accepting.push(provider);
      else refusing.add(provider);
    }
    route = {
      providerOptions(extras) {
        const options: Record<string, Readonly<Record<string, unknown>>> = {};
        for (const id of accepting) options[id] = extras;
        return options;
      },
      refusing,
    };
    routes.set(model, route);
    return route;
  };
}
