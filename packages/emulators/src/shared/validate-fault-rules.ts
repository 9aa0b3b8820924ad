import { describeValue, InvalidArgumentError } from '@switchboard/core/provider';
import { checkChoice } from './check-choice.js';
import { checkNumber, type NumberKind } from './option-checks.js';
import { FAULT_RULE_KEYS, type FaultRule } from './fault-rule.js';
import { refuseUnknownKeys } from './refuse-unknown-keys.js';

/** What an emulator accepts in its fault rules. */
export interface FaultRuleSchema<Kind extends string, Endpoint extends string> {
  kinds: readonly Kind[];
  endpoints: readonly Endpoint[];
}

const numberKeys: Record<string, NumberKind> = {
  probability: 'probability',
  times: 'count',
  every: 'positive-integer',
  retryAfterSeconds: 'duration',
  retryAfterMs: 'duration',
  dripMs: 'duration',
  delayMs: 'duration',
};

/**
 * Checks rules that may come from JSON (the control endpoint, the CLI) and returns copies, so a
 * caller mutating its array later cannot change a running emulator.
 */
export function validateFaultRules<Kind extends string, Endpoint extends string>(
  input: unknown,
  schema: FaultRuleSchema<Kind, Endpoint>,
  argument = 'faults',
): FaultRule<Kind, Endpoint>[] {
  if (!Array.isArray(input)) {
    throw new InvalidArgumentError({ argument, message: `must be an array of fault rules, got ${describeValue(input)}` });
  }
  return input.map((rule: unknown, index) => validateRule(rule, schema, `${argument}[${index}]`));
}

function validateRule<Kind extends string, Endpoint extends string>(
  input: unknown,
  schema: FaultRuleSchema<Kind, Endpoint>,
  where: string,
): FaultRule<Kind, Endpoint> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidArgumentError({ argument: where, message: `must be an object like { "fault": "status-500" }, got ${describeValue(input)}` });
  }
  const rule: Record<string, unknown> = { ...input };
  checkChoice({ value: rule.fault, choices: schema.kinds, argument: `${where}.fault`, what: 'fault kind' });
  refuseUnknownKeys({ value: rule, allowed: FAULT_RULE_KEYS, argument: where });
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'fault' || value === undefined) continue;
    if (key === 'model') {
      if (typeof value !== 'string') throw new InvalidArgumentError({ argument: `${where}.model`, message: `must be a string, got ${describeValue(value)}` });
    } else if (key === 'endpoint') {
      checkChoice({ value, choices: schema.endpoints, argument: `${where}.endpoint`, what: 'endpoint' });
    } else {
      checkNumber({ value, kind: numberKeys[key] ?? 'finite', argument: `${where}.${key}` });
    }
  }
  return rule as unknown as FaultRule<Kind, Endpoint>;
}
