import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** Health checking settings: `createRegistry({ health: {...} })`. */
export interface HealthOptions {
  /** Run probes in the background every this many ms (timers are unref'd). Off when undefined. @example 60_000 */
  intervalMs?: number;
  /** Limit of one probe; a probe never hangs its caller. @default 5_000 */
  timeoutMs?: number;
  /** Probes running at once. @default 4 */
  concurrency?: number;
  /** Probe with the smallest real request rather than a status page. @default false */
  deep?: boolean;
  /** Probe every model of every provider, not just the provider. @default false */
  perModel?: boolean;
  /** Attempts kept per provider+model for passive health. @default 50 */
  windowSize?: number;
  /** Traffic and probes older than this no longer count. @default 300_000 */
  staleAfterMs?: number;
  /** Recent attempts needed before traffic alone decides a status. @default 5 */
  minSamples?: number;
  /** Success rate below this is `degraded`. @default 0.9 */
  degradedBelow?: number;
  /** Success rate below this is `down`. @default 0.5 */
  downBelow?: number;
  /** A successful probe slower than this is `degraded`. @default 10_000 */
  slowMs?: number;
  /** Longest wait between background probes of a provider that stays down (the interval doubles per failure). @default 600_000 */
  maxBackoffMs?: number;
}

export type ResolvedHealthOptions = Required<Omit<HealthOptions, 'intervalMs'>> & { intervalMs: number | undefined };

export const DEFAULT_HEALTH: ResolvedHealthOptions = {
  intervalMs: undefined,
  timeoutMs: 5_000,
  concurrency: 4,
  deep: false,
  perModel: false,
  windowSize: 50,
  staleAfterMs: 300_000,
  minSamples: 5,
  degradedBelow: 0.9,
  downBelow: 0.5,
  slowMs: 10_000,
  maxBackoffMs: 600_000,
};

/** Checks health options; bad values are `InvalidArgumentError`s naming the field. */
export function resolveHealthOptions(options: HealthOptions | undefined, argument = 'options.health'): ResolvedHealthOptions {
  if (options === undefined) return DEFAULT_HEALTH;
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError({ argument, message: 'expected an object.' });
  const known = Object.keys(DEFAULT_HEALTH);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new InvalidArgumentError({ argument: `${argument}.${key}`, message: `unknown option; known options are ${known.join(', ')}.` });
  }
  const result: ResolvedHealthOptions = { ...DEFAULT_HEALTH };
  const positive = (key: 'intervalMs' | 'timeoutMs' | 'staleAfterMs' | 'slowMs' | 'maxBackoffMs') => {
    const value = options[key];
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new InvalidArgumentError({ argument: `${argument}.${key}`, message: `expected a number of milliseconds > 0, got ${JSON.stringify(value)}.` });
    }
    result[key] = value;
  };
  const integer = (key: 'concurrency' | 'windowSize' | 'minSamples') => {
    const value = options[key];
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < 1) {
      throw new InvalidArgumentError({ argument: `${argument}.${key}`, message: `expected a whole number >= 1, got ${JSON.stringify(value)}.` });
    }
    result[key] = value;
  };
  const ratio = (key: 'degradedBelow' | 'downBelow') => {
    const value = options[key];
    if (value === undefined) return;
    if (typeof value !== 'number' || value < 0 || value > 1) {
      throw new InvalidArgumentError({ argument: `${argument}.${key}`, message: `expected a number from 0 to 1, got ${JSON.stringify(value)}.` });
    }
    result[key] = value;
  };
  const flag = (key: 'deep' | 'perModel') => {
    const value = options[key];
    if (value === undefined) return;
    if (typeof value !== 'boolean') throw new InvalidArgumentError({ argument: `${argument}.${key}`, message: `expected true or false, got ${JSON.stringify(value)}.` });
    result[key] = value;
  };
  positive('intervalMs');
  positive('timeoutMs');
  positive('staleAfterMs');
  positive('slowMs');
  positive('maxBackoffMs');
  integer('concurrency');
  integer('windowSize');
  integer('minSamples');
  ratio('degradedBelow');
  ratio('downBelow');
  flag('deep');
  flag('perModel');
  if (result.downBelow > result.degradedBelow) {
    throw new InvalidArgumentError({ argument: `${argument}.downBelow`, message: `must not be above degradedBelow (${result.degradedBelow}).` });
  }
  return result;
}
