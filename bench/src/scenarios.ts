import type { BenchEnv } from './bench-env.js';
import type { CliStartupResult } from './cli-startup.js';
import type { ColdStartResult } from './cold-start.js';
import type { FallbackResult } from './fallback.js';
import type { GatewayResult } from './gateway.js';
import type { MemoryResult } from './memory.js';
import type { OverheadResult } from './overhead.js';
import type { RegistryScaleResult } from './registry-scale.js';
import type { SharedStoreResult } from './shared-store.js';
import type { TelemetryResult } from './telemetry.js';
import type { ThroughputResult } from './throughput.js';

/** Each scenario's result, by name. */
export interface ScenarioResults {
  'cold-start': ColdStartResult;
  'cli-startup': CliStartupResult;
  'registry-scale': RegistryScaleResult;
  throughput: ThroughputResult;
  overhead: OverheadResult;
  telemetry: TelemetryResult;
  fallback: FallbackResult;
  memory: MemoryResult;
  'memory-undici': MemoryResult;
  gateway: GatewayResult;
  'shared-store': SharedStoreResult;
}

export type ScenarioName = keyof ScenarioResults;

export interface ScenarioSpec {
  name: ScenarioName;
  /** run-all starts a fresh emulator process for it. */
  needsEmulator: boolean;
  /** The scenario process is killed past this. */
  timeoutMs: number;
  /** Loaded only in the scenario's own process: plugins register themselves on import. */
  load(): Promise<(env: BenchEnv) => Promise<unknown>>;
}

/** In run order: the quiet, short ones first. */
export const SCENARIOS: readonly ScenarioSpec[] = [
  { name: 'cold-start', needsEmulator: false, timeoutMs: 60_000, load: async () => (await import('./cold-start.js')).runColdStart },
  { name: 'cli-startup', needsEmulator: true, timeoutMs: 120_000, load: async () => (await import('./cli-startup.js')).runCliStartup },
  { name: 'registry-scale', needsEmulator: false, timeoutMs: 90_000, load: async () => (await import('./registry-scale.js')).runRegistryScale },
  { name: 'throughput', needsEmulator: true, timeoutMs: 240_000, load: async () => (await import('./throughput.js')).runThroughput },
  { name: 'overhead', needsEmulator: true, timeoutMs: 120_000, load: async () => (await import('./overhead.js')).runOverhead },
  { name: 'telemetry', needsEmulator: true, timeoutMs: 180_000, load: async () => (await import('./telemetry.js')).runTelemetry },
  { name: 'fallback', needsEmulator: true, timeoutMs: 90_000, load: async () => (await import('./fallback.js')).runFallback },
  // Starts its own redis-server (Debian's redis-server package).
  { name: 'shared-store', needsEmulator: true, timeoutMs: 180_000, load: async () => (await import('./shared-store.js')).runSharedStore },
  { name: 'memory', needsEmulator: true, timeoutMs: 60_000, load: async () => (await import('./memory.js')).runMemory },
  {
    name: 'memory-undici',
    needsEmulator: true,
    timeoutMs: 60_000,
    load: async () => (env) => import('./memory.js').then(({ runMemory }) => runMemory(env, 'undici-request')),
  },
  // Starts its own OpenAI-compatible emulator and gateway processes.
  { name: 'gateway', needsEmulator: false, timeoutMs: 360_000, load: async () => (await import('./gateway.js')).runGateway },
];

export function isScenarioName(name: string): name is ScenarioName {
  return SCENARIOS.some((scenario) => scenario.name === name);
}
