import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, run the way `npx switchboard` runs it. */
export const SWITCHBOARD = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'switchboard.js');

/** What a finished run printed and exited with. */
export interface SwitchboardRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runSwitchboard}. */
export interface RunSwitchboardOptions {
  /** Piped to stdin, then closed. @default nothing (stdin closed at once) */
  stdin?: string;
  /** Added to a minimal environment (PATH only): nothing of the test runner's leaks in. */
  env?: Record<string, string>;
  /** @default a fresh empty temporary directory */
  cwd?: string;
  /** Flags for node itself, before the script. @default none */
  nodeArgs?: readonly string[];
}

/** A fresh empty directory, removed by the returned function. */
export function emptyDirectory(files: Record<string, string | Uint8Array> = {}): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(path, name), content);
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Spawns `node bin/switchboard.js ...args` with pipes (no TTY) and waits for it to exit. */
export async function runSwitchboard(args: readonly string[], options: RunSwitchboardOptions = {}): Promise<SwitchboardRun> {
  const directory = options.cwd === undefined ? emptyDirectory() : undefined;
  try {
    const child = startSwitchboard(args, { ...options, cwd: options.cwd ?? directory!.path });
    child.stdin!.end(options.stdin ?? '');
    return await finished(child);
  } finally {
    directory?.remove();
  }
}

/** Spawns the CLI and returns the process (for `serve`, which runs until a signal). */
export function startSwitchboard(
  args: readonly string[],
  { env = {}, cwd, nodeArgs = [] }: Omit<RunSwitchboardOptions, 'stdin'> & { cwd: string },
): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, SWITCHBOARD, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcess): Promise<SwitchboardRun> {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Where an escape sequence (colour, cursor move) starts: piped output must have none. */
export const ESCAPE = '\u001b[';
