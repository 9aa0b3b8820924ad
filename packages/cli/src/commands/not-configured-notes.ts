import type { ProviderInfo } from '@switchboard/core';
import type { ProviderSource } from '../config/provider-source.js';
import type { Styles } from '../terminal/create-styles.js';
import { configureHint } from './configure-hint.js';

/** A line per provider that is installed but not configured, with what configures it. */
export function notConfiguredNotes(providers: readonly ProviderInfo[], sourceOf: (id: string) => ProviderSource, styles: Styles): string {
  return providers
    .filter((provider) => !provider.configured)
    .map((provider) => `${styles.dim(`${provider.id}: ${provider.reason ?? 'not configured'}; ${configureHint(provider, sourceOf(provider.id))}.`)}\n`)
    .join('');
}
