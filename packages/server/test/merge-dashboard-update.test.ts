// The page's merge of a live update into what it shows: a pure function of the front end (ui/),
// tested here in Node.
import { describe, expect, it } from '@jest/globals';
import type { DashboardSnapshot, DashboardTraffic, DashboardUpdate, RecentRequest, TrafficSeries } from '../src/ui/dashboard-data.js';
import { mergeUpdate } from '../ui/src/state/merge-update.js';

const BUCKET = 1_000;
const series = (provider: string, requests: number[]): TrafficSeries => ({
  provider,
  requests,
  errors: requests.map(() => 0),
  attempts: requests,
  failedAttempts: requests.map(() => 0),
  latencyP50Ms: requests.map((count) => (count > 0 ? 10 : null)),
  latencyP95Ms: requests.map(() => null),
  latencyP99Ms: requests.map(() => null),
  firstChunkP50Ms: requests.map(() => null),
  firstChunkP95Ms: requests.map(() => null),
  firstChunkP99Ms: requests.map(() => null),
  tokens: requests.map(() => 0),
});
const traffic = (at: number[], providers: Record<string, number[]>): DashboardTraffic => ({
  bucketMs: BUCKET,
  windowMs: 3 * BUCKET,
  at,
  total: series(
    '',
    at.map((_, index) => Object.values(providers).reduce((sum, counts) => sum + counts[index]!, 0)),
  ),
  providers: Object.entries(providers).map(([provider, counts]) => series(provider, counts)),
});
const request = (seq: number): RecentRequest => ({ seq, at: seq, route: 'chat', model: 'm', stream: false, status: 200, attempts: [] });
const gateway = { startedAt: 0, inFlight: 0, models: [], captureContent: false, recentRequestsKept: 3, store: { kind: 'local' as const } };

const snapshot: DashboardSnapshot = {
  version: 1,
  at: 3_500,
  gateway,
  providers: [],
  traffic: traffic([1_000, 2_000, 3_000], { old: [1, 0, 0], local: [0, 2, 1] }),
  requests: [request(1), request(2)],
};

describe('mergeUpdate', () => {
  it('replaces the buckets an update carries, adds new ones, and drops those past the window', () => {
    const update: DashboardUpdate = { version: 1, at: 4_200, gateway, providers: [], traffic: traffic([3_000, 4_000], { local: [3, 1] }), requests: [] };

    const merged = mergeUpdate(snapshot, update);

    expect(merged.traffic.at).toEqual([2_000, 3_000, 4_000]);
    expect(merged.traffic.total.requests).toEqual([2, 3, 1]);
    expect(merged.traffic.providers.map((each) => [each.provider, each.requests, each.latencyP50Ms])).toEqual([
      ['local', [2, 3, 1], [10, 10, 10]],
      // 'old' had traffic only in the bucket that left the window: gone from the charts.
    ]);
    expect(merged.at).toBe(4_200);
    expect(snapshot.traffic.at).toEqual([1_000, 2_000, 3_000]);
  });

  it('appends new requests once each, keeping no more than the gateway keeps', () => {
    const update: DashboardUpdate = {
      version: 1,
      at: 3_600,
      gateway,
      providers: [],
      traffic: traffic([3_000], { local: [1] }),
      requests: [request(2), request(3), request(4)],
    };

    expect(mergeUpdate(snapshot, update).requests.map((each) => each.seq)).toEqual([2, 3, 4]);
  });
});
