// `pnpm --filter @switchboard/bench experiment`: the proposed core changes in
// bench/experiments/core/src, measured against core as it is, in alternating processes.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { killAllChildren } from '../child-processes.js';
import type { FallbackResult } from '../fallback.js';
import type { MemoryResult } from '../memory.js';
import type { OverheadResult } from '../overhead.js';
import { runScenarioProcess } from '../run-scenario-process.js';
import { SCENARIOS, type ScenarioName } from '../scenarios.js';
import { spawnEmulator } from '../spawn-emulator.js';
import { median } from '../stats.js';
import type { ThroughputResult } from '../throughput.js';
import { buildCoreCopy } from './build-core-copy.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS_PATH = join(HERE, '..', '..', 'results', 'experiment.json');
const ROUNDS = Number(process.env['EXPERIMENT_ROUNDS'] ?? 2);
const scenarioNames = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['overhead', 'throughput', 'fallback', 'memory']) as ScenarioName[];

interface Variant {
  name: 'core' | 'proposed';
  execArgv: string[];
  env: Record<string, string>;
  coreUrl: string;
}

try {
  const proposedUrl = buildCoreCopy();
  const realUrl = pathToFileURL(createRequire(import.meta.url).resolve('@switchboard/core')).href;
  const variants: Variant[] = [
    { name: 'core', execArgv: [], env: {}, coreUrl: realUrl },
    {
      name: 'proposed',
      execArgv: ['--import', pathToFileURL(join(HERE, 'use-core-copy.js')).href],
      env: { SWITCHBOARD_CORE_URL: proposedUrl },
      coreUrl: proposedUrl,
    },
  ];
  const results: Record<string, Record<string, unknown[]>> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
      for (const name of scenarioNames) {
        const scenario = SCENARIOS.find((each) => each.name === name)!;
        const emulator = scenario.needsEmulator ? await spawnEmulator() : undefined;
        try {
          process.stdout.write(`round ${round + 1}: ${variant.name} ${name} ... `);
          const result = await runScenarioProcess(scenario, { emulatorUrl: emulator?.url, execArgv: variant.execArgv, env: variant.env });
          ((results[variant.name] ??= {})[name] ??= []).push(result);
          process.stdout.write('done\n');
        } finally {
          await emulator?.close();
        }
      }
    }
  }
  const coldImport: Record<string, number> = {};
  for (const variant of variants) coldImport[variant.name] = await coldImportMs(variant.coreUrl);
  mkdirSync(dirname(RESULTS_PATH), { recursive: true });
  writeFileSync(RESULTS_PATH, `${JSON.stringify({ rounds: ROUNDS, results, coldImport }, null, 2)}\n`);
  process.stdout.write(`\n${summarize(results, coldImport)}\nRaw: ${RESULTS_PATH}\n`);
} finally {
  killAllChildren();
}

/** Median of 11 fresh processes importing core alone from `url` (after one to warm the file cache). */
async function coldImportMs(url: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(url)}); process.stdout.write(String(performance.now() - t));`;
  const once = () =>
    new Promise<number>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], (error, stdout) => (error ? reject(error) : resolve(Number(stdout)))),
    );
  await once();
  const times: number[] = [];
  for (let run = 0; run < 11; run++) times.push(await once());
  return median(times);
}

function summarize(results: Record<string, Record<string, unknown[]>>, coldImport: Record<string, number>): string {
  const lines = ['| Figure | core now | proposed |', '| --- | --- | --- |'];
  const row = (label: string, pick: (name: string) => number, format: (value: number) => string) =>
    lines.push(`| ${label} | ${format(pick('core'))} | ${format(pick('proposed'))} |`);
  const all = <T>(variant: string, scenario: string) => (results[variant]?.[scenario] ?? []) as T[];
  const us = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} µs` : '-');
  const pct = (value: number) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%` : '-');
  const x = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '-');
  const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : '-');
  for (const concurrency of [1, 16]) {
    const overhead = (variant: string) => all<OverheadResult>(variant, 'overhead').map((each) => each.rows.find((r) => r.concurrency === concurrency)!);
    row(`transport alone, client CPU/req (c=${concurrency})`, (v) => median(overhead(v).map((r) => r.transportMicros)), us);
    row(`generate(), client CPU/req (c=${concurrency})`, (v) => median(overhead(v).map((r) => r.generateMicros)), us);
    row(`overhead generate() over transport (c=${concurrency})`, (v) => median(overhead(v).map((r) => r.overhead)), pct);
  }
  for (const [numerator, denominator] of [
    ['switchboard-generate', 'ky'],
    ['switchboard-generate', 'fetch'],
    ['switchboard-generate', 'undici-request'],
    ['switchboard-stream', 'undici-request'],
  ] as const) {
    row(
      `req/s ${numerator.replace('switchboard-', '')}() / ${denominator} (c=16)`,
      (v) =>
        median(
          all<ThroughputResult>(v, 'throughput').map(
            (t) => t.ratios.find((r) => r.concurrency === 16 && r.numerator === numerator && r.denominator === denominator)!.ratio,
          ),
        ),
      x,
    );
  }
  row(
    'req/s generate() (c=16)',
    (v) =>
      median(
        all<ThroughputResult>(v, 'throughput').map((t) => t.cells.find((c) => c.concurrency === 16 && c.client === 'switchboard-generate')!.requestsPerSecond),
      ),
    (n) => (Number.isFinite(n) ? n.toFixed(0) : '-'),
  );
  for (let index = 0; index < 3; index++) {
    const label = all<FallbackResult>('core', 'fallback')[0]?.timings[index]?.setting ?? `fallback ${index}`;
    row(`fallback median: ${label}`, (v) => median(all<FallbackResult>(v, 'fallback').map((f) => f.timings[index]!.medianMs)), ms);
  }
  row('fallback: direct median', (v) => median(all<FallbackResult>(v, 'fallback').map((f) => f.direct.medianMs)), ms);
  const mb = (value: number) => (Number.isFinite(value) ? `${((value * 2 ** 20) / 1e6).toFixed(0)} MB` : '-');
  row('1,000 in flight: peak RSS, generate()', (v) => median(all<MemoryResult>(v, 'memory').map((m) => m.peakRssMiB)), mb);
  row('1,000 in flight: RSS rise, generate()', (v) => median(all<MemoryResult>(v, 'memory').map((m) => m.peakRssMiB - m.baselineRssMiB)), mb);
  row('1,000 in flight: RSS rise, undici.request alone', (v) => median(all<MemoryResult>(v, 'memory-undici').map((m) => m.peakRssMiB - m.baselineRssMiB)), mb);
  row('cold import of core alone', (v) => coldImport[v] ?? Number.NaN, ms);
  return lines.join('\n');
}
