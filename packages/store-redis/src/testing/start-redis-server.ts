import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { findRedisServer, INSTALL_REDIS_SERVER } from './find-redis-server.js';

/** A throwaway `redis-server` on loopback, for tests. */
export interface RedisServer {
  /** `redis://[:password@]127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The process id while it runs (to read its CPU time, for instance). */
  readonly pid: number | undefined;
  /** True while the process runs. */
  readonly running: boolean;
  /** Kills the process (SIGKILL by default: Redis gone at once, as in a crash). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open, nothing answers, until `resume()` (SIGCONT). */
  pause(): Promise<{ resume(): Promise<void> }>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  /** Stops it for good. Idempotent. */
  stop(): Promise<void>;
}

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
  const binary = findRedisServer();
  if (!binary) throw new Error(`redis-server is not installed: ${INSTALL_REDIS_SERVER}.`);
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'];
  if (options.password) args.push('--requirepass', options.password);
  let child: ChildProcess | undefined;
  const start = async () => {
    child = await spawnReady(binary, args, port, options.timeoutMs ?? 10_000);
  };
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill(signal);
    await exited;
  };
  await start();
  return {
    url: `redis://${options.password ? `:${encodeURIComponent(options.password)}@` : ''}127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid;
    },
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    kill,
    pause: async () => {
      const paused = child;
      paused?.kill('SIGSTOP');
      return { resume: async () => void paused?.kill('SIGCONT') };
    },
    restart: async () => {
      await kill();
      await start();
    },
    stop: () => kill('SIGTERM'),
  };
}

async function spawnReady(binary: string, args: readonly string[], port: number, timeoutMs: number): Promise<ChildProcess> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}) at start: ${output.trim()}`);
    if (await accepts(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not accept connections on port ${port} within ${timeoutMs} ms: ${output.trim()}`);
}

/** Whether something answers PING there (raw RESP, so a test can wait without a client). */
async function accepts(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // +PONG, or -NOAUTH when a password is set: either way, Redis is up.
    socket.once('data', (data) => done(data[0] === 0x2b || data[0] === 0x2d));
  });
}

/** A port nothing listens on now (the kernel's pick for port 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
