import { InvalidArgumentError } from '@switchboard/core';
import { createTimerSet, type TimerSet } from './create-timer-set.js';
import { EMULATOR_MODES, type EmulatorConfig, type EmulatorMode, type EmulatorStats } from './emulator.js';
import type { CommonSettings } from './emulator-options.js';
import { createFaultPicker, findDirective, type FaultPicker } from './fault-picker.js';
import { validateFaultRules, type FaultRule, type FaultRuleSchema } from './fault-rule.js';
import { checkChoice, checkNumber, refuseUnknownKeys } from './option-checks.js';
import { createRequestLog, type RequestLog } from './request-log.js';

const RECORD_CAPACITY = 1000;
const CONFIG_KEYS = ['faults', 'latencyMs', 'mode'];

/**
 * What to do about faults for one request: inject `rule`, answer 400 with `problem` (a prompt asked
 * for a fault kind that does not exist), or nothing (undefined).
 */
export type FaultChoice<Rule> = { rule: Rule } | { problem: string } | undefined;

/** The request a fault rule is matched against. */
export interface FaultQuery<Endpoint extends string> {
  endpoint: Endpoint;
  /** The model the request names, if any. */
  model?: string | undefined;
  /** The prompt text, where `#fault:<kind>` directives are read. */
  prompt?: string | undefined;
  /** The client asked for a streamed answer (OpenAI's `stream: true`). */
  stream?: boolean | undefined;
}

export interface EmulatorStateOptions<Kind extends string, Endpoint extends string> {
  settings: CommonSettings;
  schema: FaultRuleSchema<Kind, Endpoint>;
  /**
   * The endpoints that answer a prompt: a rule without `endpoint` applies to these, and only these
   * read directives.
   */
  promptEndpoints: readonly Endpoint[];
  /** What else `reset()` puts back (Dynaspark's rate-limit window). */
  onReset?: () => void;
  /**
   * Whether a fault kind can happen to a request at all (a fault of streaming only to streamed
   * requests). A rule whose kind does not apply neither fires nor counts, and neither does such a
   * directive. @default every kind applies to every request
   */
  applies?(fault: Kind, query: FaultQuery<Endpoint>): boolean;
}

/**
 * Everything a running emulator knows and that every emulator has the same way: fault rules and
 * their picker, latency, mode, the request log, the counters and the timers close() clears.
 */
export class EmulatorState<Kind extends string, Endpoint extends string, Recorded> {
  latencyMs: number;
  mode: EmulatorMode = 'healthy';
  readonly seed: number;
  readonly recordRequests: boolean;
  readonly log: RequestLog<Recorded> = createRequestLog({ capacity: RECORD_CAPACITY });
  readonly stats: EmulatorStats = { received: 0, answered: 0, faulted: 0, inFlight: 0 };
  readonly timers: TimerSet = createTimerSet();
  private picker: FaultPicker<FaultRule<Kind, Endpoint>, FaultQuery<Endpoint>>;
  private readonly options: EmulatorStateOptions<Kind, Endpoint>;

  constructor(options: EmulatorStateOptions<Kind, Endpoint>) {
    this.options = options;
    const { settings } = options;
    this.seed = settings.seed;
    this.recordRequests = settings.recordRequests;
    this.latencyMs = settings.latencyMs;
    this.picker = this.pickerFor(this.validateRules(settings.faults));
  }

  /** Copies: the picker reads its rules on every request, so they must not change under it. */
  get faults(): FaultRule<Kind, Endpoint>[] {
    return this.picker.rules.map((rule) => ({ ...rule }));
  }

  /** Replaces the rules; their counters and the random stream start over. */
  setFaults(input: unknown): void {
    this.picker = this.pickerFor(this.validateRules(input));
  }

  setLatency(ms: unknown): void {
    this.latencyMs = checkNumber({ value: ms, kind: 'duration', argument: 'latencyMs' });
  }

  setMode(mode: unknown): void {
    this.mode = validateMode(mode);
  }

