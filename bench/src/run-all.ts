// `pnpm bench`: every scenario in its own process, each with a fresh emulator process. The report
// goes to bench/results/latest.md and the raw figures to bench/results/latest.json (both
// untracked); `pnpm bench --update` (a full run) also rewrites BENCHMARKS.md at the repository root.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { killAllChildren } from './child-processes.js';
import { machineInfo } from './machine-info.js';
import { runScenarioProcess } from './run-scenario-process.js';
import { SCENARIOS, type ScenarioName, type ScenarioResults } from './scenarios.js';
import { spawnEmulator, type SpawnedEmulator } from './spawn-emulator.js';
import { renderReport, type BenchReport } from './write-report.js';

const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT_PATH = join(BENCH_DIR, '..', 'BENCHMARKS.md');
const RESULTS_PATH = join(BENCH_DIR, 'results', 'latest.json');
const LATEST_REPORT_PATH = join(BENCH_DIR, 'results', 'latest.md');

const args = process.argv.slice(2);
const update = args.includes('--update') || process.env['BENCH_UPDATE'] === '1';
const quick = args.includes('--quick') || process.env['BENCH_QUICK'] === '1';
// The scenario processes read it from their environment.
if (quick) process.env['BENCH_QUICK'] = '1';
const only = args.filter((arg) => arg !== '--update' && arg !== '--quick');
const unknown = only.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
if (unknown.length > 0) {
  process.stderr.write(
    `Unknown scenario ${unknown.join(', ')}; the scenarios are ${SCENARIOS.map((scenario) => scenario.name).join(', ')} (flags: --quick, --update).\n`,
  );
  process.exit(2);
}
const selected = only.length > 0 ? SCENARIOS.filter((scenario) => only.includes(scenario.name)) : SCENARIOS;
const started = performance.now();
// Taken now, so the date is when the run started.
const machine = machineInfo();
const results: Partial<ScenarioResults> = {};
const errors: Partial<Record<ScenarioName, string>> = {};

try {
  for (const scenario of selected) {
    const scenarioStart = performance.now();
    process.stdout.write(`${scenario.name} ... `);
    let emulator: SpawnedEmulator | undefined;
    try {
      if (scenario.needsEmulator) emulator = await spawnEmulator();
      (results as Record<string, unknown>)[scenario.name] = await runScenarioProcess(scenario, { emulatorUrl: emulator?.url });
      process.stdout.write(`done in ${((performance.now() - scenarioStart) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      errors[scenario.name] = error instanceof Error ? error.message : String(error);
      process.stdout.write(`FAILED: ${errors[scenario.name]}\n`);
    } finally {
      await emulator?.close();
    }
  }
  const report: BenchReport = {
    command: update ? 'pnpm bench --update' : 'pnpm bench',
    machine,
    quick,
    durationSeconds: (performance.now() - started) / 1000,
    results,
    errors,
  };
  mkdirSync(dirname(RESULTS_PATH), { recursive: true });
  writeFileSync(RESULTS_PATH, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(LATEST_REPORT_PATH, renderReport(report));
  const written = [LATEST_REPORT_PATH, RESULTS_PATH];
  if (update && only.length === 0 && !quick) {
    writeFileSync(REPORT_PATH, renderReport(report));
    written.unshift(REPORT_PATH);
  } else if (update) {
    process.stdout.write('\nBENCHMARKS.md is rewritten only by a full run without BENCH_QUICK; left as it was.\n');
  }
  process.stdout.write(`\nWrote ${written.join(', ')} (${report.durationSeconds.toFixed(0)} s).\n`);
  process.stdout.write(renderReport(report, { summaryOnly: true }));
  if (Object.keys(errors).length > 0) process.exitCode = 1;
} finally {
  killAllChildren();
}
