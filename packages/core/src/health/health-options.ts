import * as v from 'valibot';
import { flag, milliseconds, ratio, strictOptions, wholeNumber } from '../validation/option-schemas.js';
import { parseWithSchema } from '../validation/parse-with-schema.js';

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

const healthSchema = v.pipe(
  strictOptions({
    intervalMs: v.optional(milliseconds({ positive: true })),
    timeoutMs: v.optional(milliseconds({ positive: true })),
    concurrency: v.optional(wholeNumber(1)),
    deep: v.optional(flag()),
    perModel: v.optional(flag()),
    windowSize: v.optional(wholeNumber(1)),
    staleAfterMs: v.optional(milliseconds({ positive: true })),
    minSamples: v.optional(wholeNumber(1)),
    degradedBelow: v.optional(ratio()),
    downBelow: v.optional(ratio()),
    slowMs: v.optional(milliseconds({ positive: true })),
    maxBackoffMs: v.optional(milliseconds({ positive: true })),
  }),
  v.forward(
    v.check(
      (options) => (options.downBelow ?? DEFAULT_HEALTH.downBelow) <= (options.degradedBelow ?? DEFAULT_HEALTH.degradedBelow),
      'must not be above degradedBelow.',
    ),
    ['downBelow'],
  ),
);

/** Checks health options; bad values are `InvalidArgumentError`s naming the field. */
export function resolveHealthOptions(options: HealthOptions | undefined, argument = 'options.health'): ResolvedHealthOptions {
  if (options === undefined) return DEFAULT_HEALTH;
  const parsed = parseWithSchema(healthSchema, options, argument);
  const result: ResolvedHealthOptions = { ...DEFAULT_HEALTH };
  for (const key of Object.keys(parsed) as (keyof HealthOptions)[]) {
    if (parsed[key] !== undefined) (result as unknown as Record<string, unknown>)[key] = parsed[key];
  }
  return result;
}
