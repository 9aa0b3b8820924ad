import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchEnv } from './bench-env.js';
import { median, spread } from './stats.js';

export interface ColdStartResult {
  runs: number;
  /** From just before the first import to when both modules are evaluated: the target's figure. */
  importMs: number;
  importRangeMs: { min: number; max: number };
  /** From process start (`performance.timeOrigin`) to the same point: Node's own start-up included. */
  sinceProcessStartMs: number;
  /** A bare `node -e` to the same point, for scale: Node's start-up without any import. */
  bareNodeMs: number;
}

// Runs in the child: `performance.now()` counts from the process's time origin.
const IMPORT_SCRIPT = `
const before = performance.now();
await import('@switchboard/core');
await import('@switchboard/provider-dynaspark');
const after = performance.now();
process.stdout.write(JSON.stringify({ importMs: after - before, sinceProcessStartMs: after }));
`;
const BARE_SCRIPT = `process.stdout.write(JSON.stringify({ importMs: 0, sinceProcessStartMs: performance.now() }));`;

/** The bench package: bare specifiers in `node -e` resolve from the working directory. */
const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Time to import core and the Dynaspark plugin in a fresh `node` process, measured inside it.
 * One run first warms the file cache (not counted), then the median of the measured runs.
 */
export async function runColdStart(env: BenchEnv): Promise<ColdStartResult> {
  const runs = env.quick ? 3 : 11;
  await spawnMeasure(IMPORT_SCRIPT);
  const imports: { importMs: number; sinceProcessStartMs: number }[] = [];
  const bare: number[] = [];
  for (let run = 0; run < runs; run++) {
    imports.push(await spawnMeasure(IMPORT_SCRIPT));
    bare.push((await spawnMeasure(BARE_SCRIPT)).sinceProcessStartMs);
  }
  const importTimes = imports.map((run) => run.importMs);
  return {
    runs,
    importMs: median(importTimes),
    importRangeMs: spread(importTimes),
    sinceProcessStartMs: median(imports.map((run) => run.sinceProcessStartMs)),
    bareNodeMs: median(bare),
  };
}

function spawnMeasure(script: string): Promise<{ importMs: number; sinceProcessStartMs: number }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: BENCH_DIR, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`cold-start child failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as { importMs: number; sinceProcessStartMs: number });
    });
  });
}
