import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ResolvedClientKey } from './client-key.js';

/** Why a request was refused: it carried no key, or a wrong one in this header. */
export type KeyRefusal = 'missing' | 'authorization' | 'x-api-key';

/** Who a request's key says it is: a client key, or the gateway's own `apiKey` (no model list, no budget). */
export type Caller = ResolvedClientKey | 'api-key';

/** What the check finds: who the request is, or why it is refused. */
export type KeyCheck = { caller: Caller } | { refusal: KeyRefusal };

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * A check of the gateway's keys (its `apiKey` and every client key) as either API sends one:
 * `Authorization: Bearer <key>` (OpenAI's clients) or `x-api-key: <key>` (Anthropic's). Either
 * header carrying a known key lets the request in, as that key's caller. Each presented key is
 * hashed once and compared in constant time with every known key's hash: neither a key's content
 * nor its length shows in how long a wrong guess takes (`timingSafeEqual` alone needs equal
 * lengths and would leak that), and the work is the same for any key.
 */
export function createApiKeyCheck({
  apiKey,
  keys,
}: {
  apiKey: string | undefined;
  keys: ReadonlyMap<string, ResolvedClientKey>;
}): (headers: IncomingHttpHeaders) => KeyCheck {
  const known: { hash: Buffer; caller: Caller }[] = [
    ...(apiKey !== undefined ? [{ hash: digest(apiKey), caller: 'api-key' as const }] : []),
    ...[...keys].map(([key, caller]) => ({ hash: digest(key), caller })),
  ];
  const callerOf = (key: string): Caller | undefined => {
    const presented = digest(key);
    let found: Caller | undefined;
    for (const { hash, caller } of known) if (timingSafeEqual(presented, hash)) found = caller;
    return found;
  };
  return (headers) => {
    const { authorization } = headers;
    const key = headers['x-api-key'];
    const bearer = typeof authorization === 'string' ? bearerToken(authorization) : undefined;
    const byBearer = bearer === undefined ? undefined : callerOf(bearer);
    if (byBearer) return { caller: byBearer };
    const byKey = typeof key === 'string' ? callerOf(key) : undefined;
    if (byKey) return { caller: byKey };
    if (authorization !== undefined) return { refusal: 'authorization' };
    return { refusal: key === undefined ? 'missing' : 'x-api-key' };
  };
}

/** The token of `Bearer <token>` (the scheme in any case), or undefined for another scheme. */
function bearerToken(authorization: string): string | undefined {
  const space = authorization.indexOf(' ');
  if (space === -1 || authorization.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  return authorization.slice(space + 1).trim();
}
