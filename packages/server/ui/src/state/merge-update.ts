import type { DashboardSnapshot, DashboardTraffic, DashboardUpdate, TrafficSeries } from '../../../src/ui/dashboard-data.js';

type SeriesColumns = Exclude<keyof TrafficSeries, 'provider'>;
const COLUMNS: SeriesColumns[] = [
  'requests',
  'errors',
  'attempts',
  'failedAttempts',
  'latencyP50Ms',
  'latencyP95Ms',
  'latencyP99Ms',
  'firstChunkP50Ms',
  'firstChunkP95Ms',
  'firstChunkP99Ms',
  'tokens',
];

/**
 * The page's state after an update: the gateway and providers replaced, the traffic buckets the
 * update carries replacing those with the same start (the newest one grows while it is current),
 * buckets older than the window dropped, and new requests appended (the oldest dropped past what
 * the gateway keeps). Pure: the old state is not changed.
 */
export function mergeUpdate(state: DashboardSnapshot, update: DashboardUpdate): DashboardSnapshot {
  const requests = [...state.requests, ...update.requests.filter((request) => request.seq > (state.requests.at(-1)?.seq ?? 0))];
  const kept = update.gateway.recentRequestsKept;
  return {
    ...state,
    at: update.at,
    gateway: update.gateway,
    providers: update.providers,
    traffic: mergeTraffic(state.traffic, update.traffic),
    requests: requests.length > kept ? requests.slice(requests.length - kept) : requests,
  };
}

function mergeTraffic(old: DashboardTraffic, fresh: DashboardTraffic): DashboardTraffic {
  const oldest = (fresh.at.at(-1) ?? 0) - fresh.windowMs + fresh.bucketMs;
  // Bucket start -> index in the merged columns.
  const at = [...new Set([...old.at, ...fresh.at])].filter((time) => time >= oldest).sort((a, b) => a - b);
  const index = new Map(at.map((time, position) => [time, position]));
  const merge = (before: TrafficSeries | undefined, after: TrafficSeries | undefined, provider: string): TrafficSeries => {
    const series = { provider } as TrafficSeries;
    for (const column of COLUMNS) {
      const values: (number | null)[] = at.map(() => (column.includes('Ms') ? null : 0));
      before?.[column].forEach((value, position) => {
        const target = index.get(old.at[position]!);
        if (target !== undefined) values[target] = value;
      });
      after?.[column].forEach((value, position) => {
        values[index.get(fresh.at[position]!)!] = value;
      });
      (series[column] as (number | null)[]) = values;
    }
    return series;
  };
  const providers = [...new Set([...old.providers, ...fresh.providers].map((series) => series.provider))].sort((a, b) => a.localeCompare(b));
  return {
    ...fresh,
    at,
    total: merge(old.total, fresh.total, ''),
    providers: providers
      .map((provider) =>
        merge(
          old.providers.find((series) => series.provider === provider),
          fresh.providers.find((series) => series.provider === provider),
          provider,
        ),
      )
      // A provider idle for the whole window leaves the charts, as in a snapshot.
      .filter((series) => series.requests.some((count) => count > 0) || series.attempts.some((count) => count > 0)),
  };
}
