/** The names a scaffolded plugin is built from, all derived from the package name. */
export interface ProviderNames {
  /** npm package name. @example 'acme-switchboard-provider' */
  packageName: string;
  /** Folder the package is written to (the name without its scope). */
  directory: string;
  /** Provider id: the key of `providerOptions`. @example 'acme' */
  id: string;
  /** Display name. @example 'Acme' */
  label: string;
  /** Class name. @example 'AcmeProvider' */
  className: string;
  /** Factory name. @example 'createAcme' */
  factoryName: string;
  /** Environment variable of the API key. @example 'ACME_API_KEY' */
  envPrefix: string;
}

const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
const PROVIDER_ID = /^[a-z][a-z0-9-]*$/;

/**
 * Derives every name from the package name: `acme`, `switchboard-provider-acme`,
 * `acme-switchboard-provider` and `@me/acme-provider` all give the provider id `acme` (unless
 * `id` is given). Throws a message for the user when a name is not usable.
 */
export function providerNames(packageName: string, id?: string): ProviderNames {
  if (!PACKAGE_NAME.test(packageName)) {
    throw new Error(`'${packageName}' is not a valid npm package name: lower-case letters, digits, '-', '.', '_', optionally @scope/name.`);
  }
  const directory = packageName.replace(/^@[^/]+\//, '');
  const providerId =
    id ??
    (directory
      .replace(/^switchboard-provider-/, '')
      .replace(/-(switchboard-)?provider$/, '')
      .replace(/[._~]/g, '-') ||
      directory);
  if (!PROVIDER_ID.test(providerId)) {
    throw new Error(`'${providerId}' is not a usable provider id: start with a letter, then lower-case letters, digits and '-'. Choose one with --id.`);
  }
  const words = providerId.split('-').filter(Boolean);
  const label = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
  const pascal = label.replace(/ /g, '');
  return {
    packageName,
    directory,
    id: providerId,
    label,
    className: `${pascal}Provider`,
    factoryName: `create${pascal}`,
    envPrefix: words.join('_').toUpperCase(),
  };
}
