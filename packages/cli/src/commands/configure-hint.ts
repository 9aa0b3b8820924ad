import type { ProviderInfo } from '@switchboard/core';
import { FIRST_PARTY_PLUGINS } from '../config/first-party-plugins.js';
import { CONFIG_FILE_NAME } from '../config/read-config-file.js';
import type { ProviderSource } from '../config/provider-source.js';

// A plugin's `fix` speaks to code: `providerOptions['acme'].apiKey`, `providerOptions.acme.models`.
const PROVIDER_OPTIONS = /providerOptions(?:\[(['"])[^'"\]]+\1\]|\.[A-Za-z0-9_-]+)/g;

/**
 * What a CLI user does to configure a provider that is installed but not configured: a key of the
 * config file, not an option of the library. A provider served without a config file gets an
 * instance in one; an instance of the file gets its own keys (`providers[1].apiKey`) where the
 * plugin's fix names `providerOptions`.
 */
export function configureHint(provider: Pick<ProviderInfo, 'id' | 'fix'>, source: ProviderSource): string {
  if (source.kind === 'installed') {
    return `add { "use": "${FIRST_PARTY_PLUGINS[provider.id] ?? provider.id}", … } to ${CONFIG_FILE_NAME} to use it`;
  }
  const at = `providers[${source.index}]`;
  const fix = provider.fix ?? 'add its settings';
  const inFile = fix.replace(PROVIDER_OPTIONS, at);
  return inFile === fix ? `${fix} (${at} in ${source.file})` : `${inFile} in ${source.file}`;
}
