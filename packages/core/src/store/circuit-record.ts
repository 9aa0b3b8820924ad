/**
 * What is shared about one provider+model pair: failures in a row, an open circuit and its
 * cooldown, the one half-open trial, and a cooldown the provider asked for (Retry-After).
 * Times are epoch ms of the clock that wrote them; 0 means "none".
 */
export interface CircuitRecord {
  /** Failures in a row since the last success, counted by every replica. */
  failures: number;
  /** The circuit is open until this time. Past it (and until a success), the pair is half-open: one trial call may go. */
  openUntil: number;
  /** Length of the current open period: the policy's `cooldownMs`, doubled after each failed trial up to `maxCooldownMs`. */
  cooldownMs: number;
  /** A half-open trial is in flight until this time (its lease). */
  trialUntil: number;
  /** The provider asked to be left alone (Retry-After) until this time. */
  retryAfterUntil: number;
  /** Grows with every change, so replicas apply changes in the order the store made them. */
  version: number;
}

/** When a circuit opens and for how long. */
export interface CircuitPolicy {
  /** Failures in a row that open the circuit. */
  failureThreshold: number;
  /** First open period. */
  cooldownMs: number;
  /** Longest open period (failed trials double it up to this). */
  maxCooldownMs: number;
}

/** What a pair's record means at a given time. */
export type CircuitPhase = 'closed' | 'open' | 'half-open';

const CLOSED: CircuitRecord = { failures: 0, openUntil: 0, cooldownMs: 0, trialUntil: 0, retryAfterUntil: 0, version: 0 };

/** The store key of a pair. Provider ids hold no '/', so the first one splits it back. */
export function circuitKey(provider: string, model: string): string {
  return `${provider}/${model}`;
}

/** The pair of a store key. */
export function parseCircuitKey(key: string): { provider: string; model: string } {
  const slash = key.indexOf('/');
  return { provider: key.slice(0, slash), model: key.slice(slash + 1) };
}

/** `open` while the cooldown runs, `half-open` after it until a success closes it, else `closed`. */
export function circuitPhase(record: CircuitRecord | undefined, now: number): CircuitPhase {
  if (!record || record.openUntil === 0) return 'closed';
  return record.openUntil > now ? 'open' : 'half-open';
}

/**
 * Whether a call must leave the pair alone now: its circuit is open, its half-open trial is taken,
 * or the provider asked to wait.
 */
export function isBlocked(record: CircuitRecord | undefined, now: number): boolean {
  if (!record) return false;
  if (record.retryAfterUntil > now || record.openUntil > now) return true;
  return record.openUntil > 0 && record.trialUntil > now;
}

/** When a blocked pair may be tried again (epoch ms; 0 when it is not blocked). */
export function blockedUntil(record: CircuitRecord | undefined, now: number): number {
  if (!isBlocked(record, now)) return 0;
  const { openUntil, trialUntil, retryAfterUntil } = record!;
  const circuit = openUntil > now ? openUntil : openUntil > 0 && trialUntil > now ? trialUntil : 0;
  return Math.max(circuit, retryAfterUntil > now ? retryAfterUntil : 0);
}

/**
 * A failure that says something about the provider. `trial`: it was the half-open trial, which
 * opens the circuit again for twice as long (up to the policy's maximum). Otherwise the failure is
 * counted, and the threshold opens a closed circuit; failures while it is open or half-open
 * (calls that started before it opened) change nothing else.
 */
export function recordFailure(
  record: CircuitRecord | undefined,
  { now, policy, trial }: { now: number; policy: CircuitPolicy; trial: boolean },
): CircuitRecord {
  const current = record ?? CLOSED;
  const version = current.version + 1;
  const failures = current.failures + 1;
  if (trial && current.openUntil > 0 && current.openUntil <= now) {
    const cooldownMs = Math.min(Math.max(current.cooldownMs, policy.cooldownMs) * 2, policy.maxCooldownMs);
    return { ...current, failures, openUntil: now + cooldownMs, cooldownMs, trialUntil: 0, version };
  }
  if (current.openUntil === 0 && failures >= policy.failureThreshold) {
    return { ...current, failures, openUntil: now + policy.cooldownMs, cooldownMs: policy.cooldownMs, trialUntil: 0, version };
  }
  return { ...current, failures, version };
}

/**
 * A success. A closed or half-open circuit closes (and its cooldown length starts over); one
 * still cooling down keeps its deadline (the call began before it opened) with its count reset.
 * A Retry-After cooldown stays: the provider said when. `undefined` when nothing is left to keep.
 */
export function recordSuccess(record: CircuitRecord | undefined, { now }: { now: number }): CircuitRecord | undefined {
  if (!record) return undefined;
  if (record.openUntil > now) return record.failures === 0 ? record : { ...record, failures: 0, version: record.version + 1 };
  if (record.retryAfterUntil <= now) return undefined;
  if (record.failures === 0 && record.openUntil === 0 && record.trialUntil === 0) return record;
  return { ...record, failures: 0, openUntil: 0, cooldownMs: 0, trialUntil: 0, version: record.version + 1 };
}

/** Whether a success would change the record: when it would not, nobody needs to hear of it. */
export function successChanges(record: CircuitRecord | undefined, now: number): boolean {
  return recordSuccess(record, { now }) !== record;
}

/** The provider asked to wait until `until`: a later deadline extends the cooldown, an earlier one never shortens it. */
export function recordCooldown(record: CircuitRecord | undefined, { until }: { until: number }): CircuitRecord {
  const current = record ?? CLOSED;
  if (until <= current.retryAfterUntil) return current;
  return { ...current, retryAfterUntil: until, version: current.version + 1 };
}

/**
 * Claims the half-open trial: granted when the cooldown is over and nobody holds the trial, for
 * `leaseMs` (a trial whose replica died is given up when its lease runs out).
 */
export function claimTrial(
  record: CircuitRecord | undefined,
  { now, leaseMs }: { now: number; leaseMs: number },
): { granted: boolean; record: CircuitRecord | undefined } {
  if (!record || record.openUntil === 0 || record.openUntil > now || record.trialUntil > now || record.retryAfterUntil > now) return { granted: false, record };
  return { granted: true, record: { ...record, trialUntil: now + leaseMs, version: record.version + 1 } };
}
