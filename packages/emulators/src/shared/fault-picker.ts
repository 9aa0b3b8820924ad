// Which fault a request gets: the rules, checked in order with seeded chance, and the prompt
// directives that ask for a fault by name.
import type { FaultRuleTiming } from './fault-rule.js';

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

/**
 * A seeded pseudo-random generator (mulberry32) returning numbers in [0, 1). Probabilistic faults
 * draw from it instead of Math.random so that a failing benchmark or test can be replayed exactly.
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULT_DIRECTIVE = /#fault:([\w-]+)/;
const EMPTY_DIRECTIVE = /#empty\b/;

/**
 * The fault a prompt asks for with `#fault:<kind>` (or `#empty`, short for `#fault:empty`), so a
 * demo or test can trigger a fault from the chat box without configuring the emulator. Returns the
 * kind as written (it may not be a known kind), or undefined.
 */
export function findDirective(userInput: string): string | undefined {
  if (!userInput.includes('#')) return undefined;
  const fault = FAULT_DIRECTIVE.exec(userInput);
  if (fault) return fault[1];
  return EMPTY_DIRECTIVE.test(userInput) ? 'empty' : undefined;
}
