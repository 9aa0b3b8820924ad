import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';

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

/** The settings of a throwaway server on a loopback port: nothing persisted, few logs. */
export function throwawayArgs(port: number): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'];
}

/** Runs `check` every 50 ms until it returns something other than undefined, failing past `timeoutMs` with what it waited for. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms${last instanceof Error ? ` (last: ${last.message})` : ''}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Options of {@link startRedisProcess}. */
export interface RedisProcessOptions {
  /** The `redis-server` binary. */
  binary: string;
  /** The loopback port it listens on (its arguments must say so too). */
  port: number;
  /** Its arguments: a config file and `--sentinel`, or settings (`--port …`). */
  args: readonly string[];
  /** What `url` says (with the password, if any). */
  url: string;
  /** How long to wait for it to accept connections. */
  timeoutMs: number;
}

/**
 * Starts one `redis-server` process (a plain server, a cluster node, a sentinel) and resolves once
 * it answers PING, as a {@link RedisServer} that can be killed, paused, restarted and stopped.
 */
export async function startRedisProcess({ binary, port, args, url, timeoutMs }: RedisProcessOptions): Promise<RedisServer> {
  let child: ChildProcess | undefined;
  const start = async () => {
    child = await spawnReady(binary, args, port, timeoutMs);
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
    url,
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
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
