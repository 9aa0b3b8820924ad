import { InvalidArgumentError } from '@switchboard/core';
import { describeValue } from '@switchboard/core/shared';
import { checkChoice, checkNumber, refuseUnknownKeys, type NumberKind } from './option-checks.js';

/** What every emulator fault rule can say about when it fires. */
export interface FaultRuleTiming {
  /** Chance (0..1) that a matching request gets the fault, drawn from the seeded generator. @default 1 */
  probability?: number;
  /** Fire at most this many times, then the rule is spent. @default no limit */
  times?: number;
  /** Fire only on every Nth matching request (the Nth, the 2Nth, …). @default 1 */
  every?: number;
}

/**
 * When and how to inject a fault. Rules are checked in order for each request; the first that
 * fires applies, and the rules after it are not checked (their counters do not move).
 *
 * @example { fault: 'rate-limit', probability: 0.2, retryAfterSeconds: 2 }
 * @example { fault: 'status-503', times: 2 } // the next two requests fail, then all succeed
 */
export interface FaultRule<Kind extends string = string, Endpoint extends string = string> extends FaultRuleTiming {
  /** What goes wrong. */
  fault: Kind;
  /** Only requests for this model. @default any model */
  model?: string;
  /**
   * Only requests to this endpoint.
   * @default the endpoints that answer a prompt (Dynaspark: `chat` and `api`; OpenAI-compatible: `chat`)
   */
  endpoint?: Endpoint;
  /** `rate-limit` and `rate-limit-date`: how long the client is told to wait, in seconds. @default 1 */
  retryAfterSeconds?: number;
  /** `rate-limit-ms`: the `retry-after-ms` value. @default 200 */
  retryAfterMs?: number;
  /** `slow-drip`: how long writing the whole answer takes, in ms. @default 1000 */
  dripMs?: number;
  /** `latency`: extra delay before the normal answer, in ms. @default 1000 */
  delayMs?: number;
}

/** Every key a fault rule may have, for the unknown-key check. */
const FAULT_RULE_KEYS: readonly string[] = [
  'fault',
  'probability',
  'times',
  'every',
  'model',
  'endpoint',
  'retryAfterSeconds',
  'retryAfterMs',
  'dripMs',
  'delayMs',
];

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
    throw new InvalidArgumentError({ argument, reason: `must be an array of fault rules, got ${describeValue(input)}` });
  }
  return input.map((rule: unknown, index) => validateRule(rule, schema, `${argument}[${index}]`));
}

function validateRule<Kind extends string, Endpoint extends string>(
  input: unknown,
  schema: FaultRuleSchema<Kind, Endpoint>,
  where: string,
): FaultRule<Kind, Endpoint> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidArgumentError({ argument: where, reason: `must be an object like { "fault": "status-500" }, got ${describeValue(input)}` });
  }
  const rule: Record<string, unknown> = { ...input };
  checkChoice({ value: rule.fault, choices: schema.kinds, argument: `${where}.fault`, what: 'fault kind' });
  refuseUnknownKeys({ value: rule, allowed: FAULT_RULE_KEYS, argument: where });
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'fault' || value === undefined) continue;
    if (key === 'model') {
      if (typeof value !== 'string') throw new InvalidArgumentError({ argument: `${where}.model`, reason: `must be a string, got ${describeValue(value)}` });
    } else if (key === 'endpoint') {
      checkChoice({ value, choices: schema.endpoints, argument: `${where}.endpoint`, what: 'endpoint' });
    } else {
      checkNumber({ value, kind: numberKeys[key] ?? 'finite', argument: `${where}.${key}` });
    }
  }
  return rule as unknown as FaultRule<Kind, Endpoint>;
}
