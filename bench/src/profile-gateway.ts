// `pnpm --filter @switchboard/bench profile-gateway [--json | --stream] [--cpu-prof] [--rounds N] [--requests N]`:
// the gateway's CPU per request beside the bare proxy's, measured side by side in one run, and
// (with --cpu-prof) the gateway's hottest functions. A tool for working on the gateway's hot
// path, not part of `pnpm bench`: it prints, it writes no report.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Agent } from 'undici';
import { killAllChildren } from './child-processes.js';
import { createChatRequester } from './openai-bench-request.js';
import { processCpuMicros } from './process-usage.js';
import { runLoad } from './run-load.js';
import { spawnServer, type SpawnedServer } from './spawn-server.js';
import { median, percentile } from './stats.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const CONCURRENCY = 16;
const WARMUP = 200;

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    stream: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'ui-off': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    requests: { type: 'string', default: '2000' },
    top: { type: 'string', default: '30' },
  },
});
const modes = values.json === values.stream ? (['json', 'stream'] as const) : values.json ? (['json'] as const) : (['stream'] as const);
const rounds = Number(values.rounds);
const requests = Number(values.requests);
const profileDir = values['cpu-prof'] ? mkdtempSync(join(tmpdir(), 'switchboard-gateway-profile-')) : undefined;

const servers: SpawnedServer[] = [];
const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000 });
try {
  const emulator = await spawnServer({
    args: [join(dirname(require.resolve('@switchboard/emulators/package.json')), 'bin', 'openai-compatible-emulator.js'), '--port', '0', '--no-record'],
    ready: /listening on (http:\/\/\S+)/,
  });
  servers.push(emulator);
  const proxy = await spawnServer({
    args: [...profileArgs('bare-proxy'), join(HERE, 'gateway-bare-proxy.js'), emulator.url, '256'],
    ready: /listening on (http:\/\/\S+)/,
  });
  servers.push(proxy);
  const switchboard = await spawnServer({
    args: [...profileArgs('switchboard'), join(HERE, 'gateway-switchboard-server.js'), emulator.url, '256', values['ui-off'] ? 'ui-off' : 'ui-on'],
    ready: /listening on (http:\/\/\S+) \(upstream pool/,
  });
  servers.push(switchboard);
  const targets = [
    { name: 'direct', url: emulator.url, pid: undefined },
    { name: 'bare proxy', url: `${proxy.url}/v1`, pid: proxy.pid },
    { name: 'switchboard', url: `${switchboard.url}/v1`, pid: switchboard.pid },
  ];
  for (const mode of modes) {
    // The direct cells give each round's baseline latency (no CPU: the emulator is not measured).
    const samples = new Map<string, { cpu: number; p50: number; firstP50: number }[]>();
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) {
        const send = createChatRequester({ baseUrl: target.url, stream: mode === 'stream', dispatcher: agent });
        await runLoad({ send, requests: WARMUP, concurrency: CONCURRENCY });
        const before = target.pid === undefined ? 0 : processCpuMicros(target.pid);
        // A stream's first text apart from its end: tells a late first write from a slow body.
        const firstTexts = new Float64Array(requests);
        let answered = 0;
        const timed = async () => {
          const timing = await send();
          firstTexts[answered++] = timing.firstTextMs;
        };
        const result = await runLoad({ send: timed, requests, concurrency: CONCURRENCY });
        if (result.failures > 0) throw new Error(`${target.name}: ${result.failures} failures, first: ${String(result.firstError)}`);
        const list = samples.get(target.name) ?? [];
        const cpu = target.pid === undefined ? Number.NaN : (processCpuMicros(target.pid) - before) / requests;
        list.push({ cpu, p50: percentile(result.latenciesMs, 50), firstP50: percentile(firstTexts, 50) });
        samples.set(target.name, list);
      }
    }
    const cpu = (name: string) => median(samples.get(name)!.map((each) => each.cpu));
    const ratios = samples.get('switchboard')!.map((each, index) => each.cpu / samples.get('bare proxy')![index]!.cpu);
    // Added latency: a target's p50 less the direct p50 of the same round.
    const added = (name: string) => median(samples.get(name)!.map((each, index) => each.p50 - samples.get('direct')![index]!.p50));
    const addedFirst = (name: string) => median(samples.get(name)!.map((each, index) => each.firstP50 - samples.get('direct')![index]!.firstP50));
    process.stdout.write(
      `${mode}: bare proxy ${cpu('bare proxy').toFixed(0)} µs/req (added p50 ${added('bare proxy').toFixed(2)} ms), ` +
        `switchboard ${cpu('switchboard').toFixed(0)} µs/req (added p50 ${added('switchboard').toFixed(2)} ms, ${(added('switchboard') / added('bare proxy')).toFixed(2)}×); ` +
        `CPU ratio per round ${ratios.map((ratio) => ratio.toFixed(2)).join(' ')}, median ${median(ratios).toFixed(2)}×` +
        (mode === 'stream'
          ? `; first text added p50: bare proxy ${addedFirst('bare proxy').toFixed(2)} ms, switchboard ${addedFirst('switchboard').toFixed(2)} ms`
          : '') +
        '\n',
    );
  }
} finally {
  await agent.close();
  await Promise.all(servers.reverse().map((server) => server.close()));
  killAllChildren();
}

