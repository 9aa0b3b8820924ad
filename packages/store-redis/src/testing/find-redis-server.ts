import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** How to get `redis-server` on the machines Switchboard is developed and tested on. */
export const INSTALL_REDIS_SERVER = 'apt-get install -y redis-server (Debian, Ubuntu), brew install redis (macOS), or set REDIS_SERVER to its path';

/** How to get `redis-cli` (Debian's redis-server package brings it, in redis-tools). */
export const INSTALL_REDIS_CLI =
  'apt-get install -y redis-tools (Debian, Ubuntu; redis-server brings it), brew install redis (macOS), or set REDIS_CLI to its path';

/** The `redis-server` to start: `$REDIS_SERVER`, else the first on the PATH; undefined when there is none. */
export function findRedisServer(env: Env = process.env): string | undefined {
  return firstExecutable(env['REDIS_SERVER'] ? [env['REDIS_SERVER']] : onPath('redis-server', env));
}

/**
 * The `redis-cli` that creates a cluster: `$REDIS_CLI`, else the one beside the `redis-server`
 * found, else the first on the PATH; undefined when there is none.
 */
export function findRedisCli(env: Env = process.env): string | undefined {
  if (env['REDIS_CLI']) return firstExecutable([env['REDIS_CLI']]);
  const server = findRedisServer(env);
  return firstExecutable([...(server ? [join(dirname(server), 'redis-cli')] : []), ...onPath('redis-cli', env)]);
}

/** The `redis-server` to start, or an error saying how to install it. */
export function requireRedisServer(env: Env = process.env): string {
  const binary = findRedisServer(env);
  if (!binary) throw new Error(`redis-server is not installed: ${INSTALL_REDIS_SERVER}.`);
  return binary;
}

/** The `redis-cli` to run, or an error saying how to install it. */
export function requireRedisCli(env: Env = process.env): string {
  const binary = findRedisCli(env);
  if (!binary) throw new Error(`redis-cli is not installed: ${INSTALL_REDIS_CLI}.`);
  return binary;
}

/**
 * Whether tests that need a real `redis-server` can run. Without one they are skipped, and one line
 * says how to install it; under `CI` a missing server is an error instead (CI installs it, so its
 * absence is a broken machine, not a reason to pass).
 */
export function canStartRedisServer(env: Env = process.env): boolean {
  return canRun('the Redis tests', [['redis-server', findRedisServer(env), INSTALL_REDIS_SERVER]], env);
}

/** Whether tests that need a Redis Cluster (`redis-server` and `redis-cli`) can run: as {@link canStartRedisServer}. */
export function canStartRedisCluster(env: Env = process.env): boolean {
  return canRun(
    'the Redis Cluster tests',
    [
      ['redis-server', findRedisServer(env), INSTALL_REDIS_SERVER],
      ['redis-cli', findRedisCli(env), INSTALL_REDIS_CLI],
    ],
    env,
  );
}

function canRun(tests: string, needs: readonly [name: string, path: string | undefined, install: string][], env: Env): boolean {
  const missing = needs.find(([, path]) => path === undefined);
  if (!missing) return true;
  const [name, , install] = missing;
  const ci = env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false';
  if (ci) throw new Error(`${name} is not installed, and CI must run ${tests}: ${install}.`);
  process.stderr.write(`Skipping ${tests}: ${name} is not installed (${install}).\n`);
  return false;
}

function onPath(name: string, env: Env): string[] {
  return (env['PATH'] ?? '').split(delimiter).map((folder) => join(folder, name));
}

function firstExecutable(candidates: readonly string[]): string | undefined {
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
