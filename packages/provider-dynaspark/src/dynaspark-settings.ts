import {
  DEFAULT_MAX_RESPONSE_BYTES,
  parseHttpUrl,
  resolveProviderSettings,
  type ProviderFactoryContext,
  type ProviderPlugin,
} from '@switchboard/core/provider';
import * as v from 'valibot';
import { got, httpUrl, oneLine, oneOf, providerId, secret, strictOptions, wholeNumber } from '@switchboard/core/provider';

/** The id of the provider that importing the package registers. */
export const DYNASPARK_ID = 'dynaspark';

/** What the plugin says about itself: the registered id, the display name, the factory's name in errors. */
export const DYNASPARK: ProviderPlugin = { id: DYNASPARK_ID, label: 'Dynaspark', factory: 'createDynaspark' };

/** The real service. */
export const DYNASPARK_URL = 'https://dynaspark.onrender.com';

/**
 * The chat path the live service answered last: on 2025-05-12 it renamed `/generate_response` to
 * this to block scrapers, and gpt4free's last version posted here.
 */
export const DYNASPARK_PATH = '/dsai_fuck_u_spammer';

/** The user agent gpt4free sent: a desktop Chrome on Linux. */
export const DYNASPARK_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36';

/**
 * Settings of the Dynaspark provider: `createRegistry({ providerOptions: { dynaspark: settings } })`,
 * or the argument of `createDynaspark(settings)`. Every field is optional.
 */
export interface DynasparkSettings {
  /**
   * Provider id: the key of `providerOptions`, logs and attempt records. Only `createDynaspark`
   * takes another one (a second instance beside the registered provider); the registered provider
   * is always `dynaspark`.
   * @default 'dynaspark'
   * @example 'dynaspark-mirror'
   */
  id?: string;
  /**
   * Where the service is.
   * @default env DYNASPARK_BASE_URL, else 'https://dynaspark.onrender.com'
   * @example 'http://127.0.0.1:8787' // the emulator
   */
  baseUrl?: string;
  /**
   * Path of the chat endpoint (`mode: 'form'`). The site renamed it once to block scrapers; the
   * original path is one setting away.
   * @default '/dsai_fuck_u_spammer'
   * @example '/generate_response' // the path before 2025-05-12
   */
  path?: string;
  /**
   * `'form'`: the POST form gpt4free used (images supported, no usage). `'api'`: the service's
   * documented `GET /api/generate_response` (text only, reports token usage, takes an API key).
   * @default 'form'
   */
  mode?: 'form' | 'api';
  /**
   * API key for `mode: 'api'`. Never logged.
   * @default env DYNASPARK_API_KEY, else none
   */
  apiKey?: string;
  /**
   * Browser user agent sent with every request: the service expects a browser.
   * @default gpt4free's, 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36'
   */
  userAgent?: string;
  /**
   * Most sockets kept open to the service (keep-alive), which bounds concurrent requests.
   * @default 128
   */
  connections?: number;
  /**
   * Largest answer read from the service, in bytes (after decompression). A longer one is cut off,
   * its connection closed, and the attempt fails with a `ResponseTooLargeError` (the registry falls
   * over to the next provider). @default 16 MiB
   */
  maxResponseBytes?: number;
}

/** Settings checked, with the environment and defaults applied. */
export interface ResolvedDynasparkSettings {
  id: string;
  /** `Dynaspark`, or `Dynaspark (<id>)` for an instance under another id. */
  label: string;
  baseUrl: string;
  path: string;
  mode: 'form' | 'api';
  apiKey: string | undefined;
  userAgent: string;
  connections: number;
  maxResponseBytes: number;
}

const settingsSchema = strictOptions(
  {
    id: v.optional(providerId('dynaspark-eu')),
    baseUrl: v.optional(httpUrl()),
    path: v.optional(
      v.pipe(v.string(got("a path such as '/generate_response'")), v.regex(/^\/[^\s?#]*$/, got("a path starting with '/', such as '/generate_response'"))),
    ),
    mode: v.optional(oneOf(['form', 'api'])),
    apiKey: v.optional(secret()),
    userAgent: v.optional(oneLine('a one-line user agent string')),
    connections: v.optional(wholeNumber(1)),
    maxResponseBytes: v.optional(wholeNumber(1)),
  },
  'setting',
);

/**
 * Checks raw settings, every problem at once, and applies the environment and defaults. Errors
 * name the field (`providerOptions.dynaspark.path` for the registered provider,
 * `createDynaspark(settings).path` otherwise); an unknown key names the closest known one.
 */
export function resolveDynasparkSettings(raw: unknown, context: ProviderFactoryContext = {}): ResolvedDynasparkSettings {
  const { settings, id, label, env } = resolveProviderSettings(DYNASPARK, settingsSchema, raw, context);
  const envBaseUrl = env['DYNASPARK_BASE_URL']?.trim() || undefined;
  return {
    id,
    label,
    baseUrl: settings.baseUrl ?? (envBaseUrl !== undefined ? parseHttpUrl(envBaseUrl, { argument: 'env.DYNASPARK_BASE_URL' }) : DYNASPARK_URL),
    path: settings.path ?? DYNASPARK_PATH,
    mode: settings.mode ?? 'form',
    apiKey: settings.apiKey ?? (env['DYNASPARK_API_KEY']?.trim() || undefined),
    userAgent: settings.userAgent ?? DYNASPARK_USER_AGENT,
    connections: settings.connections ?? 128,
    maxResponseBytes: settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
}
