import type { HealthReport, ProviderHealth, ProviderInfo } from '@switchboard/core';

/** One provider in `switchboard health`'s report: its health, or why it is not configured and what configures it. */
export type HealthRow =
  | (ProviderHealth & { configured: true })
  | { provider: string; configured: false; status: 'not-configured'; reason: string; fix: string };

/**
 * The rows for `providers`, in their order: probed ones from the report, the others as not
 * configured, with `fix` saying what to write in the config file (`hint`).
 */
export function healthRows(providers: readonly ProviderInfo[], report: Pick<HealthReport, 'providers'>, hint: (provider: ProviderInfo) => string): HealthRow[] {
  return providers.map((provider) => {
    const health = report.providers.find((each) => each.provider === provider.id);
    if (health) return { ...health, configured: true };
    return { provider: provider.id, configured: false, status: 'not-configured', reason: provider.reason ?? 'not configured', fix: hint(provider) };
  });
}
