import { InvalidArgumentError, parseHttpUrl } from '@switchboard/core';

/** The real service. */
export const DYNASPARK_URL = 'https://dynaspark.onrender.com';

/**
 * Settings of the Dynaspark provider: `createRegistry({ providerOptions: { dynaspark: {...} } })`.
 */
export interface DynasparkSettings {
  /**
   * Where the service is. Else the `DYNASPARK_BASE_URL` environment variable, else the real service.
   * @default 'https://dynaspark.onrender.com'
   * @example 'http://127.0.0.1:8787' (the bundled emulator)
   */
  baseUrl?: string;
  /**
   * Path of the chat endpoint. The site renamed it once to block scrapers, hence configurable.
   * @default '/generate_response'
   */
  path?: string;
  /**
   * `'form'`: the POST form endpoint gpt4free used (images supported). `'api'`: the documented
   * `GET /api/generate_response` API (text only, reports token usage, takes an API key).
   * @default 'form'
   */
  mode?: 'form' | 'api';
  /** API key for `mode: 'api'`. Else `DYNASPARK_API_KEY`. Never logged. */
  apiKey?: string;
  /** Browser user agent sent with every request (the service expects a browser). @default a desktop Chrome string */
  userAgent?: string;
  /** Most sockets kept open to the service. @default 128 */
  connections?: number;
}

/** Settings checked, with defaults applied. */
export interface ResolvedDynasparkSettings {
  baseUrl: string;
  path: string;
  mode: 'form' | 'api';
  apiKey: string | undefined;
  userAgent: string;
  connections: number;
}

export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const KNOWN = ['baseUrl', 'path', 'mode', 'apiKey', 'userAgent', 'connections'];

/** Checks the host's settings; every problem is an `InvalidArgumentError` naming the field. */
export function resolveDynasparkSettings(
  settings: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedDynasparkSettings {
  const at = (field: string) => `providerOptions.dynaspark.${field}`;
  for (const key of Object.keys(settings)) {
    if (!KNOWN.includes(key)) {
      throw new InvalidArgumentError({ argument: at(key), message: `unknown setting; known settings are ${KNOWN.join(', ')}.` });
    }
  }
  const { path = '/generate_response', mode = 'form', userAgent = DEFAULT_USER_AGENT, connections = 128 } = settings as DynasparkSettings;
  const baseUrlSource = settings['baseUrl'] !== undefined ? at('baseUrl') : env['DYNASPARK_BASE_URL'] ? 'DYNASPARK_BASE_URL' : at('baseUrl');
  const baseUrl = parseHttpUrl(settings['baseUrl'] ?? (env['DYNASPARK_BASE_URL'] || DYNASPARK_URL), { argument: baseUrlSource });
  if (typeof path !== 'string' || !/^\/[^\s?#]*$/.test(path)) {
    throw new InvalidArgumentError({ argument: at('path'), message: `expected a path starting with '/', such as '/generate_response', got ${JSON.stringify(path)}.` });
  }
  if (mode !== 'form' && mode !== 'api') {
    throw new InvalidArgumentError({ argument: at('mode'), message: `expected 'form' or 'api', got ${JSON.stringify(mode)}.` });
  }
  const apiKey = settings['apiKey'] ?? env['DYNASPARK_API_KEY'];
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) {
    throw new InvalidArgumentError({ argument: at('apiKey'), message: 'expected a non-empty string.' });
  }
  if (typeof userAgent !== 'string' || userAgent.trim() === '' || /[\r\n]/.test(userAgent)) {
    throw new InvalidArgumentError({ argument: at('userAgent'), message: 'expected a one-line, non-empty string.' });
  }
  if (!Number.isInteger(connections) || connections < 1) {
    throw new InvalidArgumentError({ argument: at('connections'), message: `expected a whole number >= 1, got ${JSON.stringify(connections)}.` });
  }
  return { baseUrl, path, mode, apiKey: apiKey as string | undefined, userAgent, connections };
}
