import type { SharedDocuments } from './responses/shared-response-store.js';
import { InvalidArgumentError, type Logger, silentLogger } from '@switchboard/core';
import { captureContentFromEnv, closestNames, describeValue } from '@switchboard/core/shared';
import type { ResolvedClientKey } from './auth/client-key.js';
import { resolveClientKeys } from './auth/resolve-client-keys.js';
import type { RemoteImagePolicy } from './chat/remote-image-policy.js';
import type { ClientRequestInfo, GatewayOptions, StoredResponsesOptions } from './gateway-options.js';
import { parseAddressAllowList } from './images/address-allow-list.js';
import { type ResolvedDashboardOptions, resolveDashboardOptions } from './ui/resolve-dashboard-options.js';

/** The options with every default applied. */
export interface ResolvedGatewayOptions {
  registry: GatewayOptions['registry'];
  apiKey: string | undefined;
  /** Client keys by their secret. */
  keys: Map<string, ResolvedClientKey>;
  bodyLimit: number;
  bodyDepthLimit: number;
  writeTimeoutMs: number;
  /** Most chat requests one client may have in flight. */
  maxRequestsPerClient: number;
  identifyClient: (request: ClientRequestInfo) => string;
  healthProbeIntervalMs: number;
  images: RemoteImagePolicy;
  logger: Logger;
  shutdownTimeoutMs: number;
  metrics: boolean;
  processMetrics: boolean;
  /** Undefined when the dashboard is off. */
  ui: ResolvedDashboardOptions | undefined;
  /** Undefined when no responses are kept. */
  storedResponses: ResolvedStoredResponses | undefined;
}

/** `storedResponses` with its defaults. */
export interface ResolvedStoredResponses extends Required<Omit<StoredResponsesOptions, 'shared'>> {
  shared: SharedDocuments | undefined;
}

export const API_KEY_VARIABLE = 'SWITCHBOARD_API_KEY';
const MiB = 1024 * 1024;
/** Every default, in one place (the README's Security section lists them). */
const DEFAULTS = {
  bodyLimit: 16 * MiB,
  bodyDepthLimit: 64,
  writeTimeoutMs: 10_000,
  clientConnectionShare: 0.5,
  // core's createHttpClient keeps this many sockets per provider unless told otherwise.
  upstreamConnections: 128,
  healthProbeIntervalMs: 10_000,
  imageBytes: 10 * MiB,
  imageTimeoutMs: 10_000,
  maxImages: 8,
  maxTotalImageBytes: 20 * MiB,
  maxConcurrentDownloads: 16,
  maxRedirects: 3,
  shutdownTimeoutMs: 5_000,
  storedResponses: 10_000,
  storedResponseBytes: 64 * MiB,
  storedResponseTtlMs: 3_600_000,
} as const;
const KNOWN = [
  'registry',
  'apiKey',
  'keys',
  'bodyLimit',
  'bodyDepthLimit',
  'writeTimeoutMs',
  'clientConnectionShare',
  'upstreamConnections',
  'identifyClient',
  'healthProbeIntervalMs',
  'allowRemoteImages',
  'logger',
  'shutdownTimeoutMs',
  'metrics',
  'processMetrics',
  'ui',
  'captureContent',
  'storedResponses',
  'env',
];
const STORED_RESPONSES_KEYS = ['maxEntries', 'maxBytes', 'ttlMs', 'shared'];
const IMAGE_KEYS = ['maxBytes', 'timeoutMs', 'maxImages', 'maxTotalBytes', 'maxConcurrentDownloads', 'maxRedirects', 'allowAddresses'];
const byRemoteAddress = (request: ClientRequestInfo) => request.ip;
// Fastify hands a plugin its registration options too.
const FASTIFY_KEYS = ['prefix', 'logLevel', 'logSerializers'];

