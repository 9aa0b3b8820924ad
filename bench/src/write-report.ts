import { gatewaySection } from './gateway-report.js';
import { sharedStoreSection } from './shared-store-report.js';
import type { MachineInfo } from './machine-info.js';
import type { ScenarioName, ScenarioResults } from './scenarios.js';
import { evaluateTargets, micros, ratioOf, signedPercent, times } from './targets.js';
import { TELEMETRY_MODES } from './telemetry-modes.js';
import { CONCURRENCIES } from './throughput.js';

/** Everything one `pnpm bench` run produced (also written as bench/results/latest.json). */
export interface BenchReport {
  command: string;
  machine: MachineInfo;
  /** BENCH_QUICK=1: a smoke run with too few requests to trust. */
  quick: boolean;
  durationSeconds: number;
  results: Partial<ScenarioResults>;
  /** Scenarios that failed, with their error. */
  errors: Partial<Record<ScenarioName, string>>;
}

const MB = 1e6;
const MiB = 2 ** 20;

/** BENCHMARKS.md, or with `summaryOnly` just the targets table (for the console). */
export function renderReport(report: BenchReport, { summaryOnly = false } = {}): string {
  const targets = evaluateTargets(report.results);
  const targetTable = table(
    ['Target', 'Measured', 'Limit', 'Result', 'Reason for a miss'],
    targets.map((row) => [row.target, row.measured, row.limit, row.result === 'n/a' ? 'n/a' : `**${row.result}**`, row.reason]),
  );
  if (summaryOnly) return `\n${targetTable}\n`;
  const { machine } = report;
  const missed = targets.filter((row) => row.result === 'MISS').length;
  const parts = [
    '# Benchmarks',
    '',
    'Switchboard against hand-written HTTP clients, on the bundled Dynaspark emulator over loopback (the emulator runs in its own process).',
    'Every figure comes from one run of the command below on the machine below: compare figures within this file, not with another machine.',
    'Ratios and CPU time per request move much less with machine load than requests per second do.',
    '',
    `- **Command:** \`${report.command}\` (builds the packages, then runs \`bench/\`; took ${Math.round(report.durationSeconds)} s)`,
    `- **Date:** ${machine.date}`,
    `- **Machine:** ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM`,
    `- **Node:** ${machine.node}`,
    ...(machine.loadAverage
      ? [
          `- **Load average when the run started:** ${machine.loadAverage.join(', ')} (1, 5, 15 min; on ${machine.cores} cores: other work on the machine slows every figure, ratios less so)`,
        ]
      : []),
    `- **OS:** ${machine.os}`,
    ...(report.quick ? ['- **Quick run** (`--quick` or BENCH_QUICK=1): too few requests to trust; run `pnpm bench` for real figures.'] : []),
    '',
    `## Targets: ${targets.filter((row) => row.result === 'PASS').length} pass, ${missed} miss`,
    '',
    targetTable,
    ...errorSection(report),
    ...throughputSection(report),
    ...overheadSection(report),
    ...telemetrySection(report),
    ...fallbackSection(report),
    ...memorySection(report),
    ...scaleSection(report),
    ...coldStartSection(report),
    ...cliStartupSection(report),
    ...gatewaySection(report.results.gateway, table),
    ...sharedStoreSection(report.results['shared-store'], table),
    '',
    '## How it is measured',
    '',
    "- Every client sends the same request: `POST /generate_response` with the urlencoded form `user_input=Hello&ai_model=gemini-2.0-flash` and the headers gpt4free sends, then reads and parses the JSON answer. Switchboard sends it through `createRegistry({ providerOptions: { dynaspark: { baseUrl } } })` after `import '@switchboard/provider-dynaspark'`.",
    "- Each scenario runs in its own Node process (started with `--expose-gc`), against a fresh emulator process (`node packages/emulators/bin/dynaspark-emulator.js --port 0 --no-record`), driven through its `/__emulator/` control endpoints. Both share this machine's cores.",
    '- Fixed request counts per cell, warm-up first, a full GC before each measured cell; rounds interleaved with the client order rotating, and the median round reported. CPU per request is `process.cpuUsage()` (user + system) of the client process over the cell, divided by the requests.',
    '- Source: `bench/src/` (one file per scenario). Raw figures of this run: `bench/results/latest.json` (not committed).',
    '',
  ];
  return `${parts.join('\n')}`;
}

