import { closestNames, describeValue } from '@switchboard/core/shared';
import * as v from 'valibot';

// The file's shape. The insides of `routing`, `resilience` and `health` are core's to check, and a
// provider's settings are its plugin's: both report problems that map back to a path in the file,
// so neither list of keys is kept twice.

const got = (expected: string) => (issue: v.BaseIssue<unknown>) => `expected ${expected}, got ${describeValue(issue.input)}.`;

/** The message of a strict object: an unknown key with the closest known one, or a missing one. */
const keysOf = (known: readonly string[], what: string) => (issue: v.BaseIssue<unknown>) => {
  if (issue.expected === 'never') {
    const [closest] = closestNames(String(issue.input), known, { limit: 1 });
    return `unknown key${closest ? `; did you mean '${closest}'?` : '.'} Known keys ${what}: ${known.join(', ')}.`;
  }
  if (issue.received === 'undefined') return 'is required.';
  return `expected an object, got ${describeValue(issue.input)}.`;
};

const anObject = (expected: string) =>
  v.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), got(expected));
const text = (expected: string) =>
  v.pipe(
    v.string(got(expected)),
    v.check((value) => value.trim() !== '', got(expected)),
  );

const providerInstance = v.looseObject(
  {
    use: text("a plugin package name such as '@switchboard/provider-dynaspark'"),
    id: v.optional(text('a provider id')),
    // Read by the CLI (core's budgets), not passed to the plugin; its insides are core's to check.
    limits: v.optional(anObject('a budget such as { "rpm": 30, "tpm": 60000 }')),
  },
  (issue) =>
    issue.received === 'undefined'
      ? "is required: the plugin package, such as '@switchboard/provider-dynaspark'."
      : `expected a provider instance object, got ${describeValue(issue.input)}.`,
);

const bytes = v.pipe(
  v.number(got('a whole number of bytes >= 1')),
  v.integer(got('a whole number of bytes >= 1')),
  v.minValue(1, got('a whole number of bytes >= 1')),
);
const flag = v.boolean(got('true or false'));
const atLeast = (minimum: number, expected: string) => v.pipe(v.number(got(expected)), v.integer(got(expected)), v.minValue(minimum, got(expected)));

// What createGateway takes, less what the CLI supplies itself (registry, logger, env), plus where to listen.
const serverEntries = {
  apiKey: v.optional(v.string(got(`'\${VARIABLE}'`))),
  // The gateway checks each entry (names, models, limits); the file's rules (a key only as ${VAR}) are the CLI's.
  keys: v.optional(v.array(anObject('a client key { name, key, models?, limits? }'), got('an array of client keys { name, key, models?, limits? }'))),
  bodyLimit: v.optional(bytes),
  bodyDepthLimit: v.optional(atLeast(1, 'a whole number of levels >= 1')),
  writeTimeoutMs: v.optional(atLeast(1, 'a whole number of milliseconds >= 1')),
  clientConnectionShare: v.optional(
    v.pipe(
      v.number(got('a share above 0 and at most 1')),
      v.check((share) => share > 0 && share <= 1, got('a share above 0 and at most 1')),
    ),
  ),
  upstreamConnections: v.optional(atLeast(1, 'a whole number of connections >= 1')),
  healthProbeIntervalMs: v.optional(atLeast(0, 'a whole number of milliseconds >= 0')),
  // The gateway checks the limits inside (and names them as server.allowRemoteImages.<key>).
  allowRemoteImages: v.optional(
    v.union([flag, anObject('{ maxBytes, timeoutMs, maxImages, … }')], got('true, false or { maxBytes, timeoutMs, maxImages, … }')),
  ),
  // The gateway checks the bounds inside (and names them as server.storedResponses.<key>).
  storedResponses: v.optional(v.union([flag, anObject('{ maxEntries, maxBytes, ttlMs }')], got('true, false or { maxEntries, maxBytes, ttlMs }'))),
  shutdownTimeoutMs: v.optional(v.pipe(v.number(got('a number of milliseconds >= 0')), v.minValue(0, got('a number of milliseconds >= 0')))),
  metrics: v.optional(flag),
  processMetrics: v.optional(flag),
  ui: v.optional(v.union([flag, anObject('{ recentRequests }')], got('true, false or { recentRequests }'))),
  captureContent: v.optional(flag),
  host: v.optional(text('an interface address such as 127.0.0.1')),
  port: v.optional(
    v.pipe(v.number(got('a port number')), v.integer(got('a port number')), v.minValue(0, got('a port number')), v.maxValue(65535, got('a port number'))),
  ),
};

/** Keys of the `server` section. */
export const SERVER_KEYS = Object.keys(serverEntries);

const configEntries = {
  $schema: v.optional(v.string(got('the JSON Schema URL or path'))),
  providers: v.pipe(v.array(providerInstance, got('an array of provider instances')), v.minLength(1, 'expected at least one provider instance.')),
  aliases: v.optional(v.pipe(anObject('an object mapping alias names to model names'), v.record(v.string(), text('a model name')))),
  routing: v.optional(anObject('routing options')),
  resilience: v.optional(anObject('resilience options')),
  health: v.optional(anObject('health options')),
  defaultModel: v.optional(text('a model name')),
  maxMediaBytes: v.optional(bytes),
  extraMedia: v.optional(v.picklist(['error', 'warn'], got("'error' or 'warn'"))),
  server: v.optional(v.strictObject(serverEntries, keysOf(SERVER_KEYS, 'of server'))),
  // @switchboard/store-redis checks its options.
  store: v.optional(v.union([text("a Redis URL such as 'redis://127.0.0.1:6379'"), anObject('{ url, prefix, … }')], got('a Redis URL or { url, prefix, … }'))),
};

/** Top-level keys of the file. */
export const CONFIG_KEYS = Object.keys(configEntries);

/** The schema of `switchboard.config.json` (its JSON Schema twin is `schema/switchboard.config.schema.json`). */
export const configSchema = v.strictObject(configEntries, keysOf(CONFIG_KEYS, 'at the top level'));
