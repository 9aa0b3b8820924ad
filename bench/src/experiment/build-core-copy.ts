import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** bench/ */
const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Builds a copy of packages/core/src with bench/experiments/core/src laid over it, in
 * bench/dist/core-experiment/. Proposed changes to core are measured on this copy, never by
 * editing core itself. Returns the URL of the copy's entry module.
 */
export function buildCoreCopy(): string {
  const require = createRequire(import.meta.url);
  const coreDir = dirname(require.resolve('@switchboard/core/package.json'));
  const target = join(BENCH_DIR, 'dist', 'core-experiment');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(join(coreDir, 'src'), join(target, 'src'), { recursive: true });
  cpSync(join(coreDir, 'package.json'), join(target, 'package.json'));
  const overlay = join(BENCH_DIR, 'experiments', 'core', 'src');
  if (existsSync(overlay)) cpSync(overlay, join(target, 'src'), { recursive: true, filter: (source) => !source.endsWith('.gitkeep') });
  // The same dependencies as core (one tsyringe, one undici in the process): link core's.
  symlinkSync(join(coreDir, 'node_modules'), join(target, 'node_modules'), 'dir');
  writeFileSync(
    join(target, 'tsconfig.json'),
    JSON.stringify({
      extends: join(BENCH_DIR, '..', 'tsconfig.base.json'),
      compilerOptions: { rootDir: 'src', outDir: 'dist', declaration: false, declarationMap: false, sourceMap: false, types: ['node'] },
      include: ['src'],
      exclude: ['src/**/*.test.ts', 'src/**/__fixtures__/**'],
    }),
  );
  const tsc = createRequire(join(BENCH_DIR, '..', 'package.json')).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(target, 'tsconfig.json')], { stdio: 'inherit' });
  const entry = join(target, 'dist', 'entries', 'index.js');
  if (!existsSync(entry)) throw new Error(`building the core copy produced no ${entry}`);
  return pathToFileURL(entry).href;
}
