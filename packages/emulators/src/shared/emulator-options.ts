import { InvalidArgumentError } from '@switchboard/core';
import { describeValue } from '@switchboard/core/shared';
import { checkBoolean, checkNumber, refuseUnknownKeys } from './option-checks.js';

/** What every emulator can be started with. Every option is optional. */
export interface EmulatorOptions<Rule> {
  /** TCP port to listen on; 0 picks a free one (read it back from `emulator.port`). @default 0 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Delay added before every answer of the emulated endpoints, in ms. @default 0 */
  latencyMs?: number;
  /** Fault rules, checked in order for each request. @default [] */
  faults?: readonly Rule[];
  /** Seed of the generator behind a rule's `probability`, so runs are reproducible. @default 1 */
  seed?: number;
  /**
   * Keep the last 1000 requests (headers, body, parsed fields) in `emulator.requests`. Benchmarks
   * turn it off to keep the hot path free of copies and hashing.
   * @default true
   */
  recordRequests?: boolean;
}

/** The keys of {@link EmulatorOptions}, for the unknown-option check. */
const EMULATOR_OPTION_KEYS: readonly string[] = ['port', 'host', 'latencyMs', 'faults', 'seed', 'recordRequests'];

/** The options every emulator shares, checked, with defaults applied (`faults` stays as given). */
export interface CommonSettings {
  port: number;
  host: string;
  latencyMs: number;
  seed: number;
  recordRequests: boolean;
  faults: unknown;
}

/**
 * Checks an options object before anything listens: unknown keys are refused with the closest
 * known one, so `{ latency: 50 }` fails instead of starting an emulator without latency.
 *
 * @param ownKeys the keys only this emulator has (`paths`, `models`, ...)
 */
export function validateEmulatorOptions(input: unknown, ownKeys: readonly string[]): CommonSettings {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidArgumentError({ argument: 'options', reason: `must be an object, got ${describeValue(input)}` });
  }
  const options = input as Record<string, unknown>;
  refuseUnknownKeys({ value: options, allowed: [...EMULATOR_OPTION_KEYS, ...ownKeys], argument: '' });
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') {
    throw new InvalidArgumentError({ argument: 'host', reason: `must be a non-empty string, got ${describeValue(host)}` });
  }
  const recordRequests = checkBoolean({ value: options.recordRequests ?? true, argument: 'recordRequests' });
  return {
    port: checkNumber({ value: options.port ?? 0, kind: 'port', argument: 'port' }),
    host,
    latencyMs: checkNumber({ value: options.latencyMs ?? 0, kind: 'duration', argument: 'latencyMs' }),
    seed: checkNumber({ value: options.seed ?? 1, kind: 'finite', argument: 'seed' }),
    recordRequests,
    faults: options.faults ?? [],
  };
}
