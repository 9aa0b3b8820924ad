import { createSeededRandom } from './create-seeded-random.js';
import type { FaultRule } from './fault-rule.js';

/** Decides, request by request, which fault rule (if any) fires. */
export interface FaultPicker {
  readonly rules: readonly FaultRule[];
  /** The rule that fires for this request, or undefined; advances the rules' counters. */
  pick(request: { model: string | undefined }): FaultRule | undefined;
}

interface RuleState {
  readonly rule: FaultRule;
  matched: number;
  fired: number;
}

/**
 * Counters and the random stream start fresh with each picker, so the outcome of the Nth request
 * after the rules were set depends only on the rules and the seed.
 */
export function createFaultPicker(options: { rules: readonly FaultRule[]; seed: number }): FaultPicker {
  const random = createSeededRandom(options.seed);
  const states: RuleState[] = options.rules.map((rule) => ({ rule, matched: 0, fired: 0 }));
  return {
    rules: options.rules,
    pick({ model }) {
      for (const state of states) {
        const { rule } = state;
        if (rule.times !== undefined && state.fired >= rule.times) continue;
        if (rule.model !== undefined && rule.model !== model) continue;
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
