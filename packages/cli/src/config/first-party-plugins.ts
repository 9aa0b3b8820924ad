/**
 * The plugins the CLI installs with, by provider id: served when there is no config file, and
 * offered when a config file names a plugin that cannot be found.
 */
export const FIRST_PARTY_PLUGINS: Readonly<Record<string, string>> = {
  dynaspark: '@switchboard/provider-dynaspark',
  'openai-compatible': '@switchboard/provider-openai-compatible',
};
