import type { BenchClientId } from './bench-clients.js';
import { gatewayTargets } from './gateway-targets.js';
import { sharedStoreTargets } from './shared-store-report.js';
import type { ScenarioResults } from './scenarios.js';
import type { ThroughputResult } from './throughput.js';

/** One goal of the benchmark, checked against one run. */
export interface TargetRow {
  target: string;
  measured: string;
  limit: string;
  /** `n/a` when the scenario did not run (its error is in the report). */
  result: 'PASS' | 'MISS' | 'n/a';
  /** Why it missed, in plain words (empty for a pass). */
  reason: string;
}

const MB = 1e6;

/** Every target of the issue, PASS or MISS, with the reason for each miss. */
export function evaluateTargets(results: Partial<ScenarioResults>): TargetRow[] {
  const rows: TargetRow[] = [];
  const add = (row: Omit<TargetRow, 'result' | 'reason'>, pass: boolean | undefined, reason: () => string) =>
    rows.push({ ...row, result: pass === undefined ? 'n/a' : pass ? 'PASS' : 'MISS', reason: pass === false ? reason() : '' });
  const { throughput, overhead, fallback, memory } = results;
  const scale = results['registry-scale'];
  const cold = results['cold-start'];

  for (const row of overhead?.rows ?? [{ concurrency: 16, overhead: Number.NaN, transportMicros: Number.NaN, generateMicros: Number.NaN }]) {
    add(
      {
        target: `Framework overhead: generate() CPU per request over core's transport alone (concurrency ${row.concurrency})`,
        measured: overhead ? signedPercent(row.overhead) : '-',
        limit: '≤ +5%',
      },
      overhead ? row.overhead <= 0.05 : undefined,
      () =>
        `generate() costs ${micros(row.generateMicros - row.transportMicros)} more client CPU per request than the transport call (${micros(row.transportMicros)}). ` +
        'That is everything around the request: preparing the call and its candidates, the call scope and the attempt (its timer and cancellation), ' +
        "the circuit breaker, the provider's async generator and the promises that read it, health bookkeeping, and the provider building the form and parsing the answer.",
    );
  }

  const noopTracer = results.telemetry?.rows.find((row) => row.mode === 'noop-tracer');
  add(
    {
      target: "OpenTelemetry registered but recording nothing (the API's no-op tracer): generate() CPU per call over no SDK",
      measured: noopTracer ? signedPercent(noopTracer.overhead) : '-',
      limit: '≤ +5% (noise)',
    },
    noopTracer ? noopTracer.overhead <= 0.05 : undefined,
    () =>
      `with a tracer that records nothing, each call still starts one span it throws away and asks it whether it records (${micros(noopTracer!.cpuMicros)} per call); ` +
      'nothing else of telemetry runs (no attempt spans, no metrics without a meter).',
  );

  for (const row of overhead?.rows ?? [{ concurrency: 1, overNodeHttp: Number.NaN, nodeHttpMicros: Number.NaN, generateMicros: Number.NaN }]) {
    add(
      {
        target: `Library: generate() CPU per call vs a raw node:http client sending the same bytes (concurrency ${row.concurrency})`,
        measured: overhead ? `${micros(row.generateMicros)} vs ${micros(row.nodeHttpMicros)} (${times(row.overNodeHttp)})` : '-',
        limit: '≤ 1.3×',
      },
      overhead ? row.overNodeHttp <= 1.3 : undefined,
      () =>
        `generate() costs ${micros(row.generateMicros - row.nodeHttpMicros)} more client CPU per call than the raw client: the registry's call (options checked, candidates, the attempt with its timer and cancellation, the circuit, health), the provider building the form and parsing the answer, and the promises between them.`,
    );
  }

  const generate16 = (denominator: BenchClientId) => ratioOf(throughput, 16, 'switchboard-generate', denominator);
  const transportReason = () => {
    const cells = throughput!.cells.filter((cell) => cell.concurrency === 16);
    const cpu = (id: BenchClientId) => cells.find((cell) => cell.client === id)?.cpuMicrosPerRequest ?? Number.NaN;
    return (
      `client CPU per request at concurrency 16: undici.request ${micros(cpu('undici-request'))}, core's transport alone ${micros(cpu('core-transport'))}, ` +
      `generate() ${micros(cpu('switchboard-generate'))}. On two shared cores the client's CPU per request sets its req/s, so the framework's layers ` +
      `(see the overhead rows) are what separates generate() from the bare clients.`
    );
  };
  add(
    { target: 'Throughput at concurrency 16: generate() vs bare ky (default settings)', measured: times(generate16('ky')), limit: '≥ 1.5×' },
    throughput ? generate16('ky') >= 1.5 : undefined,
    transportReason,
  );
  add(
    { target: 'Throughput at concurrency 16: generate() vs global fetch', measured: times(generate16('fetch')), limit: '≥ 1.5×' },
    throughput ? generate16('fetch') >= 1.5 : undefined,
    transportReason,
  );
  add(
    {
      target: 'Throughput at concurrency 16: generate() vs undici.request (aim)',
      measured: times(generate16('undici-request')),
      limit: '≥ 0.75× (within 25%)',
    },
    throughput ? generate16('undici-request') >= 0.75 : undefined,
    transportReason,
  );

  if (memory) {
    const floor = results['memory-undici'];
    const mb = (mib: number) => `${((mib * 2 ** 20) / MB).toFixed(0)} MB`;
    const peakMB = (memory.peakRssMiB * 2 ** 20) / MB;
    add(
      { target: `${memory.inFlight.toLocaleString('en-US')} requests in flight: peak client RSS`, measured: `${peakMB.toFixed(0)} MB`, limit: '< 150 MB' },
      peakMB < 150,
      () =>
        `RSS rose from ${mb(memory.baselineRssMiB)} (Node, core and the plugin loaded) to ${mb(memory.peakRssMiB)}` +
        (floor
          ? `; undici.request alone, in the same kind of process with the same ${floor.inFlight.toLocaleString('en-US')}-socket pool, went from ${mb(floor.baselineRssMiB)} to ${mb(floor.peakRssMiB)}, so ${mb(Math.max(0, memory.peakRssMiB - memory.baselineRssMiB - (floor.peakRssMiB - floor.baselineRssMiB)))} of the rise is Switchboard's and the rest is the ${floor.inFlight.toLocaleString('en-US')} open sockets and their parsers.`
          : '.'),
    );
    add(
      {
        target: `${memory.inFlight.toLocaleString('en-US')} requests in flight: all answered`,
        measured: `${memory.answered} answered, ${memory.failures} failed`,
        limit: '0 failures',
      },
      memory.failures === 0,
      () => `first failure: ${memory.firstError ?? 'unknown'}`,
    );
  } else {
    add({ target: '1,000 requests in flight: peak client RSS', measured: '-', limit: '< 150 MB' }, undefined, () => '');
  }

  const at = (providers: number) => scale?.rows.find((row) => row.providers === providers);
  const largest = at(1_000);
  const smallest = at(10);
  add(
    { target: 'registry.create(name) median at 1,000 providers', measured: largest ? micros(largest.createMicros) : '-', limit: '< 5 µs' },
    largest ? largest.createMicros < 5 : undefined,
    () => 'create() of a name already created is a map lookup; see the registry-scale table for where the time goes.',
  );
  const flatness = largest && smallest ? largest.createMicros / smallest.createMicros : Number.NaN;
  add(
    { target: 'registry.create(name) flat from 10 to 1,000 providers', measured: times(flatness), limit: '≤ 2×' },
    scale ? flatness <= 2 : undefined,
    () => 'create() grows with the number of providers; see the registry-scale table.',
  );

  add(
    { target: 'Cold start: importing core and the Dynaspark plugin', measured: cold ? `${cold.importMs.toFixed(0)} ms` : '-', limit: '< 100 ms' },
    cold ? cold.importMs < 100 : undefined,
    () =>
      `the import takes ${cold!.importMs.toFixed(0)} ms (median of ${cold!.runs} fresh processes; Node itself starts in ${cold!.bareNodeMs.toFixed(0)} ms). ` +
      "What is loaded at import is core's own modules and the dependencies it needs before any request: reflect-metadata (decorated provider classes need it before they are defined) and valibot; tsyringe loads with the first registry that serves registered providers (plugins' registrations wait in core until then), pino only when a log level is asked for, undici and ky with the first request, ajv with the first call that has tools or a response schema.",
  );

  const cliVersion = results['cli-startup']?.commands[0];
  add(
    { target: 'CLI start-up: `switchboard --version` vs bare `node -e 0`', measured: times(cliVersion?.overBareNode ?? Number.NaN), limit: '< 2×' },
    cliVersion ? cliVersion.overBareNode < 2 : undefined,
    () =>
      `${cliVersion!.medianMs.toFixed(0)} ms against ${results['cli-startup']!.bareNodeMs.toFixed(0)} ms for bare Node: see the CLI start-up table for what loads.`,
  );
  const cliModels = results['cli-startup']?.commands.find((command) => command.command.startsWith('switchboard models --json'));
  add(
    {
      target: "CLI start-up: `switchboard models --json` with the README's config file vs bare `node -e 0`",
      measured: cliModels ? `${cliModels.medianMs.toFixed(0)} ms (${times(cliModels.overBareNode)})` : '-',
      limit: '≤ 2×',
    },
    cliModels ? cliModels.overBareNode <= 2 : undefined,
    () =>
      `${cliModels!.medianMs.toFixed(0)} ms against ${results['cli-startup']!.bareNodeMs.toFixed(0)} ms for bare Node: nothing the command does not use is loaded, yet it compiles and runs some 780 KB of JavaScript in 17 files on every run (Node 20 has no compile cache): valibot (206 KB, all of it), core (with reflect-metadata, which core loads for hosts and plugins), commander, both plugins and the CLI; then it reads and checks the file, builds the three providers and the registry, and prints the list. See bench/README.md, Start-up.`,
  );

  for (const timing of fallback?.timings ?? []) {
    add(
      {
        target: `Fallback past a dead provider (connection refused): ${timing.setting}`,
        measured: `${timing.medianMs.toFixed(2)} ms vs ${fallback!.direct.medianMs.toFixed(2)} ms direct`,
        limit: `≤ ${timing.limitMs.toFixed(2)} ms (1.2× + 2 ms)`,
      },
      timing.medianMs <= timing.limitMs,
      () =>
        timing.deadAttemptsPerCall > 1
          ? `the dead provider was tried ${timing.deadAttemptsPerCall.toFixed(2)} times per call: the retry policy tries it again after a full-jitter backoff (up to 250 ms) before falling back, and the wait, not the fallback, is what costs.`
          : `the dead provider was tried ${timing.deadAttemptsPerCall.toFixed(2)} times per call; the failed connection itself costs the difference (see the fallback table).`,
    );
  }
  if (fallback) {
    const { circuit } = fallback;
    add(
      {
        target: `Dead provider's circuit open: connections to it during ${circuit.calls} calls`,
        measured: `${circuit.connections} connections, ${circuit.attempts} attempts`,
        limit: '0',
      },
      circuit.connections === 0 && circuit.attempts === 0,
      () => 'calls still reached the dead provider while its circuit was open.',
    );
  }
  for (const { pass, reason, ...row } of gatewayTargets(results.gateway)) add(row, pass, reason);
  for (const { pass, reason, ...row } of sharedStoreTargets(results['shared-store'])) add(row, pass, reason);
  return rows;
}

/** The median per-round ratio of two clients' req/s, from the throughput result. */
export function ratioOf(throughput: ThroughputResult | undefined, concurrency: number, numerator: BenchClientId, denominator: BenchClientId): number {
  return (
    throughput?.ratios.find((each) => each.concurrency === concurrency && each.numerator === numerator && each.denominator === denominator)?.ratio ?? Number.NaN
  );
}

export function micros(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 0)} µs` : '-';
}

export function times(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '-';
}

export function signedPercent(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%` : '-';
}
