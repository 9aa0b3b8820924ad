import type { Registry } from '@switchboard/core';

/**
 * The `model` label a requested name is counted under: the name itself when the catalogue lists
 * it (a public model, an alias, or `provider/model` for a model or alias that provider serves),
 * else `''`. Clients choose the names they send, so anything else as a label would let them grow
 * the metrics (and the memory behind them) without bound; the known names are a fixed set, read
 * once from the registry, whose catalogue does not change after it is created.
 */
export function createModelLabel(registry: Registry): (name: string) => string {
  let known: Set<string> | undefined;
  const build = () => {
    const names = new Set<string>();
    for (const model of registry.models()) {
      names.add(model.id);
      for (const alias of model.aliases) names.add(alias);
    }
    for (const { id, configured } of registry.providers()) {
      if (!configured) continue;
      const provider = registry.provider(id);
      for (const model of provider.models) names.add(`${id}/${model}`);
      for (const alias of Object.keys(provider.modelAliases)) names.add(`${id}/${alias}`);
    }
    return names;
  };
  return (name) => ((known ??= build()).has(name) ? name : '');
}
