import { describe, expect, it } from '@jest/globals';
import { ApiCallError } from '../errors/api-call-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { silentLogger } from '../logging/create-logger.js';
import { createMemoryStore } from '../store/memory-store.js';
import { CircuitBreakers, CircuitRefusal } from './circuit-breakers.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { Clock } from './clock.js';

/**
 * The breakers read time only through their clock. The shipped fake clock moves only when told to;
 * Date.now() does not move with it, so these tests also show the breakers never read it.
 */
function manualClock(): Clock & { advance(ms: number): Promise<void> } {
  return createFakeClock();
}

function setup(options: { failureThreshold?: number; cooldownMs?: number } = {}) {
  const clock = manualClock();
  const seen: string[] = [];
  const onChange = ({ provider, state }: { provider: string; state: string }) => seen.push(`circuit:${state === 'closed' ? 'close' : state} ${provider}`);
  const store = createMemoryStore();
  const breakers = new CircuitBreakers({
    failureThreshold: options.failureThreshold ?? 2,
    cooldownMs: options.cooldownMs ?? 1_000,
    clock,
    store,
    trialLeaseMs: 10_000,
    onChange,
  });
  store.attach({ logger: silentLogger, onCircuitChange: (key, record, previous) => breakers.changed(key, record, previous), onProbe: () => {} });
  return { clock, breakers, seen };
}

const outage = () => new ApiCallError({ provider: 'alpha', model: 'echo', message: 'HTTP 503', status: 503, isRetryable: true });
const fail = (breakers: CircuitBreakers, error: unknown = outage(), provider = 'alpha') =>
  breakers.run(provider, 'echo', () => Promise.reject(error)).catch((caught: unknown) => caught);
const succeed = (breakers: CircuitBreakers, provider = 'alpha') => breakers.run(provider, 'echo', async () => 'ok');

