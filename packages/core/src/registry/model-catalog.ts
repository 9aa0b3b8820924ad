import type { Logger } from '../logging/logger.js';
import { duplicateCoreNote } from '../di/core-copies.js';
import { asSentence } from '../errors/as-sentence.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { describeValue } from '../validation/describe-value.js';
import { ModelNotFoundError, type NotConfiguredRoute } from '../errors/model-not-found-error.js';
import { ProviderNotFoundError } from '../errors/provider-not-found-error.js';
import { orderCandidates } from '../orchestration/order-candidates.js';
import type { Provider } from '../provider/provider.js';
import { closestNames } from '../validation/closest-names.js';
import { resolveAlias } from './resolve-alias.js';
import { resolveProviderModel } from './resolve-provider-model.js';

/** A provider serving a public name, and the provider-side model it maps to. */
export interface CatalogEntry {
  provider: Provider;
  model: string;
}

/** One public name (a model or an alias), as `registry.models()` lists it. */
export interface ModelInfo {
  /** The public name: what `registry.create()` takes. */
  id: string;
  /**
   * Ids of the providers a call to this name goes to, in routing order: `routing.order` for the
   * name, else registration order (`shuffle`, `weights` and `byHealth` reorder them per call; a
   * provider `routing.order` leaves out is not listed). A provider serving it under another
   * name through its own alias is listed too.
   */
  providers: string[];
  /** Each of those providers with the model it answers with, in the same order. @example [{ provider: 'local', model: 'llama-3.1-8b' }, { provider: 'groq', model: 'llama-3.1-8b-instant' }] */
  routes: { provider: string; model: string }[];
  /** For a model: the aliases that stand for it (provider aliases and the host's), each listed under one model. Empty for an alias. */
  aliases: string[];
  /** For an alias: the model it stands for (the first provider's, when providers map it to different models). */
  aliasOf?: string;
  /** True when at least one of its providers takes images with it. */
  vision: boolean;
}

/** What {@link ModelCatalog} is built from. */
export interface ModelCatalogOptions {
  /** The configured providers: they serve the catalogue. */
  providers: readonly Provider[];
  /**
   * Providers installed but not configured: they serve nothing, but the names they would serve
   * are known, so asking for one says why it is not served and how to fix that.
   */
  unconfigured?: readonly Provider[];
  hostAliases: Readonly<Record<string, string>>;
  logger: Logger;
}

/**
 * Every public name (model, provider alias, host alias) mapped to the providers serving it. Built
 * once per registry, so resolving a name at `create()` time is a map lookup however many
 * providers are registered.
 */
export class ModelCatalog {
  readonly #byName = new Map<string, CatalogEntry[]>();
  /** The names unconfigured providers would serve, for the errors that explain why they do not. */
  readonly #unconfiguredByName = new Map<string, CatalogEntry[]>();
  readonly #providers: ReadonlyMap<string, Provider>;
  readonly #unconfigured: ReadonlyMap<string, Provider>;
  readonly #hostAliases: Readonly<Record<string, string>>;

