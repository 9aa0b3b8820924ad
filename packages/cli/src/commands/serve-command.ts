import type { StateStore } from '@switchboard/core';
import type { GatewayOptions } from '@switchboard/server';
import type { CliContext } from '../cli-context.js';
import { loadRegistry } from '../config/load-registry.js';
import { CliError } from '../errors/cli-error.js';
import { ConfigError } from '../errors/config-error.js';
import { EXIT_CODES, type ExitCode } from '../errors/exit-codes.js';
import { readVersion } from '../read-version.js';
import { openTelemetryRequested } from '../telemetry/open-telemetry-requested.js';
import type { OpenTelemetrySetup } from '../telemetry/start-open-telemetry.js';
import { createLineLogger } from '../terminal/create-line-logger.js';
import { createStyles } from '../terminal/create-styles.js';
import { notConfiguredNotes } from './not-configured-notes.js';

/** `switchboard serve`'s options. */
export interface ServeCommandOptions {
  config?: string;
  /** @default server.port from the configuration, else the gateway's (4000) */
  port?: number;
  /** @default server.host from the configuration, else 127.0.0.1 */
  host?: string;
  /** A Redis URL to share circuits, cooldowns, budgets and health through. @default `store` from the configuration, else none */
  store?: string;
  /**
   * Export traces and metrics over OTLP/HTTP (to `OTEL_EXPORTER_OTLP_ENDPOINT`, else
   * http://localhost:4318). Setting `OTEL_EXPORTER_OTLP_ENDPOINT` turns it on without the flag.
   * @default false
   */
  otel?: boolean;
}

const LOOPBACK = /^(127\.|localhost$|::1$|\[::1\]$)/;

/**
 * Serves the configured providers through the OpenAI-compatible gateway until SIGINT or SIGTERM,
 * then lets requests in flight finish (within `server.shutdownTimeoutMs`) and exits 0.
 */
export async function runServeCommand(options: ServeCommandOptions, context: CliContext): Promise<ExitCode> {
  // Registered before the registry and the gateway, so their first request is traced. The SDK is
  // loaded only when asked for: `serve` without it imports nothing of OpenTelemetry.
  let otel: OpenTelemetrySetup | undefined;
  if (openTelemetryRequested(context.env, options.otel === true)) {
    const { startOpenTelemetry } = await import('../telemetry/start-open-telemetry.js');
    const styles = createStyles(context.stderr, context.env);
    const warn = (message: string) => context.stderr.write(`${styles.yellow('warning')}: ${message}\n`);
    otel = await startOpenTelemetry({ env: context.env, version: readVersion(), warn });
  }
  try {
    return await serve(options, context, otel);
  } finally {
    await otel?.shutdown();
  }
}

async function serve(options: ServeCommandOptions, context: CliContext, otel: OpenTelemetrySetup | undefined): Promise<ExitCode> {
  const styles = createStyles(context.stderr, context.env);
  // One terminal logger for the registry and the gateway: a shared store's outage and return are said there.
  const logger = createLineLogger({ stream: context.stderr, styles });
  const { registry, config, store, sourceOf } = await loadRegistry({
    configPath: options.config,
    cwd: context.cwd,
    env: context.env,
    store: options.store,
    logger,
  });
  if (store) {
    // Before listening: a wrong URL, password or host stops the gateway here, in one line, never by hanging.
    try {
      await store.connect();
    } catch (error) {
      await registry.close();
      throw new CliError({ message: (error as Error).message, cause: error });
    }
  }
  const { port: configPort, host: configHost, storedResponses, ...server } = config?.server ?? {};
  const host = options.host ?? configHost ?? '127.0.0.1';
  const port = options.port ?? configPort;
  let gateway: Awaited<ReturnType<typeof import('@switchboard/server').createGateway>>;
  let url: string;
  try {
    const { createGateway } = await import('@switchboard/server');
    gateway = await createGateway({ ...server, storedResponses: sharedResponses(storedResponses, store), registry, env: context.env, logger }).catch(
      async (error: unknown) => {
        throw await gatewayOptionError(error, options.config);
      },
    );
    url = await gateway.listen({ host, ...(port === undefined ? {} : { port }) }).catch(async (error: Error) => {
      await gateway.close();
      throw new CliError({ message: `cannot listen on ${host}:${port ?? 4000}: ${error.message}`, cause: error });
    });
  } catch (error) {
    await registry.close();
    throw error;
  }
  context.stdout.write(`Switchboard gateway listening on ${url}${otel ? ` (${otel.description})` : ''}\n`);
  if (store) {
    const { location, server: answered, replicas } = store.status();
    context.stderr.write(
      styles.dim(`Sharing circuits, cooldowns, budgets and health through ${location} (${answered}, ${replicas} replica${replicas === 1 ? '' : 's'})\n`),
    );
  }
  if (server.ui !== false) context.stderr.write(styles.dim(`Dashboard at ${url}/ui\n`));
  const models = registry
    .models()
    .filter((model) => model.aliasOf === undefined)
    .map((model) => model.id);
  context.stderr.write(styles.dim(`Serving ${models.length} model${models.length === 1 ? '' : 's'} at ${url}/v1: ${models.join(', ')}\n`));
  context.stderr.write(notConfiguredNotes(registry.providers(), sourceOf, styles));
  if (!server.apiKey && !server.keys?.length && !context.env['SWITCHBOARD_API_KEY'] && !LOOPBACK.test(host)) {
    context.stderr.write(
      `${styles.yellow('warning')}: listening on ${host} without an API key (server.apiKey or SWITCHBOARD_API_KEY): anyone who reaches this port can use your providers.\n`,
    );
  }
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    else context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  context.stderr.write(styles.dim('Stopping: letting requests in flight finish\n'));
  await gateway.close();
  await registry.close();
  return EXIT_CODES.ok;
}

/** The gateway names its options `options.bodyLimit`; the file says `server.bodyLimit`. */
async function gatewayOptionError(error: unknown, configPath: string | undefined): Promise<unknown> {
  const { InvalidArgumentError } = await import('@switchboard/core');
  if (!InvalidArgumentError.isInstance(error)) return error;
  const path = `server.${error.argument.replace(/^options\./, '')}`;
  return new ConfigError({ file: configPath ?? 'switchboard.config.json', path, message: error.reason, cause: error });
}

/**
 * With a shared store, Responses API responses are kept there too (any replica continues any
 * response), unless the file turned them off. A store without documents keeps them per replica.
 */
type StoredResponsesSetting = GatewayOptions['storedResponses'];

function sharedResponses(option: StoredResponsesSetting, store: StateStore | undefined): StoredResponsesSetting {
  if (option === false || !offersDocuments(store)) return option;
  return { ...(typeof option === 'object' ? option : {}), shared: store };
}

const offersDocuments = (store: StateStore | undefined): store is StateStore & Required<Pick<StateStore, 'getDocument' | 'setDocument'>> =>
  typeof store?.getDocument === 'function' && typeof store.setDocument === 'function';
