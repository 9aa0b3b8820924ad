import type { Cluster, Redis } from 'ioredis';

/** Oldest Redis the scripts run on (ZRANGE by index WITHSCORES, PUBLISH from scripts, cjson). */
const OLDEST = [5, 0] as const;

/**
 * What answers is Redis (or Valkey, which reports its own name and the Redis version it matches),
 * recent enough for the scripts: returns `redis 7.0.15` or `valkey 8.0.1`. Throws an error with a
 * `code` the connection diagnosis reads otherwise.
 */
export async function checkServer(client: Redis | Cluster): Promise<string> {
  const info = await client.info('server');
  const field = (name: string) => new RegExp(`^${name}:(.+)$`, 'm').exec(info)?.[1]?.trim();
  const redisVersion = field('redis_version');
  if (!redisVersion) {
    throw Object.assign(new Error('it answers, but INFO says nothing of a Redis version: it is not Redis (nor Valkey).'), { code: 'SWITCHBOARD_NOT_REDIS' });
  }
  const [major = 0, minor = 0] = redisVersion.split('.').map(Number);
  if (major < OLDEST[0] || (major === OLDEST[0] && minor < OLDEST[1])) {
    throw Object.assign(new Error(`it runs Redis ${redisVersion}; the store needs Redis ${OLDEST.join('.')} or later (or Valkey).`), {
      code: 'SWITCHBOARD_UNSUPPORTED',
    });
  }
  const valkey = field('valkey_version');
  return valkey ? `valkey ${valkey}` : `redis ${redisVersion}`;
}
