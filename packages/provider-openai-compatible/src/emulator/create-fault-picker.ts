import type { EmulatorFaultRule } from './emulator-fault-rule.js';

/** Chooses the fault (if any) for each request, keeping each rule's count. */
export interface FaultPicker {
  pick(endpoint: 'chat' | 'models'): EmulatorFaultRule | undefined;
  /** Replaces the rules (and resets their counts). */
  set(rules: readonly EmulatorFaultRule[]): void;
}

/** A picker over `rules`, drawing probabilities from `random`. */
export function createFaultPicker(rules: readonly EmulatorFaultRule[], random: () => number): FaultPicker {
  let entries = rules.map((rule) => ({ rule, used: 0 }));
  return {
    pick(endpoint) {
      for (const entry of entries) {
        const { rule } = entry;
        if ((rule.on ?? 'chat') !== endpoint) continue;
        if (rule.times !== undefined && entry.used >= rule.times) continue;
        // Draw only for rules that can fire, so adding a spent rule does not shift the sequence.
        if (rule.probability !== undefined && rule.probability < 1 && random() >= rule.probability) continue;
        entry.used++;
        return rule;
      }
      return undefined;
    },
    set(next) {
      entries = next.map((rule) => ({ rule, used: 0 }));
    },
  };
}
