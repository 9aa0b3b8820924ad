import { randomUUID } from 'node:crypto';
import type { CircuitRecord, SharedProbe, StoreContext } from '@switchboard/core/store';
import { createRedisStore, type RedisStateStore, type RedisStoreOptions } from '../../src/index.js';

/** A replica's store, taken by a context that records what it is told and what it logs. */
export interface Replica {
  store: RedisStateStore;
  changes: { key: string; record: CircuitRecord | undefined; at: number }[];
  probes: { provider: string; probe: SharedProbe }[];
  logs: { level: string; message: string; fields: Record<string, unknown> }[];
}

/** Options shared by the replicas of one test: the same Redis, a prefix of their own. */
export function fleetOptions(url: string, options: RedisStoreOptions = {}): RedisStoreOptions {
  return { url, prefix: `test:${randomUUID()}:`, heartbeatMs: 100, ...options };
}

export async function startReplica(options: RedisStoreOptions): Promise<Replica> {
  const store = createRedisStore(options);
  const replica: Replica = { store, changes: [], probes: [], logs: [] };
  const log =
    (level: string) =>
    (fields: unknown, message?: string): void => {
      replica.logs.push({
        level,
        message: message ?? String(fields),
        fields: typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : {},
      });
    };
  const logger = {
    fatal: log('fatal'),
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    trace: log('trace'),
    child: () => logger,
  };
  const context: StoreContext = {
    logger: logger as unknown as StoreContext['logger'],
    onCircuitChange: (key, record) => replica.changes.push({ key, record, at: Date.now() }),
    onProbe: (provider, probe) => replica.probes.push({ provider, probe }),
  };
  store.attach(context);
  await store.connect();
  return replica;
}

/** Waits until `check` holds (polling every 5 ms), failing after `ms`. */
export async function eventually(check: () => boolean, ms = 2_000): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not true within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - started;
}
