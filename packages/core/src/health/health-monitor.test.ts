import 'reflect-metadata';
import type { DependencyContainer } from 'tsyringe';
import type { RegistryEventMap } from '../events/registry-event-map.js';
import type { ProviderCallOptions } from '../provider/provider-call-options.js';
import type { RegistryOptions } from '../registry/registry-options.js';
import { createFakeClock, type FakeClock } from '../testing/fake-clock.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';

// tsyringe must load after reflect-metadata (see create-registry.test.ts).
const { container } = await import('tsyringe');
const { registerProvider } = await import('../di/register-provider.js');
const { createRegistry } = await import('../registry/create-registry.js');

type Mode = 'ok' | 'fail' | 'slow' | 'hang';

/** A provider whose behaviour the test switches, like an upstream going up and down. */
function switchable(id: string, clock: FakeClock, initial: Mode = 'ok', extra: Parameters<typeof createFakeProvider>[0] = { id }) {
  const state = { mode: initial, probes: 0 };
  const provider = createFakeProvider({
    ...extra,
    id,
    models: ['shared', `${id}-only`],
    answer: (_model, _messages, options) =>
      (async function* () {
        if (state.mode === 'fail') throw new Error(`${id} is failing`);
        if (state.mode === 'hang') await new Promise(() => {});
        if (state.mode === 'slow') await waitOn(clock, 20_000, options);
        yield `hello from ${id}`;
      })(),
  });
  return { provider, state };
}

function waitOn(clock: FakeClock, ms: number, options: ProviderCallOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const handle = clock.setTimeout(resolve, ms);
    options.signal.addEventListener('abort', () => {
      clock.clearTimeout(handle);
      reject(options.signal.reason);
    });
  });
}

let c: DependencyContainer;
let clock: FakeClock;

beforeEach(() => {
  c = container.createChildContainer();
  clock = createFakeClock();
});

function registryWith(providers: ReturnType<typeof createFakeProvider>[], options: Omit<RegistryOptions, 'container' | 'clock'> = {}) {
  for (const provider of providers) registerProvider(provider, { container: c });
  return createRegistry({ container: c, clock, ...options });
}

describe('registry.health()', () => {
  it('reports unknown before anything is known, without probing when asked not to', async () => {
    const a = switchable('alpha', clock);
    const registry = registryWith([a.provider]);
    const report = await registry.health({ probe: false });
    expect(report.providers).toEqual([
      expect.objectContaining({ provider: 'alpha', status: 'unknown', source: 'none', latencyMs: undefined, checkedAt: undefined }),
    ]);
    expect(a.provider.calls).toHaveLength(0);
    await registry.close();
  });

  it('probes with a one-word prompt when the provider has no healthCheck', async () => {
    const a = switchable('alpha', clock);
    const registry = registryWith([a.provider]);
    const report = await registry.health();
    expect(report.providers[0]).toMatchObject({ provider: 'alpha', status: 'healthy', source: 'probe', checkedAt: clock.now() });
    expect(a.provider.calls[0]!.messages).toEqual([{ role: 'user', content: 'Hi' }]);
    expect(a.provider.calls[0]!.model).toBe('shared');
    await registry.close();
  });

  it('uses the provider healthCheck when it has one', async () => {
    const probed: boolean[] = [];
    const a = switchable('alpha', clock, 'ok', {
      id: 'alpha',
      healthCheck: async ({ deep }) => {
        probed.push(deep);
        return { ok: false, detail: 'status page says 503' };
      },
    });
    const registry = registryWith([a.provider]);
    const report = await registry.health({ deep: true });
    expect(probed).toEqual([true]);
    expect(report.providers[0]).toMatchObject({ status: 'down', lastError: { message: 'status page says 503' } });
    await registry.close();
  });

  it('keeps one probe in flight per provider: 200 concurrent health() calls share it', async () => {
    const a = switchable('alpha', clock, 'slow');
    const b = switchable('beta', clock, 'slow');
    const registry = registryWith([a.provider, b.provider]);

    const reports = Array.from({ length: 200 }, () => registry.health());
    await clock.advance(20_000);
    const done = await Promise.all(reports);

    expect([a.provider.calls.length, b.provider.calls.length]).toEqual([1, 1]);
    expect(done.every((report) => report.providers.every((provider) => provider.source === 'probe'))).toBe(true);
    // Once it is over, the next call probes afresh.
    const next = registry.health();
    await clock.advance(20_000);
    await next;
    expect(a.provider.calls).toHaveLength(2);
    await registry.close();
  });

  it('follows the upstream: healthy, failing, slow, unreachable (hanging), healthy again', async () => {
    const a = switchable('alpha', clock);
    const registry = registryWith([a.provider], { health: { timeoutMs: 1_000, slowMs: 500 } });
    const statusNow = async () => {
      const pending = registry.health();
      await clock.advance(30_000);
      return (await pending).providers[0]!;
    };
    expect((await statusNow()).status).toBe('healthy');
    a.state.mode = 'fail';
    expect(await statusNow()).toMatchObject({ status: 'down', lastError: { kind: 'unknown', message: 'alpha is failing' } });
    a.state.mode = 'hang';
    expect(await statusNow()).toMatchObject({ status: 'down', lastError: { kind: 'timeout' } });
    a.state.mode = 'ok';
    expect((await statusNow()).status).toBe('healthy');
    expect(clock.pending()).toBe(0);
    await registry.close();
  });

  it('marks a slow but successful probe degraded', async () => {
    const a = switchable('alpha', clock, 'slow');
    const registry = registryWith([a.provider], { health: { timeoutMs: 60_000, slowMs: 5_000 } });
    const pending = registry.health();
    await clock.advance(25_000);
    expect((await pending).providers[0]).toMatchObject({ status: 'degraded', latencyMs: 20_000 });
    await registry.close();
  });

  it('probes every model when asked, and limits the providers', async () => {
    const a = switchable('alpha', clock);
    const b = switchable('beta', clock);
    const registry = registryWith([a.provider, b.provider]);
    const report = await registry.health({ providers: ['beta'], models: true });
    expect(report.providers.map((p) => p.provider)).toEqual(['beta']);
    expect(report.providers[0]!.models.map((m) => [m.model, m.status])).toEqual([
      ['shared', 'healthy'],
      ['beta-only', 'healthy'],
    ]);
    expect(a.provider.calls).toHaveLength(0);
    await registry.close();
  });

  it('refuses unknown providers and bad options', async () => {
    const registry = registryWith([switchable('alpha', clock).provider]);
    await expect(registry.health({ providers: ['alhpa'] })).rejects.toThrow(/Did you mean 'alpha'/);
    await expect(registry.health({ timeoutMs: -1 })).rejects.toThrow(/timeoutMs/);
    expect(() => registryWith([], { health: { downBelow: 0.95 } })).toThrow(/downBelow/);
    await registry.close();
  });
});

