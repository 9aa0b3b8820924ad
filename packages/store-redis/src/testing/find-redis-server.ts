import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** How to get `redis-server` on the machines Switchboard is developed and tested on. */
export const INSTALL_REDIS_SERVER = 'apt-get install -y redis-server (Debian, Ubuntu), brew install redis (macOS), or set REDIS_SERVER to its path';

/** The `redis-server` to start: `$REDIS_SERVER`, else the first on the PATH; undefined when there is none. */
export function findRedisServer(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const candidates = env['REDIS_SERVER'] ? [env['REDIS_SERVER']] : (env['PATH'] ?? '').split(delimiter).map((folder) => join(folder, 'redis-server'));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Whether tests that need a real `redis-server` can run. Without one they are skipped, and one line
 * says how to install it; under `CI` a missing server is an error instead (CI installs it, so its
 * absence is a broken machine, not a reason to pass).
 */
export function canStartRedisServer(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  if (findRedisServer(env)) return true;
  const ci = env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false';
  if (ci) throw new Error(`redis-server is not installed, and CI must run the Redis tests: ${INSTALL_REDIS_SERVER}.`);
  process.stderr.write(`Skipping the Redis tests: redis-server is not installed (${INSTALL_REDIS_SERVER}).\n`);
  return false;
}
