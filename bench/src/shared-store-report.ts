import type { SharedStoreResult, StoreCell } from './shared-store.js';

type Table = (header: readonly string[], rows: readonly (readonly string[])[]) => string;

/** One target of the shared-store scenario, for targets.ts to add. */
export interface SharedStoreTarget {
  target: string;
  measured: string;
  limit: string;
  pass: boolean | undefined;
  reason: () => string;
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(3)} ms` : '-');
const cell = (result: SharedStoreResult | undefined, store: StoreCell['store'], budget: boolean) =>
  result?.cells.find((each) => each.store === store && each.budget === budget);
const added = (result: SharedStoreResult | undefined, budget: boolean) =>
  (cell(result, 'redis', budget)?.medianMs ?? Number.NaN) - (cell(result, 'memory', budget)?.medianMs ?? Number.NaN);

/**
 * The targets for the Redis store: without a budget a call waits on nothing of Redis
 * (under 0.1 ms added), with one it waits one loopback round trip (the reservation), and a fleet
 * sharing circuits sends fewer calls to a dead provider than replicas learning alone.
 */
export function sharedStoreTargets(result: SharedStoreResult | undefined): SharedStoreTarget[] {
  const withoutBudget = added(result, false);
  const withBudget = added(result, true);
  // One round trip as the store makes it (through its client), plus a tenth of a millisecond for the script.
  const roundTrip = (result?.clientPingMs ?? Number.NaN) + 0.1;
  const dead = result?.deadProvider;
  return [
    {
      target: 'Redis store, no budget: median latency added per call over the in-memory store',
      measured: ms(withoutBudget),
      limit: '< 0.1 ms',
      pass: result ? withoutBudget < 0.1 : undefined,
      reason: () =>
        'calls without a budget read circuits from the local view and never wait on Redis; the difference is noise of a shared machine or the background work (pub/sub, heartbeats) taking CPU from the calls.',
    },
    {
      target: 'Redis store, with a budget: median latency added per call over the in-memory store with the same budget',
      measured: `${ms(withBudget)} (one PING through ioredis: ${ms(result?.clientPingMs ?? Number.NaN)}, on a raw socket: ${ms(result?.pingMs ?? Number.NaN)})`,
      limit: '≤ one loopback round trip (a PING through the client + 0.1 ms)',
      pass: result ? withBudget <= roundTrip : undefined,
      reason: () =>
        `the reservation itself is one EVALSHA round trip: ${ms(result?.reserveMs ?? Number.NaN)} measured alone (its settle sent after it, unawaited). ` +
        "Inside a call it costs more: the reserve and the settle add client CPU (ioredis encoding and parsing two scripts' commands) and redis-server CPU (see the table), and on a machine whose cores are all busy that CPU is waited for.",
    },
    {
      target: 'A provider dies under three replicas: calls reaching it, sharing circuits vs each replica alone',
      measured: dead ? `${dead.shared} vs ${dead.alone}` : '-',
      limit: 'fewer when shared',
      pass: dead ? dead.shared < dead.alone : undefined,
      reason: () => 'the replicas did not see the circuit opened by another before their next call.',
    },
  ];
}

/** The shared-store section of BENCHMARKS.md. */
export function sharedStoreSection(result: SharedStoreResult | undefined, table: Table): string[] {
  if (!result) return [];
  const { deadProvider: dead } = result;
  return [
    '',
    '## Shared store: Redis against in memory',
    '',
    'Four registries over the same Dynaspark emulator, one `generate()` at a time, called batch by batch in turn (so each sees the same machine): the in-memory store (the default) and `createRedisStore()` on a local `redis-server` (Debian package, loopback, nothing persisted), each without a budget and with one on Dynaspark (`limits: { dynaspark: { rpm, tpm } }`, never refusing). ' +
      "Without a budget a call reads circuits from the store's local view and waits on nothing of Redis; with one it makes one reservation (an `EVALSHA`) and one settle nobody waits for. " +
      `CPU is this process's user + system time over the batches, divided by the calls; redis-server's CPU is read from /proc. One loopback round trip: a \`PING\` through ioredis (the store's client) takes ${result.clientPingMs.toFixed(3)} ms (median), on a raw socket ${result.pingMs.toFixed(3)} ms; a reservation alone (\`store.reserve()\`, then its settle unawaited) ${result.reserveMs.toFixed(3)} ms.`,
    '',
    table(
      ['store', 'budget', 'calls', 'median ms', 'added ms (vs in memory)', 'client CPU per call', 'redis-server CPU per call'],
      result.cells.map((each) => [
        each.store === 'redis' ? 'Redis' : 'in memory',
        each.budget ? 'rpm + tpm' : 'none',
        String(each.calls),
        each.medianMs.toFixed(3),
        each.store === 'redis' ? added(result, each.budget).toFixed(3) : '',
        `${each.cpuMicrosPerCall.toFixed(0)} µs`,
        each.store === 'redis' ? `${each.redisCpuMicrosPerCall.toFixed(0)} µs` : '',
      ]),
    ),
    '',
    `A provider dies under three replicas (three registries, each call to the next one in turn, the first provider's endpoint resetting every connection, \`circuitFailureThreshold: ${dead.threshold}\`, default retries): over ${dead.calls} calls it received **${dead.alone}** connections with each replica learning alone, and **${dead.shared}** with the three sharing circuits through Redis (${dead.alone - dead.shared} upstream calls saved).`,
  ];
}
