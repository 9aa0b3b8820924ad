import { createSeededRandom } from './create-seeded-random.js';

/** What every emulator fault rule can say about when it fires. */
export interface FaultRuleTiming {
  /** Chance (0..1) that a matching request gets the fault, drawn from the seeded generator. @default 1 */
  probability?: number;
  /** Fire at most this many times, then the rule is spent. @default no limit */
  times?: number;
  /** Fire only on every Nth matching request (the Nth, the 2Nth, …). @default 1 */
  every?: number;
}

/** Decides, request by request, which fault rule (if any) fires. */
export interface FaultPicker<R, Q> {
  readonly rules: readonly R[];
  /** The rule that fires for this request, or undefined; advances the rules' counters. */
  pick(request: Q): R | undefined;
}

/**
 * The fault picker of an emulator: rules checked in order, the first that fires wins, later rules
 * are not counted. Counters and the random stream start fresh with each picker, so the outcome of
 * the Nth request after the rules were set depends only on the rules and the seed.
 */
export function createFaultPicker<R extends FaultRuleTiming, Q>(options: {
  rules: readonly R[];
  seed: number;
  /** Whether a rule applies to a request at all (its model, its endpoint). @default every request */
  matches?: (rule: R, request: Q) => boolean;
}): FaultPicker<R, Q> {
  const random = createSeededRandom(options.seed);
  const states = options.rules.map((rule) => ({ rule, matched: 0, fired: 0 }));
  return {
    rules: options.rules,
    pick(request) {
      for (const state of states) {
        const { rule } = state;
        if (rule.times !== undefined && state.fired >= rule.times) continue;
        if (options.matches && !options.matches(rule, request)) continue;
        state.matched += 1;
        if (rule.every !== undefined && state.matched % rule.every !== 0) continue;
        // Draw only for rules that need it, so adding a certain rule does not shift the stream.
        const probability = rule.probability ?? 1;
        if (probability < 1 && !(random() < probability)) continue;
        state.fired += 1;
        return rule;
      }
      return undefined;
    },
  };
}
