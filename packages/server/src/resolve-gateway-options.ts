import { InvalidArgumentError, type Logger, silentLogger } from '@switchboard/core';
import { closestNames, describeValue } from '@switchboard/core/provider';
import type { RemoteImagePolicy } from './chat/remote-image-policy.js';
import type { GatewayOptions } from './gateway-options.js';
import { type ResolvedDashboardOptions, resolveDashboardOptions } from './ui/resolve-dashboard-options.js';

/** The options with every default applied. */
export interface ResolvedGatewayOptions {
  registry: GatewayOptions['registry'];
  apiKey: string | undefined;
  bodyLimit: number;
  images: RemoteImagePolicy;
  logger: Logger;
  shutdownTimeoutMs: number;
  metrics: boolean;
  processMetrics: boolean;
  /** Undefined when the dashboard is off. */
  ui: ResolvedDashboardOptions | undefined;
}

export const API_KEY_VARIABLE = 'SWITCHBOARD_API_KEY';
const MiB = 1024 * 1024;
const DEFAULTS = { bodyLimit: 16 * MiB, imageBytes: 10 * MiB, imageTimeoutMs: 10_000, shutdownTimeoutMs: 5_000 };
const KNOWN = [
  'registry',
  'apiKey',
  'bodyLimit',
  'allowRemoteImages',
  'logger',
  'shutdownTimeoutMs',
  'metrics',
  'processMetrics',
  'ui',
  'captureContent',
  'env',
];
// Fastify hands a plugin its registration options too.
const FASTIFY_KEYS = ['prefix', 'logLevel', 'logSerializers'];

/** Checks the options before the gateway starts, naming the wrong one, and applies the defaults. */
export function resolveGatewayOptions(options: GatewayOptions): ResolvedGatewayOptions {
  const fail = (argument: string, message: string) => new InvalidArgumentError({ argument: `options.${argument}`, message });
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError({ argument: 'options', message: 'expected an object with at least { registry }.' });
  for (const key of Object.keys(options)) {
    if (KNOWN.includes(key) || FASTIFY_KEYS.includes(key)) continue;
    const closest = closestNames(key, KNOWN, { limit: 1 });
    throw fail(key, `unknown option${closest.length ? `; did you mean '${closest[0]}'?` : '.'} Known: ${KNOWN.join(', ')}.`);
  }
  const { registry, env = process.env } = options;
  if (typeof registry !== 'object' || registry === null || typeof registry.create !== 'function' || typeof registry.events?.on !== 'function') {
    throw fail('registry', 'expected a registry from createRegistry().');
  }
  const apiKey = options.apiKey === undefined ? env[API_KEY_VARIABLE] || undefined : options.apiKey;
  if (apiKey !== undefined && apiKey !== false && (typeof apiKey !== 'string' || apiKey.trim() === ''))
    throw fail('apiKey', 'expected a non-empty string, or false for no auth.');
  const count = (name: string, value: unknown, fallback: number, minimum: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum)
      throw fail(name, `expected a whole number >= ${minimum}, got ${describeValue(value)}.`);
    return value;
  };
  const flag = (name: string, value: unknown): boolean => {
    if (value === undefined) return true;
    if (typeof value !== 'boolean') throw fail(name, `expected true or false, got ${describeValue(value)}.`);
    return value;
  };
  const remote = options.allowRemoteImages ?? false;
  if (typeof remote !== 'boolean' && (typeof remote !== 'object' || remote === null))
    throw fail('allowRemoteImages', 'expected true, false or { maxBytes, timeoutMs }.');
  const limits = typeof remote === 'object' ? remote : {};
  for (const key of Object.keys(limits))
    if (key !== 'maxBytes' && key !== 'timeoutMs') throw fail(`allowRemoteImages.${key}`, "unknown option; expected 'maxBytes' or 'timeoutMs'.");
  const logger = options.logger ?? silentLogger;
  if (typeof logger.warn !== 'function' || typeof logger.debug !== 'function')
    throw fail('logger', 'expected a logger with error, warn, info, debug and child methods (pino works).');
  return {
    registry,
    apiKey: apiKey === false ? undefined : apiKey,
    bodyLimit: count('bodyLimit', options.bodyLimit, DEFAULTS.bodyLimit, 1),
    images: {
      allowed: remote !== false,
      maxBytes: count('allowRemoteImages.maxBytes', limits.maxBytes, DEFAULTS.imageBytes, 1),
      timeoutMs: count('allowRemoteImages.timeoutMs', limits.timeoutMs, DEFAULTS.imageTimeoutMs, 1),
    },
    logger,
    shutdownTimeoutMs: count('shutdownTimeoutMs', options.shutdownTimeoutMs, DEFAULTS.shutdownTimeoutMs, 0),
    metrics: flag('metrics', options.metrics),
    processMetrics: flag('processMetrics', options.processMetrics),
    ui: resolveDashboardOptions(options.ui, options.captureContent),
  };
}
