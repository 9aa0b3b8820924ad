import { describe, expect, it } from '@jest/globals';
import type { AttemptRecord } from '@switchboard/core';
import { TrafficRecorder } from './traffic-recorder.js';

const T0 = 1_700_000_000_000; // a multiple of 5 s
const attempt = (provider: string, outcome: AttemptRecord['outcome'], decision?: AttemptRecord['decision']): AttemptRecord => ({
  provider,
  model: 'm',
  attempt: 1,
  outcome,
  durationMs: 3,
  ...(decision ? { decision } : {}),
});

describe('TrafficRecorder', () => {
  it('counts requests, errors and tokens per bucket, for the total and for the provider that answered', () => {
    const traffic = new TrafficRecorder({ bucketMs: 5_000, buckets: 4 });
    traffic.record(T0 + 100, 'local', 200, 40, undefined, 30, [attempt('local', 'success')]);
    traffic.record(T0 + 200, 'local', 200, 60, 12, 10, [attempt('local', 'success')]);
    traffic.record(T0 + 5_100, '', 502, 9, undefined, 0, [attempt('local', 'error', 'stop')]);

    const read = traffic.read(T0 + 5_200);

    expect(read.at).toEqual([T0 - 10_000, T0 - 5_000, T0, T0 + 5_000]);
    expect(read.windowMs).toBe(20_000);
    expect(read.total.requests).toEqual([0, 0, 2, 1]);
    expect(read.total.errors).toEqual([0, 0, 0, 1]);
    expect(read.total.tokens).toEqual([0, 0, 40, 0]);
    expect(read.providers.map((series) => series.provider)).toEqual(['', 'local']);
    const local = read.providers.find((series) => series.provider === 'local')!;
    expect(local.requests).toEqual([0, 0, 2, 0]);
    expect(local.attempts).toEqual([0, 0, 2, 1]);
    expect(local.failedAttempts).toEqual([0, 0, 0, 1]);
    expect(local.latencyP50Ms[2]).toBeGreaterThanOrEqual(36);
    expect(local.latencyP50Ms[2]).toBeLessThanOrEqual(44);
    expect(local.latencyP99Ms[2]).toBeGreaterThanOrEqual(54);
    expect(local.latencyP50Ms[0]).toBeNull();
    expect(local.firstChunkP50Ms).toEqual([null, null, expect.any(Number), null]);
  });

  it('counts a request that fell back on both providers: a failed attempt on the first, an answer from the second', () => {
    const traffic = new TrafficRecorder();
    traffic.record(T0, 'backup', 200, 20, undefined, 0, [
      attempt('local', 'error', 'fallback'),
      attempt('skipped-one', 'skipped'),
      attempt('backup', 'success'),
    ]);

    const { providers } = traffic.read(T0);

    expect(providers.map(({ provider, requests, attempts, failedAttempts }) => [provider, requests.at(-1), attempts.at(-1), failedAttempts.at(-1)])).toEqual([
      ['backup', 1, 1, 0],
      ['local', 0, 1, 1],
    ]);
  });

  it('forgets buckets older than the window, and providers idle for all of it', () => {
    const traffic = new TrafficRecorder({ bucketMs: 1_000, buckets: 3 });
    traffic.record(T0, 'old', 200, 5, undefined, 0, undefined);
    traffic.record(T0 + 3_000, 'new', 200, 5, undefined, 0, undefined);

    const read = traffic.read(T0 + 3_000);

    expect(read.total.requests).toEqual([0, 0, 1]);
    expect(read.providers.map((series) => series.provider)).toEqual(['new']);
  });

  it('reads only the buckets from `since` on, for live updates', () => {
    const traffic = new TrafficRecorder({ bucketMs: 1_000, buckets: 10 });
    traffic.record(T0 + 500, 'local', 200, 5, undefined, 0, undefined);

    const read = traffic.read(T0 + 2_500, T0 + 1_000);

    expect(read.at).toEqual([T0 + 1_000, T0 + 2_000]);
    expect(read.providers[0]!.requests).toEqual([0, 0]);
  });
});
