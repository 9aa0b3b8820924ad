import {
  blockedUntil,
  circuitKey,
  circuitPhase,
  claimTrial,
  isBlocked,
  parseCircuitKey,
  recordCooldown,
  recordFailure,
  recordSuccess,
  successChanges,
  type CircuitRecord,
} from './circuit-record.js';

const policy = { failureThreshold: 3, cooldownMs: 1_000, maxCooldownMs: 10_000 };

/** Applies `count` ordinary failures at `now`. */
function failures(count: number, now = 0, record?: CircuitRecord): CircuitRecord | undefined {
  let current = record;
  for (let i = 0; i < count; i++) current = recordFailure(current, { now, policy, trial: false });
  return current;
}

describe('circuit records', () => {
  it('key a pair as provider/model, and split it back at the first slash (model names may hold more)', () => {
    expect(circuitKey('groq', 'meta/llama-3')).toBe('groq/meta/llama-3');
    expect(parseCircuitKey('groq/meta/llama-3')).toEqual({ provider: 'groq', model: 'meta/llama-3' });
  });

  it('open after failureThreshold failures in a row, for cooldownMs, then half-open until a success', () => {
    expect(circuitPhase(failures(2), 0)).toBe('closed');
    const open = failures(3, 100)!;
    expect(open).toMatchObject({ failures: 3, openUntil: 1_100, cooldownMs: 1_000 });
    expect(circuitPhase(open, 1_099)).toBe('open');
    expect(isBlocked(open, 1_099)).toBe(true);
    expect(circuitPhase(open, 1_100)).toBe('half-open');
    expect(isBlocked(open, 1_100)).toBe(false);
    expect(recordSuccess(open, { now: 1_100 })).toBeUndefined();
  });

  it('a success resets the count, so only failures in a row open the circuit', () => {
    const two = failures(2);
    expect(recordSuccess(two, { now: 0 })).toBeUndefined();
    expect(circuitPhase(failures(2, 0, recordSuccess(two, { now: 0 })), 0)).toBe('closed');
  });

  it('failures while open change only the count: the deadline stays', () => {
    const open = failures(3)!;
    const later = failures(5, 500, open)!;
    expect(later.openUntil).toBe(open.openUntil);
    expect(later.failures).toBe(8);
  });

  it('a success while still cooling down (a call begun before it opened) keeps the deadline', () => {
    const open = failures(3)!;
    expect(recordSuccess(open, { now: 500 })).toMatchObject({ failures: 0, openUntil: 1_000 });
  });

  it('one trial at a time: claimed once the cooldown is over, held for its lease, refused to everyone else', () => {
    const open = failures(3)!;
    expect(claimTrial(open, { now: 999, leaseMs: 5_000 }).granted).toBe(false);
    const { granted, record } = claimTrial(open, { now: 1_000, leaseMs: 5_000 });
    expect(granted).toBe(true);
    expect(isBlocked(record, 1_001)).toBe(true);
    expect(blockedUntil(record, 1_001)).toBe(6_000);
    expect(claimTrial(record, { now: 1_001, leaseMs: 5_000 }).granted).toBe(false);
    // A trial whose replica died is given up when its lease runs out.
    expect(claimTrial(record, { now: 6_000, leaseMs: 5_000 }).granted).toBe(true);
    expect(claimTrial(undefined, { now: 0, leaseMs: 1 }).granted).toBe(false);
  });

  it('a failed trial opens the circuit again for twice as long, up to maxCooldownMs', () => {
    let record = failures(3)!;
    let now = record.openUntil;
    const lengths: number[] = [];
    for (let i = 0; i < 6; i++) {
      record = claimTrial(record, { now, leaseMs: 100 }).record!;
      record = recordFailure(record, { now, policy, trial: true });
      lengths.push(record.openUntil - now);
      now = record.openUntil;
    }
    expect(lengths).toEqual([2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
    // The trial's success closes it, and the next opening starts from cooldownMs again.
    expect(recordSuccess(claimTrial(record, { now, leaseMs: 100 }).record, { now })).toBeUndefined();
    expect(failures(3, now)!.cooldownMs).toBe(1_000);
  });

  it('a Retry-After cooldown: a later deadline extends it, an earlier one never shortens it, a success leaves it', () => {
    const cooling = recordCooldown(undefined, { until: 5_000 });
    expect(isBlocked(cooling, 4_999)).toBe(true);
    expect(recordCooldown(cooling, { until: 3_000 })).toBe(cooling);
    expect(recordCooldown(cooling, { until: 8_000 }).retryAfterUntil).toBe(8_000);
    expect(recordSuccess(cooling, { now: 100 })).toBe(cooling);
    expect(successChanges(cooling, 100)).toBe(false);
    expect(isBlocked(cooling, 5_000)).toBe(false);
    expect(recordSuccess(cooling, { now: 5_000 })).toBeUndefined();
    expect(claimTrial(recordCooldown(failures(3), { until: 5_000 }), { now: 2_000, leaseMs: 1 }).granted).toBe(false);
  });

  it('every change raises the version, so replicas apply them in order', () => {
    const versions = [failures(1)!, failures(2)!, failures(3)!].map((record) => record.version);
    expect(versions).toEqual([1, 2, 3]);
  });
});