  constructor({ providers, unconfigured = [], hostAliases, logger }: ModelCatalogOptions) {
    this.#providers = new Map(providers.map((provider) => [provider.id, provider]));
    this.#unconfigured = new Map(unconfigured.map((provider) => [provider.id, provider]));
    this.#hostAliases = hostAliases;
    for (const provider of providers) {
      for (const model of provider.models) add(this.#byName, model, { provider, model });
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
            reason: `the alias does not lead to one of the provider's models (${provider.models.join(', ')}).`,
            cause,
          });
        }
        add(this.#byName, alias, { provider, model });
      }
    }
    for (const provider of unconfigured) {
      for (const model of provider.models) add(this.#unconfiguredByName, model, { provider, model });
      for (const alias of Object.keys(provider.modelAliases)) {
        // Not checked (an unconfigured provider is not an error): an alias that leads nowhere is left out.
        const model = provider.models.includes(alias) ? undefined : tryResolve(provider, alias);
        if (model !== undefined) add(this.#unconfiguredByName, alias, { provider, model });
      }
    }
    // Every target is checked before any chain is followed, so a chain never walks into a non-string.
    for (const [alias, target] of Object.entries(hostAliases)) {
      if (typeof target !== 'string' || target === '') {
        throw new InvalidArgumentError({ argument: `aliases['${alias}']`, reason: `expected a model name, got ${describeValue(target)}.` });
      }
    }
    for (const alias of Object.keys(hostAliases)) {
      const real = this.#byName.get(alias)?.filter((entry) => entry.model === alias);
      if (real?.length) {
        // The README's promise: a real model's name is never answered by another model.
        throw new InvalidArgumentError({
          argument: `aliases['${alias}']`,
          reason:
            `'${alias}' is a model served by ${real.map((entry) => entry.provider.id).join(', ')}; an alias of that name would answer it from '${hostAliases[alias]}' without a word. ` +
            `Use another alias name (e.g. '${alias}-alias'), or limit which providers serve '${alias}' with routing.order.`,
        });
      }
      const end = resolveAlias(alias, { aliases: hostAliases, source: 'aliases' });
      // An alias to a model of a provider that is installed but not configured is accepted: that
      // provider is not an error, and `create()` of the alias says what it lacks.
      if (this.#unconfiguredRoutes(end).length > 0) continue;
      let found: CatalogEntry[] | undefined;
      let cause: unknown;
      try {
        found = this.#lookup(end);
      } catch (error) {
        // `provider/model` with a model that provider does not serve: still this alias's fault.
        cause = error;
      }
      if (!found) {
        // The valid names, without this alias and the others that lead where it does.
        const names = this.names().filter(
          (name) => !Object.hasOwn(hostAliases, name) || resolveAlias(name, { aliases: hostAliases, source: 'aliases' }) !== end,
        );
        const closest = closestNames(end, names);
        throw new InvalidArgumentError({
          argument: `aliases['${alias}']`,
          reason: `it points to '${end}', which no registered provider serves.${closest.length ? ` Did you mean ${closest.map((n) => `'${n}'`).join(' or ')}?` : ''} Valid models: ${names.join(', ') || '(none: import a provider plugin)'}.`,
          cause,
        });
      }
    }
  }

  /**
   * The providers serving `name`: the host's aliases first, then models and provider aliases, then
   * `provider/model` for one provider only. An unknown name is a `ModelNotFoundError` listing the
   * valid names and the closest ones (or saying which installed provider would serve it, were it
   * configured); an unknown provider before a slash is a `ProviderNotFoundError`.
   */
  resolve(name: string): CatalogEntry[] {
    const end = this.#hostAliasEnd(name);
    const entries = this.#lookup(end);
    if (entries) return entries;
    const names = this.names();
    const notConfigured = this.#unconfiguredRoutes(end);
    if (notConfigured.length === 0) this.#checkProviderPrefix(name, end);
    throw new ModelNotFoundError({
      modelId: name,
      availableModels: names,
      closestModels: notConfigured.length > 0 ? [] : closestNames(name, names),
      notConfigured,
      note: `${notConfigured.length > 0 ? '' : this.#unconfiguredNote()}${duplicateCoreNote()}`,
    });
  }

  /** The installed providers that would serve `name` once configured, with what each lacks. */
  notConfiguredRoutes(name: string): NotConfiguredRoute[] {
    return this.#unconfiguredRoutes(this.#hostAliasEnd(name));
  }

  /** True when only providers that are installed but not configured would serve `name`. */
  servedOnlyWhenConfigured(name: string): boolean {
    const end = this.#hostAliasEnd(name);
    return this.#unconfiguredRoutes(end).length > 0 && !this.#byName.has(end);
  }

  /** The default model when no configured provider gives one: the first unconfigured provider's, to say why it is not served. */
  unconfiguredDefaultModel(): string | undefined {
    return [...this.#unconfigured.values()].find((provider) => provider.defaultModel !== '')?.defaultModel;
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

  /**
   * One entry per public name, sorted: each model with the aliases that stand for it, then each
   * alias on its own (what it stands for, and its own providers). Providers are in routing order
   * (`order`: `routing.order`).
   */
  models(order: Readonly<Record<string, readonly string[]>> = {}): ModelInfo[] {
    const infos = new Map<string, ModelInfo>();
    const info = (id: string, entries: readonly CatalogEntry[]): ModelInfo => {
      const routed = orderCandidates(entries, { order: order[id], random: Math.random });
      return {
        id,
        providers: routed.map((entry) => entry.provider.id),
        routes: routed.map((entry) => ({ provider: entry.provider.id, model: entry.model })),
        aliases: [],
        vision: routed.some((entry) => entry.provider.visionModels.includes(entry.model)),
      };
    };
    const isModel = (name: string) => this.#byName.get(name)?.some((entry) => entry.model === name) === true;
    for (const [name, entries] of this.#byName) if (isModel(name)) infos.set(name, info(name, entries));
    const addAlias = (alias: string, modelName: string, entries: readonly CatalogEntry[]) => {
      infos.set(alias, { ...info(alias, entries), aliasOf: modelName });
      infos.get(modelName)?.aliases.push(alias);
    };
    for (const [name, entries] of this.#byName) {
      if (!isModel(name) && !Object.hasOwn(this.#hostAliases, name)) addAlias(name, entries[0]!.model, entries);
    }
    for (const alias of Object.keys(this.#hostAliases)) {
      const end = this.#hostAliasEnd(alias);
      const entries = this.#lookup(end);
      // A host alias to a provider that is not configured serves nothing yet.
      if (entries) addAlias(alias, isModel(end) ? end : entries[0]!.model, entries);
    }
    return [...infos.values()].sort((a, b) => compareNames(a.id, b.id));
  }

  #hostAliasEnd(name: string): string {
    return Object.hasOwn(this.#hostAliases, name) ? resolveAlias(name, { aliases: this.#hostAliases, source: 'aliases' }) : name;
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

  /** The providers that would serve `name` were they configured, as the error reports them. */
  #unconfiguredRoutes(name: string): NotConfiguredRoute[] {
    let entries = this.#unconfiguredByName.get(name);
    const slash = name.indexOf('/');
    if (!entries && slash > 0) {
      const provider = this.#unconfigured.get(name.slice(0, slash));
      const model = provider && tryResolve(provider, name.slice(slash + 1));
      if (provider && model !== undefined) entries = [{ provider, model }];
    }
    return (entries ?? []).map(({ provider, model }) => ({
      provider: provider.id,
      model,
      reason: provider.unconfigured!.reason,
      fix: provider.unconfigured!.fix,
    }));
  }

  /**
   * `dynasprk/gemini-2.0-flash`: a name no provider serves whose part before the slash is close to
   * a provider id, or whose part after it is a model, names a provider that does not exist.
   */
  #checkProviderPrefix(name: string, end: string): void {
    const slash = end.indexOf('/');
    if (slash <= 0) return;
    const prefix = end.slice(0, slash);
    const ids = [...this.#providers.keys(), ...this.#unconfigured.keys()];
    if (ids.includes(prefix)) return;
    const closest = closestNames(prefix, ids, { limit: 1 });
    if (closest.length === 0 && !this.#byName.has(end.slice(slash + 1))) return;
    throw new ProviderNotFoundError({
      providerId: prefix,
      availableProviders: ids,
      closestProviders: closest,
      note: ` ('${name}' names the provider before the '/'.)${duplicateCoreNote()}`,
    });
  }

  /** Said with every unknown name while installed providers serve nothing for want of configuration. */
  #unconfiguredNote(): string {
    return [...this.#unconfigured.values()]
      .map((provider) => ` '${provider.id}' is installed but not configured (${provider.unconfigured!.reason}): ${asSentence(provider.unconfigured!.fix)}`)
      .join('');
  }
}

function add(index: Map<string, CatalogEntry[]>, name: string, entry: CatalogEntry): void {
  const entries = index.get(name);
  if (!entries) index.set(name, [entry]);
  else if (!entries.some((existing) => existing.provider === entry.provider)) entries.push(entry);
}

/** The provider-side model a name leads to, or undefined (an unconfigured provider's names are not checked). */
function tryResolve(provider: Provider, name: string): string | undefined {
  try {
    return resolveProviderModel(provider, name) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Names in case-insensitive code-unit order, ties by code units: the same order wherever the
 * process runs. (A locale's collation orders `aa` or `ch` differently in Danish or Czech, and its
 * first use starts ICU's collator, ~5 ms of a `switchboard models` that lists a handful of names.)
 */
function compareNames(a: string, b: string): number {
  const lowerA = a.toLowerCase();
  const lowerB = b.toLowerCase();
  if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
