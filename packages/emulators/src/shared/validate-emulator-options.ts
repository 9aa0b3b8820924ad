import { describeValue, InvalidArgumentError } from '@switchboard/core/provider';
import { checkNumber } from './option-checks.js';
import { EMULATOR_OPTION_KEYS } from './emulator-options.js';
import { refuseUnknownKeys } from './refuse-unknown-keys.js';

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
    throw new InvalidArgumentError({ argument: 'options', message: `must be an object, got ${describeValue(input)}` });
  }
  const options = input as Record<string, unknown>;
  refuseUnknownKeys({ value: options, allowed: [...EMULATOR_OPTION_KEYS, ...ownKeys], argument: '' });
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') {
    throw new InvalidArgumentError({ argument: 'host', message: `must be a non-empty string, got ${describeValue(host)}` });
  }
  const recordRequests = options.recordRequests ?? true;
  if (typeof recordRequests !== 'boolean') {
    throw new InvalidArgumentError({ argument: 'recordRequests', message: `must be true or false, got ${describeValue(recordRequests)}` });
  }
  return {
    port: checkNumber({ value: options.port ?? 0, kind: 'port', argument: 'port' }),
    host,
    latencyMs: checkNumber({ value: options.latencyMs ?? 0, kind: 'duration', argument: 'latencyMs' }),
    seed: checkNumber({ value: options.seed ?? 1, kind: 'finite', argument: 'seed' }),
    recordRequests,
    faults: options.faults ?? [],
  };
}