function errorSection(report: BenchReport): string[] {
  const entries = Object.entries(report.errors);
  if (entries.length === 0) return [];
  return ['', '## Scenarios that failed', '', ...entries.map(([name, error]) => `- **${name}**: ${String(error).split('\n')[0]}`)];
}

function throughputSection({ results: { throughput } }: BenchReport): string[] {
  if (!throughput) return [];
  const lines = [
    '',
    '## 1. Throughput and latency',
    '',
    `${throughput.rounds} interleaved rounds of ${throughput.requestsPerCell.toLocaleString('en-US')} requests per cell (after ${throughput.warmupPerCell} warm-up requests); medians of the rounds, the req/s range shows the slowest and fastest round.`,
  ];
  for (const concurrency of CONCURRENCIES) {
    const cells = throughput.cells.filter((cell) => cell.concurrency === concurrency);
    lines.push(
      '',
      `### Concurrency ${concurrency}`,
      '',
      table(
        ['Client', 'req/s', 'req/s range', 'p50 ms', 'p99 ms', 'client CPU µs/req'],
        cells.map((cell) => [
          cell.label,
          cell.requestsPerSecond.toFixed(0),
          `${cell.requestsPerSecondRange.min.toFixed(0)}–${cell.requestsPerSecondRange.max.toFixed(0)}`,
          cell.p50Ms.toFixed(2),
          cell.p99Ms.toFixed(2),
          cell.cpuMicrosPerRequest.toFixed(0),
        ]),
      ),
    );
  }
  lines.push(
    '',
    "### Switchboard's req/s relative to the others (median of per-round ratios)",
    '',
    table(
      ['Concurrency', 'generate() / ky', 'generate() / fetch', 'generate() / undici.request', 'stream() / ky', 'stream() / fetch', 'stream() / undici.request'],
      CONCURRENCIES.map((concurrency) => [
        String(concurrency),
        ...(['switchboard-generate', 'switchboard-stream'] as const).flatMap((id) =>
          (['ky', 'fetch', 'undici-request'] as const).map((other) => times(ratioOf(throughput, concurrency, id, other))),
        ),
      ]),
    ),
  );
  return lines;
}

function overheadSection({ results: { overhead } }: BenchReport): string[] {
  if (!overhead) return [];
  return [
    '',
    '## 2. Framework overhead',
    '',
    `Client CPU per request of \`generate()\` through the registry against core's own transport called directly (\`createHttpClient(...).request(...)\` + \`JSON.parse\`, the same pool settings and headers) and against a raw \`node:http\` client sending the same bytes (a keep-alive \`Agent\`, the body read as text and parsed). ${overhead.pairs} sets of rounds of ${overhead.requestsPerRound.toLocaleString('en-US')} requests, the order of the three reversed every other set; each ratio is the median of the per-set ratios.`,
    '',
    table(
      ['Concurrency', 'transport µs/req', 'node:http µs/req', 'generate() µs/req', 'generate() − transport', 'over transport', 'over node:http'],
      overhead.rows.map((row) => [
        String(row.concurrency),
        micros(row.transportMicros),
        micros(row.nodeHttpMicros),
        micros(row.generateMicros),
        micros(row.generateMicros - row.transportMicros),
        signedPercent(row.overhead),
        times(row.overNodeHttp),
      ]),
    ),
  ];
}

