import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { killOnExit, stopChild } from './child-processes.js';

/** The emulator's runtime settings (`POST /__emulator/config` takes any part of it). */
export interface EmulatorConfigPatch {
  latencyMs?: number;
  faults?: unknown[];
  mode?: 'healthy' | 'down';
}

/** `GET /__emulator/stats`. */
export interface EmulatorStats {
  received: number;
  answered: number;
  faulted: number;
  inFlight: number;
}

/** A running emulator, driven through its control endpoints (from any process). */
export interface EmulatorControl {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  configure(patch: EmulatorConfigPatch): Promise<void>;
  reset(): Promise<void>;
  stats(): Promise<EmulatorStats>;
}

/** An emulator in a process this one spawned and owns. */
export interface SpawnedEmulator extends EmulatorControl {
  readonly pid: number;
  /** Stops the process (SIGTERM, then SIGKILL after 2 s) and waits for it to exit. */
  close(): Promise<void>;
}

const LISTENING = /Dynaspark emulator listening on (http:\/\/\S+)/;

/** Path of the `dynaspark-emulator` command in the emulators package (it runs the built CLI). */
export function emulatorCliPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@switchboard/emulators/package.json')), 'bin', 'dynaspark-emulator.js');
}

/**
 * Spawns `node .../bin/dynaspark-emulator.js --port 0 --no-record` and resolves once it prints the
 * URL it listens on. The emulator has its own process so its CPU never counts as the client's.
 */
export function spawnEmulator(options: { startTimeoutMs?: number } = {}): Promise<SpawnedEmulator> {
  const child = spawn(process.execPath, [emulatorCliPath(), '--port', '0', '--no-record'], { stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    let settled = false;
    const startTimeoutMs = options.startTimeoutMs ?? 10_000;
    const timer = setTimeout(() => fail(new Error(`the emulator did not start within ${startTimeoutMs} ms; output: ${output}${errors}`)), startTimeoutMs);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`the emulator exited with code ${code} before listening: ${errors || output}`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = LISTENING.exec(output);
      if (!match || settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(controlsFor(child, match[1]!, exited));
    });
  });
}

/** Controls of an emulator another process started (a scenario gets its URL from run-all). */
export function connectEmulator(url: string): EmulatorControl {
  // node:http, not fetch: the control calls must not load fetch's machinery into a process whose
  // memory is being measured.
  const control = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(`${url}/__emulator/${path}`, { method, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`emulator ${method} /__emulator/${path} answered ${res.statusCode}: ${text}`));
          else resolve(JSON.parse(text) as unknown);
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  return {
    url,
    configure: async (patch) => void (await control('POST', 'config', patch)),
    reset: async () => void (await control('POST', 'reset')),
    stats: async () => (await control('GET', 'stats')) as EmulatorStats,
  };
}

function controlsFor(child: ChildProcess, url: string, exited: Promise<void>): SpawnedEmulator {
  return {
    ...connectEmulator(url),
    pid: child.pid!,
    close: () => stopChild(child, exited),
  };
}
