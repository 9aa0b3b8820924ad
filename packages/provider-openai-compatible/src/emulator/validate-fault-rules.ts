import { InvalidArgumentError } from '@switchboard/core';
import { EMULATOR_FAULT_KINDS, type EmulatorFaultRule } from './emulator-fault-rule.js';

/** Checks fault rules up front, so a typo in a test fails loudly instead of injecting nothing. */
export function validateFaultRules(rules: unknown, argument = 'faults'): readonly EmulatorFaultRule[] {
  if (!Array.isArray(rules)) throw new InvalidArgumentError({ argument, message: 'expected an array of { fault, times?, probability? } rules.' });
  rules.forEach((rule: unknown, index) => {
    const at = `${argument}[${index}]`;
    const { fault, times, probability, on, retryAfterSeconds, delayMs } = (rule ?? {}) as Record<string, unknown>;
    if (!EMULATOR_FAULT_KINDS.includes(fault as never)) {
      throw new InvalidArgumentError({ argument: `${at}.fault`, message: `unknown fault ${JSON.stringify(fault)}; expected one of ${EMULATOR_FAULT_KINDS.join(', ')}.` });
    }
    if (times !== undefined && !(Number.isInteger(times) && (times as number) >= 0)) {
      throw new InvalidArgumentError({ argument: `${at}.times`, message: 'expected a whole number >= 0.' });
    }
    if (probability !== undefined && !(typeof probability === 'number' && probability >= 0 && probability <= 1)) {
      throw new InvalidArgumentError({ argument: `${at}.probability`, message: 'expected a number from 0 to 1.' });
    }
    if (on !== undefined && on !== 'chat' && on !== 'models') {
      throw new InvalidArgumentError({ argument: `${at}.on`, message: "expected 'chat' or 'models'." });
    }
    for (const [name, value] of [['retryAfterSeconds', retryAfterSeconds], ['delayMs', delayMs]] as const) {
      if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
        throw new InvalidArgumentError({ argument: `${at}.${name}`, message: 'expected a number >= 0.' });
      }
    }
  });
  return rules as EmulatorFaultRule[];
}