/** Checks the options before the gateway starts, naming the wrong one, and applies the defaults. */
export function resolveGatewayOptions(options: GatewayOptions): ResolvedGatewayOptions {
  const fail = (argument: string, message: string) => new InvalidArgumentError({ argument: `options.${argument}`, message });
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError({ argument: 'options', reason: 'expected an object with at least { registry }.' });
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
  const limits = flagOrLimits('allowRemoteImages', remote, IMAGE_KEYS, fail) ?? {};
  const allowAddresses = limits.allowAddresses ?? [];
  if (!Array.isArray(allowAddresses))
    throw fail('allowRemoteImages.allowAddresses', `expected an array of addresses or CIDR ranges, got ${describeValue(allowAddresses)}.`);
  const share = options.clientConnectionShare ?? DEFAULTS.clientConnectionShare;
  if (typeof share !== 'number' || !(share > 0 && share <= 1))
    throw fail('clientConnectionShare', `expected a share above 0 and at most 1, got ${describeValue(share)}.`);
  const identifyClient = options.identifyClient ?? byRemoteAddress;
  if (typeof identifyClient !== 'function') throw fail('identifyClient', `expected a function (request) => string, got ${describeValue(identifyClient)}.`);
  const logger = options.logger ?? silentLogger;
  if (typeof logger.warn !== 'function' || typeof logger.debug !== 'function')
    throw fail('logger', 'expected a logger with error, warn, info, debug and child methods (pino works).');
  const sharedKey = apiKey === false ? undefined : apiKey;
  return {
    registry,
    apiKey: sharedKey,
    keys: resolveClientKeys(options.keys, { registry, apiKey: sharedKey }),
    bodyLimit: count('bodyLimit', options.bodyLimit, DEFAULTS.bodyLimit, 1),
    bodyDepthLimit: count('bodyDepthLimit', options.bodyDepthLimit, DEFAULTS.bodyDepthLimit, 1),
    writeTimeoutMs: count('writeTimeoutMs', options.writeTimeoutMs, DEFAULTS.writeTimeoutMs, 1),
    maxRequestsPerClient: Math.max(1, Math.floor(share * count('upstreamConnections', options.upstreamConnections, DEFAULTS.upstreamConnections, 1))),
    identifyClient,
    healthProbeIntervalMs: count('healthProbeIntervalMs', options.healthProbeIntervalMs, DEFAULTS.healthProbeIntervalMs, 0),
    images: {
      allowed: remote !== false,
      maxBytes: count('allowRemoteImages.maxBytes', limits.maxBytes, DEFAULTS.imageBytes, 1),
      timeoutMs: count('allowRemoteImages.timeoutMs', limits.timeoutMs, DEFAULTS.imageTimeoutMs, 1),
      maxImages: count('allowRemoteImages.maxImages', limits.maxImages, DEFAULTS.maxImages, 1),
      maxTotalBytes: count('allowRemoteImages.maxTotalBytes', limits.maxTotalBytes, DEFAULTS.maxTotalImageBytes, 1),
      maxConcurrentDownloads: count('allowRemoteImages.maxConcurrentDownloads', limits.maxConcurrentDownloads, DEFAULTS.maxConcurrentDownloads, 1),
      maxRedirects: count('allowRemoteImages.maxRedirects', limits.maxRedirects, DEFAULTS.maxRedirects, 0),
      allowAddresses: parseAddressAllowList(allowAddresses, 'options.allowRemoteImages.allowAddresses'),
    },
    logger,
    shutdownTimeoutMs: count('shutdownTimeoutMs', options.shutdownTimeoutMs, DEFAULTS.shutdownTimeoutMs, 0),
    metrics: flag('metrics', options.metrics),
    processMetrics: flag('processMetrics', options.processMetrics),
    ui: resolveDashboardOptions(options.ui, options.captureContent ?? captureContentFromEnv(env)),
    storedResponses: resolveStoredResponses(options.storedResponses, fail, count),
  };
}

function resolveStoredResponses(
  option: GatewayOptions['storedResponses'],
  fail: (argument: string, message: string) => InvalidArgumentError,
  count: (name: string, value: unknown, fallback: number, minimum: number) => number,
): ResolvedStoredResponses | undefined {
  if (option === false) return undefined;
  const limits: StoredResponsesOptions = flagOrLimits('storedResponses', option ?? true, STORED_RESPONSES_KEYS, fail) ?? {};
  const { shared } = limits;
  if (shared !== undefined && (typeof shared?.getDocument !== 'function' || typeof shared.setDocument !== 'function'))
    throw fail(
      'storedResponses.shared',
      'expected a shared store with documents (getDocument and setDocument), such as createRedisStore() from @switchboard/store-redis.',
    );
  return {
    maxEntries: count('storedResponses.maxEntries', limits.maxEntries, DEFAULTS.storedResponses, 1),
    maxBytes: count('storedResponses.maxBytes', limits.maxBytes, DEFAULTS.storedResponseBytes, 1),
    ttlMs: count('storedResponses.ttlMs', limits.ttlMs, DEFAULTS.storedResponseTtlMs, 1),
    shared,
  };
}

/** An option that is `true`, `false` or an object of limits: the object (undefined for a boolean), its keys checked against `known`, the closest named. */
function flagOrLimits<T extends object>(
  name: string,
  value: boolean | T,
  known: readonly string[],
  fail: (argument: string, message: string) => InvalidArgumentError,
): T | undefined {
  if (typeof value === 'boolean') return undefined;
  if (typeof value !== 'object' || value === null) throw fail(name, `expected true, false or { ${known.join(', ')} }.`);
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const closest = closestNames(key, known, { limit: 1 });
    throw fail(`${name}.${key}`, `unknown option${closest.length ? `; did you mean '${closest[0]}'?` : '.'} Known: ${known.join(', ')}.`);
  }
  return value;
}