describe('passive health from traffic', () => {
  it('turns a provider down after too many recent failures, without any probe', async () => {
    const a = switchable('alpha', clock, 'fail');
    const b = switchable('beta', clock);
    const registry = registryWith([a.provider, b.provider], { resilience: { maxAttemptsPerProvider: 1, circuitFailureThreshold: 100 } });
    const changes: RegistryEventMap['health:change'][] = [];
    registry.events.on('health:change', (change) => changes.push(change));
    for (let index = 0; index < 6; index++) expect((await registry.create('shared').generate('x')).provider).toBe('beta');
    const report = await registry.health({ probe: false });
    // Five failures (minSamples) turn alpha down; from then on it goes last, so the sixth call is
    // answered by beta without touching alpha.
    expect(report.providers[0]).toMatchObject({ provider: 'alpha', status: 'down', source: 'traffic', traffic: { attempts: 5, successRate: 0 } });
    expect(a.provider.calls).toHaveLength(5);
    expect(report.providers[1]).toMatchObject({ provider: 'beta', status: 'healthy', source: 'traffic' });
    expect(changes).toContainEqual(expect.objectContaining({ provider: 'alpha', from: 'unknown', to: 'down' }));
    expect(registry.providers().find((p) => p.id === 'alpha')!.working).toBe(false);
    await registry.close();
  });

  it('reports the circuit state from the resilience layer', async () => {
    const a = switchable('alpha', clock, 'fail');
    const registry = registryWith([a.provider], { resilience: { maxAttemptsPerProvider: 1, circuitFailureThreshold: 2 } });
    for (let index = 0; index < 2; index++)
      await registry
        .create('shared')
        .generate('x')
        .catch(() => {});
    const report = await registry.health({ probe: false });
    expect(report.providers[0]).toMatchObject({ status: 'down', circuit: 'open' });
    await registry.close();
  });

  it('says when an open circuit lets its next call probe the provider, and nothing once it does', async () => {
    const a = switchable('alpha', clock, 'fail');
    const registry = registryWith([a.provider], { resilience: { maxAttemptsPerProvider: 1, circuitFailureThreshold: 1, circuitCooldownMs: 5_000 } });
    const closed = await registry.health({ probe: false, models: true });
    expect(closed.providers[0]!.circuitOpenUntil).toBeUndefined();
    const openedAt = clock.now();
    await registry
      .create('alpha-only')
      .generate('x')
      .catch(() => {});

    const open = await registry.health({ probe: false, models: true });
    expect(open.providers[0]).toMatchObject({ circuit: 'open', circuitOpenUntil: openedAt + 5_000 });
    expect(open.providers[0]!.models.find((model) => model.model === 'alpha-only')).toMatchObject({ circuit: 'open', circuitOpenUntil: openedAt + 5_000 });
    expect(open.providers[0]!.models.find((model) => model.model === 'shared')!.circuitOpenUntil).toBeUndefined();

    await clock.advance(5_000);
    const over = await registry.health({ probe: false, models: true });
    expect(over.providers[0]).toMatchObject({ circuit: 'half-open' });
    expect(over.providers[0]!.circuitOpenUntil).toBeUndefined();
    await registry.close();
  });
});

