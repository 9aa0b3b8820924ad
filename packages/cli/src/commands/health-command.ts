import type { HealthReport, ProviderInfo } from '@switchboard/core';
import { closestNames } from '@switchboard/core/shared';
import type { CliContext } from '../cli-context.js';
import { loadRegistry } from '../config/load-registry.js';
import { EXIT_CODES, type ExitCode } from '../errors/exit-codes.js';
import { UsageError } from '../errors/usage-error.js';
import { createStyles } from '../terminal/create-styles.js';
import { startSpinner } from '../terminal/start-spinner.js';
import { configureHint } from './configure-hint.js';
import { formatHealthTable } from './format-health-table.js';
import { healthRows } from './health-row.js';

/** `switchboard health`'s options. */
export interface HealthCommandOptions {
  /** Provider ids to check. @default every provider */
  providers: string[];
  /** Print the report as JSON. @default false */
  json: boolean;
  /** Limit of each probe, ms. @default the configuration's health.timeoutMs (5000) */
  timeout?: number;
  config?: string;
}

/**
 * Probes the providers and prints status, latency and last error for each. Exits 1 when a
 * provider asked about is down, or was named and is not configured; without names, providers
 * that are not configured are listed but do not fail the check.
 */
export async function runHealthCommand(options: HealthCommandOptions, context: CliContext): Promise<ExitCode> {
  const { registry, sourceOf } = await loadRegistry({
    configPath: options.config,
    cwd: context.cwd,
    env: context.env,
    uses: { server: false, defaultModel: false },
  });
  try {
    const all = registry.providers();
    const asked = options.providers.length > 0 ? options.providers.map((id) => find(all, id)) : all;
    const probed = asked.filter((provider) => provider.configured).map((provider) => provider.id);
    const spinner = startSpinner({ stream: context.stderr, env: context.env, text: `Checking ${probed.join(', ')}` });
    let report: Pick<HealthReport, 'status' | 'checkedAt' | 'providers'> = { status: 'unknown', checkedAt: Date.now(), providers: [] };
    try {
      if (probed.length > 0) report = await registry.health({ providers: probed, ...(options.timeout === undefined ? {} : { timeoutMs: options.timeout }) });
    } finally {
      spinner.stop();
    }
    const rows = healthRows(asked, report, (provider) => configureHint(provider, sourceOf(provider.id)));
    if (options.json) context.stdout.write(`${JSON.stringify({ checkedAt: report.checkedAt, providers: rows }, null, 2)}\n`);
    else context.stdout.write(formatHealthTable(rows, createStyles(context.stdout, context.env)));
    const failed = rows.some((row) => row.status === 'down' || (row.status === 'not-configured' && options.providers.length > 0));
    return failed ? EXIT_CODES.failure : EXIT_CODES.ok;
  } finally {
    await registry.close();
  }
}

function find(providers: readonly ProviderInfo[], id: string): ProviderInfo {
  const provider = providers.find((each) => each.id === id);
  if (provider) return provider;
  const ids = providers.map((each) => each.id);
  const closest = closestNames(id, ids);
  throw new UsageError({
    message: `unknown provider '${id}'${closest.length ? `; did you mean ${closest.map((name) => `'${name}'`).join(' or ')}?` : '.'} Providers: ${ids.join(', ')}.`,
  });
}
