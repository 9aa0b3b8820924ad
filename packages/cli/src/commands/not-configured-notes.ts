import type { ProviderInfo } from '@switchboard/core';
import type { Styles } from '../terminal/create-styles.js';

/**
 * What to tell a CLI user about a provider that is installed but serves nothing. The registry's
 * own `fix` speaks to code (`providerOptions[...]`); here the fix is the config file.
 */
export const CONFIGURE_HINT = 'add it to switchboard.config.json to use it';

/** A line per provider that is installed but not configured. */
export function notConfiguredNotes(providers: readonly ProviderInfo[], styles: Styles): string {
  return providers
    .filter((provider) => !provider.configured)
    .map((provider) => `${styles.dim(`${provider.id}: ${provider.reason ?? 'not configured'}; ${CONFIGURE_HINT}.`)}\n`)
    .join('');
}
