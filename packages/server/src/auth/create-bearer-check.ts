import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * A check of `Authorization: Bearer <token>` against the gateway's key. Both sides are hashed
 * before the constant-time comparison, so neither the key's content nor its length shows in how
 * long a wrong guess takes (`timingSafeEqual` alone needs equal lengths and would leak that).
 */
export function createBearerCheck(apiKey: string): (authorization: string | undefined) => boolean {
  const expected = digest(apiKey);
  return (authorization) => {
    if (typeof authorization !== 'string') return false;
    const space = authorization.indexOf(' ');
    if (space === -1 || authorization.slice(0, space).toLowerCase() !== 'bearer') return false;
    return timingSafeEqual(digest(authorization.slice(space + 1).trim()), expected);
  };
}