  /** Applies a partial config from JSON; checks every part before changing anything. */
  configure(input: unknown): void {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new InvalidArgumentError({ argument: 'config', reason: 'must be an object like {"faults": [...], "latencyMs": 0, "mode": "healthy"}' });
    }
    refuseUnknownKeys({ value: input, allowed: CONFIG_KEYS, argument: '' });
    const { faults, latencyMs, mode } = input as Record<string, unknown>;
    const rules = faults === undefined ? undefined : this.validateRules(faults);
    const latency = latencyMs === undefined ? undefined : checkNumber({ value: latencyMs, kind: 'duration', argument: 'latencyMs' });
    const nextMode = mode === undefined ? undefined : validateMode(mode);
    if (rules !== undefined) this.picker = this.pickerFor(rules);
    if (latency !== undefined) this.latencyMs = latency;
    if (nextMode !== undefined) this.mode = nextMode;
  }

  /** Back to the state right after a start without faults: no faults, no latency, healthy, nothing recorded, counters at zero. */
  reset(): void {
    this.picker = this.pickerFor([]);
    this.latencyMs = 0;
    this.mode = 'healthy';
    this.log.clear();
    this.stats.received = 0;
    this.stats.answered = 0;
    this.stats.faulted = 0;
    this.options.onReset?.();
  }

  config(): EmulatorConfig<FaultRule<Kind, Endpoint>> {
    return { faults: this.faults, latencyMs: this.latencyMs, mode: this.mode };
  }

  snapshotStats(): EmulatorStats {
    return { ...this.stats };
  }

  /**
   * The fault for a request: a prompt's `#fault:<kind>` directive first, then the rules (also when
   * the directive's kind cannot happen to this request). A service that is down answers 503
   * whatever the rules say, so nothing is picked (or counted) then.
   */
  chooseFault(query: FaultQuery<Endpoint>): FaultChoice<FaultRule<Kind, Endpoint>> {
    if (this.mode !== 'healthy') return undefined;
    const directive = query.prompt !== undefined && this.options.promptEndpoints.includes(query.endpoint) ? findDirective(query.prompt) : undefined;
    const { kinds } = this.options.schema;
    if (directive !== undefined && !(kinds as readonly string[]).includes(directive)) {
      return { problem: `Unknown fault directive '#fault:${directive}'; known kinds: ${kinds.join(', ')}` };
    }
    if (directive !== undefined && (this.options.applies?.(directive as Kind, query) ?? true)) return { rule: { fault: directive as Kind } };
    const rule = this.picker.pick(query);
    return rule && { rule };
  }

  /** The configured latency, before an answer (or a fault) goes out. */
  delayAnswer(): Promise<void> {
    return this.timers.delay(this.latencyMs);
  }

  /** Counts a request as faulted or answered. */
  countAnswer(rule: FaultRule | undefined): void {
    if (rule) this.stats.faulted += 1;
    else this.stats.answered += 1;
  }

  private validateRules(input: unknown): FaultRule<Kind, Endpoint>[] {
    return validateFaultRules(input, this.options.schema);
  }

  /**
   * A rule matches its endpoint (by default the prompt endpoints), its model when it names one, and
   * requests its kind can happen to.
   */
  private pickerFor(rules: readonly FaultRule<Kind, Endpoint>[]): FaultPicker<FaultRule<Kind, Endpoint>, FaultQuery<Endpoint>> {
    const { options } = this;
    return createFaultPicker({
      rules,
      seed: this.seed,
      matches: (rule, query) =>
        (rule.endpoint === undefined ? options.promptEndpoints.includes(query.endpoint) : rule.endpoint === query.endpoint) &&
        (rule.model === undefined || rule.model === query.model) &&
        (options.applies?.(rule.fault, query) ?? true),
    });
  }
}

function validateMode(value: unknown): EmulatorMode {
  checkChoice({ value, choices: EMULATOR_MODES, argument: 'mode', what: 'mode' });
  return value as EmulatorMode;
}
