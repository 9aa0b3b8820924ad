import { FAULT_KINDS, isFaultKind } from './fault-kind.js';
import type { FaultRule } from './fault-rule.js';

type NumberCheck = 'probability' | 'count' | 'positive-integer' | 'duration';

const numberOptions: Record<string, NumberCheck> = {
  probability: 'probability',
  times: 'count',
  every: 'positive-integer',
  retryAfterSeconds: 'duration',
  retryAfterMs: 'duration',
  dripMs: 'duration',
  delayMs: 'duration',
};

const expectations: Record<NumberCheck, string> = {
  probability: 'a number from 0 to 1',
  count: 'an integer >= 0',
  'positive-integer': 'an integer >= 1',
  duration: 'a finite number >= 0',
};

function passes(check: NumberCheck, value: number): boolean {
  switch (check) {
    case 'probability':
      return value >= 0 && value <= 1;
    case 'count':
      return Number.isInteger(value) && value >= 0;
    case 'positive-integer':
      return Number.isInteger(value) && value >= 1;
    case 'duration':
      return Number.isFinite(value) && value >= 0;
  }
}

/**
 * Checks rules that may come from JSON (the control endpoint, the CLI) and returns copies, so a
 * caller mutating its array later cannot change a running emulator. Unknown options are refused:
 * a typo such as `probabilty` would otherwise silently make a rule fire every time.
 */
export function validateFaultRules(input: unknown): FaultRule[] {
  if (!Array.isArray(input)) {
    throw new TypeError(`faults must be an array of fault rules, got ${describe(input)}`);
  }
  return input.map((rule: unknown, index) => validateRule(rule, `faults[${index}]`));
}

function validateRule(input: unknown, where: string): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError(`${where} must be an object like { "fault": "status-500" }, got ${describe(input)}`);
  }
  const rule: Record<string, unknown> = { ...input };
  if (!isFaultKind(rule.fault)) {
    throw new TypeError(`${where}.fault: unknown fault kind ${describe(rule.fault)}; known kinds: ${FAULT_KINDS.join(', ')}`);
  }
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'fault' || value === undefined) continue;
    if (key === 'model') {
      if (typeof value !== 'string') throw new TypeError(`${where}.model must be a string, got ${describe(value)}`);
      continue;
    }
    const check = numberOptions[key];
    if (check === undefined) {
      const allowed = ['fault', 'model', ...Object.keys(numberOptions)].join(', ');
      throw new TypeError(`${where}: unknown option '${key}'; allowed options: ${allowed}`);
    }
    if (typeof value !== 'number' || !passes(check, value)) {
      throw new RangeError(`${where}.${key} must be ${expectations[check]}, got ${describe(value)}`);
    }
  }
  return rule as unknown as FaultRule;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}