function telemetrySection({ results: { telemetry } }: BenchReport): string[] {
  if (!telemetry) return [];
  return [
    '',
    '## 2b. OpenTelemetry: what a call costs with no SDK, a no-op tracer, a real SDK',
    '',
    `Client CPU per \`generate()\` call at concurrency ${telemetry.concurrency}, one registry, the process's registrations switched between rounds (${telemetry.rounds} rounds of ${telemetry.requestsPerRound.toLocaleString('en-US')} calls, the order rotating); the difference is the median of the per-round ratios over the no-SDK rounds. With no SDK the registry does not load \`@opentelemetry/api\` at all.`,
    '',
    table(
      ['Registered', 'generate() µs/call', 'over no SDK', 'spans per call'],
      telemetry.rows.map((row) => [
        TELEMETRY_MODES.find((mode) => mode.mode === row.mode)!.label,
        micros(row.cpuMicros),
        row.mode === 'no-sdk' ? '-' : signedPercent(row.overhead),
        row.spansPerCall === undefined ? '-' : row.spansPerCall.toFixed(1),
      ]),
    ),
  ];
}

function fallbackSection({ results: { fallback } }: BenchReport): string[] {
  if (!fallback) return [];
  const { circuit } = fallback;
  return [
    '',
    '## 3. Fallback',
    '',
    'The OpenAI-compatible provider plugin, configured to serve `gemini-2.0-flash` at a loopback port nothing listens on (connection refused), goes first in `routing.order`; Dynaspark answers second. One call at a time, alternating with calls to Dynaspark alone (a registry whose order lists only Dynaspark). ' +
      'Left to its defaults the registry learns: the circuit opens and passive health ranks the dead provider last, so later calls no longer touch it (see the attempts per call). The two other rows keep both from acting (`circuitFailureThreshold: 1000000`, `health: { downBelow: 0 }`) so every call pays for the fallback.',
    '',
    table(
      ['Setting', 'calls', 'median ms', 'p90 ms', 'first call ms', 'dead-provider attempts per call', 'limit ms (1.2× direct + 2)', 'result'],
      [
        ['Dynaspark alone (direct)', String(fallback.direct.calls), fallback.direct.medianMs.toFixed(2), '', '', '', '', ''],
        ...fallback.timings.map((timing) => [
          timing.setting,
          String(timing.calls),
          timing.medianMs.toFixed(2),
          timing.p90Ms.toFixed(2),
          timing.firstCallMs.toFixed(2),
          timing.deadAttemptsPerCall.toFixed(2),
          timing.limitMs.toFixed(2),
          timing.medianMs <= timing.limitMs ? 'PASS' : 'MISS',
        ]),
      ],
    ),
    '',
    `Circuit: with \`resilience.circuitFailureThreshold: ${circuit.threshold}\`, the dead provider (now a TCP server that counts connections and destroys them) had its circuit open after ${circuit.callsToOpen} call(s). The next ${circuit.calls} calls were all answered by Dynaspark (median ${circuit.medianMs.toFixed(2)} ms) with **${circuit.connections}** connections to the dead endpoint and **${circuit.attempts}** \`attempt:start\` events for it.`,
  ];
}

function memorySection({ results }: BenchReport): string[] {
  const runs = [results.memory, results['memory-undici']].filter((run) => run !== undefined);
  if (runs.length === 0) return [];
  const mb = (mib: number) => `${((mib * MiB) / MB).toFixed(0)} MB`;
  const first = runs[0]!;
  return [
    '',
    '## 4. Memory',
    '',
    `${first.inFlight.toLocaleString('en-US')} calls started at once, the emulator holding each answer ${first.latencyMs} ms (set through \`POST /__emulator/config\`), the pool sized to ${first.inFlight.toLocaleString('en-US')} sockets so none waits in the client. RSS of the client process sampled every 10 ms; MB = 10^6 bytes. Each row is its own process with core and the plugin loaded; the undici.request row is the floor: the same burst without Switchboard.`,
    '',
    table(
      ['Client', 'in flight (most seen by the emulator)', 'RSS before', 'peak RSS', 'rise', 'peak heap used', 'answered', 'failed', 'all answered in'],
      runs.map((run) => [
        run.client === 'switchboard' ? 'Switchboard generate()' : 'undici.request alone (floor)',
        `${run.inFlight} (${run.emulatorInFlight})`,
        mb(run.baselineRssMiB),
        mb(run.peakRssMiB),
        mb(run.peakRssMiB - run.baselineRssMiB),
        mb(run.peakHeapUsedMiB),
        String(run.answered),
        String(run.failures),
        `${run.durationMs.toFixed(0)} ms`,
      ]),
    ),
  ];
}

