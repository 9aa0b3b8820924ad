import { spawn } from 'node:child_process';
import { killOnExit, stopChild } from './child-processes.js';

/** A server in a process this one started and owns. */
export interface SpawnedServer {
  readonly pid: number;
  /** The base URL it serves. */
  readonly url: string;
  /** SIGTERM, then SIGKILL after 2 s; resolves once it exited. */
  close(): Promise<void>;
}

/** Options of {@link spawnServer}. */
export interface SpawnServerOptions {
  /** The Node script and its arguments. */
  args: readonly string[];
  /** The line it prints once listening; the first capture group is its URL. Or a fixed URL to poll instead. */
  ready: RegExp | { pollUrl: string; url: string };
  env?: Readonly<Record<string, string>>;
  /** @default 20_000 */
  startTimeoutMs?: number;
}

/**
 * Starts `node <args>` and resolves once the server inside is ready: it printed its URL, or a
 * GET of `pollUrl` answered. Killed when this process exits, however it exits.
 */
export function spawnServer({ args, ready, env, startTimeoutMs = 20_000 }: SpawnServerOptions): Promise<SpawnedServer> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  killOnExit(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server = (url: string): SpawnedServer => ({
    pid: child.pid!,
    url,
    close: () => stopChild(child, exited),
  });
  return new Promise((resolve, reject) => {
    let output = '';
    let settled = false;
    const finish = (error: Error | undefined, url?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolve(server(url!));
    };
    const timer = setTimeout(() => finish(new Error(`${args[0]} did not start within ${startTimeoutMs} ms; output: ${output.slice(-2000)}`)), startTimeoutMs);
    child.once('error', (error) => finish(error));
    child.once('exit', (code) => finish(new Error(`${args[0]} exited with code ${code} before it was ready: ${output.slice(-2000)}`)));
    const collect = (chunk: string) => {
      output += chunk;
      if (ready instanceof RegExp) {
        const match = ready.exec(output);
        if (match) finish(undefined, match[1]);
      }
    };
    child.stdout!.setEncoding('utf8').on('data', collect);
    child.stderr!.setEncoding('utf8').on('data', collect);
    if (!(ready instanceof RegExp)) {
      const poll = () => {
        if (settled) return;
        fetch(ready.pollUrl).then(
          () => finish(undefined, ready.url),
          () => setTimeout(poll, 100),
        );
      };
      poll();
    }
  });
}
