import type { Logger } from '../logging/logger.js';
import { duplicateCoreNote } from '../di/core-copies.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { describeValue } from '../validation/describe-value.js';
import { ModelNotFoundError } from '../errors/model-not-found-error.js';
import type { Provider } from '../provider/provider.js';
import { closestNames } from './closest-names.js';
import { resolveAlias } from './resolve-alias.js';
import { resolveProviderModel } from './resolve-provider-model.js';

/** A provider serving a public name, and the provider-side model it maps to. */
export interface CatalogEntry {
  provider: Provider;
  model: string;
}

/** One public model, as `registry.models()` lists it. */
export interface ModelInfo {
  /** The public model name. */
  id: string;
  /** Ids of the providers serving it, in registration order. */
  providers: string[];
  /** Names that resolve to it (provider aliases and the host's aliases). */
  aliases: string[];
  /** True when at least one provider takes images with it. */
  vision: boolean;
}

/**
 * Every public name (model, provider alias, host alias) mapped to the providers serving it. Built
 * once per registry, so resolving a name at `create()` time is a map lookup however many
 * providers are registered.
 */
export class ModelCatalog {
  readonly #byName = new Map<string, CatalogEntry[]>();
  readonly #providers: ReadonlyMap<string, Provider>;
  readonly #hostAliases: Readonly<Record<string, string>>;

  constructor({ providers, hostAliases, logger }: { providers: readonly Provider[]; hostAliases: Readonly<Record<string, string>>; logger: Logger }) {
    this.#providers = new Map(providers.map((provider) => [provider.id, provider]));
    this.#hostAliases = hostAliases;
    for (const provider of providers) {
      for (const model of provider.models) this.#add(model, { provider, model });
      for (const alias of Object.keys(provider.modelAliases)) {
        if (provider.models.includes(alias)) {
          // A real model's own name is never redirected to another model (gpt4free's silent swap).
          logger.warn(
            { provider: provider.id, alias, target: provider.modelAliases[alias] },
            "ignoring an alias that shadows one of the provider's own models",
          );
          continue;
        }
        let model: string;
        try {
          model = resolveProviderModel(provider, alias);
        } catch (cause) {
          throw new InvalidArgumentError({
            argument: `provider '${provider.id}' modelAliases['${alias}']`,
            message: `the alias does not lead to one of the provider's models (${provider.models.join(', ')}).`,
            cause,
          });
        }
        this.#add(alias, { provider, model });
      }
    }
    // Every target is checked before any chain is followed, so a chain never walks into a non-string.
    for (const [alias, target] of Object.entries(hostAliases)) {
      if (typeof target !== 'string' || target === '') {
        throw new InvalidArgumentError({ argument: `aliases['${alias}']`, message: `expected a model name, got ${describeValue(target)}.` });
      }
    }
    for (const alias of Object.keys(hostAliases)) {
      const real = this.#byName.get(alias)?.filter((entry) => entry.model === alias);
      if (real?.length) {
        // The README's promise: a real model's name is never answered by another model.
        throw new InvalidArgumentError({
          argument: `aliases['${alias}']`,
          message:
            `'${alias}' is a model served by ${real.map((entry) => entry.provider.id).join(', ')}; an alias of that name would answer it from '${hostAliases[alias]}' without a word. ` +
            `Use another alias name (e.g. '${alias}-alias'), or limit which providers serve '${alias}' with routing.order.`,
        });
      }
      const end = resolveAlias(alias, { aliases: hostAliases, source: 'aliases' });
      let found: CatalogEntry[] | undefined;
      let cause: unknown;
      try {
        found = this.#lookup(end);
      } catch (error) {
        // `provider/model` with a model that provider does not serve: still this alias's fault.
        cause = error;
      }
      if (!found) {
        const names = this.names();
        const closest = closestNames(end, names);
        throw new InvalidArgumentError({
          argument: `aliases['${alias}']`,
          message: `it points to '${end}', which no registered provider serves.${closest.length ? ` Did you mean ${closest.map((n) => `'${n}'`).join(' or ')}?` : ''} Valid models: ${names.join(', ') || '(none: import a provider plugin)'}.`,
          cause,
        });
      }
    }
  }

  /**
   * The providers serving `name`: the host's aliases first, then models and provider aliases, then
   * `provider/model` for one provider only. Unknown names are a `ModelNotFoundError` listing the
   * valid names and the closest ones.
   */
  resolve(name: string): CatalogEntry[] {
    const end = Object.hasOwn(this.#hostAliases, name) ? resolveAlias(name, { aliases: this.#hostAliases, source: 'aliases' }) : name;
    const entries = this.#lookup(end);
    if (entries) return entries;
    const names = this.names();
    const note = duplicateCoreNote();
    throw new ModelNotFoundError({
      modelId: name,
      availableModels: names,
      closestModels: closestNames(name, names),
      ...(note ? { message: `Model '${name}' is not served by any registered provider.${note}` } : {}),
    });
  }

  /**
   * True for the names a registry has a finite number of: models, aliases, host aliases, and
   * `provider/model` where `model` is one of that provider's models or aliases as written. Other
   * spellings that still resolve (`dynaspark/ ` is its default model) are endless.
   */
  isKnownName(name: string): boolean {
    if (this.#byName.has(name) || Object.hasOwn(this.#hostAliases, name)) return true;
    const slash = name.indexOf('/');
    const provider = slash > 0 ? this.#providers.get(name.slice(0, slash)) : undefined;
    if (!provider) return false;
    const model = name.slice(slash + 1);
    return provider.models.includes(model) || Object.hasOwn(provider.modelAliases, model);
  }

  /** Every public name: models, aliases, host aliases; sorted. */
  names(): string[] {
    return [...new Set([...this.#byName.keys(), ...Object.keys(this.#hostAliases)])].sort();
  }

  /** The public models with their providers and aliases. */
  models(): ModelInfo[] {
    const infos = new Map<string, ModelInfo>();
    for (const [name, entries] of this.#byName) {
      for (const { provider, model } of entries) {
        if (model !== name) continue;
        let info = infos.get(name);
        if (!info) infos.set(name, (info = { id: name, providers: [], aliases: [], vision: false }));
        info.providers.push(provider.id);
        info.vision ||= provider.visionModels.includes(model);
      }
    }
    for (const [name, entries] of this.#byName) {
      for (const { model } of entries) {
        const info = infos.get(model);
        if (model !== name && info && !info.aliases.includes(name)) info.aliases.push(name);
      }
    }
    for (const alias of Object.keys(this.#hostAliases)) {
      const end = resolveAlias(alias, { aliases: this.#hostAliases, source: 'aliases' });
      const target = this.#lookup(end)?.[0];
      const info = target && infos.get(target.model === end ? end : target.model);
      if (info && !info.aliases.includes(alias)) info.aliases.push(alias);
    }
    return [...infos.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  #lookup(name: string): CatalogEntry[] | undefined {
    const entries = this.#byName.get(name);
    if (entries) return entries;
    const slash = name.indexOf('/');
    if (slash > 0) {
      const provider = this.#providers.get(name.slice(0, slash));
      if (provider) return [{ provider, model: resolveProviderModel(provider, name.slice(slash + 1)) }];
    }
    return undefined;
  }

  #add(name: string, entry: CatalogEntry): void {
    const entries = this.#byName.get(name);
    if (!entries) this.#byName.set(name, [entry]);
    else if (!entries.some((existing) => existing.provider === entry.provider)) entries.push(entry);
  }
}
