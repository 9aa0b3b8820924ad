import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { requireEmulator, type BenchEnv } from './bench-env.js';
import { median, spread } from './stats.js';

/** One command's wall time over the runs, whole process from spawn to exit. */
export interface CliCommandTiming {
  /** What was run, as a user would type it. */
  command: string;
  medianMs: number;
  rangeMs: { min: number; max: number };
  /** The median over bare `node -e 0`'s median. */
  overBareNode: number;
}

export interface CliStartupResult {
  runs: number;
  /** `node -e 0`: Node's own start and exit, the floor of any command. */
  bareNodeMs: number;
  commands: CliCommandTiming[];
}

/**
 * The commands measured; `chat` talks to the scenario's Dynaspark emulator, the others need no
 * network. `models --json` runs in a folder holding the configuration file of the CLI's README
 * (three provider instances, aliases, routing, resilience, health and server settings).
 */
const COMMANDS: readonly { command: string; args: readonly string[]; withConfig?: boolean }[] = [
  { command: 'switchboard --version', args: ['--version'] },
  { command: 'switchboard models', args: ['models'] },
  { command: "switchboard models --json (the README's config file)", args: ['models', '--json'], withConfig: true },
  { command: 'switchboard chat -m gemini-2.0-flash Hello', args: ['chat', '-m', 'gemini-2.0-flash', 'Hello'] },
];

/** The configuration file the CLI's README shows, read from the README itself so the two cannot drift apart. */
function readmeConfig(): string {
  const readme = readFileSync(join(dirname(require.resolve('@switchboard/cli/package.json')), 'README.md'), 'utf8');
  const match = /```json\n(\{\n {2}"\$schema"[\s\S]*?)```/.exec(readme);
  if (!match) throw new Error("the CLI's README has no configuration example (a ```json block starting with $schema)");
  return match[1]!;
}

const require = createRequire(import.meta.url);

/** Path of the built `switchboard` command (the committed shim that imports dist/). */
function switchboardPath(): string {
  return join(dirname(require.resolve('@switchboard/cli/package.json')), 'bin', 'switchboard.js');
}

/**
 * How long `switchboard` takes as a whole process, as a shell runs it, against a bare `node -e 0`
 * measured the same way. Runs in an empty directory (no config file: the CLI's own plugins,
 * Dynaspark pointed at the emulator); one unmeasured round warms the file cache, then rounds
 * interleave the commands so machine noise spreads evenly.
 */
export async function runCliStartup(env: BenchEnv): Promise<CliStartupResult> {
  const emulator = requireEmulator(env);
  const runs = env.quick ? 3 : 11;
  const cli = switchboardPath();
  const cwd = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const configured = join(cwd, 'configured');
  mkdirSync(configured);
  writeFileSync(join(configured, 'switchboard.config.json'), readmeConfig());
  // The variables the README's file names (their values are never used: nothing is sent).
  const childEnv = { PATH: process.env['PATH'] ?? '', DYNASPARK_BASE_URL: emulator.url, GROQ_API_KEY: 'gsk_bench', SWITCHBOARD_API_KEY: 'sk-bench' };
  const time = (args: readonly string[], folder = cwd) => timeProcess(args, { cwd: folder, env: childEnv });
  try {
    const bare: number[] = [];
    const samples = COMMANDS.map(() => [] as number[]);
    for (let round = -1; round < runs; round++) {
      const bareMs = await time(['-e', '0']);
      const commandMs: number[] = [];
      for (const { args, withConfig } of COMMANDS) commandMs.push(await time([cli, ...args], withConfig ? configured : cwd));
      if (round < 0) continue;
      bare.push(bareMs);
      for (const [index, ms] of commandMs.entries()) samples[index]!.push(ms);
    }
    const bareNodeMs = median(bare);
    return {
      runs,
      bareNodeMs,
      commands: COMMANDS.map(({ command }, index) => ({
        command,
        medianMs: median(samples[index]!),
        rangeMs: spread(samples[index]!),
        overBareNode: median(samples[index]!) / bareNodeMs,
      })),
    };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** Wall time of `node ...args` from spawn to exit; a non-zero exit fails the scenario. */
function timeProcess(args: readonly string[], options: { cwd: string; env: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
    });
  });
}
