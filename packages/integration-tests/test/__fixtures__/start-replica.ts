import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The built CLI, as `npx switchboard` runs it. */
const SWITCHBOARD = join(dirname(createRequire(import.meta.url).resolve('@switchboard/cli/package.json')), 'bin', 'switchboard.js');

/** One `switchboard serve` process of a fleet. */
export interface Replica {
  /** Its base URL (`http://127.0.0.1:<port>`). */
  url: string;
  /** Everything it printed on stderr so far. */
  stderr(): string;
  /** True until it exits. */
  running(): boolean;
  /** SIGTERM, then its exit code (and removes its directory). */
  stop(): Promise<number | null>;
}

/**
 * Starts `switchboard serve --port 0` in a directory of its own holding `config` as
 * `switchboard.config.json`, with only PATH and `env` in its environment; resolves once it says
 * where it listens.
 */
export async function startReplica(config: unknown, env: Record<string, string> = {}): Promise<Replica> {
  const directory = mkdtempSync(join(tmpdir(), 'switchboard-replica-'));
  writeFileSync(join(directory, 'switchboard.config.json'), JSON.stringify(config));
  const child: ChildProcess = spawn(process.execPath, [SWITCHBOARD, 'serve', '--port', '0'], {
    cwd: directory,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`switchboard serve exited (${code}) before listening: ${stderr}`)));
  });
  let running = true;
  void exited.then(() => (running = false));
  return {
    url,
    stderr: () => stderr,
    running: () => running,
    async stop() {
      if (running) child.kill('SIGTERM');
      const code = await exited;
      rmSync(directory, { recursive: true, force: true });
      return code;
    },
  };
}

/** POSTs a chat completion to a replica, with `headers` (a key), and returns the response. */
export function chat(replica: Replica, model: string, headers: Record<string, string> = {}, stream = false): Promise<Response> {
  return fetch(`${replica.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello fleet' }], stream }),
  });
}

/** Waits until `check` holds, polling every 20 ms; fails after `ms`. Resolves with how long it took. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not true within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}