describe('reading health is pure', () => {
  it('reads a status without changing it: a circuit whose cooldown ran out reads degraded, and the change is reported when evidence arrives', async () => {
    let failing = true;
    const a = createFakeProvider({
      id: 'alpha',
      models: ['shared'],
      answer: () =>
        (async function* () {
          if (failing) throw new Error('alpha is failing');
          yield 'alpha is back';
        })(),
    });
    const registry = registryWith([a], { resilience: { maxAttemptsPerProvider: 1, maxAttempts: 1, circuitFailureThreshold: 1, circuitCooldownMs: 1_000 } });
    const changes: string[] = [];
    registry.events.on('health:change', (change) => void changes.push(`${change.model ?? '*'} ${change.from} -> ${change.to}`));
    await registry
      .create('shared')
      .generate('x')
      .catch(() => {});
    expect(changes).toContain('* unknown -> down');
    changes.length = 0;

    await clock.advance(1_000);
    // Read twice: the cooldown is over, so the reading is no longer `down`, yet nothing was recorded or announced.
    const read = [(await registry.health({ probe: false })).providers[0]!.status, (await registry.health({ probe: false })).providers[0]!.status];
    expect(read).toEqual(['degraded', 'degraded']);
    expect(changes).toEqual([]);

    failing = false;
    expect((await registry.create('shared').generate('x')).text).toBe('alpha is back');
    // Evidence arrived (the probe call, then the circuit closing afresh): now it is recorded and announced.
    expect(changes).toEqual(['shared down -> degraded', '* down -> degraded', 'shared degraded -> unknown', '* degraded -> unknown']);
    await registry.close();
  });
});

describe('routing reads health', () => {
  it('tries a provider known to be down last', async () => {
    const a = switchable('alpha', clock);
    const b = switchable('beta', clock);
    const registry = registryWith([a.provider, b.provider]);
    a.state.mode = 'fail';
    await registry.health();
    a.state.mode = 'ok';
    const result = await registry.create('shared').generate('x');
    expect(result.provider).toBe('beta');
    await registry.close();
  });

  it('orders by health and latency with routing.byHealth', async () => {
    const a = switchable('alpha', clock, 'slow');
    const b = switchable('beta', clock);
    const registry = registryWith([a.provider, b.provider], { routing: { byHealth: true }, health: { slowMs: 5_000, timeoutMs: 60_000 } });
    const pending = registry.health();
    await clock.advance(25_000);
    await pending;
    a.state.mode = 'ok';
    expect((await registry.create('shared').generate('x')).provider).toBe('beta');
    await registry.close();
  });

  it('uses a provider declared not working once a probe shows it answers', async () => {
    const a = switchable('alpha', clock, 'ok', { id: 'alpha', working: false });
    const registry = registryWith([a.provider]);
    await expect(registry.create('shared').generate('x')).rejects.toThrow(/not working/);
    await registry.health();
    expect((await registry.create('shared').generate('x')).provider).toBe('alpha');
    expect(registry.providers()[0]!.working).toBe(true);
    await registry.close();
  });
});

describe('background checks', () => {
  it('probes on an interval, never overlapping, backs off a provider that stays down, and stops on close()', async () => {
    const a = switchable('alpha', clock, 'fail');
    const registry = registryWith([a.provider], { health: { intervalMs: 1_000, maxBackoffMs: 8_000 } });
    await clock.advance(0);
    expect(a.provider.calls).toHaveLength(1);
    // Failures double the wait: 2 s, 4 s, then the 8 s cap.
    await clock.advance(1_000);
    expect(a.provider.calls).toHaveLength(1);
    await clock.advance(1_000);
    expect(a.provider.calls).toHaveLength(2);
    await clock.advance(4_000);
    expect(a.provider.calls).toHaveLength(3);
    await clock.advance(8_000);
    expect(a.provider.calls).toHaveLength(4);
    a.state.mode = 'ok';
    await clock.advance(8_000);
    expect(a.provider.calls).toHaveLength(5);
    expect((await registry.health({ probe: false })).providers[0]!.status).toBe('healthy');
    await clock.advance(1_000);
    expect(a.provider.calls).toHaveLength(6);
    await registry.close();
    expect(clock.pending()).toBe(0);
    await clock.advance(10_000);
    expect(a.provider.calls).toHaveLength(6);
  });

  it('does not start a round while one is still running', async () => {
    const a = switchable('alpha', clock, 'hang');
    const registry = registryWith([a.provider], { health: { intervalMs: 1_000, timeoutMs: 5_000 } });
    await clock.advance(0);
    await clock.advance(3_000);
    expect(a.provider.calls).toHaveLength(1);
    await registry.close();
  });
});
