import { afterEach, describe, expect, it } from '@jest/globals';
import { InvalidArgumentError, silentLogger } from '@switchboard/core';
import { BUDGET_WINDOW_MS, type BudgetRequest, type CircuitRecord, type StateStore, type StoreContext } from '@switchboard/core/store';

/** Options of {@link describeStoreConformance}. */
export interface StoreConformanceOptions {
  /** Shown in the test names. */
  name: string;
  /** A new store, sharing nothing with any store made before (a shared store: a fresh key prefix). */
  create(): StateStore | Promise<StateStore>;
}

const T0 = 1_700_000_000_000;
const policy = { failureThreshold: 3, cooldownMs: 1_000, maxCooldownMs: 10_000 };
const KEY = 'groq/llama-3.1-8b';

/**
 * The rules every `StateStore` follows, run against one store: circuits (threshold, cooldown, the
 * one half-open trial, doubling after a failed trial, Retry-After cooldowns that only ever extend),
 * budgets (a sliding 60-second window, refill times, tokens settled, concurrency slots held and
 * given back, all or nothing), leases, documents when the store offers them, and the store's own
 * life. Times are given, never read, so a shared store and the in-memory one must give exactly the
 * same answers.
 *
 * @example
 * describeStoreConformance({ name: 'Redis', create: () => createRedisStore({ url, prefix: `test:${randomUUID()}:` }) });
 */
