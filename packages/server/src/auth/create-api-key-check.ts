import type { IncomingHttpHeaders } from 'node:http';
import { createBearerCheck } from './create-bearer-check.js';

/** Why a request was refused: it carried no key, or a wrong one in this header. */
export type KeyRefusal = 'missing' | 'authorization' | 'x-api-key';

/**
 * A check of the gateway's key as either API sends it: `Authorization: Bearer <key>` (OpenAI's
 * clients) or `x-api-key: <key>` (Anthropic's). Either header carrying the key lets the request
 * in; each comparison is constant-time. Returns undefined when the key is right, else why not.
 */
export function createApiKeyCheck(apiKey: string): (headers: IncomingHttpHeaders) => KeyRefusal | undefined {
  const bearer = createBearerCheck(apiKey);
  return (headers) => {
    const { authorization } = headers;
    const key = headers['x-api-key'];
    if (authorization !== undefined && bearer(authorization)) return undefined;
    if (typeof key === 'string' && bearer(`Bearer ${key}`)) return undefined;
    if (authorization !== undefined) return 'authorization';
    return key === undefined ? 'missing' : 'x-api-key';
  };
}
