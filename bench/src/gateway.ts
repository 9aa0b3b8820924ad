import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { collectGarbage, type BenchEnv } from './bench-env.js';
import { type BenchApiName, createChatRequester, type ChatTiming } from './openai-bench-request.js';
import { processCpuMicros, processRssBytes } from './process-usage.js';
import { runLoad } from './run-load.js';
import { listenToDashboard } from './dashboard-listener.js';
import { connectEmulator } from './spawn-emulator.js';
import { spawnServer, type SpawnedServer } from './spawn-server.js';
import { median, percentile } from './stats.js';

/** What is measured in front of the upstream. */
export type GatewayTargetId =
  | 'direct'
  | 'bare-proxy'
  | 'switchboard'
  | 'switchboard-responses'
  | 'switchboard-messages'
  | 'switchboard-ui-off'
  | 'switchboard-page-open'
  | 'portkey';
export type GatewayMode = 'json' | 'stream';

/** One target in one mode at concurrency 16: medians over the rounds. */
export interface GatewayCell {
  target: GatewayTargetId;
  mode: GatewayMode;
  p50Ms: number;
  p99Ms: number;
  /** Streams: median time to the first text. */
  firstTextP50Ms: number;
  requestsPerSecond: number;
  /** Median over the rounds of (this target's p50 - the direct p50 of the same round). */
  addedP50Ms: number;
  /** CPU time of the gateway's process per request (undefined for direct). */
  cpuMicrosPerRequest: number | undefined;
  /** Set when the target failed in this mode (the cell's figures are then NaN). */
  error?: string;
  /** `switchboard-page-open`: events the listening page received (its snapshot, then an update a second) over warm-up and cell (median of the rounds). */
  dashboardEvents?: number;
}

/** 1,000 streams at once through the Switchboard gateway, and the same burst sent directly. */
export interface GatewayBurst {
  streams: number;
  /** Delay the upstream adds before answering, so the streams overlap. */
  upstreamLatencyMs: number;
  completed: number;
  failed: number;
  firstError: string | undefined;
  baselineRssMB: number;
  peakRssMB: number;
  /** Median time to the first text through the gateway, and directly. */
  firstTextGatewayMs: number;
  firstTextDirectMs: number;
  /** Wall time until every stream through the gateway ended. */
  durationMs: number;
  /** The gateway's upstream pool, as its child process reported it. */
  upstreamPool: string;
}

/** A leak check: RSS of a fresh gateway process after 1,000 requests and after 10,000. */
export interface GatewayLeakCheck {
  /** Requests before the first reading, and in all. */
  first: number;
  total: number;
  rssAfterFirstMB: number;
  rssAfterTotalMB: number;
  failed: number;
  firstError: string | undefined;
}

export interface GatewayResult {
  concurrency: number;
  requestsPerCell: number;
  warmupPerCell: number;
  rounds: number;
  portkeyVersion: string;
  cells: GatewayCell[];
  burst: GatewayBurst;
  leak: GatewayLeakCheck;
}

const CONCURRENCY = 16;
const BURST = 1_000;
const BURST_LATENCY_MS = 500;
const MB = 1e6;
const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * The Switchboard gateway against the upstream called directly, a bare proxy (the floor) and
 * Portkey's open-source gateway, each in its own process in front of the same OpenAI-compatible
 * emulator process, JSON and streaming, at concurrency 16. Then 1,000 streams at once through
 * the Switchboard gateway: all must complete; its peak RSS and time to first text are recorded.
 */