export function describeStoreConformance({ name, create }: StoreConformanceOptions): void {
  const open: StateStore[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
  });

  /** A store, taken by a context that records what it is told. */
  async function attached() {
    const store = await create();
    open.push(store);
    const changes: { key: string; record: CircuitRecord | undefined }[] = [];
    const context: StoreContext = { logger: silentLogger, onCircuitChange: (key, record) => changes.push({ key, record }), onProbe: () => {} };
    store.attach(context);
    await store.connect();
    return { store, changes, context };
  }

  const failures = (store: StateStore, count: number, now = T0) => {
    for (let i = 0; i < count; i++) store.recordFailure(KEY, { now, policy, trial: false });
  };

  let nextId = 0;
  const request = (now: number, limits: BudgetRequest['limits'], tokens = 10, budget = 'provider:groq'): BudgetRequest => ({
    budget,
    limits,
    id: `conformance-${process.pid}-${++nextId}`,
    tokens,
    now,
    holdMs: 30_000,
    onStoreDown: 'local-share',
  });

  describe(`${name} store conformance`, () => {
    describe('the store', () => {
      it('reports what it is, and is taken by one registry only', async () => {
        const { store, context } = await attached();
        expect(store.specificationVersion).toBe('store-v1');
        const status = store.status();
        expect(typeof status.kind).toBe('string');
        expect(['local', 'shared']).toContain(status.state);
        expect(status.replicas).toBeGreaterThanOrEqual(1);
        expect(() => store.attach(context)).toThrow(InvalidArgumentError);
      });

      it('closes more than once without complaint', async () => {
        const { store } = await attached();
        await store.close();
        await store.close();
      });
    });

    describe('circuits', () => {
      it('count failures, open at the threshold for cooldownMs, and say so to the registry', async () => {
        const { store, changes } = await attached();
        failures(store, 2);
        expect(store.circuit(KEY)).toMatchObject({ failures: 2, openUntil: 0 });
        failures(store, 1, T0 + 10);
        expect(store.circuit(KEY)).toMatchObject({ failures: 3, openUntil: T0 + 1_010, cooldownMs: 1_000 });
        expect(store.circuits().get(KEY)?.openUntil).toBe(T0 + 1_010);
        expect(changes.at(-1)).toMatchObject({ key: KEY, record: { openUntil: T0 + 1_010 } });
      });

      it('give one half-open trial once the cooldown is over, then close on its success', async () => {
        const { store } = await attached();
        failures(store, 3);
        expect(await store.claimTrial(KEY, { now: T0 + 999, leaseMs: 5_000 })).toBe(false);
        expect(await store.claimTrial(KEY, { now: T0 + 1_000, leaseMs: 5_000 })).toBe(true);
        expect(await store.claimTrial(KEY, { now: T0 + 1_001, leaseMs: 5_000 })).toBe(false);
        expect(store.recordSuccess(KEY, { now: T0 + 1_100, policy })).toBeUndefined();
        expect(store.circuit(KEY)).toBeUndefined();
      });

      it('open twice as long after a failed trial', async () => {
        const { store } = await attached();
        failures(store, 3);
        expect(await store.claimTrial(KEY, { now: T0 + 1_000, leaseMs: 5_000 })).toBe(true);
        store.recordFailure(KEY, { now: T0 + 1_200, policy, trial: true });
        expect(store.circuit(KEY)).toMatchObject({ openUntil: T0 + 3_200, cooldownMs: 2_000, trialUntil: 0 });
      });

      it('a success resets the count: only failures in a row open', async () => {
        const { store } = await attached();
        failures(store, 2);
        store.recordSuccess(KEY, { now: T0, policy });
        failures(store, 2);
        expect(store.circuit(KEY)).toMatchObject({ failures: 2, openUntil: 0 });
      });

      it('keep a Retry-After cooldown: a later deadline extends it, an earlier one never shortens it', async () => {
        const { store } = await attached();
        store.coolDown(KEY, { now: T0, until: T0 + 60_000 });
        store.coolDown(KEY, { now: T0, until: T0 + 5_000 });
        expect(store.circuit(KEY)?.retryAfterUntil).toBe(T0 + 60_000);
        store.coolDown(KEY, { now: T0, until: T0 + 90_000 });
        store.recordSuccess(KEY, { now: T0 + 1, policy });
        expect(store.circuit(KEY)?.retryAfterUntil).toBe(T0 + 90_000);
      });
    });

    describe('budgets', () => {
      it('let rpm requests through in any 60 seconds, saying when the next fits', async () => {
        const { store } = await attached();
        expect(await store.reserve(request(T0, { rpm: 2 }))).toMatchObject({ granted: true });
        expect(await store.reserve(request(T0 + 10_000, { rpm: 2 }))).toMatchObject({ granted: true });
        expect(await store.reserve(request(T0 + 20_000, { rpm: 2 }))).toEqual({
          granted: false,
          limit: 'rpm',
          used: 2,
          max: 2,
          retryAfterMs: 40_000,
          reason: 'exhausted',
        });
        expect(await store.reserve(request(T0 + BUDGET_WINDOW_MS, { rpm: 2 }))).toMatchObject({ granted: true });
      });

      it('count tokens against tpm until settled with the real count', async () => {
        const { store } = await attached();
        const first = request(T0, { tpm: 100 }, 60);
        await store.reserve(first);
        expect(await store.reserve(request(T0 + 1_000, { tpm: 100 }, 50))).toMatchObject({ granted: false, limit: 'tpm', used: 60, retryAfterMs: 59_000 });
        store.settle({ budget: first.budget, id: first.id, tokens: 20, now: T0 + 2_000 });
        expect(await store.reserve(request(T0 + 2_000, { tpm: 100 }, 50))).toMatchObject({ granted: true });
        expect(await store.budgetUse({ budget: 'provider:groq', limits: { tpm: 100, rpm: 9 }, now: T0 + 2_000 })).toMatchObject({
          budget: 'provider:groq',
          tpm: { used: 70, limit: 100, resetsAt: T0 + BUDGET_WINDOW_MS },
          rpm: { used: 2, limit: 9 },
        });
      });

      it('refuse a request larger than the whole tpm budget as never fitting', async () => {
        const { store } = await attached();
        expect(await store.reserve(request(T0, { tpm: 100 }, 101))).toMatchObject({ granted: false, reason: 'too-large', retryAfterMs: undefined });
      });

      it('hold a concurrency slot until settled, or until its hold runs out', async () => {
        const { store } = await attached();
        const first = request(T0, { concurrency: 1 });
        await store.reserve(first);
        expect(await store.reserve(request(T0 + 1, { concurrency: 1 }))).toMatchObject({ granted: false, limit: 'concurrency', retryAfterMs: undefined });
        store.settle({ budget: first.budget, id: first.id, tokens: 10, now: T0 + 2 });
        expect(await store.reserve(request(T0 + 3, { concurrency: 1 }))).toMatchObject({ granted: true });
        expect(await store.reserve(request(T0 + 30_003, { concurrency: 1 }))).toMatchObject({ granted: true });
      });

      it('are all or nothing, and separate by name', async () => {
        const { store } = await attached();
        await store.reserve(request(T0, { rpm: 5, tpm: 100 }, 100));
        expect(await store.reserve(request(T0 + 1, { rpm: 5, tpm: 100 }, 1))).toMatchObject({ granted: false, limit: 'tpm' });
        expect(await store.budgetUse({ budget: 'provider:groq', limits: { rpm: 5 }, now: T0 + 2 })).toMatchObject({ rpm: { used: 1 } });
        expect(await store.reserve(request(T0 + 1, { rpm: 5, tpm: 100 }, 1, 'caller:key:{odd}name'))).toMatchObject({ granted: true });
      });

      it('report the limit that fits last when several are full', async () => {
        const { store } = await attached();
        const limits = { rpm: 2, tpm: 150, concurrency: 5 };
        await store.reserve(request(T0, limits, 5));
        await store.reserve(request(T0 + 20_000, limits, 95));
        // rpm has room in 30 s; 60 tokens fit only once the second request has left too, in 50 s.
        expect(await store.reserve(request(T0 + 30_000, limits, 60))).toMatchObject({ limit: 'tpm', used: 100, retryAfterMs: 50_000 });
      });
    });

    describe('leases', () => {
      it('are granted to the replica that holds them, again and again', async () => {
        const { store } = await attached();
        expect(await store.acquireLease('probe:groq', { now: T0, ttlMs: 1_000 })).toBe(true);
        expect(await store.acquireLease('probe:groq', { now: T0 + 10, ttlMs: 1_000 })).toBe(true);
      });
    });

    describe('documents (optional)', () => {
      it('are offered whole (getDocument and setDocument) or not at all; when offered, read back, replaced, unknown as undefined', async () => {
        const { store } = await attached();
        expect(typeof store.getDocument).toBe(typeof store.setDocument);
        if (!store.getDocument || !store.setDocument) return;
        const key = `response:conformance-${process.pid}-${++nextId}`;
        expect(await store.getDocument(key)).toBeUndefined();
        await store.setDocument(key, '{"messages":[]}', { ttlMs: 60_000 });
        expect(await store.getDocument(key)).toBe('{"messages":[]}');
        await store.setDocument(key, 'ünïcode ✓', { ttlMs: 60_000 });
        expect(await store.getDocument(key)).toBe('ünïcode ✓');
      });
    });
  });
}
