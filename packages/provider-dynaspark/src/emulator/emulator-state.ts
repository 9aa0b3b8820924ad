import { createFaultPicker, type FaultPicker } from '@switchboard/core/testing';
import { createRateLimitWindow, type RateLimitWindow } from './create-rate-limit-window.js';
import { createRequestLog, type RequestLog } from './create-request-log.js';
import { createTimerSet, type TimerSet } from './create-timer-set.js';
import type { DynasparkEmulatorOptions } from './dynaspark-emulator-options.js';
import type { EmulatorConfig } from './emulator-config.js';
import { isEmulatorMode, type EmulatorMode } from './emulator-mode.js';
import type { EmulatorStats } from './emulator-stats.js';
import type { FaultRule } from './fault-rule.js';
import { validateFaultRules } from './validate-fault-rules.js';

const RECORD_CAPACITY = 1000;
const DEFAULT_PATH = '/generate_response';

/** Everything a running emulator knows; shared by the handlers, hidden behind DynasparkEmulator. */
export class EmulatorState {
  latencyMs: number;
  mode: EmulatorMode = 'healthy';
  faultPicker: FaultPicker<FaultRule, { model: string | undefined }>;
  readonly seed: number;
  readonly recordRequests: boolean;
  readonly chatPaths: ReadonlySet<string>;
  readonly log: RequestLog = createRequestLog({ capacity: RECORD_CAPACITY });
  readonly stats: EmulatorStats = { received: 0, answered: 0, faulted: 0, inFlight: 0 };
  readonly timers: TimerSet = createTimerSet();
  /** The public API's documented quota: 100 requests an hour. */
  readonly rateLimit: RateLimitWindow = createRateLimitWindow({ limit: 100, windowMs: 60 * 60 * 1000 });

  constructor(options: DynasparkEmulatorOptions) {
    this.seed = options.seed ?? 1;
    if (!Number.isFinite(this.seed)) throw new RangeError(`seed must be a finite number, got ${String(options.seed)}`);
    this.recordRequests = options.recordRequests ?? true;
    const paths = [options.path ?? DEFAULT_PATH, ...(options.paths ?? [])];
    for (const path of paths) {
      if (typeof path !== 'string' || !path.startsWith('/')) {
        throw new TypeError(`Chat paths must start with '/', got ${JSON.stringify(path)}`);
      }
    }
    this.chatPaths = new Set(paths);
    this.latencyMs = validateLatency(options.latencyMs ?? 0);
    this.faultPicker = pickerFor(validateFaultRules(options.faults ?? []), this.seed);
  }

  setFaults(rules: unknown): void {
    this.faultPicker = pickerFor(validateFaultRules(rules), this.seed);
  }

  setLatency(ms: unknown): void {
    this.latencyMs = validateLatency(ms);
  }

  setMode(mode: unknown): void {
    this.mode = validateMode(mode);
  }

  /** Applies a partial config from JSON; checks every part before changing anything. */
  configure(input: unknown): void {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new TypeError('The config must be an object like {"faults": [...], "latencyMs": 0, "mode": "healthy"}');
    }
    const { faults, latencyMs, mode, ...rest } = input as Record<string, unknown>;
    const unknownKeys = Object.keys(rest);
    if (unknownKeys.length > 0) {
      throw new TypeError(`Unknown config option '${unknownKeys[0]}'; allowed options: faults, latencyMs, mode`);
    }
    const rules = faults === undefined ? undefined : validateFaultRules(faults);
    const latency = latencyMs === undefined ? undefined : validateLatency(latencyMs);
    const nextMode = mode === undefined ? undefined : validateMode(mode);
    if (rules !== undefined) this.faultPicker = createFaultPicker({ rules, seed: this.seed });
    if (latency !== undefined) this.latencyMs = latency;
    if (nextMode !== undefined) this.mode = nextMode;
  }

  /** Back to the state right after start with no faults: no faults, no latency, healthy, nothing recorded. */
  reset(): void {
    this.faultPicker = pickerFor([], this.seed);
    this.latencyMs = 0;
    this.mode = 'healthy';
    this.log.clear();
    this.rateLimit.reset();
    this.stats.received = 0;
    this.stats.answered = 0;
    this.stats.faulted = 0;
  }

  config(): EmulatorConfig {
    return { faults: [...this.faultPicker.rules], latencyMs: this.latencyMs, mode: this.mode };
  }

  snapshotStats(): EmulatorStats {
    return { ...this.stats };
  }
}

function validateLatency(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`latencyMs must be a finite number >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

function validateMode(value: unknown): EmulatorMode {
  if (!isEmulatorMode(value)) throw new TypeError(`mode must be 'healthy' or 'down', got ${JSON.stringify(value)}`);
  return value;
}

/** Rules limited to a model match only requests for that model. */
function pickerFor(rules: readonly FaultRule[], seed: number): FaultPicker<FaultRule, { model: string | undefined }> {
  return createFaultPicker({ rules, seed, matches: (rule, { model }) => rule.model === undefined || rule.model === model });
}
