import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { silentLogger } from '../logging/create-logger.js';
import type { Logger } from '../logging/logger.js';
import { parseWithSchema } from '../validation/parse-with-schema.js';
import type { InferSchemaOutput, StandardSchemaV1 } from '../validation/standard-schema.js';
import type { ProviderFactoryContext } from './provider-factory.js';

/** What a plugin says about itself, for its factory's errors and its instances' ids and labels. */
export interface ProviderPlugin {
  /** The id of the registered provider, and of an instance whose settings name none. @example 'dynaspark' */
  id: string;
  /** The display name; an instance under another id is labelled `<label> (<id>)`. @example 'Dynaspark' */
  label: string;
  /** The factory's name as code calls it, for errors. @example 'createDynaspark' */
  factory: string;
}

/** A factory's settings, checked, with what every plugin's constructor needs beside them. */
export interface ProviderInit<Settings> {
  /** The settings as the schema returns them (defaults still to apply). */
  settings: Settings;
  /** The instance's id: the settings' `id`, else the plugin's. */
  id: string;
  /** `Dynaspark`, or `Dynaspark (dynaspark-eu)` for an instance under another id. */
  label: string;
  /** Where the settings came from, the prefix of every field in errors: `providerOptions.dynaspark` or `createDynaspark(settings)`. */
  source: string;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}

/**
 * What every plugin's `createProvider` does first, in one place: checks the settings against the
 * plugin's schema (every problem at once, each under its full path, an unknown key naming the
 * closest known one), refuses another id for the registered provider (its settings are keyed by
 * its id), and settles the id, label, environment and logger.
 *
 * @example
 * export function createAcme(settings?: AcmeSettings, context?: ProviderFactoryContext): AcmeProvider {
 *   const init = resolveProviderSettings(ACME, settingsSchema, settings, context);
 *   return new AcmeProvider({ ...init.settings, apiKey: init.settings.apiKey ?? init.env['ACME_API_KEY'] }, init);
 * }
 */
export function resolveProviderSettings<S extends StandardSchemaV1<unknown, { id?: string | undefined }>>(
  plugin: ProviderPlugin,
  schema: S,
  settings: unknown,
  context: ProviderFactoryContext = {},
): ProviderInit<InferSchemaOutput<S>> {
  const { registeredAs } = context;
  const source = registeredAs !== undefined ? `providerOptions.${registeredAs}` : `${plugin.factory}(settings)`;
  const parsed = parseWithSchema(schema, settings ?? {}, source);
  const named = (parsed as { id?: string | undefined }).id;
  if (registeredAs !== undefined && named !== undefined && named !== registeredAs) {
    throw new InvalidArgumentError({
      argument: `${source}.id`,
      reason: `the provider registered by importing the package is always '${registeredAs}'. To serve another endpoint under its own id, create one: createRegistry({ providers: [${plugin.factory}({ id: ${JSON.stringify(named)}, … })] }).`,
    });
  }
  const id = named ?? registeredAs ?? plugin.id;
  return {
    settings: parsed,
    id,
    label: id === plugin.id ? plugin.label : `${plugin.label} (${id})`,
    source,
    env: context.env ?? process.env,
    logger: context.logger ?? silentLogger,
  };
}