export async function runGateway(env: BenchEnv): Promise<GatewayResult> {
  const requestsPerCell = env.quick ? 300 : 2_000;
  const warmupPerCell = env.quick ? 50 : 200;
  const rounds = env.quick ? 1 : 3;
  const servers: SpawnedServer[] = [];
  const agent = new Agent({ connections: BURST + 100, keepAliveTimeout: 30_000 });
  try {
    const emulator = await spawnServer({
      args: [join(dirname(require.resolve('@switchboard/emulators/package.json')), 'bin', 'openai-compatible-emulator.js'), '--port', '0', '--no-record'],
      ready: /listening on (http:\/\/\S+)/,
    });
    servers.push(emulator);
    const proxy = await spawnServer({ args: [join(HERE, 'gateway-bare-proxy.js'), emulator.url, String(BURST + 100)], ready: /listening on (http:\/\/\S+)/ });
    servers.push(proxy);
    const switchboard = await spawnServer({
      args: [join(HERE, 'gateway-switchboard-server.js'), emulator.url, String(BURST + 100)],
      ready: /listening on (http:\/\/\S+ \(upstream pool: [^)]*\))/,
    });
    servers.push(switchboard);
    const switchboardUiOff = await spawnServer({
      args: [join(HERE, 'gateway-switchboard-server.js'), emulator.url, String(BURST + 100), 'ui-off'],
      ready: /listening on (http:\/\/\S+) \(upstream pool/,
    });
    servers.push(switchboardUiOff);
    const portkeyPort = 20_000 + Math.floor(Math.random() * 20_000);
    const portkeyDir = dirname(require.resolve('@portkey-ai/gateway/package.json'));
    const portkey = await spawnServer({
      args: [join(portkeyDir, 'build', 'start-server.js'), `--port=${portkeyPort}`, '--headless'],
      env: { NODE_ENV: 'production' },
      ready: { pollUrl: `http://127.0.0.1:${portkeyPort}/`, url: `http://127.0.0.1:${portkeyPort}` },
    });
    servers.push(portkey);
    const [switchboardUrl, upstreamPool] = /^(\S+) \(upstream pool: (.*)\)$/.exec(switchboard.url)!.slice(1) as [string, string];

    // The dashboard's cost: the same gateway with `ui: false`, with its defaults (the dashboard
    // records every request), and with a page listening to its live updates (its own cells, on the
    // process of `switchboard`).
    // The gateway's other two APIs, on the same process and pipeline as its chat route: the same
    // request as Responses and as Anthropic Messages, answered from the same upstream.
    const targets: {
      id: GatewayTargetId;
      baseUrl: string;
      pid: number | undefined;
      headers?: Record<string, string>;
      dashboard?: string;
      api?: BenchApiName;
    }[] = [
      { id: 'direct', baseUrl: emulator.url, pid: undefined },
      { id: 'bare-proxy', baseUrl: `${proxy.url}/v1`, pid: proxy.pid },
      { id: 'switchboard', baseUrl: `${switchboardUrl}/v1`, pid: switchboard.pid },
      { id: 'switchboard-responses', baseUrl: `${switchboardUrl}/v1`, pid: switchboard.pid, api: 'responses' },
      { id: 'switchboard-messages', baseUrl: `${switchboardUrl}/v1`, pid: switchboard.pid, api: 'messages' },
      { id: 'switchboard-ui-off', baseUrl: `${switchboardUiOff.url}/v1`, pid: switchboardUiOff.pid },
      { id: 'switchboard-page-open', baseUrl: `${switchboardUrl}/v1`, pid: switchboard.pid, dashboard: switchboardUrl },
      { id: 'portkey', baseUrl: `${portkey.url}/v1`, pid: portkey.pid, headers: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': emulator.url } },
    ];

    const samples = new Map<
      string,
      { p50: number; p99: number; firstText: number; rps: number; cpu: number | undefined; dashboardEvents: number | undefined }[]
    >();
    const errors = new Map<string, string>();
    for (let round = 0; round < rounds; round++) {
      for (const mode of ['json', 'stream'] as const) {
        const order = targets.slice(round % targets.length).concat(targets.slice(0, round % targets.length));
        for (const target of order) {
          const key = `${target.id}/${mode}`;
          if (errors.has(key)) continue;
          const send = createChatRequester({
            baseUrl: target.baseUrl,
            stream: mode === 'stream',
            headers: target.headers ?? {},
            dispatcher: agent,
            api: target.api,
          });
          const firstTexts: number[] = [];
          const timed = async () => {
            const timing: ChatTiming = await send();
            firstTexts.push(timing.firstTextMs);
          };
          // The page opens before the warm-up, so its first snapshot is not in the measured cell.
          const page = target.dashboard === undefined ? undefined : listenToDashboard(target.dashboard);
          const warm = await runLoad({ send: timed, requests: warmupPerCell, concurrency: CONCURRENCY });
          if (warm.failures > 0) {
            await page?.stop();
            errors.set(key, String(warm.firstError));
            continue;
          }
          firstTexts.length = 0;
          collectGarbage();
          const cpuBefore = target.pid === undefined ? 0 : processCpuMicros(target.pid);
          const result = await runLoad({ send: timed, requests: requestsPerCell, concurrency: CONCURRENCY });
          const cpu = target.pid === undefined ? undefined : (processCpuMicros(target.pid) - cpuBefore) / requestsPerCell;
          const dashboardEvents = page?.events;
          await page?.stop();
          if (result.failures > 0) {
            errors.set(key, String(result.firstError));
            continue;
          }
          const list = samples.get(key) ?? [];
          list.push({
            p50: percentile(result.latenciesMs, 50),
            p99: percentile(result.latenciesMs, 99),
            firstText: median(firstTexts),
            rps: result.requestsPerSecond,
            cpu,
            dashboardEvents,
          });
          samples.set(key, list);
        }
      }
    }

    const cells: GatewayCell[] = [];
    for (const mode of ['json', 'stream'] as const) {
      const direct = samples.get(`direct/${mode}`) ?? [];
      for (const target of targets) {
        const key = `${target.id}/${mode}`;
        const list = samples.get(key) ?? [];
        const error = errors.get(key);
        cells.push({
          target: target.id,
          mode,
          p50Ms: median(list.map((each) => each.p50)),
          p99Ms: median(list.map((each) => each.p99)),
          firstTextP50Ms: median(list.map((each) => each.firstText)),
          requestsPerSecond: median(list.map((each) => each.rps)),
          addedP50Ms: median(list.map((each, index) => each.p50 - (direct[index]?.p50 ?? Number.NaN))),
          cpuMicrosPerRequest: target.pid === undefined ? undefined : median(list.map((each) => each.cpu ?? Number.NaN)),
          ...(target.dashboard === undefined ? {} : { dashboardEvents: median(list.map((each) => each.dashboardEvents ?? Number.NaN)) }),
          ...(error ? { error: error.split('\n')[0]!.slice(0, 300) } : {}),
        });
      }
    }

    const leak = await runLeakCheck({ emulatorUrl: emulator.url, agent, total: env.quick ? 3_000 : 10_000, first: 1_000 });
    const burst = await runBurst({
      emulatorOrigin: new URL(emulator.url).origin,
      gatewayUrl: `${switchboardUrl}/v1`,
      directUrl: emulator.url,
      gatewayPid: switchboard.pid,
      agent,
      streams: env.quick ? 200 : BURST,
    });
    return {
      concurrency: CONCURRENCY,
      requestsPerCell,
      warmupPerCell,
      rounds,
      portkeyVersion: require('@portkey-ai/gateway/package.json').version,
      cells,
      burst: { ...burst, upstreamPool },
      leak,
    };
  } finally {
    await agent.close();
    await Promise.all(servers.map((server) => server.close()));
  }
}

/**
 * A fresh gateway process (the defaults, the dashboard on) answers `first` chat requests, JSON and
 * streamed in turn, then the rest up to `total`; its RSS is read after each part, once a full GC
 * ran in it (its script collects on SIGUSR2) and it sat idle a moment. A gateway that keeps
 * something per request grows with the count; one that does not stays flat once warm.
 */
async function runLeakCheck(options: { emulatorUrl: string; agent: Agent; total: number; first: number }): Promise<GatewayLeakCheck> {
  const { emulatorUrl, agent, total, first } = options;
  const gateway = await spawnServer({
    args: ['--expose-gc', join(HERE, 'gateway-switchboard-server.js'), emulatorUrl, String(BURST + 100)],
    ready: /listening on (http:\/\/\S+) \(upstream pool/,
  });
  try {
    const senders = [false, true].map((stream) => createChatRequester({ baseUrl: `${gateway.url}/v1`, stream, dispatcher: agent }));
    let sent = 0;
    const send = () => senders[sent++ % 2]!();
    let failed = 0;
    let firstError: string | undefined;
    const settledRss = async () => {
      process.kill(gateway.pid, 'SIGUSR2');
      await new Promise((resolve) => setTimeout(resolve, 500));
      return processRssBytes(gateway.pid) / MB;
    };
    const load = async (requests: number) => {
      const result = await runLoad({ send, requests, concurrency: CONCURRENCY });
      failed += result.failures;
      if (result.failures > 0) firstError ??= String(result.firstError);
    };
    await load(first);
    const rssAfterFirstMB = await settledRss();
    await load(total - first);
    const rssAfterTotalMB = await settledRss();
    return { first, total, rssAfterFirstMB, rssAfterTotalMB, failed, firstError };
  } finally {
    await gateway.close();
  }
}

/** `streams` streaming requests at once, directly then through the gateway, with the upstream holding each answer a while. */
async function runBurst(options: {
  emulatorOrigin: string;
  gatewayUrl: string;
  directUrl: string;
  gatewayPid: number;
  agent: Agent;
  streams: number;
}): Promise<Omit<GatewayBurst, 'upstreamPool'>> {
  const { gatewayUrl, directUrl, gatewayPid, agent, streams } = options;
  const control = connectEmulator(options.emulatorOrigin);
  await control.configure({ latencyMs: BURST_LATENCY_MS });
  try {
    const burst = async (baseUrl: string) => {
      const send = createChatRequester({ baseUrl, stream: true, dispatcher: agent });
      let failed = 0;
      let firstError: unknown;
      const timings = await Promise.all(
        Array.from({ length: streams }, () =>
          send().catch((error: unknown) => {
            failed++;
            firstError ??= error;
            return undefined;
          }),
        ),
      );
      const firstTexts = timings.filter((timing) => timing !== undefined).map((timing) => timing.firstTextMs);
      return { failed, firstError, firstTextMs: median(firstTexts) };
    };
    const direct = await burst(directUrl);
    collectGarbage();
    const baseline = processRssBytes(gatewayPid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, processRssBytes(gatewayPid))), 10);
    const start = performance.now();
    const through = await burst(gatewayUrl);
    const durationMs = performance.now() - start;
    clearInterval(sampler);
    peak = Math.max(peak, processRssBytes(gatewayPid));
    return {
      streams,
      upstreamLatencyMs: BURST_LATENCY_MS,
      completed: streams - through.failed,
      failed: through.failed,
      firstError: through.firstError === undefined ? (direct.failed > 0 ? `direct: ${String(direct.firstError)}` : undefined) : String(through.firstError),
      baselineRssMB: baseline / MB,
      peakRssMB: peak / MB,
      firstTextGatewayMs: through.firstTextMs,
      firstTextDirectMs: direct.firstTextMs,
      durationMs,
    };
  } finally {
    await control.configure({ latencyMs: 0 });
  }
}