describe('CircuitBreakers', () => {
  it('opens after failureThreshold failures in a row, and says so', async () => {
    const { breakers, seen } = setup({ failureThreshold: 3 });

    await fail(breakers);
    await fail(breakers);
    expect(breakers.state('alpha', 'echo')).toBe('closed');
    await fail(breakers);

    expect(breakers.state('alpha', 'echo')).toBe('open');
    expect(breakers.isCoolingDown('alpha', 'echo')).toBe(true);
    expect(seen).toEqual(['circuit:open alpha']);
  });

  it('counts only consecutive failures: a success in between starts over', async () => {
    const { breakers } = setup({ failureThreshold: 2 });

    await fail(breakers);
    await succeed(breakers);
    await fail(breakers);

    expect(breakers.state('alpha', 'echo')).toBe('closed');
  });

  it("does not count the caller's own mistakes (fatal errors)", async () => {
    const { breakers } = setup({ failureThreshold: 1 });

    const error = await fail(breakers, new InvalidArgumentError({ argument: 'x', reason: 'bad' }));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(breakers.state('alpha', 'echo')).toBe('closed');
  });

  it('keeps one breaker per provider and model', async () => {
    const { breakers } = setup({ failureThreshold: 1 });

    await fail(breakers);

    expect(breakers.isCoolingDown('alpha', 'echo')).toBe(true);
    expect(breakers.isCoolingDown('alpha', 'other')).toBe(false);
    expect(breakers.isCoolingDown('beta', 'echo')).toBe(false);
    expect(breakers.states()).toEqual([{ provider: 'alpha', model: 'echo', state: 'open' }]);
  });

  it('is not cooling down for a pair it has never seen', () => {
    expect(setup().breakers.isCoolingDown('nobody', 'echo')).toBe(false);
    expect(setup().breakers.state('nobody', 'echo')).toBe('closed');
  });

  it('says until when an open circuit cools down, and nothing for a closed one', async () => {
    const { breakers, clock } = setup({ failureThreshold: 1, cooldownMs: 1_000 });
    expect(breakers.openUntil('alpha', 'echo')).toBeUndefined();
    const openedAt = clock.now();
    await fail(breakers);

    expect(breakers.openUntil('alpha', 'echo')).toBe(openedAt + 1_000);
    await clock.advance(1_000);
    expect(breakers.openUntil('alpha', 'echo')).toBeUndefined();
  });

  it('stops cooling down after cooldownMs on its clock', async () => {
    const { breakers, clock } = setup({ failureThreshold: 1, cooldownMs: 1_000 });
    await fail(breakers);

    await clock.advance(999);
    expect(breakers.isCoolingDown('alpha', 'echo')).toBe(true);
    await clock.advance(1);
    expect(breakers.isCoolingDown('alpha', 'echo')).toBe(false);
  });

  it('lets a probe through once its clock says the cooldown is over (half-open), and closes on success', async () => {
    const { breakers, clock, seen } = setup({ failureThreshold: 1, cooldownMs: 30_000 });
    await fail(breakers);
    await clock.advance(30_000);

    await expect(succeed(breakers)).resolves.toBe('ok');

    expect(seen).toEqual(['circuit:open alpha', 'circuit:half-open alpha', 'circuit:close alpha']);
    expect(breakers.state('alpha', 'echo')).toBe('closed');
  });

  it('refuses calls while its clock says it is cooling down', async () => {
    const { breakers } = setup({ failureThreshold: 1, cooldownMs: 30_000 });
    await fail(breakers);

    const error = await fail(breakers);

    expect(error).toBeInstanceOf(CircuitRefusal);
    expect((error as CircuitRefusal).isBrokenCircuitError).toBe(true);
  });

  it('lets one call be the trial: another arriving meanwhile is refused, and told to come back in a second', async () => {
    const { breakers, clock } = setup({ failureThreshold: 1, cooldownMs: 1_000 });
    await fail(breakers);
    await clock.advance(1_000);
    let finish!: (value: string) => void;
    const trial = breakers.run('alpha', 'echo', () => new Promise<string>((resolve) => (finish = resolve)));
    await new Promise((resolve) => setImmediate(resolve));

    expect(await fail(breakers)).toBeInstanceOf(CircuitRefusal);
    expect(breakers.refuses('alpha', 'echo')).toBe(true);
    expect(breakers.retryAfterMs('alpha', 'echo')).toBe(1_000);
    finish('ok');
    await expect(trial).resolves.toBe('ok');
    expect(breakers.state('alpha', 'echo')).toBe('closed');
  });

  it("keeps off a pair until the provider's Retry-After ends: a later one extends it, an earlier one never shortens it", async () => {
    const { breakers, clock, seen } = setup();
    breakers.coolDown('alpha', 'echo', 60_000);
    breakers.coolDown('alpha', 'echo', 5_000);

    expect(breakers.refuses('alpha', 'echo')).toBe(true);
    expect(breakers.circuitRefuses('alpha', 'echo')).toBe(false);
    expect(breakers.retryAfterMs('alpha', 'echo')).toBe(60_000);
    expect(breakers.cooldownUntil('alpha', 'echo')).toBe(clock.now() + 60_000);
    expect(await fail(breakers)).toBeInstanceOf(CircuitRefusal);
    await clock.advance(30_000);
    breakers.coolDown('alpha', 'echo', 60_000);
    await clock.advance(59_999);
    expect(breakers.refuses('alpha', 'echo')).toBe(true);
    await clock.advance(1);
    await expect(succeed(breakers)).resolves.toBe('ok');
    // A cooldown is not a circuit: nothing opened or closed.
    expect(seen).toEqual([]);
  });

  it('opens again when the probe fails, doubling the cooldown (up to 10x) while it keeps failing', async () => {
    const { breakers, clock, seen } = setup({ failureThreshold: 1, cooldownMs: 1_000 });
    await fail(breakers);
    const cooldowns: number[] = [];
    for (let round = 0; round < 6; round++) {
      let waited = 0;
      while (breakers.isCoolingDown('alpha', 'echo')) {
        await clock.advance(100);
        waited += 100;
      }
      cooldowns.push(waited);
      await fail(breakers); // the probe fails
    }

    expect(cooldowns).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(seen.slice(0, 3)).toEqual(['circuit:open alpha', 'circuit:half-open alpha', 'circuit:open alpha']);
  });

  it("reports 'half-open' once the cooldown is over, since the next call is the probe (health reads this)", async () => {
    const { breakers, clock } = setup({ failureThreshold: 1, cooldownMs: 1_000 });
    await fail(breakers);
    expect(breakers.state('alpha', 'echo')).toBe('open');

    await clock.advance(1_000);

    expect(breakers.state('alpha', 'echo')).toBe('half-open');
    expect(breakers.states()).toEqual([{ provider: 'alpha', model: 'echo', state: 'half-open' }]);
  });

  it('starts from cooldownMs again once the circuit has closed', async () => {
    const { breakers, clock } = setup({ failureThreshold: 1, cooldownMs: 1_000 });
    await fail(breakers);
    await clock.advance(1_000);
    await fail(breakers); // failed probe: 2 s
    await clock.advance(2_000);
    await succeed(breakers); // closes
    await fail(breakers); // opens again

    await clock.advance(999);
    expect(breakers.isCoolingDown('alpha', 'echo')).toBe(true);
    await clock.advance(1);
    expect(breakers.isCoolingDown('alpha', 'echo')).toBe(false);
  });
});
