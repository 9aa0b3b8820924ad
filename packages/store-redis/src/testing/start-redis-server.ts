import { requireRedisServer } from './find-redis-server.js';
import { freePort, type RedisServer, startRedisProcess, throwawayArgs } from './redis-process.js';

/** Options of {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /** Require this password (`requirepass`). */
  password?: string;
  /** How long to wait for it to accept connections. @default 10_000 */
  timeoutMs?: number;
}

/**
 * Starts `redis-server` on a free loopback port with nothing persisted (`--save "" --appendonly no`),
 * resolving once it accepts connections. Stop it with `stop()` (tests: in `afterAll`).
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisServer> {
  const binary = requireRedisServer();
  const port = await freePort();
  const args = throwawayArgs(port);
  if (options.password) args.push('--requirepass', options.password);
  return startRedisProcess({
    binary,
    port,
    args,
    url: `redis://${options.password ? `:${encodeURIComponent(options.password)}@` : ''}127.0.0.1:${port}`,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
}