function scaleSection(report: BenchReport): string[] {
  const scale = report.results['registry-scale'];
  if (!scale) return [];
  return [
    '',
    '## 5. Registry scale',
    '',
    `In-bench providers (no I/O) registered as instances with \`registerProvider(instance, { container })\` in a tsyringe child container, ${scale.modelsPerProvider} models each: 5 that every provider serves and 5 of its own. \`create(name)\` on a name already created is timed over ${scale.batches} batches of ${scale.callsPerBatch.toLocaleString('en-US')} calls cycling through every name (median per call); the first \`create()\` of a name builds and caches its model object and is timed one call at a time.`,
    '',
    table(
      [
        'Providers',
        'names',
        'registerProvider() all',
        'createRegistry()',
        'create(name) median',
        'first create(name), own model',
        'first create(name), shared model',
      ],
      scale.rows.map((row) => [
        row.providers.toLocaleString('en-US'),
        row.names.toLocaleString('en-US'),
        `${row.registerMs.toFixed(2)} ms`,
        `${row.createRegistryMs.toFixed(2)} ms`,
        micros(row.createMicros),
        micros(row.firstCreateMicros),
        micros(row.firstCreateSharedMicros),
      ]),
    ),
  ];
}

function coldStartSection(report: BenchReport): string[] {
  const cold = report.results['cold-start'];
  if (!cold) return [];
  return [
    '',
    '## 6. Cold start',
    '',
    `A fresh \`node --input-type=module -e\` process imports \`@switchboard/core\` then \`@switchboard/provider-dynaspark\` and reports \`performance.now()\` (which counts from the process's time origin) before and after. Median of ${cold.runs} runs after one unmeasured run that warms the file cache.`,
    '',
    table(
      ['Import time (target)', 'range', 'process start to imports done', 'bare node start-up, for scale'],
      [
        [
          `${cold.importMs.toFixed(1)} ms`,
          `${cold.importRangeMs.min.toFixed(1)}–${cold.importRangeMs.max.toFixed(1)} ms`,
          `${cold.sinceProcessStartMs.toFixed(1)} ms`,
          `${cold.bareNodeMs.toFixed(1)} ms`,
        ],
      ],
    ),
  ];
}

function cliStartupSection(report: BenchReport): string[] {
  const cli = report.results['cli-startup'];
  if (!cli) return [];
  return [
    '',
    '## 7. CLI start-up',
    '',
    `Whole processes as a shell runs them (\`node packages/cli/bin/switchboard.js ...\` from spawn to exit, in an empty directory, Dynaspark at the scenario's emulator), against a bare \`node -e 0\` timed the same way (median ${cli.bareNodeMs.toFixed(1)} ms). Median of ${cli.runs} interleaved rounds after one unmeasured round. \`--version\` loads neither commander nor core; \`models\` loads core and both plugins; \`models --json\` runs beside the configuration file of the CLI's README (three provider instances of the two plugins, aliases, routing, resilience, health and server settings); \`chat\` adds one request.`,
    '',
    table(
      ['Command', 'median', 'range', '× bare node'],
      cli.commands.map((command) => [
        `\`${command.command}\``,
        `${command.medianMs.toFixed(1)} ms`,
        `${command.rangeMs.min.toFixed(1)}–${command.rangeMs.max.toFixed(1)} ms`,
        times(command.overBareNode),
      ]),
    ),
  ];
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const escapeCell = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(escapeCell).join(' | ')} |`).join('\n');
}