if (profileDir) {
  for (const name of ['bare-proxy', 'switchboard']) {
    const file = readdirSync(profileDir).find((each) => each.startsWith(name) && each.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no profile of ${name} was written to ${profileDir}`);
    printTopFrames(join(profileDir, file), { top: Number(values.top), requests: rounds * (WARMUP + requests) * modes.length });
  }
}

/** Node's flags that profile a server process into `profileDir`, its file named after it. */
function profileArgs(name: string): string[] {
  return profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * The functions with the most self time in a V8 CPU profile, summed over their call sites, in
 * microseconds per request. Samples until the server first sat idle for 100 ms (its start-up:
 * loading modules, building the gateway) are left out.
 */
function printTopFrames(path: string, { top, requests }: { top: number; requests: number }): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let busy = 0;
  let idleRun = 0;
  let started = false;
  for (const [index, id] of profile.samples.entries()) {
    const delta = profile.timeDeltas[index] ?? 0;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idleRun += delta;
      if (idleRun >= 100_000) started = true;
      continue;
    }
    idleRun = 0;
    if (!started) continue;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^.*\/packages\//, '')}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + delta);
    const where = packageOf(url, functionName);
    byPackage.set(where, (byPackage.get(where) ?? 0) + delta);
    busy += delta;
  }
  const perRequest = (micros: number) => `${(micros / requests).toFixed(1).padStart(6)} µs`;
  process.stdout.write(`\n${path}: ${perRequest(busy)} per request sampled (${requests} requests)\nself time by package, per request:\n`);
  for (const [name, micros] of [...byPackage].sort((a, b) => b[1] - a[1]).filter(([, micros]) => micros / requests >= 0.5)) {
    process.stdout.write(`${perRequest(micros)}  ${name}\n`);
  }
  process.stdout.write(`top ${top} functions by self time, per request:\n`);
  for (const [key, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${perRequest(micros)}  ${key}\n`);
}

/** Where a frame's code comes from: a package of ours, a dependency, Node itself, or V8 (GC, idle). */
function packageOf(url: string, functionName: string): string {
  const ours = /\/packages\/([^/]+)\//.exec(url);
  if (ours && !url.includes('node_modules')) return `@switchboard/${ours[1]}`;
  const dependency = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dependency) return dependency[1]!;
  if (url.startsWith('node:')) return 'node';
  if (url === '') return functionName.startsWith('(') ? functionName : 'native';
  return url;
}
